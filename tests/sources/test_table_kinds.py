"""Plan-content tables of one version: exact triples, codes resolved in the version, all or none.

The example dataset (data/examples/) is hand-written Turtle; a table row that says the same
thing must give the very same triples, so imported and hand-written content look alike.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from aspen_graph.errors import DataLoadError, TableError
from aspen_graph.namespaces import ASPEN, ASPENID
from aspen_graph.sources.tables.context import read_folder_tables, version_context
from aspen_graph.sources.tables.engine import convert_rows
from aspen_graph.sources.tables.kinds import (
    CONSULTATION_INPUTS,
    FOCAL_AREAS,
    INTERVENTIONS,
    MEL_INDICATORS,
    MEL_OBSERVATIONS,
    MILESTONES,
)
from aspen_graph.sources.tables.model import TableKind, VersionContext

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
DRAFT_1 = ASPENID["plan-version/example-plan-draft-1"]
DRAFT_2 = ASPENID["plan-version/example-plan-draft-2"]
PLAN = ASPENID["plan/example-plan"]
EXAMPLE_DATA = ASPENID["document/example-data"]


@pytest.fixture(scope="module")
def example_graphs() -> list[Graph]:
    graphs = []
    for folder in sorted(EXAMPLES.iterdir()):
        graph = Graph()
        for path in sorted(folder.glob("*.ttl")):
            graph.parse(path, format="turtle")
        graphs.append(graph)
    return graphs


def context_of(graphs: list[Graph], name: str = "example-plan-draft-2") -> VersionContext:
    context = version_context(name, graphs)
    assert context is not None
    return context


def csv_text(kind: TableKind, rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(kind.columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def described(graph: Graph, *subjects: URIRef) -> set[tuple[object, object, object]]:
    return {t for s in subjects for t in graph.triples((s, None, None))}


def turtle_union(graphs: list[Graph]) -> Graph:
    union = Graph()
    for graph in graphs:
        union += graph
    return union


# --- the version context ---------------------------------------------------------------------


def test_context_of_an_example_draft(example_graphs: list[Graph]) -> None:
    context = context_of(example_graphs)
    assert (context.version, context.plan, context.prefix) == (
        DRAFT_2,
        PLAN,
        "example-plan-draft-2",
    )
    assert context.example is True
    assert context.mel_framework == ASPENID["mel-framework/example-plan"]
    p2 = ASPENID["priority/example-plan-draft-2-p2"]
    assert context.elements[("priority", "p2")] == p2
    assert context.previous[("priority", "p2")] == ASPENID["priority/example-plan-draft-1-p2"]
    # draft-1 has no predecessor
    assert context_of(example_graphs, "example-plan-draft-1").previous == {}


def test_context_of_the_real_draft_keeps_the_published_plan_key() -> None:
    graph = Graph().parse(ROOT / "data" / "graph" / "aspen-2026-2035.ttl", format="turtle")
    context = context_of([graph], "aspen-2026-2035-draft-2026-03")
    assert context.prefix == "aspen-2026-2035"
    assert context.example is False
    assert context.elements[("priority", "p2")] == ASPENID["priority/aspen-2026-2035-p2"]
    assert str(context.element_iri("focal-area", "P2.FA1")).endswith(
        "/focal-area/aspen-2026-2035-p2.fa1"
    )


def test_no_context_for_a_folder_that_is_no_version(example_graphs: list[Graph]) -> None:
    assert version_context("example-plan-draft-9", example_graphs) is None


def test_plan_content_outside_a_version_is_refused() -> None:
    text = csv_text(FOCAL_AREAS, [])
    with pytest.raises(DataLoadError, match="belongs to a plan version"):
        convert_rows(FOCAL_AREAS, text, "focal-areas.csv", ())


# --- rows give the same triples as the hand-written example Turtle ----------------------------


def test_focal_area_row_matches_the_example_turtle(example_graphs: list[Graph]) -> None:
    row = {
        "code": "P2.FA1",
        "priority": "P2",
        "label_en": "Marine protected areas (example)",
        "label_vi": "Các khu bảo tồn biển (ví dụ)",
        "sequence": "1",
        "source": "document:example-data",
    }
    got = convert_rows(
        FOCAL_AREAS, csv_text(FOCAL_AREAS, [row]), "t", (), context_of(example_graphs)
    )
    node = ASPENID["focal-area/example-plan-draft-2-p2.fa1"]
    assert set(got) == described(turtle_union(example_graphs), node)


def test_intervention_row_matches_the_example_turtle(example_graphs: list[Graph]) -> None:
    row = {
        "code": "P2.FA1.I1",
        "focal_area": "P2.FA1",
        "priority": "P2",
        "label_en": "Network of marine protected areas (example)",
        "label_vi": "Mạng lưới các khu bảo tồn biển (ví dụ)",
        "sequence": "1",
        "source": "document:example-data",
    }
    context = context_of(example_graphs)
    got = convert_rows(INTERVENTIONS, csv_text(INTERVENTIONS, [row]), "t", (), context)
    node = ASPENID["intervention/example-plan-draft-2-p2.fa1.i1"]
    assert set(got) == described(turtle_union(example_graphs), node)


def test_milestone_row_matches_the_example_turtle(example_graphs: list[Graph]) -> None:
    row = {
        "code": "M2030-1",
        "milestone_of": "P2",
        "due": "2030",
        "label_en": "Ten per cent of the marine area protected (example)",
        "label_vi": "Mười phần trăm diện tích biển được bảo vệ (ví dụ)",
        "sequence": "1",
        "source": "document:example-data",
    }
    context = context_of(example_graphs)
    got = convert_rows(MILESTONES, csv_text(MILESTONES, [row]), "t", (), context)
    node = ASPENID["milestone/example-plan-draft-2-m2030-1"]
    assert set(got) == described(turtle_union(example_graphs), node)


def test_mel_indicator_row_matches_the_example_turtle(example_graphs: list[Graph]) -> None:
    row = {
        "code": "IND-2",
        "measures": "P2.FA1",
        "label_en": "Marine area under protection (example)",
        "label_vi": "Diện tích biển được bảo vệ (ví dụ)",
        "unit": "%",
        "baseline_value": "3.0",
        "baseline_year": "2020",
        "targets": "2035=15.0 ; 2030=10.0",
        "tracks": "sdg:C140501 ; gbf-target:3",
        "source": "document:example-data",
    }
    context = context_of(example_graphs)
    got = convert_rows(MEL_INDICATORS, csv_text(MEL_INDICATORS, [row]), "t", (), context)
    nodes = [
        ASPENID["mel-indicator/example-plan-draft-2-ind-2"],
        ASPENID["mel-target/example-plan-draft-2-ind-2-2030"],
        ASPENID["mel-target/example-plan-draft-2-ind-2-2035"],
    ]
    assert set(got) == described(turtle_union(example_graphs), *nodes)


def test_mel_observation_row_matches_the_example_turtle(example_graphs: list[Graph]) -> None:
    row = {"indicator": "IND-2", "year": "2024", "value": "4.5", "source": "document:example-data"}
    context = context_of(example_graphs, "example-plan-draft-1")
    known = {s for g in example_graphs for s in g.subjects(RDF.type, None)}
    got = convert_rows(MEL_OBSERVATIONS, csv_text(MEL_OBSERVATIONS, [row]), "t", known, context)
    node = ASPENID["observation/example-plan-draft-1-ind-2-2024"]
    assert set(got) == described(turtle_union(example_graphs), node)
    # a plan without a MEL data set has nowhere to put observations
    with pytest.raises(TableError) as caught:
        convert_rows(
            MEL_OBSERVATIONS,
            csv_text(MEL_OBSERVATIONS, [row, {**row, "indicator": "IND-99", "year": "24"}]),
            "t",
            known - {ASPENID["dataset/example-plan-mel"]},
            context,
        )
    assert caught.value.problems == [
        (2, "", f"the plan has no MEL data set ({ASPENID['dataset/example-plan-mel']}) to add to"),
        (3, "indicator", "no mel-indicator has code 'IND-99' in version example-plan-draft-1"),
        (3, "year", "'24' is not a year (YYYY)"),
        (3, "", f"the plan has no MEL data set ({ASPENID['dataset/example-plan-mel']}) to add to"),
    ]


def test_consultation_input_row_matches_the_example_turtle(example_graphs: list[Graph]) -> None:
    row = {
        "event": "event:example-plan-consultation-1",
        "number": "3",
        "label_en": "Input 3: remove the focal area on fisheries (example)",
        "label_vi": "Ý kiến 3: bỏ lĩnh vực trọng tâm về nghề cá (ví dụ)",
        "submitted_by": "example-member-state-b",
        "concerns": "P2.FA2",
        "proposal": "Remove focal area P2.FA2 on sustainable fisheries: it duplicates the "
        "regional fisheries programme.",
        "disposition": "integrated",
        "integrated_in": "example-plan-draft-2",
        "source": "document:example-data",
    }
    context = context_of(example_graphs, "example-plan-draft-1")
    got = convert_rows(CONSULTATION_INPUTS, csv_text(CONSULTATION_INPUTS, [row]), "t", (), context)
    node = ASPENID["input/example-plan-consultation-1-3"]
    assert set(got) == described(turtle_union(example_graphs), node)


# --- bad rows ----------------------------------------------------------------------------------


def test_every_bad_plan_row_is_listed(example_graphs: list[Graph]) -> None:
    good = {
        "code": "P5.FA1",
        "priority": "P5",
        "label_en": "Haze monitoring (example)",
        "source": "document:example-data",
    }
    rows = [
        good,
        {**good, "code": "P5 FA2", "priority": "P7", "sequence": "0"},
        {**good, "code": "p5.fa1"},  # the same key as row 2, however it is written
        {**good, "code": "P5.FA3", "label_en": "Haze", "source": "", "lead_body": "nobody"},
    ]
    known = {ASPENID["body/awgncb"]}
    with pytest.raises(TableError) as caught:
        convert_rows(
            FOCAL_AREAS, csv_text(FOCAL_AREAS, rows), "t", known, context_of(example_graphs)
        )
    assert caught.value.problems == [
        (3, "code", "'P5 FA2' is not a code (letters and digits, joined by '.', '-' or '_')"),
        (3, "priority", "no priority has code 'P7' in version example-plan-draft-2"),
        (3, "sequence", "'0' is not a whole number from 1 up"),
        (4, "", "duplicate of row 2 (same key P5.FA1)"),
        (5, "label_en", "an example's English label ends with ' (example)'"),
        (
            5,
            "lead_body",
            "'body:nobody' names nothing in the graph (https://w3id.org/aspen/id/body/nobody)",
        ),
        (5, "source", "is empty"),
    ]


def test_a_parent_of_another_version_is_refused(example_graphs: list[Graph]) -> None:
    row = {
        "code": "P1.I9",
        "priority": "priority:example-plan-draft-1-p1",
        "label_en": "Cross-version (example)",
        "source": "document:example-data",
    }
    with pytest.raises(TableError) as caught:
        convert_rows(
            INTERVENTIONS, csv_text(INTERVENTIONS, [row]), "t", (), context_of(example_graphs)
        )
    assert caught.value.problems == [
        (
            2,
            "priority",
            "'priority:example-plan-draft-1-p1' is not a priority of version example-plan-draft-2",
        )
    ]


def test_intervention_needs_a_parent_and_inputs_their_disposition_details(
    example_graphs: list[Graph],
) -> None:
    row = {"code": "P1.I9", "label_en": "Orphan (example)", "source": "document:example-data"}
    with pytest.raises(TableError) as caught:
        convert_rows(
            INTERVENTIONS, csv_text(INTERVENTIONS, [row]), "t", (), context_of(example_graphs)
        )
    assert caught.value.problems == [
        (2, "focal_area", "give the focal area or the priority it sits under")
    ]
    base = {
        "event": "example-plan-consultation-1",
        "label_en": "An input (example)",
        "submitted_by": "example-member-state-a",
        "concerns": "P1",
        "proposal": "Do something else entirely.",
        "source": "document:example-data",
    }
    rows = [
        {**base, "number": "8", "disposition": "integrated"},
        {**base, "number": "9", "disposition": "not-integrated"},
        {**base, "number": "10", "disposition": "ignored"},
    ]
    context = context_of(example_graphs, "example-plan-draft-1")
    with pytest.raises(TableError) as caught:
        convert_rows(CONSULTATION_INPUTS, csv_text(CONSULTATION_INPUTS, rows), "t", (), context)
    assert caught.value.problems == [
        (2, "integrated_in", "an integrated input names the version"),
        (3, "disposition_reason", "a not-integrated input gives the reason"),
        (4, "disposition", "'ignored' is not one of received, integrated, not-integrated"),
    ]


def test_mel_indicator_cells(example_graphs: list[Graph]) -> None:
    base = {
        "code": "IND-9",
        "measures": "P1 ; P2.FA1",
        "label_en": "Something measured (example)",
        "source": "document:example-data",
    }
    rows = [
        {**base, "baseline_value": "3"},
        {**base, "code": "IND-10", "targets": "2030:10"},
        {**base, "code": "IND-11", "targets": "2030=1 ; 2030=2", "measures": "P1 ; X9"},
        {**base, "code": "IND-12", "baseline_value": "n/a", "baseline_year": "2020"},
    ]
    with pytest.raises(TableError) as caught:
        convert_rows(
            MEL_INDICATORS, csv_text(MEL_INDICATORS, rows), "t", (), context_of(example_graphs)
        )
    assert caught.value.problems == [
        (2, "baseline_year", "is empty while baseline_value is given"),
        (3, "targets", "'2030:10' is not YEAR=VALUE (2030=10)"),
        (
            4,
            "measures",
            "no goal, priority, focal-area, intervention or milestone has code 'X9' in version "
            "example-plan-draft-2",
        ),
        (4, "targets", "year 2030 is given twice"),
        (5, "baseline_value", "'n/a' is not a number"),
    ]
    good = convert_rows(
        MEL_INDICATORS, csv_text(MEL_INDICATORS, [base]), "t", (), context_of(example_graphs)
    )
    node = ASPENID["mel-indicator/example-plan-draft-2-ind-9"]
    assert set(good.objects(node, ASPEN.measures)) == {
        ASPENID["priority/example-plan-draft-2-p1"],
        ASPENID["focal-area/example-plan-draft-2-p2.fa1"],
    }
    assert good.value(node, ASPEN.inMELFramework) == ASPENID["mel-framework/example-plan"]
    assert good.value(node, PROV.wasRevisionOf) is None  # no IND-9 in draft-1


# --- a version folder: tables read in dependency order ------------------------------------------


def test_folder_tables_see_each_other(tmp_path: Path, example_graphs: list[Graph]) -> None:
    folder = tmp_path / "example-plan-draft-2"
    folder.mkdir()
    fa = {
        "code": "P5.FA1",
        "priority": "P5",
        "label_en": "Haze monitoring (example)",
        "source": "document:example-data",
    }
    iv = {
        "code": "P5.FA1.I1",
        "focal_area": "P5.FA1",
        "label_en": "Haze sensors (example)",
        "source": "document:example-data",
    }
    ms = {
        "code": "M2035-9",
        "milestone_of": "P5.FA1.I1",
        "due": "2035",
        "label_en": "Haze monitoring (example)",
        "source": "document:example-data",
    }
    # written in an order where each file needs one read later alphabetically
    (folder / "milestones.csv").write_text(csv_text(MILESTONES, [ms]), encoding="utf-8")
    (folder / "interventions.csv").write_text(csv_text(INTERVENTIONS, [iv]), encoding="utf-8")
    (folder / "focal-areas.csv").write_text(csv_text(FOCAL_AREAS, [fa]), encoding="utf-8")
    known = {s for g in example_graphs for s in g.subjects(RDF.type, None)}
    known |= {ASPENID["document/example-data"]}
    tables = read_folder_tables(folder, known, context_of(example_graphs))
    assert [t.kind.name for t in tables] == ["focal-areas", "interventions", "milestones"]
    union = turtle_union([t.graph for t in tables])
    intervention = ASPENID["intervention/example-plan-draft-2-p5.fa1.i1"]
    assert (
        union.value(intervention, ASPEN.underFocalArea)
        == ASPENID["focal-area/example-plan-draft-2-p5.fa1"]
    )
    milestone = ASPENID["milestone/example-plan-draft-2-m2035-9"]
    assert union.value(milestone, ASPEN.milestoneOf) == intervention
    assert union.value(milestone, DCTERMS.identifier) == Literal("M2035-9")
    assert (milestone, RDF.type, ASPEN.ExampleResource) in union
    assert union.value(milestone, RDFS.label) == Literal("Haze monitoring (example)", lang="en")


def test_text_that_is_not_csv_names_the_line() -> None:
    text = "code,priority\nP1,P1\nP2," + "x" * 200_000 + "\n"  # over csv's field limit
    with pytest.raises(DataLoadError) as caught:
        convert_rows(FOCAL_AREAS, text, "focal-areas.csv", ())
    assert str(caught.value) == (
        "focal-areas.csv:3: not readable as CSV (field larger than field limit (131072))"
    )
