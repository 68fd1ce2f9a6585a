"""The CSV → RDF engine: a table's text → numbered records (:func:`parse_csv`) → one graph of
all its rows or a :class:`TableError` listing every bad row (:func:`convert_table`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from aspen_graph.errors import DataLoadError, TableError
from aspen_graph.sources.folders import read_text
from aspen_graph.sources.tables.kinds import table_kind
from aspen_graph.sources.tables.model import Row, RowError, TableKind, VersionContext
from aspen_graph.sources.tables.screen import cell_problems


@dataclass
class TableRows:
    """One table as read: its header and its records, numbered as a spreadsheet shows them."""

    kind: TableKind
    where: str
    header: list[str]
    records: list[tuple[int, list[str]]]


@dataclass(frozen=True, slots=True)
class ConvertedRow:
    """A good row: its number, its key, its cells (stripped), its node and every subject it made."""

    number: int
    key: str
    cells: Row
    node: URIRef
    subjects: frozenset[URIRef] = frozenset()


@dataclass
class ConvertedTable:
    """A converted table: the graph of all its rows, and each row."""

    kind: TableKind
    where: str
    graph: Graph
    rows: list[ConvertedRow]


def parse_csv(text: str, kind: TableKind, where: str) -> TableRows:
    """Split CSV text into a header and numbered records (the header is row 1)."""
    records = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in next(records, [])]
        # Row numbers count every record, blank ones too, as a spreadsheet shows them.
        numbered = list(enumerate(records, start=2))
    except csv.Error as error:  # a cell over csv's size limit …
        line = records.line_num
        raise DataLoadError(f"not readable as CSV ({error})", path=where, line=line) from error
    return TableRows(kind, where, header, numbered)


def load_csv(path: Path, kind: str | None = None) -> TableRows:
    """Read one CSV table file (UTF-8, with or without a byte-order mark)."""
    table = table_kind(kind or path.stem, str(path))
    return parse_csv(read_text(path), table, str(path))


def read_table(
    path: Path,
    known: Collection[URIRef] = (),
    *,
    kind: str | None = None,
    context: VersionContext | None = None,
) -> Graph:
    """Convert one analyst table to RDF; bad rows raise :class:`TableError` listing each."""
    return convert_table(load_csv(path, kind), known, context).graph


def convert_rows(
    table: TableKind,
    text: str,
    where: str,
    known: Collection[URIRef],
    context: VersionContext | None = None,
) -> Graph:
    """Convert CSV text of one table kind; every bad row is listed, and no triple escapes."""
    return convert_table(parse_csv(text, table, where), known, context).graph


def check_header(rows: TableRows) -> None:
    """Missing, unknown or repeated columns are one error on line 1."""
    table, header = rows.kind, rows.header
    missing = [column for column in table.columns if column not in header]
    extra = [column for column in header if column not in table.all_columns]
    repeated = sorted({column for column in header if header.count(column) > 1})
    if missing or extra or repeated:
        detail = []
        if missing:
            detail.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            detail.append(f"unknown column(s) {', '.join(extra)}")
        if repeated:
            detail.append(f"repeated column(s) {', '.join(repeated)}")
        raise DataLoadError("; ".join(detail), path=rows.where, line=1)


class _RowTriples(Graph):
    """One row's triples, kept in a list: the converters only add, and indexing each row's
    triples in a graph of its own before the table's took a third of an import's time."""

    def __init__(self) -> None:
        super().__init__()
        self.triples_added: list[tuple[Node, Node, Node]] = []

    def add(self, triple: tuple[Node, Node, Node]) -> _RowTriples:
        self.triples_added.append(triple)
        return self


def convert_table(
    rows: TableRows, known: Collection[URIRef], context: VersionContext | None = None
) -> ConvertedTable:
    """Convert numbered records; every bad row is listed (:class:`TableError`), all or none."""
    check_header(rows)
    table, header = rows.kind, rows.header
    if table.needs_version and context is None:
        raise DataLoadError(
            f"a {table.name} table belongs to a plan version: put it in the version's folder "
            "(data/versions/<plan>-<version>/) or import it with 'aspen import --into'",
            path=rows.where,
        )
    graph = Graph()
    converted: list[ConvertedRow] = []
    problems: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for number, cells in rows.records:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append((number, "", "more cells than columns"))
            continue
        padded = dict(zip(header, [*cells, *[""] * (len(header) - len(cells))], strict=True))
        unreadable = cell_problems(number, padded)
        if unreadable:
            problems += unreadable
            continue
        clean = {column: value.strip() for column, value in padded.items()}
        row_problems: list[tuple[int, str, str]] = []
        node: URIRef | None = None
        # Each row into its own graph first: the subjects it made (the row's node, and the
        # target nodes of a MEL indicator) let a SHACL finding point back at the row.
        made = _RowTriples()
        try:
            node = table.convert(clean, made, known, context)
        except* RowError as group:
            row_problems = [
                (number, error.column, error.reason)
                for error in group.exceptions
                if isinstance(error, RowError)
            ]
        if row_problems or node is None:
            # In the order of the columns, as the user reads the row.
            order = list(table.columns)
            row_problems.sort(key=lambda p: order.index(p[1]) if p[1] in order else len(order))
            problems += row_problems
            continue
        key = table.key(clean)
        if key in seen:
            problems.append((number, "", f"duplicate of row {seen[key]} (same key {key})"))
            continue
        seen[key] = number
        graph.addN((*triple, graph) for triple in made.triples_added)
        subjects = frozenset(s for s, _p, _o in made.triples_added if isinstance(s, URIRef))
        converted.append(ConvertedRow(number, key, clean, node, subjects))
    if problems:
        raise TableError(rows.where, problems)
    return ConvertedTable(table, rows.where, graph, converted)


__all__ = [
    "ConvertedRow",
    "ConvertedTable",
    "TableRows",
    "check_header",
    "convert_rows",
    "convert_table",
    "load_csv",
    "parse_csv",
    "read_table",
]
