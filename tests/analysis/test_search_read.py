"""The search index's read (two plain queries joined in Python) gives the index the grouped
rows would: the rows ``search-labels.rq`` once grouped (one per resource, property, text and
plan, with the resource's types), derived here with rdflib over the union of the graphs as a
set, and the index built from each compared table by table, row by row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Literal, URIRef

from aspen_graph.analysis import SearchIndex, load_search_index
from aspen_graph.analysis.search import search_rows
from aspen_graph.config import Settings
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore, SandboxStore, open_store

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCT = "http://purl.org/dc/terms/"
ASPEN = "https://w3id.org/aspen/ont/"
ID = "https://w3id.org/aspen/id/test/"
LABEL_PROPERTIES = frozenset(
    URIRef(p)
    for p in (
        f"{RDFS}label",
        f"{SKOS}prefLabel",
        f"{SKOS}altLabel",
        f"{SKOS}notation",
        f"{DCT}identifier",
        f"{DCT}title",
    )
)
LANGUAGES = ("en", "vi", "th", "km", "lo", "my", "id", "ms", "fil", "")


def _fixture_quads() -> str:
    """Resources with many labels in many languages: two preferred labels in one language (a
    tie), several types and plans, a triple held in two graphs, a reified link (skipped by
    the index), a blank node and a typed literal (not read)."""
    lines = []
    for n in range(12):
        iri = f"<{ID}r{n:02d}>"
        graph = f"<{ID}g{n % 3}>"
        for k, lang in enumerate(LANGUAGES[: 3 + n % 8]):
            tag = f"@{lang}" if lang else ""
            lines.append(f'{iri} <{SKOS}prefLabel> "Thing {n} in {lang or "plain"}"{tag} {graph} .')
            lines.append(f'{iri} <{SKOS}altLabel> "Alias {n}.{k} ô nhiễm"{tag} {graph} .')
            lines.append(f'{iri} <{RDFS}label> "Label {n} {lang}"{tag} {graph} .')
        lines.append(f'{iri} <{SKOS}prefLabel> "Another {n} in en"@en {graph} .')  # a tie
        lines.append(f'{iri} <{SKOS}notation> "R-{n:02d}" {graph} .')
        lines.append(f'{iri} <{DCT}identifier> "r{n}" {graph} .')
        lines.append(f'{iri} <{DCT}title> "Title {n}"@en <{ID}other> .')  # a second graph
        lines.append(f'{iri} <{SKOS}notation> "R-{n:02d}" <{ID}other> .')  # in two graphs
        lines.append(f"{iri} <{RDF}type> <{SKOS}Concept> {graph} .")
        lines.append(f"{iri} <{RDF}type> <{ASPEN}Kind{n % 4}> {graph} .")
        if n % 3:
            lines.append(f"{iri} <{ASPEN}partOfPlan> <{ID}plan{n % 2}> {graph} .")
        if n % 5 == 0:
            lines.append(f"{iri} <{ASPEN}partOfPlan> <{ID}plan9> <{ID}other> .")  # two plans
    lines.append(f'<{ID}link> <{RDFS}label> "x → y"@en <{ID}g0> .')
    lines.append(f"<{ID}link> <{RDF}type> <{ASPEN}Alignment> <{ID}g0> .")
    lines.append(f'_:b <{RDFS}label> "a blank node"@en <{ID}g0> .')
    lines.append(f'<{ID}untyped> <{RDFS}label> "untyped and planless"@en <{ID}g1> .')
    lines.append(f'<{ID}untyped> <{RDFS}label> "untyped and planless"@en <{ID}g2> .')
    return "\n".join(lines) + "\n"


def grouped_rows(path: Path) -> list[dict[str, str]]:
    """What the grouped ``search-labels.rq`` answered, by rdflib: a row per resource,
    property, text and plan (none: ""), the resource's types joined; sorted by resource."""
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    triples = {(s, p, o) for s, p, o, _ in dataset.quads()}  # the default graph: a set
    types: dict[str, set[str]] = defaultdict(set)
    plans: dict[str, set[str]] = defaultdict(set)
    for s, p, o in triples:
        if p == RDF.type and isinstance(o, URIRef):
            types[str(s)].add(str(o))
        if p == URIRef(f"{ASPEN}partOfPlan"):
            plans[str(s)].add(str(o))
    rows = []
    for s, p, o in triples:
        if p in LABEL_PROPERTIES and isinstance(s, URIRef) and isinstance(o, Literal):
            for plan in sorted(plans[str(s)]) or [""]:
                rows.append(
                    {
                        "resource": str(s),
                        "property": str(p),
                        "text": str(o),
                        "lang": o.language or "",
                        "plan": plan,
                        "types": " ".join(sorted(types[str(s)])),
                    }
                )
    return sorted(rows, key=lambda r: (r["resource"], r["property"], r["text"], r["lang"]))


