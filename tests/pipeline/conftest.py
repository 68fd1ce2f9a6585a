"""A tiny project (tests/fixtures/projects/tiny + the repository's ontology and queries)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aspen_graph.config import Settings

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "projects" / "tiny"


@pytest.fixture
def tiny_root(tmp_path: Path) -> Path:
    """A fresh copy of the tiny project: 3 data graphs, 2 tables, 1 shape of its own."""
    root = tmp_path / "project"
    shutil.copytree(TINY, root)
    (root / "ontology").mkdir()
    for path in (REPO / "ontology").glob("*.ttl"):
        shutil.copy2(path, root / "ontology" / path.name)
    shutil.copytree(REPO / "sparql", root / "sparql")
    return root


@pytest.fixture
def tiny_settings(tiny_root: Path) -> Settings:
    return Settings(root=tiny_root, dist_dir=tiny_root / "dist")
