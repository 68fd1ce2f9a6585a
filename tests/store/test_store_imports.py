"""The store package's shape: no import cycle inside it, shared types and the contract import no
backend, and its facade imports lazily, so a query worker never loads httpx or the process pool.

The import graph is grimp's (the library import-linter runs on), imports under
``if TYPE_CHECKING:`` included: a cycle through annotations is still a cycle of the design.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import grimp
import pytest

import aspen_graph.store as store_package

PACKAGE = "aspen_graph.store"
ROOT = Path(__file__).resolve().parents[2]
BACKENDS = frozenset(
    f"{PACKAGE}.{name}"
    for name in [
        "oxigraph",
        "sandbox",
        "worker",
        "remote",
        "remote_endpoints",
        "remote_graphs",
        "remote_http",
        "remote_standard",
        "remote_streaming",
        "remote_updates",
        "virtuoso",
    ]
)


@pytest.fixture(scope="module")
def imports() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports directly."""
    graph = grimp.build_graph("aspen_graph", cache_dir=None)
    modules = {PACKAGE, *graph.find_descendants(PACKAGE)}
    return {module: graph.find_modules_directly_imported_by(module) & modules for module in modules}


def test_no_import_cycle_inside_the_store(imports: dict[str, set[str]]) -> None:
    try:
        order = list(TopologicalSorter(imports).static_order())
    except CycleError as error:
        cycle = " -> ".join(error.args[1])
        pytest.fail(f"import cycle in {PACKAGE}: {cycle}")
    assert set(order) == set(imports)


def test_the_cycle_check_finds_a_cycle() -> None:
    """The check above, on a graph with one cycle added (so it is known to look)."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    with pytest.raises(CycleError):
        list(TopologicalSorter(graph).static_order())


def test_types_import_nothing_of_the_store(imports: dict[str, set[str]]) -> None:
    assert imports[f"{PACKAGE}.types"] == set()


def test_the_contract_names_only_shared_types(imports: dict[str, set[str]]) -> None:
    assert imports[f"{PACKAGE}.base"] == {f"{PACKAGE}.types"}


@pytest.mark.parametrize("shared", ["types", "base", "serializer", "answers", "guard", "terms"])
def test_shared_modules_import_no_backend(imports: dict[str, set[str]], shared: str) -> None:
    assert imports[f"{PACKAGE}.{shared}"] & BACKENDS == set()


def test_no_module_imports_the_facade(imports: dict[str, set[str]]) -> None:
    """Inside the package, names come from their homes; the facade is for the layers above."""
    importers = sorted(module for module, targets in imports.items() if PACKAGE in targets)
    assert importers == []


def _loaded_after(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``statement``."""
    script = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout))


HEAVY = {"httpx", f"{PACKAGE}.sandbox", f"{PACKAGE}.remote", f"{PACKAGE}.remote_streaming"}


def test_a_worker_loads_neither_httpx_nor_the_pool() -> None:
    """What a query worker process imports (its forkserver preload and its target)."""
    loaded = _loaded_after("from aspen_graph.store.worker import serve")
    assert f"{PACKAGE}.worker" in loaded
    assert loaded & HEAVY == set()


def test_importing_the_store_loads_no_backend() -> None:
    loaded = _loaded_after("import aspen_graph.store")
    assert loaded & (HEAVY | BACKENDS) == set()


def test_the_embedded_store_alone_loads_neither_httpx_nor_the_pool() -> None:
    loaded = _loaded_after("from aspen_graph.store import OxigraphStore, Table, open_store")
    assert f"{PACKAGE}.oxigraph" in loaded
    assert loaded & HEAVY == set()


def _facade_imports() -> set[str]:
    """Every name the project's code, tests and benchmarks import from ``aspen_graph.store``
    (submodules, such as ``from aspen_graph.store import worker``, left out)."""
    names: set[str] = set()
    for folder in ("src", "tests", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module == PACKAGE:
                    names.update(alias.name for alias in node.names)
    submodules = {info.name for info in pkgutil.iter_modules(store_package.__path__)}
    return names - submodules


def test_the_facade_offers_every_name_imported_from_it() -> None:
    wanted = _facade_imports()
    assert {"OxigraphStore", "RemoteStore", "SandboxStore", "GraphStore"} <= wanted  # it looked
    assert wanted - set(store_package.__all__) == set()


@pytest.mark.parametrize("name", sorted(store_package.__all__))
def test_each_facade_name_comes_from_its_home(name: str) -> None:
    """The facade hands out the object itself, and a class or function is defined in the
    module the facade names (its one home), not re-exported from elsewhere."""
    home = f"{PACKAGE}.{store_package._HOMES[name]}"
    value = getattr(importlib.import_module(home), name)
    assert getattr(store_package, name) is value
    if inspect.isclass(value) or inspect.isfunction(value):
        assert value.__module__ == home


def test_the_facade_lists_exactly_its_names() -> None:
    assert sorted(store_package.__all__) == sorted(store_package._HOMES)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nonesuch'"):
        _ = store_package.Nonesuch  # type: ignore[attr-defined]
