"""The embedded store: query forms, engine-bound parameters, named graphs, files on disk."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from aspen_graph.errors import (
    AspenError,
    DataLoadError,
    QueryParameterError,
    QuerySyntaxError,
)
from aspen_graph.store import GraphStore, OxigraphStore, Table, open_store

EX = "http://example.org/"
G1 = "http://example.org/graph/one"
G2 = "http://example.org/graph/two"
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
EVIL = 'he said "hi" } UNION { ?s ?p ?o } #'
PREFIX = f"PREFIX ex: <{EX}>\n"


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


def graph(*triples: tuple[URIRef | BNode, URIRef, URIRef | Literal | BNode]) -> Graph:
    g = Graph()
    for triple in triples:
        g.add(triple)
    return g


@pytest.fixture
def store() -> OxigraphStore:
    """Two named graphs: one with ex:a and ex:evil, the other with ex:b."""
    s = open_store()
    s.replace_graph(
        G1,
        graph(
            (ex("a"), ex("p"), Literal("alpha", lang="en")),
            (ex("a"), ex("n"), Literal(1)),
            (ex("evil"), ex("p"), Literal(EVIL)),
        ),
    )
    s.replace_graph(
        G2,
        graph(
            (ex("b"), ex("p"), Literal("beta")),
            (ex("b"), ex("n"), Literal(2)),
            (ex("b"), ex("knows"), ex("a")),
        ),
    )
    return s


def test_it_is_a_graph_store(store: OxigraphStore) -> None:
    assert isinstance(store, GraphStore)
    assert len(open_store()) == 0
    assert len(open_store("memory")) == 0


# --- SELECT -----------------------------------------------------------------------------------


def test_select_sees_the_union_of_named_graphs(store: OxigraphStore) -> None:
    table = store.select(PREFIX + "SELECT ?s ?n WHERE { ?s ex:n ?n } ORDER BY ?n")
    assert table.columns == ("s", "n")
    assert table.rows == [(ex("a"), Literal(1)), (ex("b"), Literal(2))]
    assert table.records() == [{"s": ex("a"), "n": Literal(1)}, {"s": ex("b"), "n": Literal(2)}]
    assert table.column("s") == [ex("a"), ex("b")]
    assert len(table) == 2
    # a join across the two graphs works through the union default graph
    joined = store.select(PREFIX + "SELECT ?label WHERE { ex:b ex:knows ?x . ?x ex:p ?label }")
    assert joined.rows == [(Literal("alpha", lang="en"),)]


def test_select_named_graphs_explicitly(store: OxigraphStore) -> None:
    table = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert sorted((str(g), int(n)) for g, n in table.rows) == [(G1, 3), (G2, 3)]  # type: ignore[call-overload]


def test_select_terms_come_back_as_rdflib_terms(store: OxigraphStore) -> None:
    node = BNode()
    store.replace_graph(
        "http://example.org/graph/terms",
        graph(
            (ex("t"), ex("date"), Literal("2026-11-25", datatype=XSD_DATE)),
            (ex("t"), ex("plain"), Literal("just text")),
            (ex("t"), ex("vi"), Literal("môi trường", lang="vi")),
            (ex("t"), ex("blank"), node),
        ),
    )
    table = store.select(PREFIX + "SELECT ?p ?o WHERE { ex:t ?p ?o } ORDER BY ?p")
    values = {row[0]: row[1] for row in table.rows}
    assert values[ex("date")] == Literal("2026-11-25", datatype=XSD_DATE)
    plain = values[ex("plain")]
    assert plain == Literal("just text")
    assert isinstance(plain, Literal)
    assert plain.datatype is None
    assert values[ex("vi")] == Literal("môi trường", lang="vi")
    assert isinstance(values[ex("blank")], BNode)


def test_unbound_values_are_none(store: OxigraphStore) -> None:
    table = store.select(
        PREFIX + "SELECT ?s ?k WHERE { ?s ex:n ?n OPTIONAL { ?s ex:knows ?k } } ORDER BY ?s"
    )
    assert table.rows == [(ex("a"), None), (ex("b"), ex("a"))]


def test_select_with_bindings(store: OxigraphStore) -> None:
    query = PREFIX + "SELECT ?s ?o WHERE { ?s ex:p ?o } ORDER BY ?s"
    assert store.select(query, bindings={"s": ex("b")}).rows == [(ex("b"), Literal("beta"))]
    assert store.select(query, bindings={"o": Literal("alpha", lang="en")}).rows == [
        (ex("a"), Literal("alpha", lang="en"))
    ]
    # a plain literal does not match a language-tagged one
    assert store.select(query, bindings={"o": Literal("alpha")}).rows == []
    # (parameter variables stay in the projection: the engine binds projected variables)
    numbers = PREFIX + "SELECT ?s ?n WHERE { ?s ex:n ?n }"
    assert store.select(numbers, bindings={"n": Literal(2)}).rows == [(ex("b"), Literal(2))]
    assert store.select(numbers, bindings={"n": Literal("2", datatype=XSD_INTEGER)}).rows == [
        (ex("b"), Literal(2))
    ]
    assert store.select(numbers, bindings={"n": Literal("2")}).rows == []


def test_bindings_are_bound_by_the_engine_not_pasted(store: OxigraphStore) -> None:
    query = PREFIX + "SELECT ?s ?o WHERE { ?s ex:p ?o }"
    # a value with quotes and braces matches exactly the one triple that holds it …
    assert store.select(query, bindings={"o": Literal(EVIL)}).rows == [(ex("evil"), Literal(EVIL))]
    # … and one that would open a UNION if pasted into the text matches nothing
    injection = '" } UNION { ?s ?p ?any } #'
    assert store.select(query, bindings={"o": Literal(injection)}).rows == []
    # an IRI that could close the brackets is refused as a term, never spliced into the text
    with pytest.raises(ValueError, match="Invalid IRI"):
        store.select(query, bindings={"s": URIRef(EX + "x> } UNION { ?s ?p ?any } #")})
    assert store.ask(PREFIX + "ASK { ?s ex:p ?o }", bindings={"o": Literal(injection)}) is False


def test_binding_a_variable_outside_the_projection_is_a_parameter_error(
    store: OxigraphStore,
) -> None:
    with pytest.raises(QueryParameterError, match=r"^cannot bind parameters: "):
        store.select(PREFIX + "SELECT ?s WHERE { ?s ex:n ?n }", bindings={"n": Literal(2)})


# --- ASK, CONSTRUCT, DESCRIBE -----------------------------------------------------------------


def test_ask(store: OxigraphStore) -> None:
    assert store.ask(PREFIX + "ASK { ex:b ex:knows ex:a }") is True
    assert store.ask(PREFIX + "ASK { ex:a ex:knows ex:b }") is False
    assert store.ask(PREFIX + "ASK { ?x ex:knows ex:a }", bindings={"x": ex("b")}) is True
    assert store.ask(PREFIX + "ASK { ?x ex:knows ex:a }", bindings={"x": ex("a")}) is False


def test_construct(store: OxigraphStore) -> None:
    query = PREFIX + "CONSTRUCT { ?s ex:label ?o } WHERE { ?s ex:p ?o }"
    got = store.construct(query)
    assert set(got) == {
        (ex("a"), ex("label"), Literal("alpha", lang="en")),
        (ex("evil"), ex("label"), Literal(EVIL)),
        (ex("b"), ex("label"), Literal("beta")),
    }
    bound = store.construct(query, bindings={"s": ex("b")})
    assert set(bound) == {(ex("b"), ex("label"), Literal("beta"))}


def test_describe(store: OxigraphStore) -> None:
    got = store.construct(f"DESCRIBE <{EX}b>")
    assert set(got) == {
        (ex("b"), ex("p"), Literal("beta")),
        (ex("b"), ex("n"), Literal(2)),
        (ex("b"), ex("knows"), ex("a")),
    }


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "SELEC ?s WHERE { ?s ?p ?o }",
        "SELECT ?s WHERE { ?s ?p ?o ",
        "SELECT ?s WHERE { ?s nope:p ?o }",
    ],
)
def test_syntax_error(store: OxigraphStore, query: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        store.select(query)
    assert isinstance(caught.value, SyntaxError)
    assert isinstance(caught.value, AspenError)
    assert str(caught.value)


def test_wrong_query_form(store: OxigraphStore) -> None:
    with pytest.raises(QuerySyntaxError, match=r"^expected a SELECT query$"):
        store.select("ASK { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError, match=r"^expected a SELECT query$"):
        store.select("CONSTRUCT WHERE { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError, match=r"^expected an ASK query$"):
        store.ask("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError, match=r"^expected a CONSTRUCT or DESCRIBE query$"):
        store.construct("SELECT * WHERE { ?s ?p ?o }")


# --- named graphs -----------------------------------------------------------------------------


def test_graph_sizes_and_length(store: OxigraphStore) -> None:
    assert store.graph_sizes() == {G1: 3, G2: 3}
    assert len(store) == 6


def test_replace_graph_replaces_only_that_graph(store: OxigraphStore) -> None:
    store.replace_graph(G1, graph((ex("c"), ex("p"), Literal("gamma"))))
    assert store.graph_sizes() == {G1: 1, G2: 3}
    labels = store.select(PREFIX + "SELECT ?o WHERE { ?s ex:p ?o } ORDER BY ?o").column("o")
    assert labels == [Literal("beta"), Literal("gamma")]
    store.replace_graph(G1, Graph())
    assert store.graph_sizes() == {G2: 3}
    assert len(store) == 3


def test_same_triple_in_two_graphs_is_two_quads(store: OxigraphStore) -> None:
    store.replace_graph(G1, graph((ex("b"), ex("p"), Literal("beta"))))
    assert store.graph_sizes() == {G1: 1, G2: 3}
    assert len(store) == 4


def test_union_default_graph_repeats_a_triple_held_in_two_graphs(store: OxigraphStore) -> None:
    """pyoxigraph 0.5 merges the named graphs as a multiset (oxigraph#1919; Virtuoso does the
    same): the store cannot show a triple held twice once, so nothing the project loads holds
    one twice (the build's and the import's QC query triple-in-two-graphs, and
    :meth:`construct_into`). Should an engine merge them as a set, this says so."""
    store.replace_graph(G1, graph((ex("b"), ex("p"), Literal("beta"))))
    rows = store.select(PREFIX + 'SELECT ?s WHERE { ?s ex:p "beta" }').rows
    assert rows == [(ex("b"),), (ex("b"),)]


def test_derivation_adds_no_triple_another_graph_states(store: OxigraphStore) -> None:
    """A derived triple that a named graph already states is not copied into the derived
    graph: the union default graph then holds each triple once, and counts over it are counts
    over the set of triples (here, by rdflib, of the store's every named graph)."""
    rule = PREFIX + 'CONSTRUCT { ?s ex:p "beta" . ?s ex:q "new" } WHERE { ?s ex:n 2 }'
    derived = f"{EX}graph/derived"
    store.construct_into(rule, derived)
    store.construct_into(rule, derived)  # a second round adds nothing either
    assert store.graph_size(derived) == 1
    rows = store.select(PREFIX + 'SELECT ?s WHERE { ?s ex:p "beta" }').rows
    assert rows == [(ex("b"),)]
    dataset = Dataset()
    dataset.parse(data=store.dump_nquads(), format="nquads")
    triples = {(s, p, o) for s, p, o, _ in dataset.quads()}
    (count,) = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]
    assert int(str(count)) == len(triples) == 7


