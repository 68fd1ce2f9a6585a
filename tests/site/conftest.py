"""The site of the shipped release, built once per session (slow: every page, two languages)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from aspen_graph.config import Settings
from aspen_graph.site import SiteOptions, build_site

# the browser fixtures of tests/api/test_editor_browser.py are shared, not copied
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from built_site import BuiltSite


@pytest.fixture(scope="session")
def site(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("site") / "site"
    summary = build_site(built, SiteOptions(out=root))
    return BuiltSite(root, built, summary)
