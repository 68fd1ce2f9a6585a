"""Printing query results as a table, CSV or JSON.

A table too wide for the terminal is not squeezed until every cell is cut to nothing: on a
terminal it becomes records (one ``column: value`` line per cell), in a pipe CSV.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum

from rdflib import Literal, URIRef
from rdflib.term import Node
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable
from rich.text import Text

from aspen_graph.curie import compress
from aspen_graph.sources import safe_cell
from aspen_graph.store import Table

MIN_COLUMN = 10
"""The narrowest a column may get (in characters) before a table becomes records or CSV."""


class Layout(StrEnum):
    """How :func:`show_table` laid a table out."""

    table = "table"
    records = "records"
    csv = "CSV"


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
        rows = [[cell(v, short=True) for v in row] for row in result.rows]
        if show_table(console, list(result.columns), rows) is not Layout.csv:
            console.print(f"{len(result)} row(s)", style="dim")


def fits(console: Console, columns: list[str], rows: list[list[str]]) -> bool:
    """Whether a table of ``rows`` fits ``console`` with every column at least
    :data:`MIN_COLUMN` wide (or as wide as its longest cell, if narrower); Rich wraps the rest.

    >>> console = Console(width=80)
    >>> fits(console, ["a", "b"], [["x" * 200, "y"]])
    True
    >>> fits(console, [f"column {n}" for n in range(8)], [["some text"] * 8])
    False
    """
    needed = 1  # the left border; each column adds its padding (2) and a border (1)
    for index, name in enumerate(columns):
        longest = max([len(name), *(len(row[index]) for row in rows)])
        needed += min(longest, MIN_COLUMN) + 3
    return needed <= console.width


def show_table(
    console: Console,
    columns: list[str],
    rows: list[list[str]],
    *,
    title: str | None = None,
    show_lines: bool = False,
) -> Layout:
    """Print ``rows`` as a Rich table when it fits; else as records (terminal) or CSV (pipe),
    saying so on stderr. Returns the layout used (a caller prints no footer under CSV).

    Cells are plain text: a ``[en]`` in a cell is shown, not read as Rich markup.
    """
    if not rows:  # no table of empty columns; the caller's footer says there are no rows
        return Layout.table
    if not fits(console, columns, rows):
        layout = Layout.records if console.is_terminal else Layout.csv
        print(
            f"({len(columns)} columns do not fit in {console.width}: shown as {layout}; "
            "--format csv|json for data, a wider terminal or COLUMNS=… for a table)",
            file=sys.stderr,
        )
        if layout is Layout.records:
            if title:
                console.print(title, style="bold", highlight=False)
            width = max(len(name) for name in columns)
            for row in rows:
                console.out("")
                for name, value in zip(columns, row, strict=True):
                    console.out(f"{name:<{width}}  {value}", highlight=False)
            console.out("")
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)
            console.out(buffer.getvalue(), end="", highlight=False)
        return layout
    table = RichTable(*columns, title=title, show_lines=show_lines)
    for row in rows:
        table.add_row(*(Text(value) for value in row))
    console.print(table)
    return Layout.table


@contextmanager
def step_progress(console: Console, name: str) -> Iterator[Callable[[str, int, int], None]]:
    """A transient progress bar; yields ``advance(what, done, total)`` for the work to call."""
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(name, total=None)

        def advance(description: str, done: int, total: int) -> None:
            bar.update(task, description=description, completed=done, total=total)

        yield advance
