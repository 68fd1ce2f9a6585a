"""Rows for the table tests: good alignment and challenge-relevance rows, CSV text, and the
converter run as the tests call it."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph, URIRef

from aspen_graph.errors import TableError
from aspen_graph.namespaces import ASPENID, SDG
from aspen_graph.sources.tables.engine import convert_rows
from aspen_graph.sources.tables.kinds import ALIGNMENTS, CHALLENGE_RELEVANCE
from aspen_graph.sources.tables.model import TableKind

P2 = ASPENID["priority/aspen-2026-2035-p2"]
G1 = ASPENID["goal/aspen-2026-2035-g1"]
KNOWN = frozenset({P2, G1, SDG["14.1"], SDG["14.2"], SDG["3.9"]})
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")  # rdflib's XSD upsets pytest
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
RATIONALE = "Priority two asks to cut marine litter, which 14.1 names."

ALIGNMENT_COLUMNS = list(ALIGNMENTS.columns)
RELEVANCE_COLUMNS = list(CHALLENGE_RELEVANCE.columns)


def alignment(**cells: str) -> dict[str, str]:
    """A good alignment row, with some cells replaced."""
    row = {
        "source": "priority:aspen-2026-2035-p2",
        "target": "sdg:14.1",
        "interaction": "2",
        "confidence": "0.8",
        "rationale": RATIONALE,
        "evidence": "https://example.org/a ; https://example.org/b",
        "asserted_by": "aspen-graph",
        "date": "2026-11-25",
        "status": "proposed",
    }
    row.update(cells)
    return row


def relevance(**cells: str) -> dict[str, str]:
    """A good challenge-relevance row, with some cells replaced."""
    row = {
        "target": "sdg:3.9",
        "challenge": "pollution",
        "rationale": 'Asks to reduce "deaths and illnesses from hazardous chemicals".',
        "evidence": "https://example.org/sdg",
        "asserted_by": "aspen-graph",
        "date": "2026-11-25",
    }
    row.update(cells)
    return row


def csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def csv_row(row: dict[str, str]) -> str:
    """One more CSV record, quoted as needed (for appending after other text)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row.values())
    return buffer.getvalue()


def convert(kind: TableKind, text: str, known: frozenset[URIRef] = KNOWN) -> Graph:
    return convert_rows(kind, text, "table.csv", known)


def problems(kind: TableKind, text: str, known: frozenset[URIRef] = KNOWN) -> TableError:
    with pytest.raises(TableError) as caught:
        convert(kind, text, known)
    return caught.value
