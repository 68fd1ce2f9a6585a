"""Analyst tables of the release: query answers as CSV, with IRIs written as CURIEs."""

from __future__ import annotations

import csv
import io

from rdflib import URIRef
from rdflib.term import Node

from aspen_graph.curie import compress
from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import QueryCatalog, bind_params
from aspen_graph.sources import safe_cell
from aspen_graph.store import GraphStore, Table

TABLES: dict[str, str] = {
    "alignments.csv": "export/sssom-mappings",
    "coverage-by-challenge.csv": "coverage-by-challenge",
    "gaps.csv": "gaps-by-challenge",
}
"""Release file → catalogue query (run with its default parameters)."""


def cell(value: Node | None) -> str:
    """One CSV cell: a CURIE for an IRI, the lexical form of a literal, empty when unbound.

    >>> cell(URIRef("http://metadata.un.org/sdg/14.1")), cell(None)
    ('sdg:14.1', '')
    """
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return compress(str(value))
    return " ".join(str(value).split()) if "\n" in str(value) else str(value)


def table_csv(table: Table) -> str:
    """A table as CSV text (RFC 4180 line ends, a header row of the column names); no cell
    starts a spreadsheet formula (:func:`~aspen_graph.sources.cells.safe_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([safe_cell(cell(value)) for value in row] for row in table.rows)
    return buffer.getvalue()


def run_table(store: GraphStore, catalog: QueryCatalog, name: str) -> Table:
    """Run a catalogue query with its defaults, the version defaulting to the plan's latest as
    everywhere else. A default naming nothing gives no rows, not an error (a project without
    the ASPEN 2026-2035 plan still gets its tables, empty)."""
    spec = catalog.get(name)
    try:
        bindings = bind_params(spec, {}, store=store, catalog=catalog)
    except QueryParameterError:
        bindings = bind_params(spec, {})  # the plan is not in this graph: its empty table
    return store.select(spec.text, bindings=bindings)


def write_tables(store: GraphStore, catalog: QueryCatalog) -> dict[str, str]:
    """Every table of :data:`TABLES` as CSV text, by file name."""
    return {file: table_csv(run_table(store, catalog, name)) for file, name in TABLES.items()}


__all__ = ["TABLES", "cell", "run_table", "table_csv", "write_tables"]
