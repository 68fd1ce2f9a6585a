"""Repeated GETs are answered from the response cache, byte for byte, without the worker pool."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_release import EX
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.api.fastpath import ResponseCacheMiddleware
from aspen_graph.config import Settings
from aspen_graph.store import SandboxStore

QUERY = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3"


def find_cache(client: TestClient) -> ResponseCacheMiddleware | None:
    """The response cache in the app's middleware chain, if there is one."""
    app = client.app.middleware_stack  # type: ignore[attr-defined]
    while app is not None:
        if isinstance(app, ResponseCacheMiddleware):
            return app
        app = getattr(app, "app", None)
    return None


def _middleware(client: TestClient) -> ResponseCacheMiddleware:
    cache = find_cache(client)
    assert cache is not None
    return cache


@pytest.fixture
def cached(settings: Settings, sandbox: SandboxStore) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"result_cache": True}), store=sandbox)
    with TestClient(app) as client:
        yield client


def test_a_repeated_get_is_a_hit_with_identical_answer(cached: TestClient) -> None:
    first = cached.get("/sparql", params={"query": QUERY}, headers={"Accept": "text/csv"})
    assert first.status_code == 200
    cache = _middleware(cached)
    hits = cache.hits
    second = cached.get("/sparql", params={"query": QUERY}, headers={"Accept": "text/csv"})
    assert cache.hits == hits + 1
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["vary"] == first.headers["vary"]


def test_accept_and_origin_are_part_of_the_key(cached: TestClient) -> None:
    csv = cached.get("/sparql", params={"query": QUERY}, headers={"Accept": "text/csv"})
    tsv = cached.get(
        "/sparql", params={"query": QUERY}, headers={"Accept": "text/tab-separated-values"}
    )
    assert csv.content != tsv.content
    plain = cached.get("/sparql", params={"query": QUERY}, headers={"Accept": "text/csv"})
    assert "access-control-allow-origin" not in plain.headers
    cross = cached.get(
        "/sparql",
        params={"query": QUERY},
        headers={"Accept": "text/csv", "Origin": "https://partner.example"},
    )
    assert cross.headers["access-control-allow-origin"] == "*"


def test_errors_and_conditional_requests_are_not_cached(cached: TestClient) -> None:
    cache = _middleware(cached)
    size = len(cache)
    assert cached.get("/sparql", params={"query": "SELECT nonsense"}).status_code == 400
    assert cached.get("/queries/things-by-kind", params={"kind": f"{EX}nope"}).status_code == 422
    assert len(cache) == size
    ok = cached.get("/queries/things-by-kind", params={"kind": f"{EX}kind1"})
    again = cached.get(
        "/queries/things-by-kind",
        params={"kind": f"{EX}kind1"},
        headers={"If-None-Match": ok.headers["etag"]},
    )
    assert again.status_code == 304


def test_no_cache_when_the_result_cache_is_off(settings: Settings, sandbox: SandboxStore) -> None:
    app = create_app(settings.model_copy(update={"result_cache": False}), store=sandbox)
    with TestClient(app) as client:
        client.get("/health")
        assert find_cache(client) is None
