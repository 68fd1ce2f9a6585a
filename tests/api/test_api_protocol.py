"""SPARQL 1.1 Protocol on /sparql: every request form × every result format, parsed back and
compared with the answer read off the fixture data; negotiation, validators, cache, dataset, CORS."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable

import httpx
import pytest
from api_release import EX, G_LINKS, G_THINGS, Release, fixture_quads
from fastapi.testclient import TestClient
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD
from rdflib.query import Result
from rdflib.term import Node

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.namespaces import SD
from aspen_graph.store import SandboxStore

SELECT = """PREFIX ex: <http://example.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?thing ?rank ?label ?value ?comment WHERE {
  ?thing ex:rank ?rank .
  OPTIONAL { ?thing rdfs:label ?label FILTER(LANG(?label) = "vi") }
  OPTIONAL { ?thing ex:value ?value }
  OPTIONAL { ?thing ex:note/rdfs:comment ?comment }
} ORDER BY ?rank"""
ASK_TRUE = "ASK { ?s a <https://schema.org/Thing> }"
ASK_FALSE = "ASK { ?s a <http://example.org/Nothing> }"
CONSTRUCT = (
    """CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <http://example.org/graph/links> { ?s ?p ?o } }"""
)
DESCRIBE = "DESCRIBE <http://example.org/thing0>"

Send = Callable[[TestClient, str, str], httpx.Response]


def send_get(client: TestClient, query: str, accept: str) -> httpx.Response:
    return client.get("/sparql", params={"query": query}, headers={"Accept": accept})


def send_form(client: TestClient, query: str, accept: str) -> httpx.Response:
    return client.post("/sparql", data={"query": query}, headers={"Accept": accept})


def send_direct(client: TestClient, query: str, accept: str) -> httpx.Response:
    return client.post(
        "/sparql",
        content=query.encode("utf-8"),
        headers={"Accept": accept, "Content-Type": "application/sparql-query"},
    )


FORMS: dict[str, Send] = {"get": send_get, "form": send_form, "direct": send_direct}


def _term(binding: dict[str, str]) -> Node:
    kind = binding["type"]
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode()
    lang = binding.get("xml:lang")
    datatype = binding.get("datatype")
    return Literal(binding["value"], lang=lang, datatype=URIRef(datatype) if datatype else None)


def rows_from_json(body: bytes) -> tuple[list[str], list[tuple[Node | None, ...]]]:
    document = json.loads(body)
    columns = document["head"]["vars"]
    rows = [
        tuple(_term(b[c]) if c in b else None for c in columns)
        for b in document["results"]["bindings"]
    ]
    return columns, rows


SR = "{http://www.w3.org/2005/sparql-results#}"


def rows_from_xml(body: bytes) -> tuple[list[str], list[tuple[Node | None, ...]]]:
    root = ET.fromstring(body)
    columns = [v.get("name", "") for v in root.iter(f"{SR}variable")]
    rows = []
    for result in root.iter(f"{SR}result"):
        values: dict[str, Node] = {}
        for binding in result.iter(f"{SR}binding"):
            node = binding[0]
            tag = node.tag.removeprefix(SR)
            if tag == "uri":
                values[binding.get("name", "")] = URIRef(node.text or "")
            elif tag == "literal":
                lang = node.get("{http://www.w3.org/XML/1998/namespace}lang")
                datatype = node.get("datatype")
                values[binding.get("name", "")] = Literal(
                    node.text or "", lang=lang, datatype=URIRef(datatype) if datatype else None
                )
            else:
                values[binding.get("name", "")] = BNode()
        rows.append(tuple(values.get(c) for c in columns))
    return columns, rows


def rows_from_tsv(body: bytes) -> tuple[list[str], list[tuple[Node | None, ...]]]:
    result = Result.parse(io.BytesIO(body), format="tsv")
    columns = [str(v) for v in result.vars or []]
    return columns, [tuple(row) for row in result]  # type: ignore[arg-type]


def text_rows_from_csv(body: bytes) -> tuple[list[str], list[tuple[str, ...]]]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    return rows[0], [tuple(row) for row in rows[1:]]


def expected_rows() -> tuple[list[str], list[tuple[Node | None, ...]]]:
    """SELECT's answer, read off how api_release builds the data: twelve things by rank; the
    first four labelled in Vietnamese, thing1 with a value, thing0 with a note."""
    note = Literal('a note, with "quotes"\nand a new line')
    rows: list[tuple[Node | None, ...]] = [
        (
            URIRef(f"{EX}thing{i}"),
            Literal(str(i), datatype=XSD.integer),
            Literal(f"Vật {i}", lang="vi") if i < 4 else None,
            Literal("1.5", datatype=XSD.decimal) if i == 1 else None,
            note if i == 0 else None,
        )
        for i in range(12)
    ]
    return ["thing", "rank", "label", "value", "comment"], rows


def fixture_dataset() -> Dataset:
    """The fixture release read with rdflib (not with the engine that serves it)."""
    return Dataset().parse(data="\n".join(fixture_quads()), format="nquads")


