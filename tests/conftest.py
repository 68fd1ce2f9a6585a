"""Shared fixtures: the repository's paths, the catalogue, and stores built from fixtures."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from aspen_graph.config import Settings, get_settings
from aspen_graph.pipeline.build import derive
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore, open_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def catalog() -> QueryCatalog:
    return QueryCatalog(ROOT / "sparql")


def store_from_turtle(*paths: Path, catalog: QueryCatalog) -> OxigraphStore:
    """A store holding the given Turtle files (one graph each) plus derived shortcuts."""
    store = open_store()
    for path in paths:
        graph = Graph()
        graph.parse(path, format="turtle")
        store.replace_graph(f"urn:test:{path.stem}", graph)
    derive(store, catalog)
    return store


@pytest.fixture(scope="session")
def mini_store(catalog: QueryCatalog) -> OxigraphStore:
    """The catalogue fixture (tests/fixtures/catalogue/mini.ttl) with the concept schemes."""
    return store_from_turtle(
        FIXTURES / "catalogue" / "mini.ttl",
        ROOT / "ontology" / "aspen-schemes.ttl",
        catalog=catalog,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings whose dist/ holds a fresh build of the shipped data (built once per session)."""
    from aspen_graph.pipeline import run_build

    dist = tmp_path_factory.mktemp("dist") / "dist"
    settings = Settings(root=ROOT, dist_dir=dist)
    result = run_build(settings, reason=False)
    assert result.ok, result.report.summary()
    yield settings


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings whose dist/ holds a build of the shipped data plus ``data/examples/``."""
    from aspen_graph.pipeline import run_build

    dist = tmp_path_factory.mktemp("dist-examples") / "dist"
    settings = Settings(root=ROOT, dist_dir=dist, examples=True)
    result = run_build(settings, reason=False)
    assert result.ok, [finding.describe() for finding in result.report.sorted()[:20]]
    yield settings


@pytest.fixture(scope="session")
def examples_store(built_examples: Settings) -> OxigraphStore:
    """The release built with the example plans, loaded into an in-memory store."""
    store = open_store()
    store.load_dataset(built_examples.dist / "aspen.nq")
    return store


@pytest.fixture(scope="session")
def shipped_store(built: Settings) -> OxigraphStore:
    """The shipped release loaded into an in-memory store."""
    store = open_store()
    store.load_dataset(built.dist / "aspen.nq")
    return store


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def tiny_root(tmp_path: Path) -> Path:
    """A fresh copy of the tiny project (tests/fixtures/projects/tiny: 3 data graphs, 2 tables,
    1 shape of its own) with the repository's ontology and queries."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "projects" / "tiny", root)
    (root / "ontology").mkdir()
    for path in (ROOT / "ontology").glob("*.ttl"):
        shutil.copy2(path, root / "ontology" / path.name)
    shutil.copytree(ROOT / "sparql", root / "sparql")
    return root
