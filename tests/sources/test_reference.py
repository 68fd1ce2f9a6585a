"""The reference-CSV generator: counts, patterns, up-to-date files and malformed input."""

from __future__ import annotations

import csv
import os
import shutil
import stat
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:  # the package is not installed in every checkout
    sys.path.insert(0, str(ROOT / "src"))

from rdflib import Graph, Literal, URIRef  # noqa: E402
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS  # noqa: E402

from aspen_graph.errors import DataLoadError  # noqa: E402
from aspen_graph.namespaces import ASPEN, ASPENID, ORG, SDG, SDGO  # noqa: E402
from aspen_graph.sources.reference import (  # noqa: E402
    GRAPH_KEYS,
    build_reference_graphs,
    write_reference_graphs,
)

SOURCE_DIR = ROOT / "data" / "source"
GRAPH_DIR = ROOT / "data" / "graph"
TEXT_PROPERTIES = (
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.definition,
    SKOS.editorialNote,
)


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return build_reference_graphs(SOURCE_DIR)


def _typed(graph: Graph, rdf_type: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, rdf_type) if isinstance(s, URIRef)}


def test_graph_keys(graphs: dict[str, Graph]) -> None:
    assert list(graphs) == [
        "sdg",
        "gbf",
        "agreements",
        "asean-bodies",
        "asean-2045",
        "aspen-2016-2025",
        "challenges",
    ]
    assert list(graphs) == list(GRAPH_KEYS)


def test_sdg_counts(graphs: dict[str, Graph]) -> None:
    sdg = graphs["sdg"]
    assert len(_typed(sdg, SDGO.Goal)) == 17
    assert len(_typed(sdg, SDGO.Target)) == 169
    assert len(_typed(sdg, SDGO.Indicator)) == 235
    assert len(set(sdg.subject_objects(SDGO.isIndicatorOf))) == 251
    for target in _typed(sdg, SDGO.Target):
        assert len(list(sdg.objects(target, SDGO.isTargetOf))) == 1, target
    for goal in _typed(sdg, SDGO.Goal):
        assert (goal, ASPEN.partOfFramework, ASPENID["document/agenda-2030"]) in sdg


def test_sdg_goal_pattern(graphs: dict[str, Graph]) -> None:
    sdg, goal = graphs["sdg"], SDG["14"]
    assert (goal, SKOS.notation, Literal("14")) in sdg
    assert (goal, SKOS.altLabel, Literal("Life below water", lang="en")) in sdg
    assert (goal, SDGO.hasTarget, SDG["14.1"]) in sdg
    assert (SDG["14.1"], SKOS.broader, goal) in sdg
    assert (goal, SKOS.inScheme, URIRef("http://metadata.un.org/sdg")) in sdg
    languages = {
        label.language for label in sdg.objects(goal, SKOS.prefLabel) if isinstance(label, Literal)
    }
    assert languages == {"en", "fr", "es", "km", "lo", "my"}


def test_no_vietnamese_sdg_labels(graphs: dict[str, Graph]) -> None:
    labels = [o for o in graphs["sdg"].objects() if isinstance(o, Literal) and o.language == "vi"]
    assert labels == []


def _repeated_in_csv(times: int) -> str:
    """A UNSD code listed under exactly ``times`` targets in sdg_indicators.csv."""
    with (SOURCE_DIR / "sdg_indicators.csv").open(encoding="utf-8", newline="") as stream:
        counts = Counter(row["unsd_code"] for row in csv.DictReader(stream))
    return sorted(code for code, count in counts.items() if count == times)[0]


def test_repeated_indicator_is_one_concept(graphs: dict[str, Graph]) -> None:
    unsd_code = _repeated_in_csv(3)
    assert unsd_code == "C200303"
    sdg, indicator = graphs["sdg"], SDG[unsd_code]
    assert set(sdg.objects(indicator, SDGO.isIndicatorOf)) == {
        SDG["1.5"],
        SDG["11.5"],
        SDG["13.1"],
    }
    assert set(sdg.objects(indicator, SKOS.notation)) == {
        Literal("1.5.1"),
        Literal("11.5.1"),
        Literal("13.1.1"),
    }
    for target in (SDG["1.5"], SDG["11.5"], SDG["13.1"]):
        assert (target, SDGO.hasIndicator, indicator) in sdg


