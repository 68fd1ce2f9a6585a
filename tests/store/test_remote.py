"""The remote store: binding parameters, URLs and credentials, faults (against a fake server that
answers 401/500/slowly, and against a real Oxigraph server that is stopped and started again),
and answers identical to the embedded serving store's in every format and at the result limit."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Dataset, Literal, URIRef

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.errors import (
    QueryParameterError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreUnavailableError,
)
from aspen_graph.store import (
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    Endpoints,
    RemoteStore,
    SandboxStore,
    ServingStore,
    redact,
    store_auth,
)
from aspen_graph.store.remote_standard import bind_values
from oxigraph_server import OxigraphServer

EX = "http://example.org/"
TOKEN = "tok-3f9a1c77"
PASSWORD = "pw-81be0c2d"
SECRETS = (TOKEN, PASSWORD)


# -- parameters ----------------------------------------------------------------------------------


def test_bind_values_goes_first_in_every_where_group() -> None:
    query = (
        "# WHERE { in a comment\n"
        "SELECT ?x ?lang WHERE { ?x <http://p> 'WHERE {' . "
        "{ SELECT ?x WHERE { ?x <http://q> ?lang } } }"
    )
    bound = bind_values(query, {"lang": Literal("vi")})
    assert bound.count('VALUES (?lang) { ("vi") }') == 2
    assert bound.startswith("# WHERE { in a comment\n")
    assert "'WHERE {'" in bound


def test_bind_values_writes_escaped_terms_and_refuses_blank_nodes() -> None:
    bound = bind_values("ASK { ?s ?p ?o }", {"o": Literal('a "quoted"\nline', lang="en")})
    assert 'VALUES (?o) { ("a \\"quoted\\"\\nline"@en) }' in bound
    from rdflib import BNode

    with pytest.raises(QueryParameterError, match="blank node"):
        bind_values("ASK { ?s ?p ?o }", {"o": BNode()})
    with pytest.raises(QueryParameterError, match="not a valid RDF term"):
        bind_values("ASK { ?s ?p ?o }", {"o": URIRef("http://a b")})


# -- URLs and credentials ----------------------------------------------------------------------


def test_urls_with_credentials_are_refused_without_repeating_them() -> None:
    with pytest.raises(StoreUnavailableError) as refused:
        RemoteStore(f"http://aspen:{PASSWORD}@127.0.0.1:9/query", probe=False)
    assert PASSWORD not in str(refused.value)
    assert "ASPEN_STORE_PASSWORD" in str(refused.value)
    with pytest.raises(StoreUnavailableError):
        Endpoints.from_settings(Settings(store=f"https://u:{PASSWORD}@h/"))
    assert redact(f"https://u:{PASSWORD}@h:1/q?token={TOKEN}") == "https://h:1/q"


def test_endpoint_settings() -> None:
    fuseki = Settings(
        store_query_url="http://h:3030/ds/sparql", store_update_url="http://h:3030/ds/update"
    )
    endpoints = Endpoints.from_settings(fuseki)
    assert endpoints == Endpoints("http://h:3030/ds/sparql", "http://h:3030/ds/update", None)
    assert Endpoints.from_settings(Settings(store="http://h:7878")) == Endpoints(
        "http://h:7878/query", "http://h:7878/update", "http://h:7878/store"
    )
    assert Endpoints.from_settings(Settings(store="/var/lib/aspen")) is None


# -- a fake store: every fault on demand ---------------------------------------------------------


class FakeStore(ThreadingHTTPServer):
    """Answers every request with ``status`` after ``delay`` seconds; records the headers."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FakeHandler)
        self.status = 200
        self.delay = 0.0
        self.body = b'{"head":{},"boolean":false}'
        self.media = "application/sparql-results+json"
        self.authorizations: list[str | None] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/query"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (the time-out test) is expected here


class _FakeHandler(BaseHTTPRequestHandler):
    server: FakeStore

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.authorizations.append(self.headers.get("Authorization"))
        time.sleep(self.server.delay)
        body = self.server.body if self.server.status < 400 else b"it went wrong"
        self.send_response(self.server.status)
        self.send_header("Content-Type", self.server.media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def fake() -> Iterator[FakeStore]:
    server = FakeStore()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("environment", "header"),
    [
        ({"ASPEN_STORE_TOKEN": TOKEN}, f"Bearer {TOKEN}"),
        ({"ASPEN_STORE_USER": "aspen", "ASPEN_STORE_PASSWORD": PASSWORD}, "Basic "),
    ],
)
def test_credentials_come_from_the_environment_and_never_show(
    fake: FakeStore,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    environment: dict[str, str],
    header: str,
) -> None:
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    settings = Settings(store_query_url=fake.url)
    assert PASSWORD not in repr(settings) and TOKEN not in repr(settings)
    caplog.set_level(logging.DEBUG)
    store = RemoteStore(fake.url, auth=store_auth(settings), timeout=2.0)  # the probe passes
    assert str(fake.authorizations[-1]).startswith(header)
    assert TOKEN not in repr(store_auth(settings))
    messages = []
    for status in (401, 403, 500, 503):
        fake.status = status
        with pytest.raises(StoreUnavailableError) as failed:
            store.ask("ASK { ?s ?p ?o }")
        messages.append(str(failed.value))
    assert "credentials (401)" in messages[0] and "ASPEN_STORE_TOKEN" in messages[0]
    assert "answered 500: it went wrong" in messages[2]
    # The API: a clear 503 naming the store, never a credential.
    app = create_app(Settings(root=Path(__file__).parents[2], store_query_url=fake.url), store)
    with TestClient(app) as client:
        response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        health = client.get("/health")
    assert response.status_code == 503 and response.headers["retry-after"]
    assert fake.url in response.json()["detail"]
    assert health.status_code == 503 and health.json()["store"]["reachable"] is False
    shown = "\n".join([*messages, response.text, health.text, caplog.text])
    for secret in SECRETS:
        assert secret not in shown
    store.close()


