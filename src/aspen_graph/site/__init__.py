"""``aspen site``: the graph as a static linked-data site, made from the server's own pages.

Beside :mod:`aspen_graph.api` at the top layer: it drives the app in-process. The CLI reaches
the app only through it (an import-linter contract).
"""

from __future__ import annotations

from aspen_graph.site.build import SiteOptions, SiteSummary, build_site, check_jobs
from aspen_graph.site.writer import MANIFEST, WriteCounts, check_out_dir

__all__ = [
    "MANIFEST",
    "SiteOptions",
    "SiteSummary",
    "WriteCounts",
    "build_site",
    "check_jobs",
    "check_out_dir",
]