def test_unverified_indicator_iris_are_marked(graphs: dict[str, Graph]) -> None:
    note = Literal(
        "IRI constructed from the UNSD code pattern; not verified against metadata.un.org.",
        lang="en",
    )
    marked = set(graphs["sdg"].subjects(SKOS.editorialNote, note))
    assert len(marked) == 36
    assert marked <= _typed(graphs["sdg"], SDGO.Indicator)


def test_gbf(graphs: dict[str, Graph]) -> None:
    gbf = graphs["gbf"]
    goals, targets = _typed(gbf, ASPEN.FrameworkGoal), _typed(gbf, ASPEN.FrameworkTarget)
    assert goals == {ASPENID[f"gbf-goal/{code}"] for code in "ABCD"}
    assert targets == {ASPENID[f"gbf-target/{n}"] for n in range(1, 24)}
    target_3 = ASPENID["gbf-target/3"]
    assert (target_3, SKOS.notation, Literal("GBF-TARGET-03")) in gbf
    assert str(gbf.value(target_3, RDFS.label)).startswith("GBF Target 3: ")
    for node in goals | targets:
        assert (node, ASPEN.partOfFramework, ASPENID["agreement/kmgbf"]) in gbf
    assert not list(gbf.triples((None, SKOS.broader, None)))  # no invented goal→target links


def test_agreements_bodies_priorities_challenges(graphs: dict[str, Graph]) -> None:
    agreements = _typed(graphs["agreements"], ASPEN.Agreement)
    assert len(agreements) == 14
    assert ASPENID["agreement/kmgbf"] in agreements
    bodies = _typed(graphs["asean-bodies"], ASPEN.AseanBody)
    assert len(bodies) == 14
    assert bodies == _typed(graphs["asean-bodies"], ORG.Organization)
    plan = graphs["aspen-2016-2025"]
    priorities = _typed(plan, ASPEN.StrategicPriority)
    assert len(priorities) == 7
    for priority in priorities:
        leads = list(plan.objects(priority, ASPEN.leadBody))
        assert len(leads) == 1 and leads[0] in bodies, priority
    assert (ASPENID["priority/aspen-2016-2025-p1"], ASPEN.leadBody, ASPENID["body/awgncb"]) in plan
    challenges = _typed(graphs["challenges"], ASPEN.GlobalChallenge)
    assert challenges == {
        ASPENID[f"challenge/{key}"] for key in ("climate-change", "biodiversity-loss", "pollution")
    }


def test_asean_2045_links(graphs: dict[str, Graph]) -> None:
    g = graphs["asean-2045"]

    def doc(key: str) -> URIRef:
        return ASPENID[f"document/{key}"]

    assert (doc("acv-2045"), ASPEN.succeeds, doc("asean-2025")) in g
    assert (doc("ascc-sp"), ASPEN.succeeds, doc("ascc-blueprint-2025")) in g
    assert (doc("ascc-sp"), ASPEN.partOfFramework, doc("acv-2045")) in g
    assert (doc("agenda-2030"), RDF.type, ASPEN.GlobalAgenda) in g
    assert len(_typed(g, ASPEN.ResultArea)) == 14


@pytest.mark.parametrize("key", GRAPH_KEYS)
def test_every_subject_has_type_label_source(graphs: dict[str, Graph], key: str) -> None:
    graph = graphs[key]
    problems = []
    for subject in set(graph.subjects()):
        if (subject, RDF.type, None) not in graph:
            problems.append(f"{subject}: no rdf:type")
        labels = list(graph.objects(subject, RDFS.label))
        if not any(isinstance(o, Literal) and o.language == "en" for o in labels):
            problems.append(f"{subject}: no English rdfs:label")
        if not any(isinstance(o, URIRef) for o in graph.objects(subject, DCTERMS.source)):
            problems.append(f"{subject}: no dct:source IRI")
        for prop in TEXT_PROPERTIES:
            for value in graph.objects(subject, prop):
                if not (isinstance(value, Literal) and value.language):
                    problems.append(f"{subject} {prop}: {value!r} has no language tag")
    assert problems == []


