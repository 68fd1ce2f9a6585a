"""Fixtures for the report's tests: the report of the catalogue fixture, and the shipped data."""

from __future__ import annotations

from pathlib import Path

import pytest

from aspen_graph.config import Settings
from aspen_graph.pipeline.build import derive, load_into_store
from aspen_graph.pipeline.sources import gather_inputs
from aspen_graph.queries import QueryCatalog
from aspen_graph.report import Report, assemble_report
from aspen_graph.store import OxigraphStore


ROOT = Path(__file__).resolve().parents[2]
MINI = {"plan": "plan:new", "earlier": "plan:old"}
"""The plans of tests/fixtures/catalogue/mini.ttl."""


@pytest.fixture(scope="session")
def mini_report(mini_store: OxigraphStore, catalog: QueryCatalog) -> Report:
    return assemble_report(mini_store, catalog, lang="en", **MINI)


@pytest.fixture(scope="session")
def mini_report_vi(mini_store: OxigraphStore, catalog: QueryCatalog) -> Report:
    return assemble_report(mini_store, catalog, lang="vi", **MINI)


@pytest.fixture(scope="session")
def shipped_data(catalog: QueryCatalog) -> OxigraphStore:
    """The shipped sources parsed and derived exactly as the build does, without SHACL.

    The report only reads the graph; whether the sources conform is the build's tests' concern
    (and ``shipped_store`` refuses to exist while they do not).
    """
    store = load_into_store(gather_inputs(Settings(root=ROOT)))
    derive(store, catalog)
    return store