def test_a_slow_store_is_a_timeout_not_a_hang(fake: FakeStore) -> None:
    store = RemoteStore(fake.url, timeout=0.5)
    fake.delay = 2.0
    with pytest.raises(QueryTimeoutError, match="did not answer within the time limit"):
        store.ask("ASK { ?s ?p ?o }")  # how soon: bench/bench_timings.py remote
    assert store.stats.timeouts == 1
    fake.delay = 0.0
    assert store.ask("ASK { ?s ?p ?o }") is False  # and it recovers by itself
    store.close()


def test_answers_that_do_not_parse_are_store_errors(fake: FakeStore) -> None:
    store = RemoteStore(fake.url, timeout=2.0)
    fake.body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": '
    with pytest.raises(StoreUnavailableError, match="does not parse"):
        store.select("SELECT ?x WHERE { ?x ?p ?o }")
    fake.media, fake.body = "text/html", b"<html>login</html>"
    with pytest.raises(StoreUnavailableError, match="not a SPARQL result format"):
        store.select("SELECT ?x WHERE { ?x ?p ?o }")
    store.close()


def test_nothing_listening_is_unavailable_at_once() -> None:
    from oxigraph_server import free_port

    with pytest.raises(StoreUnavailableError, match="cannot be reached") as caught:
        RemoteStore(f"http://127.0.0.1:{free_port()}/query", timeout=5.0)
    # refused, not timed out: a connection error, not the 5 s limit (seconds: bench ``remote``)
    assert not isinstance(caught.value, QueryTimeoutError)


# -- a real Oxigraph server ----------------------------------------------------------------------

QUADS = "\n".join(
    [f'<{EX}s{i}> <{EX}p> "v{i}" <{EX}g{i % 3}> .' for i in range(30)]
    + [
        f'<{EX}s{i}> <http://www.w3.org/2000/01/rdf-schema#label> "s {i}"@en <{EX}g0> .'
        for i in range(5)
    ]
    + [f"<{EX}s0> <{EX}link> _:b <{EX}g1> .", f'_:b <{EX}p> "in a blank node" <{EX}g1> .']
).encode()


@pytest.fixture(scope="module")
def quads_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("remote") / "data.nq"
    path.write_bytes(QUADS + b"\n")
    return path


@pytest.fixture(scope="module")
def server(oxigraph_servers: Callable[[str], OxigraphServer], quads_file: Path) -> OxigraphServer:
    running = oxigraph_servers("remote-store-tests")
    running.load_nquads(quads_file.read_bytes())
    return running


@pytest.fixture(scope="module")
def pool(quads_file: Path) -> Iterator[SandboxStore]:
    with SandboxStore(quads_file, workers=1, timeout=10.0, max_results=20) as store:
        yield store


@pytest.fixture(scope="module")
def remote(server: OxigraphServer) -> Iterator[RemoteStore]:
    with server.store(timeout=10.0, max_results=20) as store:
        yield store


def test_both_are_serving_stores(pool: SandboxStore, remote: RemoteStore) -> None:
    assert isinstance(pool, ServingStore) and isinstance(remote, ServingStore)
    assert remote.graph_names == pool.graph_names == {f"{EX}g0", f"{EX}g1", f"{EX}g2"}
    assert (
        remote.graph_sizes() == pool.graph_sizes() == {f"{EX}g0": 15, f"{EX}g1": 12, f"{EX}g2": 10}
    )
    assert len(remote) == len(pool) == 37


SELECT = f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o FILTER(isIRI(?s)) }} ORDER BY ?s LIMIT 7"
CONSTRUCT = f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ GRAPH <{EX}g0> {{ ?s <{EX}p> ?o }} }}"