def expected_graph(query: str) -> Graph:
    """CONSTRUCT: the links graph as written; DESCRIBE thing0: its triples and its note's."""
    data = fixture_dataset()
    if query == CONSTRUCT:
        return _copy(data.triples((None, None, None, URIRef(G_LINKS))))
    thing0 = URIRef(f"{EX}thing0")
    union = _copy(data.quads((None, None, None, None)))
    described = _copy(union.triples((thing0, None, None)))
    for note in union.objects(thing0, URIRef(f"{EX}note")):
        described += _copy(union.triples((note, None, None)))
    return described


def _copy(triples: object) -> Graph:
    graph = Graph()
    for triple in triples:  # type: ignore[attr-defined]
        graph.add(triple[:3])
    return graph


RESULT_PARSERS = {
    "application/sparql-results+json": rows_from_json,
    "application/json": rows_from_json,
    "application/sparql-results+xml": rows_from_xml,
    "text/tab-separated-values": rows_from_tsv,
}
CONTENT_TYPES = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/json": "application/json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "text/tab-separated-values": "text/tab-separated-values; charset=utf-8",
    "text/csv": "text/csv; charset=utf-8",
    "text/turtle": "text/turtle; charset=utf-8",
    "application/n-triples": "application/n-triples",
    "application/ld+json": "application/ld+json",
    "application/rdf+xml": "application/rdf+xml",
    "application/trig": "application/trig",
}


def vary(response: httpx.Response) -> set[str]:
    return {v.strip() for v in response.headers.get("vary", "").split(",")}


def check_headers(response: httpx.Response, accept: str) -> None:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPES[accept]
    assert "Accept" in vary(response)
    assert response.headers["etag"].startswith('W/"')


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("accept", [*RESULT_PARSERS, "text/csv"])
def test_select(client: TestClient, form: str, accept: str) -> None:
    response = FORMS[form](client, SELECT, accept)
    check_headers(response, accept)
    columns, rows = expected_rows()
    if accept == "text/csv":
        got_columns, got_text = text_rows_from_csv(response.content)
        assert got_columns == columns
        assert got_text == [tuple("" if v is None else str(v) for v in row) for row in rows]
        return
    got_columns, got_rows = RESULT_PARSERS[accept](response.content)
    assert got_columns == columns
    assert got_rows == rows
    assert any(v is not None and getattr(v, "language", None) == "vi" for r in rows for v in r)


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("accept", [*RESULT_PARSERS, "text/csv"])
@pytest.mark.parametrize("query", [ASK_TRUE, ASK_FALSE], ids=["true", "false"])
def test_ask(client: TestClient, form: str, accept: str, query: str) -> None:
    expected = query == ASK_TRUE  # the fixture has things, and nothing of ex:Nothing
    response = FORMS[form](client, query, accept)
    check_headers(response, accept)
    if accept in ("application/sparql-results+json", "application/json"):
        assert json.loads(response.content)["boolean"] is expected
    elif accept == "application/sparql-results+xml":
        node = ET.fromstring(response.content).find(f"{SR}boolean")
        assert node is not None and node.text == str(expected).lower()
    else:
        assert response.text.strip().splitlines()[-1] == str(expected).lower()


RDF_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
}


def parse_graph(body: bytes, media_type: str) -> Graph:
    if media_type == "application/trig":
        dataset = Dataset()
        dataset.parse(data=body, format="trig")
        graph = Graph()
        for triple in dataset.triples((None, None, None)):
            graph.add(triple)
        for context in dataset.graphs():
            for triple in context:
                graph.add(triple)
        return graph
    return Graph().parse(data=body, format=RDF_PARSERS[media_type])


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("accept", sorted(RDF_PARSERS))
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_graph_answers(client: TestClient, form: str, accept: str, query: str) -> None:
    response = FORMS[form](client, query, accept)
    check_headers(response, accept)
    graph = parse_graph(response.content, accept)
    assert len(graph) > 0
    assert isomorphic(graph, expected_graph(query))


def test_negotiation_follows_q_values(client: TestClient) -> None:
    accept = "text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1"
    assert (
        send_get(client, ASK_TRUE, accept)
        .headers["content-type"]
        .startswith("application/sparql-results+xml")
    )
    assert send_get(client, ASK_TRUE, "*/*").headers["content-type"] == (
        "application/sparql-results+json"
    )
    assert client.get("/sparql", params={"query": ASK_TRUE}).status_code == 200
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert send_get(client, CONSTRUCT, browser).headers["content-type"].startswith("text/turtle")
    tsv = "text/tab-separated-values;q=0.8, text/*;q=0.5"
    assert send_get(client, SELECT, tsv).headers["content-type"].startswith("text/tab-")


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (SELECT, "text/turtle"),
        (CONSTRUCT, "application/sparql-results+json"),
        (SELECT, "image/png"),
        (SELECT, "text/csv;q=0"),
    ],
)
def test_unacceptable_is_406(client: TestClient, query: str, accept: str) -> None:
    response = send_get(client, query, accept)
    assert response.status_code == 406
    assert "available" in response.json()["detail"]


def test_malformed_accept_is_400(client: TestClient) -> None:
    assert send_get(client, SELECT, "garbage").status_code == 400


