"""Fixtures for the report's tests: the report of the catalogue fixture, and the shipped data."""

from __future__ import annotations

import pytest

from aspen_graph.queries import QueryCatalog
from aspen_graph.report import Report, assemble_report
from aspen_graph.store import OxigraphStore


@pytest.fixture(scope="session")
def mini_report(mini_store: OxigraphStore, catalog: QueryCatalog) -> Report:
    return assemble_report(mini_store, catalog, lang="en", plan="plan:new", earlier="plan:old")


@pytest.fixture(scope="session")
def mini_report_vi(mini_store: OxigraphStore, catalog: QueryCatalog) -> Report:
    return assemble_report(mini_store, catalog, lang="vi", plan="plan:new", earlier="plan:old")


@pytest.fixture(scope="session")
def shipped_data(shipped_store: OxigraphStore) -> OxigraphStore:
    """The shipped release, as built (and validated) by the build."""
    return shipped_store
