"""/queries answers are cached per release and carry an ETag; If-None-Match gets 304."""

from __future__ import annotations

from api_release import EX
from fastapi.testclient import TestClient
from test_api_fastpath import find_cache


def test_etag_and_304(client: TestClient) -> None:
    params = {"kind": f"{EX}kind1"}
    first = client.get("/queries/things-by-kind", params=params)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    assert "max-age" in first.headers["cache-control"]
    again = client.get("/queries/things-by-kind", params=params, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/queries/things-by-kind", params={"kind": f"{EX}kind2"})
    assert other.headers["etag"] != etag
    csv = client.get("/queries/things-by-kind", params=params, headers={"Accept": "text/csv"})
    assert csv.headers["etag"] != etag


def test_answers_come_from_the_cache(client: TestClient) -> None:
    """A POST-free repeat is answered by the response cache; the result cache backs it."""
    cache = client.app.state.aspen.cache  # type: ignore[attr-defined]
    assert cache is not None
    params = {"kind": f"{EX}kind1", "lang": "en"}
    body = client.get("/queries/things-by-kind", params=params).content
    front = find_cache(client)
    hits = (cache.hits, front.hits if front else 0)
    assert client.get("/queries/things-by-kind", params=params).content == body
    after = (cache.hits, front.hits if front else 0)
    assert sum(after) == sum(hits) + 1
