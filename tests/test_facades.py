"""Each package of the middle layers has one public surface, its ``__init__.py``: a module
outside the package imports the package (``from aspen_graph.sources import safe_cell``), never
one of its modules, so a package can move things between its modules without its users
noticing. (``store/`` and ``api/`` are held to the same elsewhere.)"""

from __future__ import annotations

import importlib
import subprocess
import sys

import grimp
import pytest

PACKAGES = (
    "analysis",
    "model",
    "pipeline",
    "publish",
    "queries",
    "report",
    "sources",
    "validation",
)

ALLOWED: frozenset[tuple[str, str]] = frozenset()
"""(importer, imported module) pairs let through, each with its reason. None today."""


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("aspen_graph", cache_dir=None)


def test_no_module_reaches_into_another_package(graph: grimp.ImportGraph) -> None:
    leaks = []
    for package in PACKAGES:
        root = f"aspen_graph.{package}"
        for module in sorted(graph.find_descendants(root)):
            for importer in sorted(graph.find_modules_that_directly_import(module)):
                inside = importer == root or importer.startswith(f"{root}.")
                if not inside and (importer, module) not in ALLOWED:
                    leaks.append(f"{importer} imports {module}")
    assert leaks == []


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_is_there(package: str) -> None:
    module = importlib.import_module(f"aspen_graph.{package}")
    missing = [name for name in module.__all__ if getattr(module, name, None) is None]
    assert missing == []


def test_the_sources_facade_loads_nothing_until_asked() -> None:
    # A page that only needs safe_cell must not load openpyxl, rdflib or the table converters.
    code = (
        "import sys\n"
        "from aspen_graph.sources import safe_cell\n"
        "print(sorted(m for m in sys.modules if m.startswith(('aspen_graph.sources.', 'openpyxl', 'rdflib'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert loaded.strip() == "['aspen_graph.sources.cells']"
