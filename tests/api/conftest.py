"""Fixtures of the API tests: the fixture release, a shared worker pool, a TestClient."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_release import Release, write_release
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.store import OxigraphStore, SandboxStore


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    return write_release(tmp_path_factory.mktemp("release"))


@pytest.fixture(scope="session")
def sandbox(release: Release) -> Iterator[SandboxStore]:
    """The shared worker pool (tests that kill workers use their own pool)."""
    with SandboxStore(release.nquads, workers=2, timeout=10.0) as store:
        yield store


@pytest.fixture(scope="session")
def engine(release: Release) -> OxigraphStore:
    """The same release in an in-process store: the reference answers."""
    store = OxigraphStore()
    store.load_dataset(release.nquads)
    return store


@pytest.fixture(scope="session")
def settings(release: Release) -> Settings:
    return release.settings()


@pytest.fixture
def client(settings: Settings, sandbox: SandboxStore) -> Iterator[TestClient]:
    with TestClient(create_app(settings, sandbox)) as test_client:
        yield test_client
