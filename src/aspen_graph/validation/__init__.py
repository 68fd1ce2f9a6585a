"""Validation: SHACL shapes and QC queries, reported as findings (non-conformance is a result)."""

from __future__ import annotations

from aspen_graph.validation.engine import validate_shapes
from aspen_graph.validation.report import Finding, ValidationReport
from aspen_graph.validation.shacl import run_shacl

__all__ = ["Finding", "ValidationReport", "run_shacl", "validate_shapes"]
