"""The build pipeline: sources → derived shortcuts → validation → consistency → release."""

from __future__ import annotations

from aspen_graph.pipeline.build import BuildResult, run_build
from aspen_graph.pipeline.inputs import BuildInputs, gather_inputs

__all__ = ["BuildInputs", "BuildResult", "gather_inputs", "run_build"]
