"""Challenge-relevance tables → RDF, and the one text reader shared by tables and reference CSVs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from table_rows import (
    RELEVANCE_COLUMNS,
    XSD_DATE,
    convert,
    csv_text,
    problems,
    relevance,
)

from aspen_graph.errors import DataLoadError
from aspen_graph.namespaces import ASPEN, ASPENID, SDG
from aspen_graph.sources.reference.rows import read_rows
from aspen_graph.sources.tables.engine import load_csv
from aspen_graph.sources.tables.kinds import CHALLENGE_RELEVANCE

# --- challenge relevance ----------------------------------------------------------------------


def test_relevance_row_gives_exact_triples() -> None:
    got = convert(CHALLENGE_RELEVANCE, csv_text(RELEVANCE_COLUMNS, [relevance()]))
    node = ASPENID["relevance/pollution--sdg-3.9"]
    expected = Graph()
    expected.add((node, RDF.type, ASPEN.ChallengeRelevance))
    expected.add((node, RDFS.label, Literal("sdg:3.9 is relevant to pollution", lang="en")))
    expected.add((node, ASPEN.relevanceTarget, SDG["3.9"]))
    expected.add((node, ASPEN.relevanceChallenge, ASPENID["challenge/pollution"]))
    expected.add(
        (
            node,
            ASPEN.rationale,
            Literal('Asks to reduce "deaths and illnesses from hazardous chemicals".', lang="en"),
        )
    )
    expected.add((node, DCTERMS.source, URIRef("https://example.org/sdg")))
    expected.add((node, PROV.wasAttributedTo, ASPENID["agent/aspen-graph"]))
    expected.add((node, PROV.generatedAtTime, Literal("2026-11-25", datatype=XSD_DATE)))
    assert set(got) == set(expected)


def test_relevance_row_order_does_not_change_the_graph() -> None:
    rows = [
        relevance(),
        relevance(target="14.1", challenge="biodiversity-loss"),
        relevance(target="sdg:14.1", challenge="pollution"),
    ]
    forward = convert(CHALLENGE_RELEVANCE, csv_text(RELEVANCE_COLUMNS, rows))
    backward = convert(CHALLENGE_RELEVANCE, csv_text(RELEVANCE_COLUMNS, rows[::-1]))
    assert set(forward.subjects(RDF.type, ASPEN.ChallengeRelevance)) == {
        ASPENID["relevance/pollution--sdg-3.9"],
        ASPENID["relevance/biodiversity-loss--sdg-14.1"],
        ASPENID["relevance/pollution--sdg-14.1"],
    }
    assert len(forward) == 3 * 8
    assert isomorphic(forward, backward)
    assert set(forward) == set(backward)


def test_relevance_bad_rows_are_all_listed() -> None:
    rows = [
        relevance(),  # 2: good
        relevance(target="gbf:7"),  # 3: unknown prefix
        relevance(target="sdg:14.2", challenge="drought"),  # 4: not a challenge
        relevance(target="sdg:15.1"),  # 5: names nothing in the graph
        relevance(target="sdg:14.2", rationale=""),  # 6: empty
        relevance(target="sdg:14.2", evidence="example.org"),  # 7: not an IRI
        relevance(target="sdg:14.2", date="2026-02-30"),  # 8: no such day
        relevance(target="SDG 3.9"),  # 9: same target and challenge as row 2
        relevance(target="sdg:14.1", asserted_by="", challenge=""),  # 10: two empty cells
    ]
    error = problems(CHALLENGE_RELEVANCE, csv_text(RELEVANCE_COLUMNS, rows))
    assert [(row, column) for row, column, _ in error.problems] == [
        (3, "target"),
        (4, "challenge"),
        (5, "target"),
        (6, "rationale"),
        (7, "evidence"),
        (8, "date"),
        (9, ""),
        (10, "challenge"),
        (10, "asserted_by"),
    ]
    reasons = {(row, column): reason for row, column, reason in error.problems}
    assert reasons[(4, "challenge")] == (
        "'drought' is not one of climate-change, biodiversity-loss, pollution"
    )
    assert reasons[(9, "")] == "duplicate of row 2 (same key pollution--sdg-3.9)"


@pytest.mark.parametrize("reader", ["table", "reference"])
def test_one_text_reader_for_tables_and_reference_csvs(tmp_path: Path, reader: str) -> None:
    """Analyst tables and reference CSVs are read by the one reader: a byte-order mark is
    dropped, a missing file and bad UTF-8 are one error naming the file."""

    def read(path: Path) -> list[str]:
        if reader == "table":
            return load_csv(path, "alignments").header
        return list(read_rows(path, ["source"])[0].cells)

    good = tmp_path / "good.csv"
    good.write_bytes(b"\xef\xbb\xbfsource\nx\n")
    assert read(good) == ["source"]
    missing = tmp_path / "missing.csv"
    with pytest.raises(DataLoadError, match="file not found") as caught:
        read(missing)
    assert caught.value.path == str(missing)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"source\n\xff\n")
    with pytest.raises(DataLoadError, match=r"not valid UTF-8") as caught:
        read(bad)
    assert caught.value.path == str(bad)
