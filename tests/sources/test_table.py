"""Analyst tables → RDF: exact triples, stable IRIs, and every bad row reported (all or none)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from table_rows import (
    ALIGNMENT_COLUMNS,
    G1,
    KNOWN,
    P2,
    RATIONALE,
    XSD_DATE,
    XSD_DECIMAL,
    alignment,
    convert,
    csv_row,
    csv_text,
    problems,
)

from aspen_graph.errors import DataLoadError, TableError
from aspen_graph.namespaces import ASPEN, ASPENID, SDG
from aspen_graph.sources.tables.engine import read_table
from aspen_graph.sources.tables.kinds import ALIGNMENTS, CHALLENGE_RELEVANCE


def expected_alignment_p2_14_1() -> Graph:
    node = ASPENID["alignment/priority-aspen-2026-2035-p2--sdg-14.1"]
    g = Graph()
    g.add((node, RDF.type, ASPEN.Alignment))
    g.add((node, RDFS.label, Literal("priority:aspen-2026-2035-p2 → sdg:14.1", lang="en")))
    g.add((node, ASPEN.alignmentSource, P2))
    g.add((node, ASPEN.alignmentTarget, SDG["14.1"]))
    g.add((node, ASPEN.interaction, ASPENID["interaction/reinforcing"]))
    g.add((node, ASPEN.confidence, Literal("0.8", datatype=XSD_DECIMAL)))
    g.add((node, ASPEN.rationale, Literal(RATIONALE, lang="en")))
    g.add((node, DCTERMS.source, URIRef("https://example.org/a")))
    g.add((node, DCTERMS.source, URIRef("https://example.org/b")))
    g.add((node, PROV.wasAttributedTo, ASPENID["agent/aspen-graph"]))
    g.add((node, PROV.generatedAtTime, Literal("2026-11-25", datatype=XSD_DATE)))
    g.add((node, ASPEN.alignmentStatus, ASPENID["alignment-status/proposed"]))
    return g


# --- alignments: good tables ------------------------------------------------------------------


def test_alignment_row_gives_exact_triples() -> None:
    got = convert(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, [alignment()]))
    assert set(got) == set(expected_alignment_p2_14_1())


def test_alignment_iri_is_built_from_the_keys_however_they_are_written() -> None:
    rows = [
        alignment(target="14.2", interaction="-1", status="Accepted"),
        alignment(source=str(G1), target="SDG 14.1", interaction="+3", confidence="1"),
    ]
    got = convert(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, rows))
    assert set(got.subjects(RDF.type, ASPEN.Alignment)) == {
        ASPENID["alignment/priority-aspen-2026-2035-p2--sdg-14.2"],
        ASPENID["alignment/goal-aspen-2026-2035-g1--sdg-14.1"],
    }
    first = ASPENID["alignment/priority-aspen-2026-2035-p2--sdg-14.2"]
    assert got.value(first, ASPEN.interaction) == ASPENID["interaction/constraining"]
    assert got.value(first, ASPEN.alignmentStatus) == ASPENID["alignment-status/accepted"]
    second = ASPENID["alignment/goal-aspen-2026-2035-g1--sdg-14.1"]
    assert got.value(second, ASPEN.interaction) == ASPENID["interaction/indivisible"]
    assert got.value(second, ASPEN.alignmentTarget) == SDG["14.1"]


def test_row_order_does_not_change_the_graph() -> None:
    rows = [
        alignment(),
        alignment(target="sdg:14.2", interaction="-2", rationale=RATIONALE + " Also 14.2."),
        alignment(source="goal:aspen-2026-2035-g1", interaction="0", status="rejected"),
    ]
    forward = convert(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, rows))
    backward = convert(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, rows[::-1]))
    assert len(forward) == 3 * 12
    assert isomorphic(forward, backward)
    assert set(forward) == set(backward)  # no blank nodes: the very same IRIs


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("3", "indivisible"),
        ("+2", "reinforcing"),
        ("1", "enabling"),
        ("0", "consistent"),
        ("-1", "constraining"),
        ("-2", "counteracting"),
        ("-3", "cancelling"),
    ],
)
def test_every_interaction_score_maps_to_its_level(score: str, level: str) -> None:
    got = convert(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, [alignment(interaction=score)]))
    node = ASPENID["alignment/priority-aspen-2026-2035-p2--sdg-14.1"]
    assert list(got.objects(node, ASPEN.interaction)) == [ASPENID[f"interaction/{level}"]]


def test_empty_known_skips_the_reference_check() -> None:
    row = alignment(source="priority:not-in-any-graph", target="sdg:99.9")
    got = convert(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, [row]), frozenset())
    assert set(got.subjects(RDF.type, ASPEN.Alignment)) == {
        ASPENID["alignment/priority-not-in-any-graph--sdg-99.9"]
    }


# --- alignments: bad tables -------------------------------------------------------------------


def test_every_bad_row_is_listed_and_nothing_is_returned() -> None:
    rows = [
        alignment(),  # 2: good
        alignment(source="prio:aspen-2026-2035-p2"),  # 3: unknown CURIE prefix
        alignment(target="sdg:14.3"),  # 4: names nothing in the graph
        alignment(target="sdg:14.2", interaction="4"),  # 5: off the scale
        alignment(target="sdg:14.2", confidence="1.5"),  # 6: above 1
        alignment(target="sdg:14.2", rationale="  "),  # 7: empty
        alignment(target="sdg:14.2", evidence="www.example.org/page"),  # 8: not an IRI
        alignment(target="sdg:14.2", date="2026-13-01"),  # 9: no month 13
        alignment(target="sdg:14.2", status="maybe"),  # 10: not a status
        alignment(target="priority:aspen-2026-2035-p2"),  # 11: aligned to itself
        alignment(target="14.1", confidence="0.3"),  # 12: same pair as row 2
        alignment(target="sdg:3.9", interaction="x", confidence="", status="maybe"),  # 13
    ]
    error = problems(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, rows))
    assert [(row, column) for row, column, _ in error.problems] == [
        (3, "source"),
        (4, "target"),
        (5, "interaction"),
        (6, "confidence"),
        (7, "rationale"),
        (8, "evidence"),
        (9, "date"),
        (10, "status"),
        (11, "target"),
        (12, ""),
        (13, "interaction"),
        (13, "confidence"),
        (13, "status"),
    ]
    reasons = {(row, column): reason for row, column, reason in error.problems}
    assert "kind one of agent, agreement" in reasons[(3, "source")]
    assert reasons[(4, "target")] == (
        "'sdg:14.3' names nothing in the graph (http://metadata.un.org/sdg/14.3)"
    )
    assert reasons[(5, "interaction")] == "4 is outside the scale -3 … +3"
    assert reasons[(6, "confidence")] == "1.5 is outside 0 … 1"
    assert reasons[(7, "rationale")] == "is empty"
    assert reasons[(8, "evidence")] == "'www.example.org/page' is not an http(s) IRI"
    assert reasons[(9, "date")] == "'2026-13-01' is not a date (YYYY-MM-DD)"
    assert reasons[(10, "status")] == "'maybe' is not one of proposed, accepted, rejected"
    assert reasons[(11, "target")] == "an element cannot be aligned to itself"
    assert reasons[(12, "")].startswith("duplicate of row 2 (same key ")
    assert reasons[(13, "confidence")] == "is empty"
    assert error.line == 3
    assert error.path == "table.csv"
    message = str(error).splitlines()
    assert message[0].startswith("table.csv: ")
    assert message[0].endswith(" bad row(s); nothing was loaded")
    assert message[1].startswith("  row 3, column 'source': ")
    assert len(message) == 14  # one line per problem


def test_message_counts_rows_not_problems() -> None:
    rows = [alignment(interaction="5", status="maybe")]
    error = problems(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, rows))
    assert len(error.problems) == 2
    assert str(error).splitlines()[0] == "table.csv: 1 bad row(s); nothing was loaded"


def test_bad_table_file_raises_and_returns_nothing(tmp_path: Path) -> None:
    path = tmp_path / "alignments.csv"
    path.write_text(
        csv_text(ALIGNMENT_COLUMNS, [alignment(), alignment(target="sdg:14.2", date="soon")]),
        encoding="utf-8",
    )
    result: Graph | None = None
    with pytest.raises(TableError) as caught:
        result = read_table(path, KNOWN)
    assert result is None
    assert caught.value.problems == [(3, "date", "'soon' is not a date (YYYY-MM-DD)")]
    assert str(caught.value).startswith(f"{path}: 1 bad row(s); nothing was loaded")


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"interaction": "2.5"}, "interaction"),
        ({"interaction": "-4"}, "interaction"),
        ({"confidence": "-0.1"}, "confidence"),
        ({"confidence": "high"}, "confidence"),
        ({"rationale": "Too short."}, "rationale"),
        ({"evidence": "https://example.org/a ; ftp://example.org/b"}, "evidence"),
        ({"evidence": "https://example.org/a b"}, "evidence"),
        ({"asserted_by": "someone else"}, "asserted_by"),
        ({"date": "25/11/2026"}, "date"),
        ({"source": ""}, "source"),
        ({"target": "sdg"}, "target"),
    ],
)
def test_one_bad_cell(cells: dict[str, str], column: str) -> None:
    error = problems(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, [alignment(**cells)]))
    assert [(row, col) for row, col, _ in error.problems] == [(2, column)]


def test_row_with_more_cells_than_columns() -> None:
    text = csv_text(ALIGNMENT_COLUMNS, [alignment()]) + csv_row({**alignment(), "extra": "x"})
    error = problems(ALIGNMENTS, text)
    assert error.problems == [(3, "", "more cells than columns")]


def test_short_row_reports_each_missing_cell() -> None:
    text = csv_text(ALIGNMENT_COLUMNS, []) + "priority:aspen-2026-2035-p2,sdg:14.1,2\n"
    error = problems(ALIGNMENTS, text)
    assert [(row, col) for row, col, _ in error.problems] == [
        (2, "confidence"),
        (2, "rationale"),
        (2, "evidence"),
        (2, "asserted_by"),
        (2, "date"),
        (2, "status"),
    ]


def test_confidence_nan_is_a_bad_row() -> None:
    error = problems(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, [alignment(confidence="NaN")]))
    assert [(row, col) for row, col, _ in error.problems] == [(2, "confidence")]


@pytest.mark.parametrize("text", ["20261125", "2026-W48-3"])
def test_date_must_be_yyyy_mm_dd(text: str) -> None:
    error = problems(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, [alignment(date=text)]))
    assert [(row, col) for row, col, _ in error.problems] == [(2, "date")]


@pytest.mark.parametrize("text", ["https://example.org/a<b>", "https://example.org/{x}"])
def test_evidence_must_be_a_valid_iri(text: str) -> None:
    error = problems(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, [alignment(evidence=text)]))
    assert [(row, col) for row, col, _ in error.problems] == [(2, "evidence")]


# --- structure: columns, blank lines, quoting --------------------------------------------------


def test_missing_and_unknown_columns_point_at_line_1() -> None:
    columns = [c for c in ALIGNMENT_COLUMNS if c != "status"] + ["state"]
    row = alignment()
    row["state"] = row.pop("status")
    with pytest.raises(DataLoadError) as caught:
        convert(ALIGNMENTS, csv_text(columns, [row]))
    assert not isinstance(caught.value, TableError)
    assert caught.value.line == 1
    assert str(caught.value) == ("table.csv:1: missing column(s) status; unknown column(s) state")


def test_header_only_gives_an_empty_graph() -> None:
    assert len(convert(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, []))) == 0


def test_empty_file_reports_every_missing_column() -> None:
    with pytest.raises(DataLoadError) as caught:
        convert(CHALLENGE_RELEVANCE, "")
    assert caught.value.line == 1
    assert str(caught.value) == (
        "table.csv:1: missing column(s) target, challenge, rationale, evidence, asserted_by, date"
    )


def test_blank_lines_are_skipped() -> None:
    good = csv_text(ALIGNMENT_COLUMNS, [alignment(), alignment(target="sdg:14.2")])
    head, first, second = good.splitlines(keepends=True)
    text = head + first + "\n" + ",,,,,,,,\n" + "  ,  ,,,,,,,\n" + second + "\n"
    got = convert(ALIGNMENTS, text)
    assert len(set(got.subjects(RDF.type, ASPEN.Alignment))) == 2
    assert len(got) == 2 * 12


def test_whitespace_only_rows_keep_row_numbers() -> None:
    text = csv_text(ALIGNMENT_COLUMNS, [alignment()]) + ",,,,,,,,\n"
    text += csv_row(alignment(target="sdg:14.2", status="maybe"))
    assert [(r, c) for r, c, _ in problems(ALIGNMENTS, text).problems] == [(4, "status")]


def test_row_number_after_a_blank_line() -> None:
    text = csv_text(ALIGNMENT_COLUMNS, [alignment()]) + "\n"
    text += csv_row(alignment(target="sdg:14.2", status="maybe"))
    assert [(r, c) for r, c, _ in problems(ALIGNMENTS, text).problems] == [(4, "status")]


def test_quoted_multiline_cells() -> None:
    rationale = 'Line one says "cut marine litter",\nline two, with a comma,\n  says more.'
    text = csv_text(ALIGNMENT_COLUMNS, [alignment(rationale=rationale)])
    assert text.count("\n") == 4  # header, and one record over three lines
    # a bad record after the multi-line one is row 3 (records count, not physical lines)
    text += csv_row(alignment(target="sdg:14.2", interaction="9"))
    error = problems(ALIGNMENTS, text)
    assert [(r, c) for r, c, _ in error.problems] == [(3, "interaction")]
    got = convert(ALIGNMENTS, csv_text(ALIGNMENT_COLUMNS, [alignment(rationale=rationale)]))
    node = ASPENID["alignment/priority-aspen-2026-2035-p2--sdg-14.1"]
    assert got.value(node, ASPEN.rationale) == Literal(
        'Line one says "cut marine litter", line two, with a comma, says more.', lang="en"
    )


# --- read_table: files ------------------------------------------------------------------------


def test_read_table_picks_the_kind_from_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "alignments.csv"
    path.write_text(csv_text(ALIGNMENT_COLUMNS, [alignment()]), encoding="utf-8-sig")  # BOM
    assert set(read_table(path, KNOWN)) == set(expected_alignment_p2_14_1())
    other = tmp_path / "mine.csv"
    other.write_text(csv_text(ALIGNMENT_COLUMNS, [alignment()]), encoding="utf-8")
    assert set(read_table(other, KNOWN, kind="alignments")) == set(expected_alignment_p2_14_1())


def test_read_table_unknown_kind(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(DataLoadError) as caught:
        read_table(path)
    assert str(caught.value) == (
        f"{path}: unknown table kind 'other'; expected one of focal-areas, interventions, "
        "milestones, mel-indicators, mel-observations, alignments, consultation-inputs, "
        "challenge-relevance"
    )


def test_read_table_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "alignments.csv"
    with pytest.raises(DataLoadError) as caught:
        read_table(path)
    assert str(caught.value) == f"{path}: file not found"


def test_read_table_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "alignments.csv"
    path.write_bytes(",".join(ALIGNMENT_COLUMNS).encode() + b"\ncaf\xe9\n")
    with pytest.raises(DataLoadError) as caught:
        read_table(path)
    assert str(caught.value).startswith(f"{path}: not valid UTF-8")
