"""The site the slow tests share (built once per session by conftest.py's ``site`` fixture)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aspen_graph.config import Settings
from aspen_graph.site import SiteSummary


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    settings: Settings
    summary: SiteSummary
