"""The sandbox store: GraphStore contract, serialised answers, limits, time-outs and crashes."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from api_release import EX, G_LINKS, G_THINGS, Release
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from aspen_graph.errors import (
    DataLoadError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreUnavailableError,
)
from aspen_graph.store import CheckedQuery, GraphStore, OxigraphStore, SandboxStore
from aspen_graph.store.worker import QueryRequest, answer

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def wait_for(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.01)
    raise AssertionError("condition not reached")


@pytest.fixture
def small_pool(release: Release) -> Iterator[SandboxStore]:
    """A pool of its own, with a short time limit, for tests that kill workers."""
    with SandboxStore(release.nquads, workers=2, timeout=1.0) as store:
        yield store


def test_is_a_graph_store(sandbox: SandboxStore, release: Release) -> None:
    assert isinstance(sandbox, GraphStore)
    assert len(sandbox) == release.triples
    assert sandbox.graph_names == {G_THINGS, G_LINKS}
    sizes = sandbox.graph_sizes()
    assert sum(sizes.values()) == release.triples


def test_select_ask_construct_match_the_engine(
    sandbox: SandboxStore, engine: OxigraphStore
) -> None:
    select = "SELECT ?s ?o WHERE { ?s <http://example.org/rank> ?o } ORDER BY ?o"
    assert sandbox.select(select) == engine.select(select)
    assert sandbox.ask("ASK { ?s a <https://schema.org/Thing> }") is True
    assert sandbox.ask("ASK { ?s a <http://example.org/Nothing> }") is False
    construct = (
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <http://example.org/graph/links> { ?s ?p ?o } }"
    )
    assert isomorphic(sandbox.construct(construct), engine.construct(construct))
    describe = "DESCRIBE <http://example.org/thing0>"
    assert isomorphic(sandbox.construct(describe), engine.construct(describe))


def test_special_values_survive(sandbox: SandboxStore, engine: OxigraphStore) -> None:
    query = (
        "SELECT ?v WHERE { { ?x ?p ?v FILTER(isLiteral(?v)) } UNION { ?x <http://example.org/note> ?v }"
        " UNION { BIND(1 AS ?v) } }"
    )
    mine = sorted(map(repr, sandbox.select(query).column("v")))
    theirs = sorted(map(repr, engine.select(query).column("v")))
    assert len(mine) == len(theirs)
    assert [m for m in mine if "BNode" not in m] == [t for t in theirs if "BNode" not in t]
    assert any("new line" in m for m in mine)


def test_bindings(sandbox: SandboxStore) -> None:
    table = sandbox.select(
        "SELECT ?thing ?rank WHERE { ?thing <http://example.org/rank> ?rank }",
        bindings={"thing": URIRef(f"{EX}thing3")},
    )
    assert table.rows == [(URIRef(f"{EX}thing3"), Literal(3))]


def test_wrong_form_and_syntax(sandbox: SandboxStore) -> None:
    with pytest.raises(QuerySyntaxError, match="expected a SELECT"):
        sandbox.select("ASK {}")
    with pytest.raises(QuerySyntaxError, match=r"1:\d+"):
        sandbox.select("SELECT * WHERE { ?s ?p }")


def test_refusals_happen_before_the_engine(sandbox: SandboxStore) -> None:
    before = sandbox.stats.queries
    with pytest.raises(QueryRefusedError):
        sandbox.select("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QueryRefusedError):
        sandbox.check("SELECT * WHERE { ?s ?p ?o }", default_graphs=["http://127.0.0.1:9/x"])
    with pytest.raises(QueryRefusedError, match="read-only"):
        sandbox.replace_graph(G_THINGS, __import__("rdflib").Graph())
    assert sandbox.stats.queries == before


@pytest.mark.parametrize(
    ("media_type", "form", "query"),
    [
        ("application/sparql-results+json", "SELECT", "SELECT * WHERE { ?s ?p ?o }"),
        ("text/csv", "SELECT", "SELECT * WHERE { ?s ?p ?o }"),
        ("text/tab-separated-values", "ASK", "ASK { ?s ?p ?o }"),
        ("application/sparql-results+xml", "ASK", "ASK { ?s ?p ?o }"),
    ],
)
def test_execute_serialises(sandbox: SandboxStore, media_type: str, form: str, query: str) -> None:
    result = sandbox.execute(sandbox.check(query), result_type=media_type)
    assert (result.media_type, result.form) == (media_type, form)
    assert result.body


def test_dataset_parameters_restrict_the_default_graph(sandbox: SandboxStore) -> None:
    query = sandbox.check("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    everything = sandbox.execute(query, result_type="text/csv").body
    things = sandbox.execute(query, result_type="text/csv", default_graphs=[G_THINGS]).body
    assert everything != things
    assert things.split()[-1] == b"40"


def test_result_cap(release: Release) -> None:
    with SandboxStore(release.nquads, workers=1, max_results=10) as store:
        assert len(store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 10")) == 10
        with pytest.raises(QueryRefusedError, match="more than 10 rows"):
            store.select("SELECT * WHERE { ?s ?p ?o }")
        with pytest.raises(QueryRefusedError, match="more than 10 triples"):
            store.construct("CONSTRUCT WHERE { ?s ?p ?o }")
        assert store.ask("ASK { ?s ?p ?o }")  # the worker lives on


def test_timeout_kills_and_replaces(small_pool: SandboxStore) -> None:
    pids = {w.process.pid for w in list(small_pool._idle.queue)}
    with pytest.raises(QueryTimeoutError, match="longer than 1 s"):
        small_pool.select(CARTESIAN)  # how soon: bench/bench_timings.py pool
    wait_for(lambda: small_pool.stats.workers == 2)
    assert small_pool.stats.timeouts == 1
    assert {w.process.pid for w in list(small_pool._idle.queue)} != pids
    assert len(small_pool.select("SELECT * WHERE { ?s ?p ?o } LIMIT 2")) == 2


def test_other_queries_go_on_during_a_slow_one(small_pool: SandboxStore) -> None:
    errors: list[BaseException] = []

    def slow() -> None:
        try:
            small_pool.select(CARTESIAN)
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.1)
    answered = [small_pool.ask("ASK { ?s ?p ?o }") for _ in range(5)]
    # all five answered while the slow one still held its worker: none waited for it
    assert answered == [True] * 5 and thread.is_alive() and errors == []
    thread.join()
    assert isinstance(errors[0], QueryTimeoutError)


def test_crashed_worker_is_replaced(small_pool: SandboxStore) -> None:
    # bypass the guard (it refuses this) to make the engine overflow its stack
    chain = "||".join(["?s"] * 50_000)
    text = f"SELECT * WHERE {{ ?s ?p ?o FILTER({chain}) }}"
    with pytest.raises(StoreUnavailableError, match="replaced"):
        small_pool.execute(CheckedQuery(text, text, "SELECT"), timeout=30)
    wait_for(lambda: small_pool.stats.workers == 2)
    assert small_pool.stats.crashes == 1
    assert small_pool.ask("ASK { ?s ?p ?o }")


def test_busy_pool_answers_503_not_a_hang(release: Release) -> None:
    with SandboxStore(release.nquads, workers=1, timeout=1.0) as store:
        errors: list[BaseException] = []

        def slow() -> None:
            try:
                store.select(CARTESIAN)
            except BaseException as error:
                errors.append(error)

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.1)
        quick = store.check("SELECT * WHERE { ?s ?p ?o }")
        with pytest.raises(StoreUnavailableError, match="busy"):
            store.execute(quick, timeout=0.3)
        thread.join()
        assert isinstance(errors[0], QueryTimeoutError)
        # a query waiting for a worker gets the replacement of the one that was killed
        assert store.execute(quick).form == "SELECT"


def test_closed_store(release: Release) -> None:
    store = SandboxStore(release.nquads, workers=1)
    process = next(iter(store._idle.queue)).process
    store.close()
    assert not process.is_alive()
    with pytest.raises(StoreUnavailableError):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_missing_or_broken_release(tmp_path: Path) -> None:
    with pytest.raises(DataLoadError, match="aspen build"):
        SandboxStore(tmp_path / "missing.nq")
    broken = tmp_path / "broken.nq"
    broken.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(DataLoadError, match="could not load"):
        SandboxStore(broken, workers=1)


def test_on_disk_store_directory(tmp_path: Path, release: Release) -> None:
    on_disk = ox.Store(str(tmp_path / "store"))
    on_disk.bulk_load(path=str(release.nquads), format=ox.RdfFormat.N_QUADS)
    on_disk.flush()
    del on_disk
    with SandboxStore(tmp_path / "store", workers=1) as store:
        assert len(store) == release.triples


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                received.append(conn.recv(1000))
            except OSError:
                received.append(b"")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], received
    stop.set()
    thread.join()
    server.close()


def test_the_engine_alone_would_call_out(listener: tuple[int, list[bytes]]) -> None:
    """The trap the guard exists for: pyoxigraph follows SERVICE (this proves the listener works)."""
    port, received = listener
    query = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"
    answer(ox.Store(), QueryRequest(query=query))
    wait_for(lambda: len(received) == 1, 5)
    assert b"POST" in received[0] or b"GET" in received[0]