@pytest.mark.parametrize("media", list(RESULT_MEDIA_TYPES))
def test_select_and_ask_answers_are_identical(
    pool: SandboxStore, remote: RemoteStore, media: str
) -> None:
    for query in (SELECT, f"ASK {{ <{EX}s1> ?p ?o }}"):
        ours, theirs = (
            store.execute(store.check(query), result_type=media) for store in (pool, remote)
        )
        assert theirs == ours


@pytest.mark.parametrize("media", list(GRAPH_MEDIA_TYPES))
def test_construct_answers_are_identical(
    pool: SandboxStore, remote: RemoteStore, media: str
) -> None:
    ours, theirs = (
        store.execute(store.check(CONSTRUCT), graph_type=media) for store in (pool, remote)
    )
    assert (theirs.form, theirs.count, theirs.media_type) == (ours.form, ours.count, media)
    # Without ORDER BY the two stores may list triples in another order: compare the graphs.
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/trig": "trig"}
    triples = []
    for answer in (ours, theirs):
        dataset = Dataset().parse(data=answer.body, format=fmt.get(media, media))
        triples.append({(s, p, o) for s, p, o, _ in dataset.quads()})  # no blank nodes here
    assert len(triples[0]) == 10
    assert triples[0] == triples[1]


def test_limits_dataset_and_refusals_are_identical(pool: SandboxStore, remote: RemoteStore) -> None:
    everything = "SELECT * WHERE { ?s ?p ?o }"
    for store in (pool, remote):
        with pytest.raises(QueryRefusedError, match="more than 20 rows"):
            store.execute(store.check(everything))
        with pytest.raises(QueryRefusedError, match="read-only"):
            store.check("INSERT DATA { <http://a> <http://b> <http://c> }")
        with pytest.raises(QueryRefusedError, match="not a graph of this dataset"):
            store.check("SELECT * FROM <http://elsewhere/> WHERE { ?s ?p ?o }")
        with pytest.raises(QuerySyntaxError):
            store.select("SELECT ?s WHERE { ?s ")
    graphs = {"default_graphs": [f"{EX}g2"]}
    counts = [
        store.execute(store.check("SELECT ?s WHERE { ?s ?p ?o }", **graphs), **graphs).count
        for store in (pool, remote)
    ]
    assert counts == [10, 10]
    bound = [
        store.select(
            f"SELECT ?s ?value WHERE {{ ?s <{EX}p> ?o FILTER(?o = ?value) }}",
            bindings={"value": Literal("v4")},
        ).rows
        for store in (pool, remote)
    ]
    assert bound[0] == bound[1] == [(URIRef(f"{EX}s4"), Literal("v4"))]


def test_own_whole_reads_pass_the_result_limit(
    pool: SandboxStore, remote: RemoteStore, quads_file: Path
) -> None:
    """``select_all`` (the search index's read) gives every row past ``max_results``, from one
    query, on both stores."""
    dataset = Dataset()
    dataset.parse(quads_file, format="nquads")
    wanted = {
        (s, p, o)
        for s, p, o, _ in dataset.quads()
        if not isinstance(s, BNode) and not isinstance(o, BNode)
    }
    assert len(wanted) > 20
    named = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (!isBlank(?s) && !isBlank(?o)) }"
    for store in (pool, remote):
        before = store.stats.queries
        rows = store.select_all(named).rows
        assert set(rows) == wanted and store.stats.queries == before + 1


def test_a_store_without_a_union_default_graph_is_refused_with_the_fix(
    tmp_path: Path, quads_file: Path
) -> None:
    server = OxigraphServer(tmp_path / "store", union=False).start()
    try:
        server.load_nquads(quads_file.read_bytes())
        with pytest.raises(StoreUnavailableError, match="union-default-graph"):
            server.store()
    finally:
        server.stop()


def test_the_api_answers_503_while_the_store_is_down_and_recovers(
    tmp_path: Path, quads_file: Path
) -> None:
    server = OxigraphServer(tmp_path / "store").start()
    server.load_nquads(quads_file.read_bytes())
    settings = Settings(root=Path(__file__).parents[2], store=server.url, result_cache=False)
    query = {"query": f"SELECT ?o WHERE {{ <{EX}s1> <{EX}p> ?o }}"}
    try:
        with TestClient(create_app(settings)) as client:  # opens the store itself
            assert client.get("/sparql", params=query).status_code == 200
            server.kill()
            down = client.get("/sparql", params=query)  # refused at once, not timed out:
            health = client.get("/health")  # the detail says "cannot be reached"
            assert (down.status_code, down.headers["retry-after"]) == (503, "2")
            assert down.json() == {
                "error": "StoreUnavailableError",
                "detail": f"the store at {server.url}/query cannot be reached "
                "(connection refused or host unreachable)",
            }
            assert health.status_code == 503 and health.json()["status"] == "down"
            server.start()
            again = client.get("/sparql", params=query, headers={"Accept": "text/csv"})
            assert (again.status_code, again.text) == (200, "o\r\nv1\r\n")
            assert client.get("/health").json()["status"] == "ok"
    finally:
        server.stop()
