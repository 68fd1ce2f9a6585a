"""The review loop's import: ``aspen import review.xlsx --into V`` of a hand-made review file.

Accepted and edited rows become alignments of the version with the suggestion's provenance,
rejected pairs are remembered in ``suggestions-rejected.csv``, undecided rows are left out; a
re-run changes nothing; an accept after a reject wins. After ``aspen build`` the alignments
count in ``aspen coverage`` and their pages show where they came from. The expected numbers
are worked out from the repository's CSV files, not from the code under test.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from tests.cli_runner import run_app
from tests.imports.conftest import tree_hash, write_csv

from aspen_graph.api import create_app
from aspen_graph.config import get_settings
from aspen_graph.errors import TableError
from aspen_graph.namespaces import ASPEN, ASPENID
from aspen_graph.sources.tables.engine import convert_rows
from aspen_graph.sources.tables.kinds import ALIGNMENT_REVIEW, ALIGNMENTS
from aspen_graph.sources.tables.rejections import REJECTED_COLUMNS, rejected_pairs

VERSION = "plan-version:aspen-2026-2035-draft-2026-03"
FOLDER = Path("data/versions/aspen-2026-2035-draft-2026-03")
EVIDENCE = "https://unstats.un.org/sdgs/indicators/indicators-list/"
CONTRACT = [
    "source",
    "target",
    "interaction",
    "confidence",
    "rationale",
    "evidence",
    "asserted_by",
    "date",
    "status",
    "decision",
    "score",
    "rank",
    "framework",
    "evidence_source",
    "evidence_target",
    "method",
    "method_version",
    "suggested_at",
]


def suggestion(source: str, target: str, decision: str, **cells: str) -> dict[str, str]:
    """One row as the suggester writes it, with the reviewer's decision."""
    framework = "gbf" if target.startswith("gbf") else "sdg"
    row = {
        "source": source,
        "target": target,
        "interaction": "1",
        "confidence": "0.5",
        "rationale": f"Machine proposal (aspen-suggest 1): {source} shares words with {target}.",
        "evidence": EVIDENCE,
        "status": "proposed",
        "decision": decision,
        "score": "0.42",
        "rank": "1",
        "framework": framework,
        "evidence_source": "climate ; resilience",
        "evidence_target": "climate ; resilience",
        "method": "aspen-suggest",
        "method_version": "1",
        "suggested_at": "2026-12-01",
    }
    row.update(cells)
    return row


def workbook(path: Path, rows: list[dict[str, str]], *, sheet: str = "review") -> Path:
    book = Workbook()
    page = book.active
    page.title = sheet
    page.append(CONTRACT)
    for row in rows:
        page.append([row.get(column, "") for column in CONTRACT])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def p(number: int) -> str:
    return f"priority:aspen-2026-2035-p{number}"


def g(number: int) -> str:
    return f"goal:aspen-2026-2035-g{number}"


ACCEPTED = [(p(1), "sdg:13.a"), (p(3), "gbf-target:12")]
EDITED = (p(5), "sdg:6.a")  # suggested as sdg:6.b, interaction 1; the reviewer changed both
REJECTED = (g(2), "sdg:15.6")
UNDECIDED = (g(3), "sdg:14.6")


def review_rows() -> list[dict[str, str]]:
    return [
        suggestion(*ACCEPTED[0], "accept"),
        suggestion(*ACCEPTED[1], "Accept"),
        suggestion(
            *EDITED,
            "edit",
            interaction="2",
            confidence="0.7",
            rationale="The priority's water-quality work serves SDG 6.a, \"expand international "
            'cooperation and capacity-building support" on water and sanitation.',
        ),
        suggestion(*REJECTED, "reject"),
        suggestion(*UNDECIDED, ""),
    ]


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _reached_before(root: Path) -> dict[str, set[str]]:
    """Per challenge, the relevant targets some element of the version reaches already
    (a positive, not rejected alignment in data/tables/alignments.csv)."""
    relevant: dict[str, set[str]] = {}
    for row in _csv(root / "data/tables/challenge-relevance.csv"):
        relevant.setdefault(row["challenge"], set()).add(row["target"])
    reached = {
        row["target"]
        for row in _csv(root / "data/tables/alignments.csv")
        if row["source"].split(":")[1].startswith("aspen-2026-2035-")
        and int(row["interaction"]) > 0
        and row["status"] != "rejected"
    }
    return {challenge: targets & reached for challenge, targets in relevant.items()}


