"""Every error path of the API: the status, a clear message, and never a traceback."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest
from api_release import Release
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.api.deps import get_store
from aspen_graph.errors import QueryTimeoutError, StoreUnavailableError
from aspen_graph.store import SandboxStore

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def assert_error(response: httpx.Response, status: int, *fragments: str) -> dict[str, str]:
    assert response.status_code == status, response.text
    body = response.text
    assert "Traceback" not in body and 'File "' not in body
    assert response.headers["content-type"] == "application/json"
    document: dict[str, str] = response.json()
    for fragment in fragments:
        assert fragment in document["detail"], document
    return document


def total(client: TestClient) -> int:
    response = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
    return int(response.text.split()[-1])


UPDATES = [
    ("GET", {"update": "DROP ALL"}, None, None),
    ("GET", {"query": "CLEAR ALL"}, None, None),
    ("GET", {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}, None, None),
    ("POST", None, {"update": "DROP ALL"}, "application/x-www-form-urlencoded"),
    ("POST", None, {"query": "DELETE WHERE { ?s ?p ?o }"}, "application/x-www-form-urlencoded"),
    ("POST", None, "DROP ALL", "application/sparql-update"),
    ("POST", None, "DELETE WHERE { ?s ?p ?o }", "application/sparql-query"),
    ("POST", {"update": "DROP ALL"}, "ASK {}", "application/sparql-query"),
]


@pytest.mark.parametrize(("method", "params", "body", "content_type"), UPDATES)
def test_updates_are_refused_and_change_nothing(
    client: TestClient,
    release: Release,
    method: str,
    params: dict[str, str] | None,
    body: object,
    content_type: str | None,
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    if isinstance(body, dict):
        response = client.request(method, "/sparql", params=params, data=body, headers=headers)
    else:
        response = client.request(method, "/sparql", params=params, content=body, headers=headers)
    assert_error(response, 400, "read-only")
    assert total(client) == release.triples


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(client: TestClient, query: str) -> None:
    assert_error(client.get("/sparql", params={"query": query}), 400, "SERVICE is not allowed")


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"query": "SELECT * FROM <http://127.0.0.1:9/x> { ?s ?p ?o }"}, "FROM names"),
        ({"query": "SELECT * FROM NAMED <http://127.0.0.1:9/x> { ?s ?p ?o }"}, "FROM NAMED"),
        ({"query": COUNT, "default-graph-uri": "http://127.0.0.1:9/x"}, "default-graph-uri"),
        ({"query": COUNT, "named-graph-uri": "http://127.0.0.1:9/x"}, "named-graph-uri"),
    ],
)
def test_remote_graphs_are_refused(
    client: TestClient, params: dict[str, str], fragment: str
) -> None:
    assert_error(client.get("/sparql", params=params), 400, fragment, "never fetches")


def test_malformed_query_names_the_position(client: TestClient) -> None:
    document = assert_error(
        client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n}"}),
        400,
        "error at 3:",
    )
    assert document["error"] == "QuerySyntaxError"
    assert_error(client.get("/sparql", params={"query": "not sparql"}), 400, "error at 1:1")


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query(client: TestClient, query: str) -> None:
    assert_error(client.get("/sparql", params={"query": query}), 400, "empty")
    assert_error(client.post("/sparql", data={"query": query}), 400, "empty")
    direct = client.post(
        "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert_error(direct, 400, "empty")


def test_no_query_on_post(client: TestClient) -> None:
    response = client.post("/sparql", data={"default-graph-uri": "x"})
    assert_error(response, 400, "no query")


def test_repeated_query(client: TestClient) -> None:
    response = client.get("/sparql", params=[("query", COUNT), ("query", COUNT)])
    assert_error(response, 400, "once")
    both = client.post(
        "/sparql?query=ASK{}",
        content="ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert_error(both, 400, "body only")


def test_invalid_utf8(client: TestClient) -> None:
    assert_error(client.get("/sparql?query=ASK%20%7B%7D%FF"), 400, "UTF-8")
    assert_error(client.get("/sparql?query=ASK%20%7B%7D&x=%C3%28"), 400, "UTF-8")
    direct = client.post(
        "/sparql",
        content=b'ASK { ?s ?p "\xff" }',
        headers={"Content-Type": "application/sparql-query"},
    )
    assert_error(direct, 400, "UTF-8")
    form = client.post(
        "/sparql",
        content=b"query=ASK%20%7B%7D%FE",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_error(form, 400, "UTF-8")


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/json", "application/ld+json", "multipart/form-data", None],
)
def test_wrong_content_type(client: TestClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", content=b"ASK {}", headers=headers)
    assert_error(response, 415, "application/sparql-query")


def test_other_charsets_are_refused(client: TestClient) -> None:
    response = client.post(
        "/sparql",
        content="ASK {}".encode("latin-1"),
        headers={"Content-Type": "application/sparql-query; charset=latin-1"},
    )
    assert_error(response, 415, "UTF-8")


@pytest.fixture
def small_limits_client(release: Release, sandbox: SandboxStore) -> Iterator[TestClient]:
    app = create_app(release.settings(max_body_bytes=200), sandbox)
    with TestClient(app) as client:
        yield client


def test_body_too_large(small_limits_client: TestClient) -> None:
    query = "ASK { ?s ?p ?o }" + " " * 300
    direct = small_limits_client.post(
        "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert_error(direct, 413, "larger than 200 bytes")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while reading
        for _ in range(10):
            yield b"#" * 50

    streamed = small_limits_client.post(
        "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}
    )
    assert_error(streamed, 413)
    small = small_limits_client.post(
        "/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query"}
    )
    assert small.status_code == 200


def test_query_too_long_or_too_deep(client: TestClient) -> None:
    long = "ASK {}" + "#" * 100_000
    response = client.post(
        "/sparql", content=long, headers={"Content-Type": "application/sparql-query"}
    )
    assert_error(response, 400, "characters long")
    deep = "ASK " + "{ " * 3000 + "} " * 3000
    assert_error(client.get("/sparql", params={"query": deep}), 400, "nests brackets")


def test_result_too_large(release: Release) -> None:
    with (
        SandboxStore(release.nquads, workers=1, max_results=5) as store,
        TestClient(create_app(release.settings(), store)) as client,
    ):
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert_error(response, 400, "more than 5 rows")


@pytest.fixture
def slow_client(release: Release) -> Iterator[tuple[TestClient, SandboxStore]]:
    with (
        SandboxStore(release.nquads, workers=2, timeout=1.0) as store,
        TestClient(create_app(release.settings(result_cache=False), store)) as client,
    ):
        yield client, store


def test_timeout_is_503_with_retry_after(slow_client: tuple[TestClient, SandboxStore]) -> None:
    client, store = slow_client
    response = client.get("/sparql", params={"query": CARTESIAN})
    assert_error(response, 503, "longer than 1 s")  # stopped by the limit (bench: ``pool``)
    assert store.stats.timeouts == 1
    assert response.headers["retry-after"].isdigit()
    deadline = time.monotonic() + 5
    while store.stats.workers < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/sparql", params={"query": COUNT}).status_code == 200


class FailingStore:
    """A stand-in store whose every call fails."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.timeout = 1.0
        self.max_results = 1

    def check(self, *args: object, **kwargs: object) -> object:
        raise self.error

    def graph_sizes(self) -> dict[str, int]:
        raise self.error

    def select(self, *args: object, **kwargs: object) -> object:
        raise self.error


