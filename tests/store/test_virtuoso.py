"""What the remote store does where Virtuoso differs from the standard, on a real Virtuoso.

One Virtuoso for the module (tests/virtuoso_server.py), started with ``ResultSetMaxRows`` 50 so
that its silent cut can be seen, and loaded once: ``urn:aspen:small`` (3 triples, one an
``xsd:boolean``), ``urn:aspen:rows`` (60 triples) and ``urn:aspen:chunked`` (a graph larger than
one ``INSERT DATA`` Virtuoso parses, with blank nodes that join triples far apart in it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import XSD, BNode, Literal, URIRef

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.errors import QueryRefusedError, StoreUnavailableError
from aspen_graph.store import RemoteStore
from aspen_graph.store.remote_endpoints import store_auth
from aspen_graph.store.remote_updates import INSERT_DATA_TRIPLES, replace_graph_update
from virtuoso_server import VirtuosoServer

ROOT = Path(__file__).resolve().parents[2]
EX = "http://example.org/"
SMALL, ROWS, CHUNKED = "urn:aspen:small", "urn:aspen:rows", "urn:aspen:chunked"
CHAINS = 1_500
"""Blank-node chains in the chunked graph: each ``_:cN`` is the object of one triple near the
start and the subject of one near the end, so two ``INSERT DATA`` halves would split it."""
SEQUENCE = "aspen_guard"
"""A Virtuoso sequence that a bif:/sql: call in a query would advance (the guard tests' probe)."""


def chunked_ntriples() -> str:
    heads = [f"<{EX}a{i}> <{EX}next> _:c{i} .\n" for i in range(CHAINS)]
    tails = [f'_:c{i} <{EX}value> "{i}" .\n' for i in range(CHAINS)]
    return "".join(heads + tails)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso-store"), max_rows=50).start()
    try:
        small = (
            f'<{EX}s> <{EX}flag> "true"^^<{XSD}boolean> .\n'
            f'<{EX}s> <{EX}label> "s"@en .\n'
            f"<{EX}s> <{EX}p> <{EX}o> .\n"
        )
        rows = "".join(f"<{EX}r{i}> <{EX}p> {i} .\n" for i in range(60))
        with server.store(probe=False) as store:
            for graph, ntriples in ((SMALL, small), (ROWS, rows), (CHUNKED, chunked_ntriples())):
                store.update(replace_graph_update(graph, ntriples), timeout=120.0)
        server.sql(f"sequence_set('{SEQUENCE}', 0, 0)")
        server.sql(
            "CREATE PROCEDURE DB.DBA.ASPEN_TOUCH () { return sequence_next('" + SEQUENCE + "'); }"
        )
        server.sql('GRANT EXECUTE ON DB.DBA.ASPEN_TOUCH TO "SPARQL"')
        yield server
    finally:  # also when the set-up above fails
        server.stop()


@pytest.fixture
def store(virtuoso: VirtuosoServer) -> Iterator[RemoteStore]:
    with virtuoso.store(timeout=30.0) as remote:
        yield remote


def sequence_value(server: VirtuosoServer) -> int:
    """The probe sequence's current value, read through SQL (mode 2 reads without changing)."""
    output = server.sql(f"SELECT sequence_set('{SEQUENCE}', 0, 2)")
    numbers = [line.strip() for line in output.splitlines() if line.strip().isdigit()]
    return int(numbers[-1])


def test_it_is_found_to_be_virtuoso_and_its_system_graphs_are_left_out(
    store: RemoteStore,
) -> None:
    assert store.virtuoso
    expected = {SMALL: 3, ROWS: 60, CHUNKED: 2 * CHAINS}
    assert store.graph_sizes() == expected
    assert len(store) == sum(expected.values())
    # Without the dataset the remote store sends, these would include Virtuoso's own graphs.
    count = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(str(count)) == sum(expected.values())
    names = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert {str(row[0]) for row in names} == set(expected)


def test_a_graph_larger_than_one_insert_keeps_its_blank_nodes_whole(store: RemoteStore) -> None:
    assert 2 * CHAINS > INSERT_DATA_TRIPLES  # the graph was sent as several operations
    table = store.select(
        f"""SELECT (COUNT(DISTINCT ?c) AS ?chains) (COUNT(*) AS ?joined) WHERE {{
          GRAPH <{CHUNKED}> {{ ?a <{EX}next> ?c . ?c <{EX}value> ?v }} }}"""
    )
    chains, joined = (int(str(value)) for value in table.rows[0])
    assert (chains, joined) == (CHAINS, CHAINS)


def test_ask_answers_are_booleans(store: RemoteStore) -> None:
    # Virtuoso 7.2 sends ASK as a one-column table; the store reads it as the boolean it is.
    assert store.ask(f"ASK {{ <{EX}s> <{EX}p> <{EX}o> }}") is True
    assert store.ask(f"ASK {{ <{EX}s> <{EX}p> <{EX}nothing> }}") is False


def test_booleans_come_back_as_written(store: RemoteStore) -> None:
    # Virtuoso returns "true"^^xsd:boolean as "1"^^xsd:boolean.
    table = store.select(f"SELECT ?flag WHERE {{ <{EX}s> <{EX}flag> ?flag }}")
    assert table.rows == [(Literal("true", datatype=XSD.boolean),)]
    graph = store.construct(f"CONSTRUCT {{ ?s <{EX}flag> ?f }} WHERE {{ ?s <{EX}flag> ?f }}")
    assert set(graph) == {(URIRef(f"{EX}s"), URIRef(f"{EX}flag"), Literal(True))}
    assert not isinstance(graph.value(URIRef(f"{EX}s"), URIRef(f"{EX}flag")), BNode)


def test_an_answer_resultsetmaxrows_cut_is_refused_not_served(virtuoso: VirtuosoServer) -> None:
    query = f"SELECT ?s ?n WHERE {{ GRAPH <{ROWS}> {{ ?s <{EX}p> ?n }} }}"
    with virtuoso.store(max_results=1_000) as store:
        with pytest.raises(QueryRefusedError, match=r"cut the answer at 50 rows.*ResultSetMaxRows"):
            store.select(query)
        assert len(store.select(query + " LIMIT 49").rows) == 49  # under the cap: whole
    beyond = pytest.raises(QueryRefusedError, match=r"more than 40 rows")  # our own limit
    with virtuoso.store(max_results=40) as store, beyond:
        store.select(query)


def test_digest_auth_on_sparql_auth(virtuoso: VirtuosoServer) -> None:
    endpoint = virtuoso.url + "-auth"  # /sparql-auth asks for HTTP Digest
    good = store_auth(Settings(store_user="dba", store_password="dba"))
    with RemoteStore(endpoint, endpoint, auth=good, probe=False) as store:
        store.update(f"INSERT DATA {{ GRAPH <urn:aspen:auth> {{ <{EX}a> <{EX}b> <{EX}c> }} }}")
        store.update("DROP SILENT GRAPH <urn:aspen:auth>")
        assert store.ask(f"ASK {{ <{EX}s> <{EX}p> <{EX}o> }}")
    bad = store_auth(Settings(store_user="dba", store_password="wrong"))
    refused = pytest.raises(StoreUnavailableError, match="refused our credentials")
    with RemoteStore(endpoint, endpoint, auth=bad, probe=False) as store, refused:
        store.ask("ASK {}")


EXTENSIONS = {
    "bif, prefix undeclared": f"SELECT (bif:sequence_next('{SEQUENCE}') AS ?n) {{}}",
    "bif, prefix declared": (f"PREFIX b: <bif:> SELECT (b:sequence_next('{SEQUENCE}') AS ?n) {{}}"),
    "bif, full IRI": (
        f"SELECT (<http://www.openlinksw.com/schemas/bif#sequence_next>('{SEQUENCE}') AS ?n) {{}}"
    ),
    "bif, through BASE": (
        "BASE <http://www.openlinksw.com/schemas/> "
        f"SELECT (<bif#sequence_next>('{SEQUENCE}') AS ?n) {{}}"
    ),
    "sql procedure": "SELECT (sql:ASPEN_TOUCH() AS ?n) {}",
    "sql procedure, IRI": "SELECT (<sql:ASPEN_TOUCH>() AS ?n) {}",
    "DEFINE pragma": (
        "DEFINE input:default-graph-uri <urn:aspen:small> "
        f"SELECT (bif:sequence_next('{SEQUENCE}') AS ?n) {{}}"
    ),
    "DEFINE, standard body": "DEFINE sql:signal-void-variables 0 SELECT * { ?s ?p ?o } LIMIT 1",
    "LOAD": "LOAD <file:///etc/hostname> INTO GRAPH <urn:aspen:loaded>",
    "OPTION clause": "SELECT * WHERE { ?s ?p ?o } LIMIT 1 OPTION (QUIETCAST)",
}


def test_store_extensions_never_reach_virtuoso(virtuoso: VirtuosoServer, tmp_path: Path) -> None:
    before = sequence_value(virtuoso)
    settings = Settings(root=ROOT, dist_dir=tmp_path / "no-dist", store=virtuoso.url)
    with TestClient(create_app(settings)) as client:
        for name, query in EXTENSIONS.items():
            answer = client.get("/sparql", params={"query": query})
            assert answer.status_code == 400, (name, answer.status_code, answer.text)
            posted = client.post("/sparql", data={"query": query})
            assert posted.status_code == 400, (name, posted.status_code, posted.text)
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    assert sequence_value(virtuoso) == before  # no bif:/sql: call ran
    with virtuoso.store() as store:
        assert "urn:aspen:loaded" not in store.graph_sizes()
    # The probe sees a call that does reach Virtuoso (sent here directly, past the guard).
    direct = httpx.post(virtuoso.url, data={"query": EXTENSIONS["sql procedure"]}, timeout=30)
    assert direct.status_code == 200
    assert sequence_value(virtuoso) == before + 1
