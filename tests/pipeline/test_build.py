"""The build on a tiny project: release files, counts, derived shortcuts, and an untouched
dist/ whenever anything goes wrong."""

from __future__ import annotations

import json
import os
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import VOID
from tests.cli_runner import run_app
from tests.fake_java import fake_java, left_behind, mark_children

from aspen_graph.analysis.reasoning import ReasonerTimeoutError
from aspen_graph.config import Settings, get_settings
from aspen_graph.errors import DataLoadError, TableError
from aspen_graph.namespaces import ASPEN, ASPENID, GRAPH, SDG
from aspen_graph.pipeline import run_build
from aspen_graph.publish import release_folder
from aspen_graph.store import OxigraphStore, open_store

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "projects" / "tiny"
RELEASE_FILES = [
    "alignments.csv",
    "alignments.sssom.tsv",
    "aspen.jsonld",
    "aspen.nq",
    "aspen.nt",
    "aspen.nt.gz",
    "aspen.trig",
    "context.jsonld",
    "coverage-by-challenge.csv",
    "gaps.csv",
    "manifest.json",
    "ontology.html",
    "void.ttl",
]
DATA_GRAPH_SIZES = {
    str(GRAPH["alignments"]): 44,  # 4 rows x 11 triples
    str(GRAPH["challenge-relevance"]): 8,
    str(GRAPH["derived"]): 12,
    str(GRAPH["plan"]): 11,
    str(GRAPH["project"]): 2,
    str(GRAPH["sdg"]): 21,
}
P1 = ASPENID["priority/tiny-p1"]
P2 = ASPENID["priority/tiny-p2"]
G1 = ASPENID["goal/tiny-g1"]
CONTRIBUTES = ASPEN.contributesTo
RECEIVES = ASPEN.receivesContributionFrom
DERIVED = {
    # +2, accepted: the direct shortcut and its inverse
    (P1, CONTRIBUTES, SDG["14.1"]),
    (SDG["14.1"], RECEIVES, P1),
    # +3 to the strategic goal
    (P1, CONTRIBUTES, G1),
    (G1, RECEIVES, P1),
    # roll-up to the SDG goal (second round)
    (P1, CONTRIBUTES, SDG["14"]),
    (SDG["14"], RECEIVES, P1),
    # roll-up from the priority to the strategic goal it serves (second and third rounds)
    (G1, CONTRIBUTES, SDG["14.1"]),
    (SDG["14.1"], RECEIVES, G1),
    (G1, CONTRIBUTES, SDG["14"]),
    (SDG["14"], RECEIVES, G1),
    # -2, proposed: a trade-off, not a contribution
    (P2, ASPEN.hasTradeOffWith, SDG["14.2"]),
    # challenge relevance
    (SDG["14.1"], ASPEN.relevantToChallenge, ASPENID["challenge/pollution"]),
}


@pytest.fixture
def tiny_settings(tiny_root: Path) -> Settings:
    return Settings(root=tiny_root, dist_dir=tiny_root / "dist")


def snapshot(dist: Path) -> dict[str, bytes]:
    """Every file under ``dist`` with its bytes."""
    return {
        path.relative_to(dist).as_posix(): path.read_bytes()
        for path in sorted(dist.rglob("*"))
        if path.is_file()
    }


def leftovers(dist: Path) -> list[str]:
    """Staging or retired folders the release writer left next to ``dist``."""
    return sorted(p.name for p in dist.parent.iterdir() if p.name.startswith(f".{dist.name}-"))


def release_store(dist: Path) -> OxigraphStore:
    store = open_store()
    store.load_dataset(dist / "aspen.nq")
    return store


@pytest.fixture
def old_release(tiny_settings: Settings) -> dict[str, bytes]:
    """A first good build, plus a marker file; returns the bytes of dist/ to compare with."""
    result = run_build(tiny_settings, reason=False)
    assert result.ok, result.report.summary()
    (tiny_settings.dist / "MARKER.txt").write_text("from the previous release\n")
    before = snapshot(tiny_settings.dist)
    assert sorted(before) == ["MARKER.txt", *RELEASE_FILES]
    return before