@pytest.mark.parametrize(
    ("error", "status", "fragment"),
    [
        (StoreUnavailableError("all 2 query workers are busy"), 503, "busy"),
        (QueryTimeoutError("too slow"), 503, "too slow"),
        (RuntimeError("secret path /etc/x.py line 3"), 500, "internal error"),
        (KeyError("oops"), 500, "internal error"),
    ],
)
def test_store_failures_map_to_status(
    settings: object, sandbox: SandboxStore, error: BaseException, status: int, fragment: str
) -> None:
    app = create_app(settings, sandbox)  # type: ignore[arg-type]
    app.dependency_overrides[get_store] = lambda: FailingStore(error)
    with TestClient(app, raise_server_exceptions=False) as client:
        for response in (
            client.get("/sparql", params={"query": COUNT}),
            client.get("/sparql"),
            client.get("/queries/things-ranked"),
        ):
            document = assert_error(response, status, fragment)
            assert "secret" not in json.dumps(document)
            if status == 503:
                assert response.headers["retry-after"].isdigit()


def test_store_not_open_is_503(release: Release) -> None:
    client = TestClient(create_app(release.settings()))  # no lifespan: nothing opened
    assert_error(client.get("/sparql", params={"query": COUNT}), 503, "not open")
    assert client.get("/health").status_code == 503


def test_unknown_route_and_method(client: TestClient) -> None:
    assert client.get("/nothing-here").status_code == 404
    assert client.put("/sparql", content=b"x").status_code == 405
