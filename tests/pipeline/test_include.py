"""``aspen build --include``: datasets bulk-loaded into the store, and the large-build path
(validation and release files from the store), on the tiny project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import VOID

from aspen_graph.config import Settings
from aspen_graph.errors import DataLoadError
from aspen_graph.namespaces import ASPEN, ASPENID, SDG
from aspen_graph.pipeline import run_build
from aspen_graph.store import OxigraphStore, open_store

EXTRA = "https://w3id.org/aspen/graph/example/extra"
P3 = ASPENID["priority/tiny-p3"]
ALIGNMENT = ASPENID["alignment/priority-tiny-p3--sdg-14.1"]
PLAN = ASPENID["plan/tiny"]
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def quads(graph: str = EXTRA, *, label: bool = True) -> str:
    """A third priority with a +2 alignment to SDG 14.1, as N-Quads in ``graph``."""
    g = f"<{graph}>" if graph else ""
    lines = [
        f"<{P3}> {TYPE} <{ASPEN.StrategicPriority}> {g} .",
        f"<{P3}> <{ASPEN.partOfPlan}> <{PLAN}> {g} .",
        f"<{ALIGNMENT}> {TYPE} <{ASPEN.Alignment}> {g} .",
        f"<{ALIGNMENT}> <{ASPEN.alignmentSource}> <{P3}> {g} .",
        f"<{ALIGNMENT}> <{ASPEN.alignmentTarget}> <{SDG['14.1']}> {g} .",
        f"<{ALIGNMENT}> <{ASPEN.interaction}> <{ASPENID['interaction/reinforcing']}> {g} .",
    ]
    if label:
        lines.append(f'<{P3}> {LABEL} "Tiny priority three"@en {g} .')
    return "\n".join(lines) + "\n"


@pytest.fixture
def tiny_settings(tiny_root: Path) -> Settings:
    return Settings(root=tiny_root, dist_dir=tiny_root / "dist")


def write(tmp_path: Path, text: str, name: str = "extra.nq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def release_store(dist: Path) -> OxigraphStore:
    store = open_store()
    store.load_dataset(dist / "aspen.nq")
    return store


@pytest.mark.parametrize("large_above", [10**9, 0], ids=["small", "large"])
def test_included_graph_is_built_and_derived(
    tiny_settings: Settings, tmp_path: Path, large_above: int
) -> None:
    extra = write(tmp_path, quads())
    plain = run_build(tiny_settings, reason=False, write=False)
    result = run_build(tiny_settings, reason=False, include=[extra], large_above=large_above)
    assert result.ok, [f.describe() for f in result.report.findings]
    assert result.graph_sizes[EXTRA] == 7
    # + the shortcut to 14.1, the roll-up to SDG 14, and their inverses
    assert result.total_triples == plain.total_triples + 7 + 4
    store = release_store(tiny_settings.dist)
    assert store.ask(f"ASK {{ <{P3}> <{ASPEN.contributesTo}> <{SDG['14.1']}> }}")
    assert store.graph_sizes() == result.graph_sizes
    assert bool(result.notes) == (large_above == 0)


def test_large_build_writes_the_same_quads_in_every_format(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    result = run_build(
        tiny_settings, reason=False, include=[write(tmp_path, quads())], large_above=0
    )
    assert result.ok
    dist = tiny_settings.dist
    store = release_store(dist)
    expected = store.graph_sizes()
    for name, fmt in (("aspen.trig", "trig"), ("aspen.jsonld", "json-ld")):
        dataset = Dataset()
        dataset.parse(dist / name, format=fmt)
        per_graph: dict[str, int] = {}
        for _s, _p, _o, g in dataset.quads():
            key = str(g.identifier if isinstance(g, Graph) else g)
            per_graph[key] = per_graph.get(key, 0) + 1
        assert per_graph == expected, name
    union = Graph().parse(dist / "aspen.nt", format="nt")
    distinct = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert len(union) == int(str(distinct.rows[0][0]))
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["triples"] == len(store)
    void = Graph().parse(dist / "void.ttl", format="turtle")
    dataset_iri = URIRef("https://w3id.org/aspen/dataset")
    assert void.value(dataset_iri, VOID.triples) == Literal(len(store))


def test_void_counts_from_the_store_equal_rdflib_counts(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    """The small build's description (rdflib counts before) and the store's counts agree."""
    from aspen_graph.publish.assemble import store_counts
    from aspen_graph.publish.dataset_description import count
    from aspen_graph.queries import QueryCatalog

    run_build(tiny_settings, reason=False)
    dist = tiny_settings.dist
    store = release_store(dist)
    dataset = Dataset()
    dataset.parse(dist / "aspen.nq", format="nquads")
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    base = tiny_settings.base_iri
    assert store_counts(store, QueryCatalog(tiny_settings.sparql_dir), base) == count(graphs, base)


@pytest.mark.parametrize(
    ("large_above", "engine"),
    [(10**9, "pyshacl"), (0, "pyshacl"), (10**9, "sparql"), (0, "sparql")],
    ids=["small-pyshacl", "large-pyshacl", "small-sparql", "large-sparql"],
)
def test_finding_in_an_included_file_names_it(
    tiny_settings: Settings, tmp_path: Path, large_above: int, engine: str
) -> None:
    extra = write(tmp_path, quads(label=False))
    settings = tiny_settings.model_copy(update={"shacl_engine": engine})
    result = run_build(settings, reason=False, include=[extra], large_above=large_above)
    assert not result.ok
    assert result.dist is None
    assert [(f.focus, f.path, f.source_file) for f in result.report.findings] == [
        (str(P3), "rdfs:label", str(extra))
    ]


def test_triples_outside_a_named_graph_are_refused(tiny_settings: Settings, tmp_path: Path) -> None:
    extra = write(tmp_path, quads(graph=""))
    with pytest.raises(DataLoadError, match="outside any named graph") as caught:
        run_build(tiny_settings, reason=False, include=[extra])
    assert caught.value.path == str(extra)


def test_a_source_graph_cannot_be_extended(tiny_settings: Settings, tmp_path: Path) -> None:
    extra = write(tmp_path, quads(graph="https://w3id.org/aspen/graph/plan"))
    with pytest.raises(DataLoadError, match="graph/plan, which a source of the repository"):
        run_build(tiny_settings, reason=False, include=[extra])


def test_two_includes_cannot_share_a_graph(tiny_settings: Settings, tmp_path: Path) -> None:
    first = write(tmp_path, quads(label=False), "first.nq")
    second = write(tmp_path, quads(), "second.nq")  # adds the label to the same graph
    with pytest.raises(DataLoadError, match=f"which {first} already fills") as caught:
        run_build(tiny_settings, reason=False, include=[first, second])
    assert caught.value.path == str(second)


def test_syntax_error_names_file_and_line(tiny_settings: Settings, tmp_path: Path) -> None:
    extra = write(tmp_path, quads() + f'<{P3}> {LABEL} "unterminated <{EXTRA}> .\n')
    with pytest.raises(DataLoadError, match=r"line 8") as caught:
        run_build(tiny_settings, reason=False, include=[extra])
    assert str(caught.value).startswith(str(extra))


def test_only_quad_formats_are_included(tiny_settings: Settings, tmp_path: Path) -> None:
    extra = write(tmp_path, "", "extra.ttl")
    with pytest.raises(DataLoadError, match=r"N-Quads \(.nq\) or TriG"):
        run_build(tiny_settings, reason=False, include=[extra])
