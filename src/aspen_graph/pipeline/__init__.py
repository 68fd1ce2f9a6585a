"""The build pipeline: sources → derived shortcuts → validation → consistency → release."""

from __future__ import annotations

from aspen_graph.pipeline.build import BuildResult, run_build
from aspen_graph.pipeline.import_result import ImportProblem, ImportResult, ReviewSummary
from aspen_graph.pipeline.import_target import version_codes
from aspen_graph.pipeline.importer import import_rows
from aspen_graph.pipeline.inputs import BuildInputs, gather_inputs

__all__ = [
    "BuildInputs",
    "BuildResult",
    "ImportProblem",
    "ImportResult",
    "ReviewSummary",
    "gather_inputs",
    "import_rows",
    "run_build",
    "version_codes",
]
