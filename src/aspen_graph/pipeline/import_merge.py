"""Merging an import's rows into a version's table: by key, counted, written back as the
canonical CSV the repository keeps; and the rows a table may not hold (codes the version's
Turtle defines)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path

from rdflib import URIRef

from aspen_graph.pipeline.import_result import ImportProblem, TableImport
from aspen_graph.sources import ConvertedTable, TableKind, TableRows, VersionContext, convert_table


def _natural(key: str) -> list[str | int]:
    """Sort key: ``P2.FA10`` after ``P2.FA9``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def canonical_csv(kind: TableKind, rows: Mapping[str, Mapping[str, str]]) -> str:
    """The table as the repository keeps it: the kind's columns (and those of its extra
    columns some row fills: a table that never used them keeps its old shape), rows sorted by
    key."""
    used = [c for c in kind.extra_columns if any(row.get(c, "") for row in rows.values())]
    columns = [*kind.columns, *used]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for key in sorted(rows, key=_natural):
        writer.writerow([rows[key].get(column, "") for column in columns])
    return buffer.getvalue()


def defined_in_turtle(
    table: ConvertedTable, written_in: Mapping[URIRef, Path], root: Path
) -> list[ImportProblem]:
    """Rows whose code the version's Turtle already defines: a table row cannot replace a
    Turtle element (both would stand, with two labels), so say where it is and what to do."""
    problems = []
    for row in table.rows:
        where = written_in.get(row.node)
        if where is not None:
            file = relative(where, root)
            problems.append(
                ImportProblem(
                    row.number,
                    "code" if "code" in table.kind.columns else "",
                    f"code {row.key} already exists in the version's Turtle ({file}); to "
                    f"change it, edit {file}; to add an element, use a new code",
                )
            )
    return problems


def merge_rows(
    counts: TableImport,
    existing_rows: TableRows | None,
    incoming: ConvertedTable,
    seen: set[URIRef],
    context: VersionContext | None,
) -> str:
    """The merged table as canonical CSV text; counts added, changed and unchanged rows."""
    merged: dict[str, dict[str, str]] = {}
    if existing_rows is not None:
        existing = convert_table(existing_rows, seen, context)
        merged = {row.key: _only_columns(incoming.kind, row.cells) for row in existing.rows}
    for row in incoming.rows:
        cells = _only_columns(incoming.kind, row.cells)
        before = merged.get(row.key)
        if before is None:
            counts.added += 1
        elif before != cells:
            counts.changed += 1
        else:
            counts.unchanged += 1
        merged[row.key] = cells
    return canonical_csv(incoming.kind, merged)


def _only_columns(kind: TableKind, cells: Mapping[str, str]) -> dict[str, str]:
    return {column: cells.get(column, "") for column in kind.all_columns}


def relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


__all__ = ["canonical_csv", "defined_in_turtle", "merge_rows", "relative"]
