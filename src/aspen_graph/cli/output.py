"""Printing query results as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum

from rdflib import Literal, URIRef
from rdflib.term import Node
from rich.console import Console
from rich.table import Table as RichTable

from aspen_graph.sources.cells import safe_cell
from aspen_graph.sources.curie import compress
from aspen_graph.store import Table


class OutputFormat(StrEnum):
    """How to print a result."""

    table = "table"
    csv = "csv"
    json = "json"


def cell(value: Node | None, *, short: bool) -> str:
    """One value as text: IRIs as CURIEs when ``short``, literals as their lexical form."""
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return compress(str(value)) if short else str(value)
    if isinstance(value, Literal):
        return str(value)
    return str(value)


def render(result: Table, fmt: OutputFormat, console: Console) -> None:
    """Print ``result`` in ``fmt`` to ``console``."""
    if fmt is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([[safe_cell(cell(v, short=False)) for v in row] for row in result.rows])
        console.out(buffer.getvalue(), end="", highlight=False)
    elif fmt is OutputFormat.json:
        records = [
            {
                c: cell(v, short=False)
                for c, v in zip(result.columns, row, strict=True)
                if v is not None
            }
            for row in result.rows
        ]
        console.out(json.dumps(records, ensure_ascii=False, indent=2), highlight=False)
    else:
        table = RichTable(*result.columns, show_lines=False)
        for row in result.rows:
            table.add_row(*(cell(v, short=True) for v in row))
        console.print(table)
        console.print(f"{len(result)} row(s)", style="dim")
