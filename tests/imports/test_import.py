"""``import_rows``: all rows or none, every problem listed, idempotent, order-free.

Tests that get as far as SHACL validate the whole build (with the example plan) and are
marked slow; the row checks and broken-input errors come before it and are quick.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from tests.imports.conftest import tree_hash, write_csv

from aspen_graph.config import Settings
from aspen_graph.errors import DataLoadError
from aspen_graph.namespaces import ASPEN, ASPENID
from aspen_graph.pipeline.import_result import ImportProblem
from aspen_graph.pipeline.import_target import version_name
from aspen_graph.pipeline.importer import import_rows
from aspen_graph.pipeline.inputs import gather_inputs, version_graph
from aspen_graph.sources.tables.kinds import FOCAL_AREAS, INTERVENTIONS
from aspen_graph.validation import run_shacl

DRAFT_2 = "plan-version:example-plan-draft-2"
FOLDER = Path("data") / "examples" / "example-plan-draft-2"
XSD_POSITIVE = XSD.integer  # whole numbers are xsd:integer; the shape says "from 1 up"


def focal_area(code: str, priority: str = "P5", **cells: str) -> dict[str, str]:
    row = {
        "code": code,
        "priority": priority,
        "label_en": f"Focal area {code} (example)",
        "label_vi": f"Lĩnh vực trọng tâm {code} (ví dụ)",
        "sequence": code.rsplit("FA", 1)[-1],
        "source": "document:example-data",
    }
    row.update(cells)
    return row


GOOD = [focal_area("P5.FA1"), focal_area("P5.FA2", lead_body="awgncb"), focal_area("P4.FA2", "P4")]


def test_several_bad_rows_are_all_reported_and_nothing_changes(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    rows = [
        focal_area("P5.FA1"),
        focal_area("P5.FA2", priority="P9"),
        focal_area("P5.FA3", label_en="No mark", sequence="two"),
        focal_area("P5.FA1", label_en="Again (example)"),
        focal_area("P5.FA4", source="https://example.org/a b", lead_body="nobody"),
    ]
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, rows)
    before = tree_hash(import_root)
    result = import_rows(settings, path, DRAFT_2)
    assert not result.ok
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (3, "priority", "no priority has code 'P9' in version example-plan-draft-2"),
        (4, "label_en", "an example's English label ends with ' (example)'"),
        (4, "sequence", "'two' is not a whole number from 1 up"),
        (5, "", "duplicate of row 2 (same key P5.FA1)"),
        (
            6,
            "lead_body",
            "'body:nobody' names nothing in the graph (https://w3id.org/aspen/id/body/nobody)",
        ),
        (6, "source", "'https://example.org/a b' is not a valid IRI"),
    ]
    assert (result.written, result.added) == (False, 0)
    assert tree_hash(import_root) == before


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_a_good_file_imports_exactly_its_triples(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, GOOD)
    result = import_rows(settings, path, DRAFT_2)
    assert result.ok, result.problems
    assert (result.rows, result.added, result.changed, result.unchanged) == (3, 3, 0, 0)
    assert result.written
    assert result.target == import_root / FOLDER / "focal-areas.csv"
    assert result.target.read_text(encoding="utf-8") == (
        "code,priority,label_en,label_vi,definition,sequence,lead_body,source\n"
        "P4.FA2,P4,Focal area P4.FA2 (example),Lĩnh vực trọng tâm P4.FA2 (ví dụ),,2,,"
        "document:example-data\n"
        "P5.FA1,P5,Focal area P5.FA1 (example),Lĩnh vực trọng tâm P5.FA1 (ví dụ),,1,,"
        "document:example-data\n"
        "P5.FA2,P5,Focal area P5.FA2 (example),Lĩnh vực trọng tâm P5.FA2 (ví dụ),,2,awgncb,"
        "document:example-data\n"
    )
    inputs = gather_inputs(Settings(root=import_root, examples=True))
    graph = inputs.graphs[version_graph("example-plan-draft-2", example=True)]
    node = ASPENID["focal-area/example-plan-draft-2-p5.fa2"]
    expected = {
        (node, RDF.type, ASPEN.FocalArea),
        (node, RDF.type, ASPEN.ExampleResource),
        (node, RDFS.label, Literal("Focal area P5.FA2 (example)", lang="en")),
        (node, RDFS.label, Literal("Lĩnh vực trọng tâm P5.FA2 (ví dụ)", lang="vi")),
        (node, DCTERMS.identifier, Literal("P5.FA2")),
        (node, ASPEN.inVersion, ASPENID["plan-version/example-plan-draft-2"]),
        (node, ASPEN.partOfPlan, ASPENID["plan/example-plan"]),
        (node, DCTERMS.source, ASPENID["document/example-data"]),
        (node, ASPEN.sequenceNumber, Literal("2", datatype=XSD_POSITIVE)),
        (node, ASPEN.leadBody, ASPENID["body/awgncb"]),
        (node, ASPEN.underPriority, ASPENID["priority/example-plan-draft-2-p5"]),
    }
    assert set(graph.triples((node, None, None))) == expected
    # P4.FA2 has no namesake in draft-1 (P2.FA2 is the one removed), P4.FA1 does
    p4_fa2 = ASPENID["focal-area/example-plan-draft-2-p4.fa2"]
    assert graph.value(p4_fa2, ASPEN.underPriority) == ASPENID["priority/example-plan-draft-2-p4"]
    findings = run_shacl(inputs.data_union(), inputs.shapes, inputs.ontology)
    assert not [f for f in findings if f.severity == "Violation"]


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_the_same_file_again_changes_nothing(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, GOOD)
    assert import_rows(settings, path, DRAFT_2).written
    before = tree_hash(import_root)
    target = import_root / FOLDER / "focal-areas.csv"
    mtime = target.stat().st_mtime_ns
    again = import_rows(settings, path, DRAFT_2)
    assert again.ok
    assert (again.added, again.changed, again.unchanged, again.written) == (0, 0, 3, False)
    assert tree_hash(import_root) == before
    assert target.stat().st_mtime_ns == mtime


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_row_order_does_not_matter(settings: Settings, import_root: Path, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a" / "focal-areas.csv", FOCAL_AREAS, GOOD)
    import_rows(settings, first, DRAFT_2)
    target = import_root / FOLDER / "focal-areas.csv"
    written = target.read_bytes()
    target.unlink()
    shuffled = GOOD[:]
    random.Random(7).shuffle(shuffled)
    assert shuffled != GOOD
    second = write_csv(tmp_path / "b" / "focal-areas.csv", FOCAL_AREAS, shuffled)
    result = import_rows(settings, second, DRAFT_2)
    assert (result.added, result.written) == (3, True)
    assert target.read_bytes() == written
    # and in another order again, on top: nothing changes
    random.Random(8).shuffle(shuffled)
    third = write_csv(tmp_path / "c" / "focal-areas.csv", FOCAL_AREAS, shuffled)
    assert (import_rows(settings, third, DRAFT_2).unchanged, target.read_bytes()) == (3, written)


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_rows_merge_by_key(settings: Settings, import_root: Path, tmp_path: Path) -> None:
    import_rows(settings, write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, GOOD), DRAFT_2)
    update = [
        focal_area("P5.FA1", label_en="Haze monitoring network (example)"),
        focal_area("P5.FA3"),
    ]
    path = write_csv(tmp_path / "update" / "focal-areas.csv", FOCAL_AREAS, update)
    result = import_rows(settings, path, DRAFT_2)
    assert (result.added, result.changed, result.unchanged) == (1, 1, 0)
    lines = (import_root / FOLDER / "focal-areas.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:3] for line in lines[1:]] == [
        ["P4.FA2", "P4", "Focal area P4.FA2 (example)"],
        ["P5.FA1", "P5", "Haze monitoring network (example)"],
        ["P5.FA2", "P5", "Focal area P5.FA2 (example)"],
        ["P5.FA3", "P5", "Focal area P5.FA3 (example)"],
    ]


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_shacl_findings_point_at_rows(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    # (A code the draft's Turtle already defines is refused before SHACL: test_versions.py.)
    rows = [
        focal_area("P5.FA1"),
        # a lead body that is a priority, not an ASEAN body: only SHACL knows
        focal_area("P5.FA2", lead_body="priority:example-plan-draft-2-p1"),
    ]
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, rows)
    before = tree_hash(import_root)
    result = import_rows(settings, path, DRAFT_2)
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (
            3,
            "lead_body",
            "aspen:leadBody points to an ASEAN body. (value priority:example-plan-draft-2-p1)",
        ),
    ]
    assert tree_hash(import_root) == before


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_dry_run_checks_and_writes_nothing(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, GOOD)
    before = tree_hash(import_root)
    result = import_rows(settings, path, DRAFT_2, dry_run=True)
    assert (result.ok, result.added, result.written) == (True, 3, False)
    assert tree_hash(import_root) == before


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_an_import_can_refer_to_an_earlier_import(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    import_rows(settings, write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, GOOD), DRAFT_2)
    rows = [
        {
            "code": "P5.FA1.I1",
            "focal_area": "P5.FA1",
            "priority": "P5",
            "label_en": "Low-cost haze sensors (example)",
            "label_vi": "Cảm biến khói mù giá rẻ (ví dụ)",
            "source": "document:example-data",
        }
    ]
    path = write_csv(tmp_path / "iv.csv", INTERVENTIONS, rows)
    result = import_rows(settings, path, "example-plan-draft-2", kind="interventions")
    assert (result.ok, result.added) == (True, 1), result.problems
    assert (import_root / FOLDER / "interventions.csv").is_file()


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_csv_with_a_byte_order_mark(settings: Settings, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, GOOD, bom=True)
    result = import_rows(settings, path, DRAFT_2)
    assert (result.ok, result.added) == (True, 3)


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_into_a_real_version_creates_its_folder(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    rows = [focal_area("P2.FA1", "P2", label_en="Marine protected areas", label_vi="")]
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, rows)
    iri = "https://w3id.org/aspen/id/plan-version/aspen-2026-2035-draft-2026-03"
    result = import_rows(settings, path, iri)
    assert result.ok, result.problems
    assert [(w.row, w.column) for w in result.warnings] == [(2, "label_vi")]
    folder = import_root / "data" / "versions" / "aspen-2026-2035-draft-2026-03"
    assert result.target == folder / "focal-areas.csv"
    inputs = gather_inputs(Settings(root=import_root))
    graph = inputs.graphs[version_graph("aspen-2026-2035-draft-2026-03")]
    node = ASPENID["focal-area/aspen-2026-2035-p2.fa1"]  # the published plan's key, no version
    assert graph.value(node, ASPEN.underPriority) == ASPENID["priority/aspen-2026-2035-p2"]
    assert (node, RDF.type, ASPEN.ExampleResource) not in graph


def test_version_names(settings: Settings, tmp_path: Path) -> None:
    assert version_name("plan-version:example-plan-draft-2") == "example-plan-draft-2"
    assert version_name("example-plan-draft-2") == "example-plan-draft-2"
    assert version_name("data/examples/example-plan-draft-2/") == "example-plan-draft-2"
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, GOOD)
    with pytest.raises(DataLoadError) as caught:
        import_rows(settings, path, "plan-version:example-plan-draft-9")
    assert str(caught.value) == (
        "--into: plan-version:example-plan-draft-9 is not an aspen:PlanVersion of the build; "
        "known versions: plan-version:aspen-2016-2025-adopted, "
        "plan-version:aspen-2026-2035-draft-2026-03 (the example versions with --examples)"
    )
    with pytest.raises(DataLoadError, match="names no plan version"):
        import_rows(settings, path, "priority:example-plan-draft-2-p1")
    with pytest.raises(DataLoadError, match="is not a plan version"):
        import_rows(settings, path, "https://w3id.org/aspen/id/priority/example-plan-draft-2-p1")


def test_broken_files_are_errors(settings: Settings, tmp_path: Path) -> None:
    fake = tmp_path / "focal-areas.xlsx"
    fake.write_text("code,priority\n", encoding="utf-8")
    with pytest.raises(DataLoadError) as caught:
        import_rows(settings, fake, DRAFT_2)
    assert str(caught.value) == (
        f"{fake}: not an Excel workbook (.xlsx files are zip archives; this one is not)"
    )
    unnamed = write_csv(tmp_path / "my-data.csv", FOCAL_AREAS, GOOD)
    with pytest.raises(DataLoadError, match="cannot tell the table kind"):
        import_rows(settings, unnamed, DRAFT_2)
    wrong = tmp_path / "focal-areas.csv"
    wrong.write_text("code,parent\nP5.FA1,P5\n", encoding="utf-8")
    with pytest.raises(DataLoadError) as caught:
        import_rows(settings, wrong, DRAFT_2)
    assert str(caught.value) == (
        f"{wrong}:1: missing column(s) priority, label_en, label_vi, definition, sequence, "
        "lead_body, source; unknown column(s) parent"
    )
    latin = tmp_path / "focal-areas.txt"
    latin.write_bytes(b"x")
    with pytest.raises(DataLoadError, match=r"expected \.xlsx or \.csv"):
        import_rows(settings, latin, DRAFT_2)


def test_problem_rows_are_in_file_order(settings: Settings, tmp_path: Path) -> None:
    rows = [focal_area(f"P5.FA{n}", priority="P8" if n % 2 else "P5") for n in range(1, 8)]
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, rows)
    result = import_rows(settings, path, DRAFT_2)
    assert [p.row for p in result.problems] == [2, 4, 6, 8]
    assert {p.column for p in result.problems} == {"priority"}
    assert result.problems[0] == ImportProblem(
        2, "priority", "no priority has code 'P8' in version example-plan-draft-2"
    )


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_graph_of_the_version_is_exactly_turtle_plus_tables(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    """The import validates the version's graph as the next build will read it."""
    import_rows(settings, write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, GOOD), DRAFT_2)
    inputs = gather_inputs(Settings(root=import_root, examples=True))
    graph = inputs.graphs[version_graph("example-plan-draft-2", example=True)]
    turtle = Graph()
    for path in sorted((import_root / FOLDER).glob("*.ttl")):
        turtle.parse(path, format="turtle")
    new = {s for s in graph.subjects() if s not in set(turtle.subjects())}
    prefix = str(ASPENID["focal-area/"])
    assert {str(s)[len(prefix) :] for s in new if str(s).startswith(prefix)} == {
        "example-plan-draft-2-p4.fa2",
        "example-plan-draft-2-p5.fa1",
        "example-plan-draft-2-p5.fa2",
    }


def test_an_empty_file_changes_nothing(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    before = tree_hash(import_root)
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, [])
    result = import_rows(settings, path, DRAFT_2)
    assert (result.ok, result.rows, result.added, result.written) == (True, 0, 0, False)
    assert tree_hash(import_root) == before
