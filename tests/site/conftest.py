"""The site of the shipped release, built once per run and shared by the xdist workers (slow:
every page, two languages)."""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from aspen_graph.config import Settings
from aspen_graph.site import SiteOptions, SiteSummary, build_site

# the browser fixtures of tests/api/test_editor_browser.py are shared, not copied
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from built_site import BuiltSite

SUMMARY = "summary.pickle"
"""Next to the site: what its build returned (our own file, written by the build above)."""


@pytest.fixture(scope="session")
def site(built: Settings, shared_build: Callable[[str, Callable[[Path], None]], Path]) -> BuiltSite:
    """Built once per run (minutes), read by every xdist worker; the tests only read it."""

    def build(root: Path) -> None:
        summary = build_site(built, SiteOptions(out=root))
        (root.parent / SUMMARY).write_bytes(pickle.dumps(summary))

    root = shared_build("site", build)
    summary: SiteSummary = pickle.loads((root.parent / SUMMARY).read_bytes())
    return BuiltSite(root, built, summary)