def test_replace_graph_that_fails_leaves_old_content(store: OxigraphStore) -> None:
    with pytest.raises(DataLoadError):
        store.replace_graph(G1, graph((URIRef("relative"), ex("p"), Literal("x"))))
    assert store.graph_sizes() == {G1: 3, G2: 3}


def test_load_ntriples_error_names_the_graph() -> None:
    s = open_store()
    with pytest.raises(DataLoadError) as caught:
        s.load_ntriples(G1, b"<http://a> <http://b> .\n")
    assert str(caught.value).startswith(f"{G1}: ")
    assert len(s) == 0


# --- files ------------------------------------------------------------------------------------

NQUADS = (
    f'<{EX}a> <{EX}p> "alpha"@en <{G1}> .\n'
    f'<{EX}a> <{EX}n> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <{G1}> .\n'
    f'<{EX}b> <{EX}p> "beta" <{G2}> .\n'
)


def test_load_dataset_nquads(tmp_path: Path) -> None:
    path = tmp_path / "release.nq"
    path.write_text(NQUADS, encoding="utf-8")
    s = open_store()
    s.load_dataset(path)
    assert s.graph_sizes() == {G1: 2, G2: 1}
    assert s.select(f"SELECT ?o WHERE {{ <{EX}a> <{EX}n> ?o }}").rows == [(Literal(1),)]