def break_file(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


# --- a good build -----------------------------------------------------------------------------


def test_build_writes_the_release(tiny_settings: Settings) -> None:
    result = run_build(tiny_settings, reason=False)
    assert result.ok
    assert result.report.findings == []
    assert result.consistency is None
    assert result.dist == tiny_settings.dist.resolve()
    assert sorted(p.name for p in tiny_settings.dist.iterdir()) == RELEASE_FILES
    assert leftovers(tiny_settings.dist) == []
    sizes = dict(result.graph_sizes)
    ontology = sizes.pop(str(GRAPH["ontology"]))
    assert sizes == DATA_GRAPH_SIZES
    assert result.total_triples == ontology + sum(DATA_GRAPH_SIZES.values())
    assert set(result.timings) == {"parse", "derive", "validate", "write", "total"}


def test_manifest_and_void_count_what_the_store_holds(tiny_settings: Settings) -> None:
    result = run_build(tiny_settings, reason=False)
    dist = tiny_settings.dist
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    store = release_store(dist)
    assert manifest["triples"] == len(store) == result.total_triples
    assert manifest["graphs"] == store.graph_sizes() == result.graph_sizes
    assert manifest["ontology_graph"] == str(GRAPH["ontology"])
    assert manifest["derived_graph"] == str(GRAPH["derived"])
    assert manifest["version"] == "dev"
    void = Graph().parse(dist / "void.ttl", format="turtle")
    dataset = URIRef("https://w3id.org/aspen/dataset")
    assert void.value(dataset, VOID.triples) == Literal(len(store))
    subsets = {str(s): void.value(s, VOID.triples) for s in void.objects(dataset, VOID.subset)}
    assert subsets == {g: Literal(n) for g, n in store.graph_sizes().items()}


def test_every_serialisation_holds_the_same_quads(tiny_settings: Settings) -> None:
    run_build(tiny_settings, reason=False)
    dist = tiny_settings.dist
    nquads = [line for line in (dist / "aspen.nq").read_text("utf-8").splitlines() if line]
    store = release_store(dist)
    assert len(nquads) == len(store)

    trig = Dataset()
    trig.parse(dist / "aspen.trig", format="trig")
    assert len(list(trig.quads())) == len(nquads)
    per_graph: dict[str, int] = {}
    for _s, _p, _o, g in trig.quads():
        key = str(g.identifier if isinstance(g, Graph) else g)
        per_graph[key] = per_graph.get(key, 0) + 1
    assert per_graph == store.graph_sizes()

    jsonld = Dataset()
    jsonld.parse(dist / "aspen.jsonld", format="json-ld")
    assert len(list(jsonld.quads())) == len(nquads)

    union = Graph().parse(dist / "aspen.nt", format="nt")
    distinct = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert len(union) == int(str(distinct.rows[0][0]))


def test_derived_shortcuts(tiny_settings: Settings) -> None:
    run_build(tiny_settings, reason=False)
    store = release_store(tiny_settings.dist)
    derived = store.select(
        "SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/aspen/graph/derived> { ?s ?p ?o } }"
    )
    assert set(derived.rows) == DERIVED
    # the rejected +1 alignment to 13.1 gives no shortcut, and so no roll-up to SDG 13
    assert not store.ask(f"ASK {{ ?x <{CONTRIBUTES}> <{SDG['13.1']}> }}")
    assert not store.ask(f"ASK {{ ?x <{CONTRIBUTES}> <{SDG['13']}> }}")
    # the negative alignment is a trade-off, not a contribution
    assert not store.ask(f"ASK {{ <{P2}> <{CONTRIBUTES}> ?t }}")


def test_validate_only_writes_nothing(tiny_settings: Settings) -> None:
    result = run_build(tiny_settings, reason=False, write=False)
    assert result.ok
    assert result.dist is None
    assert not tiny_settings.dist.exists()
    assert result.graph_sizes[str(GRAPH["derived"])] == 12


def test_progress_reports_each_step(tiny_settings: Settings) -> None:
    steps: list[str] = []
    run_build(tiny_settings, reason=False, progress=steps.append)
    assert steps == [
        "parsing sources",
        "deriving shortcuts",
        "validating with SHACL",
        "writing dist/",
    ]


def test_rebuild_replaces_the_release(
    tiny_settings: Settings, old_release: dict[str, bytes]
) -> None:
    result = run_build(tiny_settings, reason=False)
    assert result.ok
    assert sorted(snapshot(tiny_settings.dist)) == RELEASE_FILES  # the marker went with the old
    assert leftovers(tiny_settings.dist) == []


@pytest.mark.reasoner
def test_build_with_reasoner(tiny_settings: Settings) -> None:
    result = run_build(tiny_settings)
    assert result.consistency is not None
    assert result.consistency.consistent, result.consistency.message
    assert result.ok
    assert "reason" in result.timings


# --- broken input: an error, and dist/ untouched ----------------------------------------------


@pytest.mark.parametrize(
    ("relative", "addition"),
    [
        ("data/graph/plan.ttl", '\n<https://w3id.org/aspen/id/plan/x> a "unterminated .\n'),
        ("shapes/strategic-priority.ttl", "\naspensh:Broken a nope:Shape .\n"),
        ("ontology/aspen-schemes.ttl", "\n<https://w3id.org/aspen/ont/X> a nope:Class .\n"),
    ],
)
def test_turtle_error_stops_the_build_and_keeps_dist(
    tiny_settings: Settings,
    tiny_root: Path,
    old_release: dict[str, bytes],
    relative: str,
    addition: str,
) -> None:
    path = tiny_root / relative
    expected_line = len(path.read_text("utf-8").splitlines()) + 2  # after one blank line
    break_file(path, addition)
    with pytest.raises(DataLoadError) as caught:
        run_build(tiny_settings, reason=False)
    assert caught.value.path == str(path)
    assert caught.value.line == expected_line
    assert str(caught.value).startswith(f"{path}:{expected_line}: Turtle syntax error")
    assert snapshot(tiny_settings.dist) == old_release
    assert leftovers(tiny_settings.dist) == []


def test_table_error_stops_the_build_and_keeps_dist(
    tiny_settings: Settings, tiny_root: Path, old_release: dict[str, bytes]
) -> None:
    path = tiny_root / "data" / "tables" / "alignments.csv"
    break_file(
        path,
        "priority:tiny-p9,sdg:14.1,2,0.5,A priority that is not in any graph.,"
        "https://example.org/e,aspen-graph,2026-11-25,proposed\n",
    )
    with pytest.raises(TableError) as caught:
        run_build(tiny_settings, reason=False)
    assert [(r, c) for r, c, _ in caught.value.problems] == [(6, "source")]
    assert caught.value.path == str(path)
    assert snapshot(tiny_settings.dist) == old_release


def test_a_broken_rejections_file_stops_the_build_and_keeps_dist(
    tiny_settings: Settings, tiny_root: Path, old_release: dict[str, bytes]
) -> None:
    # The build carries the review rejections into the release: a pair it cannot read fails
    # the build (file and line), not the server's suggester later.
    folder = tiny_root / "data" / "versions" / "tiny-adopted"
    folder.mkdir(parents=True)
    path = folder / "suggestions-rejected.csv"
    path.write_text(
        "source,target,rejected_by,date\npriority:tiny-p1,nope:14.1,analyst,2026-12-07\n",
        encoding="utf-8",
    )
    with pytest.raises(DataLoadError) as caught:
        run_build(tiny_settings, reason=False)
    assert caught.value.path == str(path) and caught.value.line == 2
    assert snapshot(tiny_settings.dist) == old_release


def test_shape_violation_is_a_result_and_keeps_dist(
    tiny_settings: Settings, tiny_root: Path, old_release: dict[str, bytes]
) -> None:
    plan = tiny_root / "data" / "graph" / "plan.ttl"
    plan.write_text(
        plan.read_text("utf-8").replace('    rdfs:label "Tiny priority two"@en ;\n', ""),
        encoding="utf-8",
    )
    result = run_build(tiny_settings, reason=False)
    assert not result.ok
    assert not result.report.conforms
    assert result.dist is None
    assert "write" not in result.timings
    assert [
        (f.severity, f.focus, f.path, f.source_file, f.message) for f in result.report.findings
    ] == [
        (
            "Violation",
            str(P2),
            "rdfs:label",
            "data/graph/plan.ttl",
            "A strategic priority has an English label.",
        )
    ]
    assert snapshot(tiny_settings.dist) == old_release


# --- a hung reasoner: an error in bounded time, nothing left running, dist/ untouched ---------

HUNG = "the OWL reasoner (HermiT) did not finish within 2 s and was stopped; "


def hang_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Put a ``java`` that hangs first on the PATH (where the build finds Java); the marker of
    the processes it starts."""
    marker = mark_children(monkeypatch)
    java = fake_java(tmp_path / "bin", stderr=["HermiT is classifying"])
    monkeypatch.setenv("PATH", f"{java.parent}{os.pathsep}{os.environ['PATH']}")
    return marker


def test_a_hung_reasoner_stops_the_build_and_keeps_dist(
    tiny_settings: Settings,
    old_release: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    marker = hang_java(tmp_path, monkeypatch)
    settings = tiny_settings.model_copy(update={"reasoner_timeout": 2.0})
    with pytest.raises(ReasonerTimeoutError) as caught:
        run_build(settings)
    assert str(caught.value).startswith(HUNG)
    assert snapshot(tiny_settings.dist) == old_release
    assert leftovers(tiny_settings.dist) == []
    assert left_behind(marker) == []


@pytest.mark.parametrize(
    ("args", "environment"),
    [
        (["build"], {"ASPEN_REASONER_TIMEOUT": "2"}),
        (["validate", "--reasoner-timeout", "2"], {}),
        (["build", "--reasoner-timeout", "2"], {"ASPEN_REASONER_TIMEOUT": "900"}),
        (["release", "--version", "1.0.0", "--reasoner-timeout", "2"], {}),
    ],
)
def test_the_cli_says_the_reasoner_ran_out_of_time(
    tiny_root: Path,
    tiny_settings: Settings,
    old_release: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    environment: dict[str, str],
) -> None:
    marker = hang_java(tmp_path, monkeypatch)
    monkeypatch.setenv("ASPEN_ROOT", str(tiny_root))
    monkeypatch.setenv("ASPEN_DIST_DIR", str(tiny_settings.dist))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    code, _out, err = run_app(monkeypatch, capsys, *args)
    assert code == 2
    assert err.splitlines() == [
        "error: " + HUNG + "allow it more with --reasoner-timeout SECONDS (or "
        "ASPEN_REASONER_TIMEOUT), or skip it with --no-reason",
        "  java: HermiT is classifying",
    ]
    assert snapshot(tiny_settings.dist) == old_release
    assert left_behind(marker) == []


@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_reasoner_timeout_must_be_positive(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_app(monkeypatch, capsys, "validate", f"--reasoner-timeout={value}")
    assert code == 2 and out == ""
    assert (
        f"Invalid value for '--reasoner-timeout': must be more than 0 seconds, not {value}" in err
    )


def test_same_graph_key_twice_is_an_error(tiny_settings: Settings, tiny_root: Path) -> None:
    (tiny_root / "data" / "graph" / "alignments.ttl").write_text("", encoding="utf-8")
    with pytest.raises(DataLoadError, match="two sources map to the same named graph"):
        run_build(tiny_settings, reason=False)


def test_no_ontology_is_an_error(tiny_settings: Settings, tiny_root: Path) -> None:
    for path in (tiny_root / "ontology").glob("*.ttl"):
        path.unlink()
    with pytest.raises(DataLoadError) as caught:
        run_build(tiny_settings, reason=False)
    assert str(caught.value) == f"{tiny_root / 'ontology'}: no ontology files (*.ttl) found"


# --- failures while writing -------------------------------------------------------------------


class _DiskFullGraph(Graph):
    """A Graph whose serialize() writes half a file and then fails."""

    def serialize(self, destination: Any = None, *args: Any, **kwargs: Any) -> Any:
        if destination is not None:
            Path(str(destination)).write_bytes(b"<http://half")
        raise OSError(28, "No space left on device")


def test_failure_while_serialising_keeps_dist(
    tiny_settings: Settings, old_release: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(release_folder, "Graph", _DiskFullGraph)
    with pytest.raises(OSError, match="No space left on device"):
        run_build(tiny_settings, reason=False)
    assert snapshot(tiny_settings.dist) == old_release
    assert leftovers(tiny_settings.dist) == []


def test_failure_on_first_build_leaves_no_dist(
    tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(release_folder, "Graph", _DiskFullGraph)
    with pytest.raises(OSError, match="No space left on device"):
        run_build(tiny_settings, reason=False)
    assert not tiny_settings.dist.exists()
    assert leftovers(tiny_settings.dist) == []


def _failing_replace(real: Callable[..., None]) -> Callable[..., None]:
    def replace(src: Any, dst: Any) -> None:
        if Path(src).name.startswith(".dist-staging-"):
            raise PermissionError(13, "Permission denied", str(dst))
        real(src, dst)

    return replace


def test_failure_while_swapping_restores_old_dist(
    tiny_settings: Settings, old_release: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    fake_os = types.SimpleNamespace(replace=_failing_replace(os.replace), getpid=os.getpid)
    monkeypatch.setattr(release_folder, "os", fake_os)
    with pytest.raises(PermissionError):
        run_build(tiny_settings, reason=False)
    assert snapshot(tiny_settings.dist) == old_release
    assert leftovers(tiny_settings.dist) == []
