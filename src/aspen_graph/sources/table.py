"""Analyst tables (CSV) → RDF, all rows or none.

Each kind of table has a fixed set of columns and a row converter. Every bad row is reported
with its row number (the header is row 1, as in a spreadsheet), its column and the reason;
a table with any bad row yields no triples at all.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from aspen_graph.errors import DataLoadError, TableError, UnknownReferenceError
from aspen_graph.namespaces import ASPEN, ASPENID
from aspen_graph.sources.curie import expand, is_valid_iri, slug

INTERACTIONS = {
    3: "indivisible",
    2: "reinforcing",
    1: "enabling",
    0: "consistent",
    -1: "constraining",
    -2: "counteracting",
    -3: "cancelling",
}
STATUSES = ("proposed", "accepted", "rejected")
CHALLENGES = ("climate-change", "biodiversity-loss", "pollution")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")
_AGENT_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RowError(ValueError):
    """One problem in one cell; collected, never raised past the table reader."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


Row = dict[str, str]
RowConverter = Callable[[Row, Graph, Collection[URIRef]], None]


@dataclass(frozen=True, slots=True)
class TableKind:
    """A kind of analyst table: its columns (with a description each) and its row converter."""

    name: str
    columns: dict[str, str]
    convert: RowConverter
    key: Callable[[Row], str]


def _required(row: Row, column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise RowError(column, "is empty")
    return value


def _reference(row: Row, column: str, known: Collection[URIRef]) -> URIRef:
    text = _required(row, column)
    try:
        iri = expand(text)
    except UnknownReferenceError as error:
        raise RowError(column, str(error)) from error
    if known and iri not in known:
        raise RowError(column, f"{text!r} names nothing in the graph ({iri})")
    return iri


def _iris(row: Row, column: str) -> list[URIRef]:
    parts = [part.strip() for part in _required(row, column).split(";") if part.strip()]
    for part in parts:
        if not part.startswith(("http://", "https://")) or not is_valid_iri(part):
            raise RowError(column, f"{part!r} is not an http(s) IRI")
    return [URIRef(part) for part in parts]


def _date(row: Row, column: str) -> Literal:
    text = _required(row, column)
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        date.fromisoformat(text)
    except ValueError as error:
        raise RowError(column, f"{text!r} is not a date (YYYY-MM-DD)") from error
    return Literal(text, datatype=XSD.date)


def _text(row: Row, column: str, minimum: int = 20) -> Literal:
    text = " ".join(_required(row, column).split())
    if len(text) < minimum:
        raise RowError(column, f"is shorter than {minimum} characters")
    return Literal(text, lang="en")


def _agent(row: Row, column: str) -> URIRef:
    key = _required(row, column)
    if not _AGENT_KEY.match(key):
        raise RowError(column, f"{key!r} is not an agent key (letters, digits, hyphens)")
    return ASPENID[f"agent/{key}"]


def _alignment_key(row: Row) -> str:
    return f"{slug(row['source'])}--{slug(row['target'])}"


def _collect(steps: dict[str, Callable[[], object]]) -> dict[str, Any]:
    """Run every cell check of a row, so one pass reports all of the row's problems."""
    values: dict[str, Any] = {}
    problems: list[RowError] = []
    for column, step in steps.items():
        try:
            values[column] = step()
        except RowError as error:
            problems.append(error)
    if problems:
        raise ExceptionGroup("row", problems)
    return values


def _convert_alignment(row: Row, graph: Graph, known: Collection[URIRef]) -> None:
    v = _collect(
        {
            "source": lambda: _reference(row, "source", known),
            "target": lambda: _reference(row, "target", known),
            "interaction": lambda: _score(row),
            "confidence": lambda: _confidence(row),
            "rationale": lambda: _text(row, "rationale"),
            "evidence": lambda: _iris(row, "evidence"),
            "asserted_by": lambda: _agent(row, "asserted_by"),
            "date": lambda: _date(row, "date"),
            "status": lambda: _choice(row, "status", STATUSES),
        }
    )
    if v["source"] == v["target"]:
        raise ExceptionGroup("row", [RowError("target", "an element cannot be aligned to itself")])
    node = ASPENID[f"alignment/{_alignment_key(row)}"]
    label = f"{row['source'].strip()} → {row['target'].strip()}"
    graph.add((node, RDF.type, ASPEN.Alignment))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, ASPEN.alignmentSource, v["source"]))
    graph.add((node, ASPEN.alignmentTarget, v["target"]))
    graph.add((node, ASPEN.interaction, ASPENID[f"interaction/{INTERACTIONS[v['interaction']]}"]))
    graph.add((node, ASPEN.confidence, Literal(v["confidence"], datatype=XSD.decimal)))
    graph.add((node, ASPEN.rationale, v["rationale"]))
    _add_provenance(graph, node, v)
    graph.add((node, ASPEN.alignmentStatus, ASPENID[f"alignment-status/{v['status']}"]))


def _add_provenance(graph: Graph, node: URIRef, values: dict[str, Any]) -> None:
    for iri in values["evidence"]:
        graph.add((node, DCTERMS.source, iri))
    graph.add((node, PROV.wasAttributedTo, values["asserted_by"]))
    graph.add((node, PROV.generatedAtTime, values["date"]))


def _score(row: Row) -> int:
    text = _required(row, "interaction")
    if not _WHOLE_NUMBER.match(text):
        raise RowError("interaction", f"{text!r} is not a whole number from -3 to 3")
    score = int(text)
    if score not in INTERACTIONS:
        raise RowError("interaction", f"{score} is outside the scale -3 … +3")
    return score