def content(index: SearchIndex) -> tuple[list[object], list[object], list[object]]:
    """The index's entries, its FTS5 table (rowid, text, resource) and its codes table."""
    entries: list[object] = [(e.iri, e.kind, e.plan, e.code, e.labels) for e in index.entries]
    iri = [e.iri for e in index.entries]
    labels: list[object] = [
        (rowid, text, iri[doc])
        for rowid, text, doc in index._db.execute("SELECT rowid, text, doc FROM labels")
    ]
    codes: list[object] = [
        (key, iri[doc]) for key, doc in index._db.execute("SELECT key, doc FROM codes")
    ]
    return entries, labels, codes


@pytest.fixture(scope="module")
def fixture_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search-read") / "aspen.nq"
    path.write_text(_fixture_quads(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fixture_pool(fixture_release: Path) -> Iterator[SandboxStore]:
    with SandboxStore(fixture_release, workers=1, timeout=30.0, max_results=5) as pool:
        yield pool


def _embedded(path: Path) -> OxigraphStore:
    store = open_store()
    store.load_dataset(path)
    return store


def test_the_fixture_index_equals_the_grouped_rows_index(
    fixture_release: Path, fixture_pool: SandboxStore, catalog: QueryCatalog
) -> None:
    expected = grouped_rows(fixture_release)
    assert len({r["lang"] for r in expected}) == len(LANGUAGES)
    wanted = content(SearchIndex(expected))
    assert content(load_search_index(_embedded(fixture_release), catalog)) == wanted
    assert content(load_search_index(fixture_pool, catalog)) == wanted  # past max_results
    entries = {e[0]: e for e in wanted[0]}  # type: ignore[index]
    # the tie of two English preferred labels: the lesser text, whatever the order
    assert entries[f"{ID}r00"][4]["en"] == "Another 0 in en"  # type: ignore[index]
    assert entries[f"{ID}r05"][2] == f"{ID}plan1"  # plan1 and plan9: the lesser
    assert f"{ID}link" not in entries and f"{ID}untyped" in entries
    # the same index from the grouped rows in any order (resources first seen sorted)
    shuffled = sorted(expected, key=lambda r: (r["resource"], r["text"][::-1], r["plan"][::-1]))
    assert content(SearchIndex(shuffled)) == wanted


def test_rows_are_each_triple_once(fixture_release: Path, catalog: QueryCatalog) -> None:
    """A label triple held in two graphs is one row (the union default graph repeats it)."""
    rows = search_rows(_embedded(fixture_release), catalog)
    keys = [(r["resource"], r["property"], r["text"], r["lang"]) for r in rows]
    assert keys == sorted(set(keys))
    expected = {
        (r["resource"], r["property"], r["text"], r["lang"]) for r in grouped_rows(fixture_release)
    }
    assert set(keys) == expected


@pytest.mark.slow
def test_the_shipped_index_equals_the_grouped_rows_index(
    built: Settings, catalog: QueryCatalog
) -> None:
    release = built.dist / "aspen.nq"
    wanted = content(SearchIndex(grouped_rows(release)))
    assert len(wanted[1]) > 1000
    assert content(load_search_index(_embedded(release), catalog)) == wanted