def test_load_dataset_trig(tmp_path: Path) -> None:
    path = tmp_path / "release.trig"
    path.write_text(
        f'PREFIX ex: <{EX}>\n<{G1}> {{ ex:a ex:p "alpha"@en ; ex:n 1 . }}\n'
        f'<{G2}> {{ ex:b ex:p "beta" . }}\n',
        encoding="utf-8",
    )
    s = open_store()
    s.load_dataset(path)
    assert s.graph_sizes() == {G1: 2, G2: 1}


def test_load_dataset_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.nq"
    path.write_text(NQUADS + f"<{EX}c> <{EX}p> .\n", encoding="utf-8")
    with pytest.raises(DataLoadError) as caught:
        open_store().load_dataset(path)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_dump_nquads_round_trips(store: OxigraphStore, tmp_path: Path) -> None:
    path = tmp_path / "dump.nq"
    path.write_bytes(store.dump_nquads())
    again = open_store()
    again.load_dataset(path)
    assert again.graph_sizes() == store.graph_sizes()
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    assert again.select(query).rows == store.select(query).rows


def test_on_disk_store_persists_and_opens_read_only(tmp_path: Path) -> None:
    location = tmp_path / "db"
    writer = open_store(location)
    writer.replace_graph(G1, graph((ex("a"), ex("p"), Literal("alpha", lang="en"))))
    writer.replace_graph(G2, graph((ex("b"), ex("p"), Literal("beta"))))
    writer.close()
    assert writer.path == location
    del writer
    gc.collect()

    reader = open_store(location, read_only=True)
    assert reader.graph_sizes() == {G1: 1, G2: 1}
    assert reader.select(PREFIX + "SELECT ?o WHERE { ex:a ex:p ?o }").rows == [
        (Literal("alpha", lang="en"),)
    ]
    with pytest.raises((AspenError, RuntimeError, OSError)):
        reader.replace_graph(G1, graph((ex("z"), ex("p"), Literal("zeta"))))
    with pytest.raises((AspenError, RuntimeError, OSError)):
        reader.load_ntriples(G2, f'<{EX}z> <{EX}p> "zeta" .\n'.encode())
    assert reader.graph_sizes() == {G1: 1, G2: 1}


