"""The ORDER BY rewrite (``aspen_graph.store.order_by``) keeps every answer of the W3C SPARQL
ORDER BY tests (data-r2/sort, tests/fixtures/w3c-sort/) and stops pyoxigraph's panic."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import XSD
from rdflib.term import Node

from aspen_graph.store import OxigraphStore
from aspen_graph.store.order_by import total_order_by
from aspen_graph.store.worker import QueryRequest, answer

SORT = Path(__file__).resolve().parents[1] / "fixtures" / "w3c-sort"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "oxigraph-order-by-panic.nq"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
JSON_RESULTS = "application/sparql-results+json"

Row = tuple[str | None, ...]
RDF_10_ORDER = {"sort-11"}
"""Tests of an RDF 1.0 order: "Alice" before "Alice"^^xsd:string, one term since RDF 1.1."""


def manifest_tests() -> list[tuple[str, Path, Path, Path]]:
    """(name, query, data, expected result) of every entry of both sort manifests."""
    tests = []
    for name in ("manifest.ttl", "extended-manifest.ttl"):
        path = SORT / name
        graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
        for manifest in graph.subjects(MF.entries, None):
            for entry in Collection(graph, graph.value(manifest, MF.entries)):
                action = graph.value(entry, MF.action)
                query, data = graph.value(action, QT.query), graph.value(action, QT.data)
                result = graph.value(entry, MF.result)
                tests.append(
                    (
                        str(graph.value(entry, MF.name)),
                        SORT / Path(str(query)).name,
                        SORT / Path(str(data)).name,
                        SORT / Path(str(result)).name,
                    )
                )
    return sorted(tests)


def text(term: Node | None) -> str | None:
    """A term as N-Triples, blank nodes as ``_:`` (their labels mean nothing across stores),
    literals by value where the lexical form may differ (``1.0e5`` and ``100000.0``)."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        if term.datatype == XSD.string:
            term = Literal(str(term))
        elif term.datatype is not None and term.value is not None:
            term = Literal(term.value, datatype=term.datatype)
    return term.n3()


def expected_rows(path: Path) -> tuple[list[str], list[Row]]:
    graph = Graph().parse(path, format="xml" if path.suffix == ".rdf" else "turtle")
    result = next(iter(graph.subjects(RS.resultVariable, None)))
    names = sorted(str(v) for v in graph.objects(result, RS.resultVariable))
    solutions = []
    for solution in graph.objects(result, RS.solution):
        index = graph.value(solution, RS["index"])
        values = {
            str(graph.value(b, RS.variable)): graph.value(b, RS.value)
            for b in graph.objects(solution, RS.binding)
        }
        solutions.append((int(index) if index is not None else 0, values))
    solutions.sort(key=lambda pair: pair[0])
    return names, [tuple(text(values.get(n)) for n in names) for _, values in solutions]


def rows_of(engine: OxigraphStore, query: str, names: list[str]) -> list[Row]:
    """The answer as the server's workers make it (:func:`answer`), parsed back."""
    body = answer(engine.engine, QueryRequest(query, result_type=JSON_RESULTS)).body
    document = json.loads(body)
    rows = []
    for binding in document["results"]["bindings"]:
        row = []
        for name in names:
            value = binding.get(name)
            if value is None:
                row.append(None)
            elif value["type"] == "uri":
                row.append(URIRef(value["value"]).n3())
            elif value["type"] == "bnode":
                row.append("_:")
            else:
                datatype = value.get("datatype")
                literal = Literal(
                    value["value"],
                    lang=value.get("xml:lang"),
                    datatype=URIRef(datatype) if datatype else None,
                )
                row.append(text(literal))
        rows.append(tuple(row))
    return rows


@pytest.mark.parametrize(("name", "query", "data", "result"), manifest_tests())
def test_w3c_sort_answers_stay_the_same(name: str, query: Path, data: Path, result: Path) -> None:
    engine = OxigraphStore()
    engine.replace_graph("http://example.org/g", Graph().parse(data, format="turtle"))
    names, expected = expected_rows(result)
    text_ = query.read_text(encoding="utf-8")
    rewritten = total_order_by(text_)
    assert rewritten != text_ or "ORDER BY ?" not in text_.upper()
    original = rows_of(engine, text_, names)
    assert rows_of(engine, rewritten, names) == original  # the same rows in the same order
    if name in RDF_10_ORDER:
        assert sorted(original, key=repr) == sorted(expected, key=repr)
    else:
        assert original == expected


def test_all_w3c_sort_tests_are_run() -> None:
    assert len(manifest_tests()) == 15


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o",
        "SELECT ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o)",
        "SELECT ?s ?o WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?z } } ORDER BY ASC(?o) ?s",
    ],
)
def test_the_rewrite_sorts_the_panic_fixture(query: str) -> None:
    """In process: without the rewrite this aborts the test run (tests/api/test_engine_panic)."""
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.N_QUADS)
    solutions = store.query(total_order_by(query), use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    values = [solution["o"] for solution in solutions]
    unordered = store.query(query.partition(" ORDER BY")[0], use_default_graph_as_union=True)
    assert isinstance(unordered, ox.QuerySolutions)
    assert sorted(map(str, values)) == sorted(str(solution["o"]) for solution in unordered)
    if "DESC" in query:
        values.reverse()
    numbers = [v for v in values if isinstance(v, ox.Literal) and v.value.lstrip("-").isdigit()]
    kinds = [type(v).__name__ for v in values]
    # SPARQL's order between kinds: blank nodes, then IRIs, then literals
    assert kinds == sorted(kinds, key=["BlankNode", "NamedNode", "Literal"].index)
    typed = [v for v in numbers if v.datatype == ox.NamedNode(str(XSD.integer))]
    assert [int(v.value) for v in typed] == sorted(int(v.value) for v in typed)