@pytest.mark.parametrize("accept", sorted(RDF_PARSERS))
def test_service_description(client: TestClient, accept: str, release: Release) -> None:
    response = client.get("/sparql", headers={"Accept": accept})
    check_headers_sd = response.headers
    assert response.status_code == 200
    assert check_headers_sd["content-type"] == CONTENT_TYPES[accept]
    assert "Accept" in vary(response)
    graph = parse_graph(response.content, accept)
    services = list(graph.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    # The configured public base (as VoID has it), not the Host header of the request.
    assert (services[0], SD.endpoint, URIRef("https://w3id.org/aspen/sparql")) in graph
    assert (services[0], SD.supportedLanguage, SD.SPARQL11Query) in graph
    names = set(graph.objects(None, SD.name))
    assert names == {URIRef(G_THINGS), URIRef(G_LINKS)}
    assert len(set(graph.objects(services[0], SD.resultFormat))) == 9


def test_service_description_is_turtle_by_default(client: TestClient) -> None:
    response = client.get("/sparql")
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    assert client.get("/sparql", headers={"Accept": "text/csv"}).status_code == 406


def test_etag_and_not_modified(client: TestClient) -> None:
    first = send_get(client, SELECT, "text/csv")
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    same = send_get(client, "# a comment\n" + SELECT.replace("\n", "\n  "), "text/csv")
    assert same.headers["etag"] == etag
    assert send_get(client, SELECT, "application/sparql-results+json").headers["etag"] != etag
    not_modified = client.get(
        "/sparql",
        params={"query": SELECT},
        headers={"Accept": "text/csv", "If-None-Match": f'"other", {etag}'},
    )
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    other = client.get(
        "/sparql",
        params={"query": SELECT},
        headers={"Accept": "text/csv", "If-None-Match": 'W/"something-else"'},
    )
    assert other.status_code == 200


def test_result_cache(client: TestClient, sandbox: SandboxStore) -> None:
    cache = client.app.state.aspen.cache  # type: ignore[attr-defined]
    query = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3"
    before = sandbox.stats.queries
    first = send_get(client, query, "text/csv")
    second = send_get(client, query + "  # same", "text/csv")
    assert first.content == second.content
    assert sandbox.stats.queries == before + 1
    assert cache.hits >= 1


def test_result_cache_can_be_switched_off(release: Release, sandbox: SandboxStore) -> None:
    app = create_app(release.settings(result_cache=False), sandbox)
    assert app.state.aspen.cache is None
    with TestClient(app) as client:
        before = sandbox.stats.queries
        send_get(client, ASK_TRUE, "text/csv")
        send_get(client, ASK_TRUE, "text/csv")
        assert sandbox.stats.queries == before + 2


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(json.loads(response.content)["results"]["bindings"][0]["n"]["value"])


def test_dataset_parameters_and_from(client: TestClient, release: Release) -> None:
    assert count(client.get("/sparql", params={"query": COUNT})) == release.triples
    things = client.get("/sparql", params={"query": COUNT, "default-graph-uri": G_THINGS})
    assert count(things) == 40
    both = client.post(
        "/sparql",
        data={"query": COUNT, "default-graph-uri": [G_THINGS, G_LINKS]},
    )
    assert count(both) == release.triples
    direct = client.post(
        f"/sparql?default-graph-uri={G_LINKS}",
        content=COUNT,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert count(direct) == release.triples - 40
    named = client.get(
        "/sparql",
        params={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": G_THINGS,
        },
    )
    assert count(named) == 40
    from_query = f"SELECT (COUNT(*) AS ?n) FROM <{G_THINGS}> WHERE {{ ?s ?p ?o }}"
    assert count(client.get("/sparql", params={"query": from_query})) == 40


def test_cors_is_open_for_reads(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": ASK_TRUE}, headers={"Origin": "https://elsewhere.example"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    refused = client.options(
        "/sparql",
        headers={"Origin": "https://x.example", "Access-Control-Request-Method": "DELETE"},
    )
    assert refused.status_code == 400


def test_charset_utf8_is_accepted(client: TestClient) -> None:
    response = client.post(
        "/sparql",
        content='ASK { ?s ?p "Vật 1"@vi }'.encode(),
        headers={"Content-Type": "application/sparql-query; charset=UTF-8"},
    )
    assert response.status_code == 200
    assert json.loads(response.content)["boolean"] is True


def test_resource_iris_in_answers(client: TestClient) -> None:
    response = send_get(client, f"ASK {{ <{EX}thing0> ?p ?o }}", "text/csv")
    assert response.text.strip() == "true"


def test_openapi_documents_sparql(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operations = spec["paths"]["/sparql"]
    assert set(operations) == {"get", "post"}
    assert {p["name"] for p in operations["get"]["parameters"]} == {
        "query",
        "format",
        "default-graph-uri",
        "named-graph-uri",
    }
    assert "application/sparql-query" in operations["post"]["requestBody"]["content"]


def test_settings_fixture_is_isolated(settings: Settings, release: Release) -> None:
    assert settings.sparql_dir == release.root / "sparql"
