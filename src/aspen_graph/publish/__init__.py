"""Publishing: release files in dist/, the dataset description and the SSSOM mapping set."""

from __future__ import annotations

from aspen_graph.publish.description import describe_dataset
from aspen_graph.publish.release import write_release
from aspen_graph.publish.sssom import write_sssom

__all__ = ["describe_dataset", "write_release", "write_sssom"]
