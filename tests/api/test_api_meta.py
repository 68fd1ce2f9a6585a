"""/, /health and /version, and how the app is put together."""

from __future__ import annotations

import pytest
from api_release import Release
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.api.main import pool_size, release_source
from aspen_graph.config import Settings
from aspen_graph.errors import DataLoadError
from aspen_graph.store import SandboxStore


def test_index_links(client: TestClient) -> None:
    document = client.get("/").json()
    assert document["version"] == "test-1"
    for link in document["links"].values():
        assert client.get(link).status_code == 200, link


def test_health(client: TestClient, release: Release) -> None:
    document = client.get("/health").json()
    assert document["status"] == "ok"
    assert document["workers"] == document["pool"] == 2
    assert document["quads"] == release.triples


def test_version_comes_from_the_manifest(client: TestClient) -> None:
    document = client.get("/version").json()
    assert document["version"] == "test-1"
    assert len(document["fingerprint"]) == 16
    assert document["manifest"]["triples"] == 73


def test_lifespan_opens_and_closes_the_store(release: Release) -> None:
    app = create_app(release.settings(workers=1))
    with TestClient(app) as client:
        store = app.state.aspen.store
        assert isinstance(store, SandboxStore)
        assert store.size == 1
        assert client.get("/health").json()["status"] == "ok"
    assert app.state.aspen.store is None
    assert store.stats.workers == 0


def test_a_given_store_is_left_open(release: Release, sandbox: SandboxStore) -> None:
    with TestClient(create_app(release.settings(), sandbox)):
        pass
    assert sandbox.stats.workers == 2


def test_pool_size() -> None:
    assert pool_size(Settings()) == 2
    assert pool_size(Settings(workers=1)) == 1
    assert pool_size(Settings(workers=3)) == 3


def test_nothing_to_serve(release: Release) -> None:
    empty = release.settings(dist_dir=release.root / "nowhere")
    with pytest.raises(DataLoadError, match="aspen build"):
        create_app(empty)
    # A remote store needs no dist/: the app is built without touching the network.
    remote = create_app(release.settings(dist_dir=release.root / "nowhere", store="http://h:9"))
    assert remote.state.aspen.release.version == "unknown"
    with pytest.raises(DataLoadError, match="aspen publish --store DIR"):
        release_source(release.settings(store=str(release.root / "no-store")))
    assert release_source(release.settings()) == release.nquads


def test_meta_routes_follow_dependency_overrides(release: Release, sandbox: SandboxStore) -> None:
    from aspen_graph.api.deps import get_release, get_store
    from aspen_graph.api.release_info import ReleaseInfo

    app = create_app(release.settings(), sandbox)
    app.dependency_overrides[get_release] = lambda: ReleaseInfo("9.9", "f" * 16, {"a": 1})

    def no_store() -> SandboxStore:
        from aspen_graph.errors import StoreUnavailableError

        raise StoreUnavailableError("gone")

    app.dependency_overrides[get_store] = no_store
    with TestClient(app) as client:
        assert client.get("/version").json()["version"] == "9.9"
        assert client.get("/").json()["version"] == "9.9"
        health = client.get("/health")
        assert health.status_code == 503
        assert health.json()["status"] == "down"
