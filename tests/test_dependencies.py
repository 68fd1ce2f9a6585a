"""The runtime dependencies of pyproject.toml are the ones the package imports: a package only
the tests use belongs in the ``test`` extra (an installed server would otherwise carry it).
A few are used without an import, each listed here with why."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
NOT_IMPORTED = {
    "httptools": "uvicorn picks it up by itself (the C HTTP parser)",
    "uvloop": "uvicorn picks it up by itself (the event loop)",
    "defusedxml": "openpyxl uses it when installed: workbook XML never expands entities",
}
"""Runtime dependencies the package needs without importing them."""


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement (``rank-bm25>=0.2.2`` → rank-bm25)."""
    found = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert found, requirement
    return re.sub(r"[-_.]+", "-", found.group()).lower()


def _imported_distributions(folder: Path) -> set[str]:
    """The distributions whose top-level modules the Python files under ``folder`` import."""
    modules: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    owners = packages_distributions()
    return {_name(dist) for module in modules for dist in owners.get(module, [])}


def test_every_runtime_dependency_is_imported_by_the_package() -> None:
    runtime = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    unused = runtime - _imported_distributions(ROOT / "src") - set(NOT_IMPORTED)
    assert not unused, f"runtime dependencies src/ never imports (move them to 'test'): {unused}"
    assert set(NOT_IMPORTED) <= runtime


def test_the_html_parser_is_a_test_dependency() -> None:
    """html5lib parses the written pages in the site tests; src/ no longer uses it."""
    test_extra = {_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]}
    assert "html5lib" in test_extra
    assert "html5lib" not in _imported_distributions(ROOT / "src")
    assert "html5lib" in _imported_distributions(ROOT / "tests")