def _coverage(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> dict[str, int]:
    code, out, err = run_app(monkeypatch, capsys, "coverage", "--version", VERSION, "-f", "json")
    assert code == 0, err
    records = json.loads(out)
    return {str(r["challenge"]).rsplit("/", 1)[1]: int(r["reached"]) for r in records}


@pytest.mark.slow
def test_review_import_build_coverage_pages(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _reached_before(project)
    new_targets = [target for _source, target in (*ACCEPTED, EDITED)]
    for target in new_targets:  # the chosen targets are relevant and not reached yet
        assert any(target not in reached for reached in before.values())
    review = workbook(tmp_path / "review.xlsx", review_rows())
    args = ("import", str(review), "--into", VERSION, "--reviewer", "jane-reviewer")

    code, out, err = run_app(monkeypatch, capsys, *args)
    assert code == 0, out + err
    assert "review: 2 accepted, 1 edited, 1 rejected, 1 undecided" in out
    assert "alignments → plan-version:aspen-2026-2035-draft-2026-03: 3 row(s): 3 added" in out

    table = {(r["source"], r["target"]): r for r in _csv(project / FOLDER / "alignments.csv")}
    assert set(table) == {*ACCEPTED, EDITED}
    edited = table[EDITED]
    assert (edited["interaction"], edited["confidence"], edited["review"]) == ("2", "0.7", "edit")
    assert edited["rationale"].startswith("The priority's water-quality work")
    for pair in ACCEPTED:
        assert table[pair]["review"] == "accept"
        assert table[pair]["rationale"].startswith("Machine proposal")
    for row in table.values():
        assert (row["asserted_by"], row["status"]) == ("jane-reviewer", "proposed")
        assert (row["method"], row["method_version"]) == ("aspen-suggest", "1")
        assert (row["suggested_score"], row["suggested_at"]) == ("0.42", "2026-12-01")
    rejected_file = project / FOLDER / "suggestions-rejected.csv"
    lines = rejected_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(REJECTED_COLUMNS)
    assert lines[1].startswith(f"{REJECTED[0]},{REJECTED[1]},jane-reviewer,")
    assert len(lines) == 2

    # The same file again: nothing added, nothing written, no byte changed.
    snapshot = tree_hash(project / "data")
    code, out, _ = run_app(monkeypatch, capsys, *args)
    assert code == 0
    assert "3 row(s): 0 added, 0 changed, 3 unchanged" in out
    assert "0 new rejection(s)" in out
    assert tree_hash(project / "data") == snapshot

    # The rejected pair accepted later: the accept wins, the rejection goes.
    later = workbook(tmp_path / "later.xlsx", [suggestion(*REJECTED, "accept")])
    code, out, _ = run_app(
        monkeypatch, capsys, "import", str(later), "--into", VERSION, "--reviewer", "jane-reviewer"
    )
    assert code == 0
    assert (
        f"{REJECTED[0]} → {REJECTED[1]}: accepted now, so its earlier rejection is removed" in out
    )
    assert rejected_pairs(project / FOLDER) == set()
    assert len(_csv(project / FOLDER / "alignments.csv")) == 4

    # Built: the alignments count in coverage, and their pages show their provenance.
    code, out, err = run_app(monkeypatch, capsys, "build", "--no-reason")
    assert code == 0, out + err
    coverage = _coverage(monkeypatch, capsys)
    relevant: dict[str, set[str]] = {}
    for row in _csv(project / "data/tables/challenge-relevance.csv"):
        relevant.setdefault(row["challenge"], set()).add(row["target"])
    added = {*new_targets, REJECTED[1]}
    for challenge, targets in relevant.items():
        expected = len(before[challenge] | (added & targets))
        assert coverage[challenge] == expected, challenge

    get_settings.cache_clear()
    with TestClient(create_app(get_settings())) as client:
        page = client.get(
            "/id/alignment/priority-aspen-2026-2035-p5--sdg-6.a", headers={"accept": "text/html"}
        )
        assert page.status_code == 200
        assert "/id/suggestion/priority-aspen-2026-2035-p5--sdg-6.a" in page.text
        assert "wasRevisionOf" in page.text or "was revision of" in page.text.lower()
        suggestion_iri = URIRef(f"{ASPENID}suggestion/priority-aspen-2026-2035-p1--sdg-13.a")
        run_iri = URIRef(f"{ASPENID}suggestion-activity/aspen-suggest-1-2026-12-01")
        described = Graph()
        for iri in (suggestion_iri, run_iri):
            path = "/id/" + str(iri)[len(str(ASPENID)) :]
            page = client.get(path, headers={"accept": "text/turtle"})
            assert page.status_code == 200
            described.parse(data=page.text, format="turtle")
        assert (suggestion_iri, PROV.wasGeneratedBy, run_iri) in described
        assert (
            suggestion_iri,
            ASPEN.suggestionScore,
            Literal("0.42", datatype=XSD.decimal),
        ) in described
        assert (run_iri, ASPEN.suggestionMethod, Literal("aspen-suggest")) in described
        assert (run_iri, ASPEN.methodVersion, Literal("1")) in described


def test_review_template_lists_the_contract_columns(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert list(ALIGNMENT_REVIEW.columns) == CONTRACT
    target = tmp_path / "review.csv"
    code, _, _ = run_app(monkeypatch, capsys, "template", "alignment-review", "--out", str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8-sig").splitlines()[0].split(",") == CONTRACT


BAD = [
    (
        {"decision": "maybe"},
        "decision",
        "'maybe' is not a decision; write one of accept, edit, reject",
    ),
    ({"asserted_by": ""}, "asserted_by", "write the reviewer's agent key here, or pass --reviewer"),
    ({"source": p(9)}, "source", "names nothing in the graph"),
    ({"target": "sdg:99.9"}, "target", "'sdg:99.9' names nothing in the graph"),
]


@pytest.mark.parametrize(("cells", "column", "reason"), BAD, ids=[b[1] for b in BAD])
def test_bad_review_rows_are_refused(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cells: dict[str, str],
    column: str,
    reason: str,
) -> None:
    good = suggestion(*ACCEPTED[0], "accept", asserted_by="jane-reviewer")
    bad = suggestion(*ACCEPTED[1], "accept", asserted_by="jane-reviewer")
    bad.update(cells)
    review = workbook(tmp_path / "review.xlsx", [good, suggestion(*REJECTED, "reject"), bad])
    before = tree_hash(project / "data")
    code, out, err = run_app(monkeypatch, capsys, "import", str(review), "--into", VERSION)
    assert code == 1
    line = next(line for line in out.splitlines() if reason in line)
    assert [cell.strip() for cell in line.split("│")][1:3] == ["4", column]
    assert "nothing was imported" in err
    assert tree_hash(project / "data") == before


def review_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """A review.csv: its header is the contract (test_review_template_lists_the_contract_columns)."""
    return write_csv(path, ALIGNMENT_REVIEW, rows)


def test_review_csv_rejections_only_and_dry_run(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A review.csv (told by its decision column) that only rejects: no alignments.csv is
    made, the rejections are one line per pair; a dry run writes nothing."""
    rows = [
        suggestion(*REJECTED, "reject", asserted_by="jane-reviewer", date="2026-12-02"),
        suggestion(*UNDECIDED, "REJECT"),
        suggestion(*ACCEPTED[0], ""),
    ]
    review = review_csv(tmp_path / "review.csv", rows)
    before = tree_hash(project / "data")
    args = ("import", str(review), "--into", VERSION)
    code, out, _ = run_app(monkeypatch, capsys, *args, "--dry-run")
    assert code == 0
    assert "review: 0 accepted, 0 edited, 2 rejected, 1 undecided" in out
    assert "dry run: nothing written" in out
    assert tree_hash(project / "data") == before

    first_day = _today()
    code, out, _ = run_app(monkeypatch, capsys, *args)
    days = {first_day, _today()}  # the day the import ran (it may have crossed midnight)
    assert code == 0
    assert "2 new rejection(s); wrote" in out
    assert not (project / FOLDER / "alignments.csv").exists()
    lines = _csv(project / FOLDER / "suggestions-rejected.csv")
    assert lines[0] == {
        "source": g(2),
        "target": "sdg:15.6",
        "rejected_by": "jane-reviewer",
        "date": "2026-12-02",
    }
    assert (lines[1]["source"], lines[1]["target"], lines[1]["rejected_by"]) == (
        g(3),
        "sdg:14.6",
        "",
    )
    assert lines[1]["date"] in days
    assert len(lines) == 2


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def test_rejecting_an_existing_alignment_keeps_it(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = review_csv(tmp_path / "first.csv", [suggestion(*ACCEPTED[0], "accept")])
    args = ("--into", VERSION, "--reviewer", "jane-reviewer")
    assert run_app(monkeypatch, capsys, "import", str(first), *args)[0] == 0
    then = review_csv(tmp_path / "then.csv", [suggestion(*ACCEPTED[0], "reject")])
    code, out, _ = run_app(monkeypatch, capsys, "import", str(then), *args)
    assert code == 0
    assert "already an alignment of the version; it stays" in out
    assert not (project / FOLDER / "suggestions-rejected.csv").exists()
    assert len(_csv(project / FOLDER / "alignments.csv")) == 1


def test_pair_aligned_elsewhere_and_reviewer_for_other_files(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    aligned = _csv(project / "data/tables/alignments.csv")[0]
    pair = (aligned["source"], aligned["target"])
    review = review_csv(tmp_path / "review.csv", [suggestion(*pair, "accept")])
    before = tree_hash(project / "data")
    args = ("--into", VERSION, "--reviewer", "jane-reviewer")
    code, out, _ = run_app(monkeypatch, capsys, "import", str(review), *args)
    assert code == 1
    assert "already exists outside this version's alignments.csv" in out
    code, _, err = run_app(
        monkeypatch, capsys, "import", str(review), "--into", VERSION, "--reviewer", "Jane Doe"
    )
    assert code == 2
    assert "--reviewer: 'Jane Doe' is not an agent key" in err
    plain = tmp_path / "alignments.csv"
    plain.write_text(",".join(CONTRACT[:9]) + "\n", encoding="utf-8")
    code, _, err = run_app(monkeypatch, capsys, "import", str(plain), *args)
    assert code == 2
    assert "--reviewer is for a review file" in err
    assert tree_hash(project / "data") == before


PROVENANCE = ["method", "method_version", "suggested_score", "suggested_at", "review"]
PLAIN_ROW = [
    "goal:aspen-2026-2035-g1",
    "sdg:13.a",
    "1",
    "0.5",
    '"A rationale quoting ""climate"" on both sides."',
    EVIDENCE,
    "jane-reviewer",
    "2026-12-02",
    "proposed",
]


def _alignments_csv(*rows: list[str], provenance: bool = True) -> str:
    header = CONTRACT[:9] + (PROVENANCE if provenance else [])
    return "\n".join(",".join(cells) for cells in (header, *rows)) + "\n"


def test_alignment_provenance_columns_become_prov() -> None:
    node = URIRef(f"{ASPENID}alignment/goal-aspen-2026-2035-g1--sdg-13.a")
    suggestion_iri = URIRef(f"{ASPENID}suggestion/goal-aspen-2026-2035-g1--sdg-13.a")
    run_iri = URIRef(f"{ASPENID}suggestion-activity/aspen-suggest-1-2026-12-01")
    text = _alignments_csv([*PLAIN_ROW, "aspen-suggest", "1", "0.42", "2026-12-01", "edit"])
    graph = convert_rows(ALIGNMENTS, text, "alignments.csv", ())
    assert (node, PROV.wasRevisionOf, suggestion_iri) in graph
    assert (node, PROV.wasDerivedFrom, None) not in graph
    assert (suggestion_iri, RDF.type, ASPEN.AlignmentSuggestion) in graph
    assert (suggestion_iri, PROV.wasGeneratedBy, run_iri) in graph
    assert (suggestion_iri, PROV.generatedAtTime, Literal("2026-12-01", datatype=XSD.date)) in graph
    assert (run_iri, RDF.type, ASPEN.SuggestionActivity) in graph
    assert (run_iri, ASPEN.methodVersion, Literal("1")) in graph
    # A row found by a person: the provenance columns empty, or absent (a nine-column file).
    for found_by_hand in (
        _alignments_csv([*PLAIN_ROW, "", "", "", "", ""]),
        _alignments_csv(PLAIN_ROW, provenance=False),
    ):
        graph = convert_rows(ALIGNMENTS, found_by_hand, "alignments.csv", ())
        assert (node, RDF.type, ASPEN.Alignment) in graph
        assert not set(graph.subjects(RDF.type, ASPEN.AlignmentSuggestion))


def test_alignment_provenance_columns_are_checked() -> None:
    text = _alignments_csv([*PLAIN_ROW, "aspen-suggest", "", "high", "2026-13-01", "maybe"])
    with pytest.raises(TableError) as caught:
        convert_rows(ALIGNMENTS, text, "alignments.csv", ())
    assert caught.value.problems == [
        (2, "method_version", "is empty"),
        (2, "suggested_score", "'high' is not a number"),
        (2, "suggested_at", "'2026-13-01' is not a date (YYYY-MM-DD)"),
        (2, "review", "'maybe' is not one of accept, edit"),
    ]


def test_review_sheet_names(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A sheet called alignments with a decision column is a review; a workbook holding an
    alignments sheet and a review sheet is refused whole."""
    row = suggestion(*ACCEPTED[0], "accept", asserted_by="jane-reviewer")
    named = workbook(tmp_path / "alignments.xlsx", [row], sheet="alignments")
    code, out, _ = run_app(monkeypatch, capsys, "import", str(named), "--into", VERSION)
    assert code == 0
    assert "review: 1 accepted, 0 edited, 0 rejected, 0 undecided" in out

    both = workbook(tmp_path / "both.xlsx", [row], sheet="alignment-review")
    book = load_workbook(both)
    plain = book.create_sheet("alignments")
    plain.append(CONTRACT[:9])
    book.save(both)
    before = tree_hash(project / "data")
    code, _, err = run_app(monkeypatch, capsys, "import", str(both), "--into", VERSION)
    assert code == 2
    assert "holds alignments twice" in err
    assert tree_hash(project / "data") == before