def test_committed_files_are_up_to_date(tmp_path: Path) -> None:
    written = write_reference_graphs(SOURCE_DIR, tmp_path)
    assert [path.name for path in written] == [f"{key}.ttl" for key in GRAPH_KEYS]
    for path in written:
        committed = GRAPH_DIR / path.name
        assert committed.read_bytes() == path.read_bytes(), f"regenerate {committed}"
        assert committed.stat().st_size < 5_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)


def _copy_sources(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    shutil.copytree(SOURCE_DIR, source)
    return source


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_missing_column_names_file_and_header_line(tmp_path: Path) -> None:
    source = _copy_sources(tmp_path)
    _edit(source / "agreements.csv", "adoption_date,", "adopted,")
    with pytest.raises(DataLoadError, match=r"agreements\.csv:1: missing column.*adoption_date"):
        build_reference_graphs(source)


def test_bad_date_names_file_and_row(tmp_path: Path) -> None:
    source = _copy_sources(tmp_path)
    _edit(source / "agreements.csv", "2015-12-12", "2015-12-32")  # Paris, line 3
    with pytest.raises(DataLoadError) as caught:
        build_reference_graphs(source)
    assert caught.value.path is not None and caught.value.path.endswith("agreements.csv")
    assert caught.value.line == 3
    assert "agreements.csv:3:" in str(caught.value) and "adoption_date" in str(caught.value)


def test_bad_row_and_unknown_reference(tmp_path: Path) -> None:
    source = _copy_sources(tmp_path)
    _edit(source / "aspen_2016_2025_priorities.csv", "AWGCW,", "AWGXX,")  # priority 6, line 7
    with pytest.raises(DataLoadError, match=r"aspen_2016_2025_priorities\.csv:7: .*AWGXX"):
        build_reference_graphs(source)
    (source / "gbf_goals.csv").write_text("code,title_en\nA,x,y\n", encoding="utf-8")
    with pytest.raises(DataLoadError, match=r"gbf_goals\.csv:1: missing column"):
        build_reference_graphs(source)


def test_bad_input_writes_nothing_and_generate_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``aspen generate`` is the one command line: bad input is one line naming the file and
    row, exit code 2, and no file written."""
    from aspen_graph.cli import main

    source = _copy_sources(tmp_path)
    _edit(source / "triple_planetary_crisis.csv", "climate-change,climate change,", ",x,")
    out = tmp_path / "graph"
    argv = ["aspen", "generate", "--source", str(source), "--out", str(out)]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as caught:
        main.app()
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "triple_planetary_crisis.csv:2:" in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists() or list(out.iterdir()) == []


def test_generate_writes_files_readable_by_others(tmp_path: Path) -> None:
    """The generated Turtle is written through the one atomic writer: byte-identical to the
    committed graphs, and a new file gets the mode any new file gets (not mkstemp's 0600)."""
    out = tmp_path / "graph"
    mask = os.umask(0o022)
    try:
        written = write_reference_graphs(SOURCE_DIR, out)
    finally:
        os.umask(mask)
    assert [path.name for path in written] == [f"{key}.ttl" for key in GRAPH_KEYS]
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        assert path.read_bytes() == (GRAPH_DIR / path.name).read_bytes()
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)


def test_no_second_command_line() -> None:
    """``python -m aspen_graph.sources.reference`` is gone: ``aspen generate`` is the one CLI."""
    import importlib.util

    import aspen_graph.sources.reference as reference

    assert importlib.util.find_spec("aspen_graph.sources.reference.__main__") is None
    assert not hasattr(reference, "main")
