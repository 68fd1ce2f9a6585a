"""The release files parse back to what the store holds: SSSOM to the alignments, JSON-LD and
N-Triples (gzip) to the triples, the CSV tables to their queries."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node
from sssom.parsers import parse_sssom_table
from sssom.validators import validate

from aspen_graph.config import Settings
from aspen_graph.curie import compress
from aspen_graph.publish import context_document, jsonld_context
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore

pytestmark = pytest.mark.slow

Quad = tuple[Node, Node, Node, str]

ALIGNMENTS = """
PREFIX aspen: <https://w3id.org/aspen/ont/>
SELECT ?source ?target WHERE { ?a a aspen:Alignment ; aspen:alignmentSource ?source ; aspen:alignmentTarget ?target }
"""


def test_sssom_download_carries_every_alignment(
    built: Settings, shipped_store: OxigraphStore
) -> None:
    msdf = parse_sssom_table(built.dist / "alignments.sssom.tsv")
    problems = [
        r for report in validate(msdf, fail_on_error=False).values() for r in report.results
    ]
    assert problems == []
    pairs = {(row.subject_id, row.object_id) for row in msdf.df.itertuples()}
    expected = {
        (compress(str(s)), compress(str(t))) for s, t in shipped_store.select(ALIGNMENTS).rows
    }
    assert len(msdf.df) == len(expected) == 134
    assert pairs == expected


def test_jsonld_download_is_the_dataset(built: Settings) -> None:
    document = json.loads((built.dist / "aspen.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == jsonld_context()  # inline, so no processor fetches anything
    from_jsonld = Dataset()
    from_jsonld.parse(data=json.dumps(document), format="json-ld")
    # Compared with the TriG: both are written from the build's graphs. (aspen.nq, the store's
    # dump, holds the same quads: test_nquads_and_trig_hold_the_same_quads.)
    from_trig = Dataset()
    from_trig.parse(built.dist / "aspen.trig", format="trig")
    graphs = {str(g.identifier) for g in from_trig.graphs() if len(g)}
    assert graphs == {str(g.identifier) for g in from_jsonld.graphs() if len(g)}
    for name in graphs:
        assert isomorphic(from_jsonld.graph(URIRef(name)), from_trig.graph(URIRef(name))), name
    nquads = (built.dist / "aspen.nq").read_text(encoding="utf-8").count("\n")
    assert len(list(from_jsonld.quads())) == nquads
    assert json.loads(context_document()) == {"@context": jsonld_context()}
    assert (built.dist / "context.jsonld").read_bytes() == context_document()


def _ground_and_blank(path: Path, fmt: str) -> tuple[set[Quad], dict[str, Graph]]:
    """The file's quads without blank nodes, and per named graph the triples with one."""
    dataset = Dataset()
    dataset.parse(path, format=fmt)
    ground: set[Quad] = set()
    blank: dict[str, Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = str(g.identifier if isinstance(g, Graph) else g)
        if any(isinstance(term, BNode) for term in (s, p, o)):
            blank.setdefault(name, Graph()).add((s, p, o))
        else:
            ground.add((s, p, o, name))
    return ground, blank


@pytest.mark.parametrize("build", ["built", "built_examples"])
def test_nquads_and_trig_hold_the_same_quads(build: str, request: pytest.FixtureRequest) -> None:
    """aspen.nq is the store's dump, aspen.trig is written from the same quads: the same quads,
    literal for literal (same lexical form and datatype -- a whole number written as a subtype
    of xsd:integer would come out of the store as xsd:integer and differ here)."""
    built: Settings = request.getfixturevalue(build)
    nq_ground, nq_blank = _ground_and_blank(built.dist / "aspen.nq", "nquads")
    trig_ground, trig_blank = _ground_and_blank(built.dist / "aspen.trig", "trig")
    only_nq = sorted(map(str, nq_ground - trig_ground))[:5]
    only_trig = sorted(map(str, trig_ground - nq_ground))[:5]
    assert not only_nq and not only_trig, f"only in .nq: {only_nq}; only in .trig: {only_trig}"
    assert len(nq_ground) > 10_000
    assert nq_blank.keys() == trig_blank.keys()
    for name, graph in nq_blank.items():
        assert isomorphic(graph, trig_blank[name]), name


def test_gzip_ntriples_is_the_union(built: Settings, shipped_store: OxigraphStore) -> None:
    data = gzip.decompress((built.dist / "aspen.nt.gz").read_bytes())
    assert data == (built.dist / "aspen.nt").read_bytes()
    union = Graph().parse(data=data, format="nt")
    distinct = shipped_store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    )
    assert len(union) == int(distinct.rows[0][0])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("file", "query"),
    [
        ("alignments.csv", "export/sssom-mappings"),
        ("coverage-by-challenge.csv", "coverage-by-challenge"),
        ("gaps.csv", "gaps-by-challenge"),
    ],
)
def test_csv_tables_are_their_queries(
    built: Settings, shipped_store: OxigraphStore, catalog: QueryCatalog, file: str, query: str
) -> None:
    from aspen_graph.publish.tables import run_table

    with (built.dist / file).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    table = run_table(shipped_store, catalog, query)
    assert tuple(rows[0]) == table.columns
    assert len(rows) - 1 == len(table) > 0


def test_release_files_and_manifest(built: Settings) -> None:
    manifest = json.loads((built.dist / "manifest.json").read_text(encoding="utf-8"))
    for name in (
        "aspen.nq",
        "aspen.trig",
        "aspen.nt",
        "aspen.nt.gz",
        "aspen.jsonld",
        "context.jsonld",
        "alignments.sssom.tsv",
        "alignments.csv",
        "coverage-by-challenge.csv",
        "gaps.csv",
        "ontology.html",
        "void.ttl",
    ):
        assert (built.dist / name).is_file(), name
        assert manifest["files"][name]["bytes"] == (built.dist / name).stat().st_size
    assert manifest["version"] == "dev"
    assert manifest["released_versions"] == []