def _confidence(row: Row) -> Decimal:
    text = _required(row, "confidence")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise RowError("confidence", f"{text!r} is not a number") from error
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
        raise RowError("confidence", f"{text} is outside 0 … 1")
    return value


def _choice(row: Row, column: str, allowed: tuple[str, ...]) -> str:
    value = _required(row, column).lower()
    if value not in allowed:
        raise RowError(column, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _relevance_key(row: Row) -> str:
    return f"{row['challenge'].strip()}--{slug(row['target'])}"


def _convert_relevance(row: Row, graph: Graph, known: Collection[URIRef]) -> None:
    v = _collect(
        {
            "target": lambda: _reference(row, "target", known),
            "challenge": lambda: _choice(row, "challenge", CHALLENGES),
            "rationale": lambda: _text(row, "rationale"),
            "evidence": lambda: _iris(row, "evidence"),
            "asserted_by": lambda: _agent(row, "asserted_by"),
            "date": lambda: _date(row, "date"),
        }
    )
    node = ASPENID[f"relevance/{_relevance_key(row)}"]
    label = f"{row['target'].strip()} is relevant to {v['challenge']}"
    graph.add((node, RDF.type, ASPEN.ChallengeRelevance))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, ASPEN.relevanceTarget, v["target"]))
    graph.add((node, ASPEN.relevanceChallenge, ASPENID[f"challenge/{v['challenge']}"]))
    graph.add((node, ASPEN.rationale, v["rationale"]))
    _add_provenance(graph, node, v)


ALIGNMENTS = TableKind(
    name="alignments",
    columns={
        "source": "CURIE of the ASPEN element (goal:…, priority:…, focal-area:…, intervention:…)",
        "target": "CURIE of what it serves (sdg:14.1, gbf-target:3, provision:paris-art-7, …)",
        "interaction": "ISC seven-point score: 3, 2, 1, 0, -1, -2, -3",
        "confidence": "how sure, from 0 to 1",
        "rationale": "one or two sentences quoting the words the link rests on (English)",
        "evidence": "IRIs of the sources, separated by ' ; '",
        "asserted_by": "agent key of who asserts it (aspen-graph)",
        "date": "date asserted, YYYY-MM-DD",
        "status": "proposed, accepted or rejected",
    },
    convert=_convert_alignment,
    key=_alignment_key,
)

CHALLENGE_RELEVANCE = TableKind(
    name="challenge-relevance",
    columns={
        "target": "CURIE of the target (sdg:3.9, gbf-target:7)",
        "challenge": "climate-change, biodiversity-loss or pollution",
        "rationale": "one line quoting the target's words",
        "evidence": "IRIs of the sources, separated by ' ; '",
        "asserted_by": "agent key of who asserts it (aspen-graph)",
        "date": "date asserted, YYYY-MM-DD",
    },
    convert=_convert_relevance,
    key=_relevance_key,
)

TABLE_KINDS: dict[str, TableKind] = {kind.name: kind for kind in (ALIGNMENTS, CHALLENGE_RELEVANCE)}


def read_table(path: Path, known: Collection[URIRef] = (), *, kind: str | None = None) -> Graph:
    """Convert one analyst table to RDF; bad rows raise :class:`TableError` listing each."""
    name = kind or path.stem
    if name not in TABLE_KINDS:
        raise DataLoadError(
            f"unknown table kind {name!r}; expected one of {', '.join(TABLE_KINDS)}", path=str(path)
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as error:
        raise DataLoadError("file not found", path=str(path)) from error
    except UnicodeDecodeError as error:
        raise DataLoadError(f"not valid UTF-8 ({error.reason})", path=str(path)) from error
    return convert_rows(TABLE_KINDS[name], text, str(path), known)


def convert_rows(table: TableKind, text: str, where: str, known: Collection[URIRef]) -> Graph:
    """Convert CSV text of one table kind; every bad row is listed, and no triple escapes."""
    records = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip() for column in next(records, [])]
    missing = [column for column in table.columns if column not in header]
    extra = [column for column in header if column not in table.columns]
    repeated = sorted({column for column in header if header.count(column) > 1})
    if missing or extra or repeated:
        detail = []
        if missing:
            detail.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            detail.append(f"unknown column(s) {', '.join(extra)}")
        if repeated:
            detail.append(f"repeated column(s) {', '.join(repeated)}")
        raise DataLoadError("; ".join(detail), path=where, line=1)
    graph = Graph()
    problems: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    # Row numbers count every record, blank ones too, as a spreadsheet shows them (header = 1).
    for number, cells in enumerate(records, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append((number, "", "more cells than columns"))
            continue
        clean = dict(zip(header, [*cells, *[""] * (len(header) - len(cells))], strict=True))
        row_problems: list[tuple[int, str, str]] = []
        try:
            table.convert(clean, graph, known)
        except* RowError as group:
            row_problems = [
                (number, error.column, error.reason)
                for error in group.exceptions
                if isinstance(error, RowError)
            ]
        if row_problems:
            problems += row_problems
            continue
        key = table.key(clean)
        if key in seen:
            problems.append((number, "", f"duplicate of row {seen[key]} (same key {key})"))
        seen.setdefault(key, number)
    if problems:
        raise TableError(where, problems)
    return graph


__all__ = [
    "ALIGNMENTS",
    "CHALLENGE_RELEVANCE",
    "TABLE_KINDS",
    "TableKind",
    "convert_rows",
    "read_table",
]