def test_read_only_store_closes(tmp_path: Path) -> None:
    location = tmp_path / "db"
    writer = open_store(location)
    writer.replace_graph(G1, graph((ex("a"), ex("p"), Literal("alpha"))))
    writer.close()
    del writer
    gc.collect()
    reader = open_store(location, read_only=True)
    reader.close()  # nothing to flush: closing a read-only store must not try to write
    # the database is as the writer left it, and opens for writing again
    again = open_store(location)
    assert again.graph_sizes() == {G1: 1}
    assert again.select(f"SELECT ?o WHERE {{ <{EX}a> <{EX}p> ?o }}").rows == [(Literal("alpha"),)]


def test_on_disk_store_reopens_for_writing(tmp_path: Path) -> None:
    location = tmp_path / "db"
    first = OxigraphStore(location)
    first.replace_graph(G1, graph((ex("a"), ex("p"), Literal("alpha"))))
    first.close()
    del first
    gc.collect()
    second = OxigraphStore(location)
    second.replace_graph(G2, graph((ex("b"), ex("p"), Literal("beta"))))
    assert second.graph_sizes() == {G1: 1, G2: 1}
    second.close()


def test_table_defaults() -> None:
    empty = Table(("x",))
    assert empty.rows == []
    assert len(empty) == 0
    assert empty.records() == []
    assert list(empty) == []
