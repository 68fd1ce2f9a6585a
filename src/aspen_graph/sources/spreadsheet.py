"""Spreadsheets in and out: read ``.xlsx`` or ``.csv`` rows, write empty documented templates.

Reading gives a :class:`~aspen_graph.sources.tables.engine.TableRows`: the header and every record,
numbered as the user sees the rows in Excel or LibreOffice (header = row 1). Cell values
become text the table converters understand: whole numbers without ``.0``, dates as ISO
``YYYY-MM-DD``, booleans as ``true``/``false``.

Templates: an ``.xlsx`` with the columns as a bold, frozen header row, each header cell
carrying its description as a comment, drop-down lists on closed columns (rows 2 … 1000), every
column formatted as text (so ``1.10`` stays a code, not a number), and a second sheet "About"
listing the columns; or a ``.csv`` with the header row only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.comments import Comment  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from aspen_graph.errors import DataLoadError, TableError
from aspen_graph.sources.cells import safe_cell
from aspen_graph.sources.folders import write_file
from aspen_graph.sources.tables.engine import TableRows, parse_csv
from aspen_graph.sources.tables.kinds import (
    ALIGNMENT_REVIEW,
    ALIGNMENTS,
    FILE_KINDS,
    file_kind,
)
from aspen_graph.sources.tables.model import TableKind
from aspen_graph.sources.workbook import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    SheetPart,
    check_workbook,
)

TEMPLATE_ROWS = 1000
"""Drop-downs and text format reach down to this row of a template."""
ABOUT_SHEET = "About"
CODES_SHEET = "Codes"
"""Hidden sheet of a version's codes, behind the drop-downs of reference columns."""
SUFFIXES = (".xlsx", ".csv")


def _cell_text(value: Any) -> str:
    """One cell as the text a CSV would hold.

    >>> [_cell_text(v) for v in (None, 2, 2.0, 0.85, True, date(2030, 1, 2), " x ")]
    ['', '2', '2', '0.85', 'true', '2030-01-02', ' x ']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def detect_kind(
    path: Path, kind: str | None = None, sheet: str | None = None, header: list[str] | None = None
) -> TableKind:
    """The table kind: given, else the sheet's name, else the file name (``focal-areas.xlsx``).

    A table with a ``decision`` column and no other kind in its names (or named
    ``alignments``) is a review of suggested alignments (``alignment-review``), whatever the
    file is called (``review.xlsx``)."""
    if kind is not None:
        return file_kind(kind, str(path))
    named = next((FILE_KINDS[n] for n in (sheet, path.stem) if n in FILE_KINDS), None)
    if "decision" in (header or ()) and named in (None, ALIGNMENTS):
        return ALIGNMENT_REVIEW
    if named is not None:
        return named
    raise DataLoadError(
        f"cannot tell the table kind from the file or sheet name; name the file "
        f"<kind>{path.suffix} or pass --kind (one of {', '.join(FILE_KINDS)})",
        path=str(path),
    )


def read_rows(path: Path, kind: str | None = None) -> TableRows:
    """Read a ``.xlsx`` (first sheet, or the sheet named after the kind) or ``.csv`` file."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DataLoadError("file not found", path=str(path))
    _check_file_size(path)
    if suffix == ".csv":
        if kind is not None:
            file_kind(kind, str(path))  # a wrong --kind before the file is read
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DataLoadError(
                f"not valid UTF-8 ({error.reason}); save the CSV as 'CSV UTF-8'", path=str(path)
            ) from error
        # The kind may depend on the header (a review file): read first, then tell it.
        rows = parse_csv(text, ALIGNMENTS, str(path))
        rows.kind = detect_kind(path, kind, header=rows.header)
        _check_rows(rows.where, len(rows.records) + 1)
        return rows
    if suffix == ".xlsx":
        return read_tables(path, kind)[0]
    raise DataLoadError(
        f"cannot read {suffix or 'a file without suffix'}; expected .xlsx or .csv", path=str(path)
    )


def read_tables(path: Path, kind: str | None = None) -> list[TableRows]:
    """Every table of a file: a workbook's sheets named after kinds (``focal-areas``,
    ``interventions`` …, so one file can hold a version's content), else its one table.

    A workbook is checked before openpyxl reads it (:func:`~aspen_graph.sources.workbook.
    check_workbook`: sizes, well-formed XML without DTDs, no formulas, no cells past the
    limits); anything openpyxl still cannot read is broken input naming the file.
    """
    if path.suffix.lower() != ".xlsx":
        return [read_rows(path, kind)]
    if not path.is_file():
        raise DataLoadError("file not found", path=str(path))
    _check_file_size(path)
    parts = check_workbook(path)
    workbook = _open(path)
    try:
        names = workbook.sheetnames
        sheets = [name for name in names if name in FILE_KINDS] if kind is None else []
        if len(sheets) <= 1:
            wanted = kind or (sheets[0] if sheets else None)
            sheets = [wanted if wanted in names else names[0]]
        return [_read_sheet(path, workbook, sheet, kind, parts) for sheet in sheets]
    except (DataLoadError, MemoryError):
        raise
    except Exception as error:  # openpyxl on untrusted input: any failure is broken input
        raise DataLoadError(f"cannot read the workbook ({error!r})", path=str(path)) from error
    finally:
        workbook.close()


def _check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataLoadError(
            f"the file is {size / 2**20:.1f} MiB; an import takes at most "
            f"{MAX_FILE_BYTES // 2**20} MiB (split it into several files)",
            path=str(path),
        )


def _check_rows(where: str, last: int) -> None:
    if last - 1 > MAX_ROWS:
        raise DataLoadError(
            f"{last - 1} rows; an import takes at most {MAX_ROWS} rows per table "
            "(split it into several files)",
            path=where,
        )


def _open(path: Path) -> Any:
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception as error:  # openpyxl on untrusted input: any failure is broken input
        raise DataLoadError(f"cannot open the workbook ({error!r})", path=str(path)) from error


def _read_sheet(
    path: Path, workbook: Any, sheet: str, kind: str | None, parts: dict[str, SheetPart]
) -> TableRows:
    worksheet = workbook[sheet]
    where = f"{path} (sheet {sheet})"
    part = parts.get(str(getattr(worksheet, "_worksheet_path", "")).lstrip("/"))
    if part is None:  # pragma: no cover - openpyxl read a sheet the check did not see
        raise DataLoadError(f"sheet {sheet}: its part was not checked", path=str(path))
    # Some writers store a wrong size; reading without it sees every row that is there, and
    # the check knows the last row and column holding a value.
    worksheet.reset_dimensions()
    if part.formulas:
        first = next(worksheet.iter_rows(max_row=1, values_only=True), ())
        _refuse_formulas(where, part, _trim([_cell_text(value).strip() for value in first]))
    if part.last_row == 0:
        return TableRows(detect_kind(path, kind, sheet), where, [], [])
    _check_rows(where, part.last_row)
    rows = list(
        worksheet.iter_rows(
            min_row=1, max_row=part.last_row, max_col=part.last_column, values_only=True
        )
    )
    header = _trim([_cell_text(value).strip() for value in rows[0]]) if rows else []
    table = detect_kind(path, kind, sheet, header)
    records = [
        (number, _trim([_cell_text(value) for value in values]))
        for number, values in enumerate(rows[1:], start=2)
    ]
    return TableRows(table, where, header, records)


def _refuse_formulas(where: str, part: SheetPart, header: list[str]) -> None:
    """Every formula cell, named by row and column: the import takes values only (a cached
    result may be stale, and there may be none)."""
    problems = [
        (
            row,
            header[column - 1] if 0 < column <= len(header) else get_column_letter(column),
            f"cell {get_column_letter(column)}{row} holds a formula; formulas are not "
            "accepted: type the value (or paste it as values)",
        )
        for row, column in part.formulas
    ]
    raise TableError(where, problems)


def _trim(cells: list[str]) -> list[str]:
    """Drop empty cells at the end of a row (formatting often reaches past the data)."""
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def write_template(
    kind: TableKind,
    path: Path,
    *,
    codes: Mapping[str, Sequence[str]] | None = None,
    version: str = "",
    rows: Sequence[Sequence[str]] = (),
) -> Path:
    """Write a template for ``kind`` to ``path`` (``.xlsx`` or ``.csv``): empty, or pre-filled
    with ``rows`` (cells in the order of ``kind.columns``, e.g. suggestions to review).

    ``codes`` (for a template made for one version, ``version``) gives the codes a reference
    column may take: the workbook lists them on a hidden sheet "Codes" and offers them as the
    column's drop-down, warning (not refusing) on another value, since a code may also come
    from another sheet of the same workbook.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataLoadError("a template is .xlsx or .csv", path=str(path))
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(kind.columns)
        writer.writerows([safe_cell(cell) for cell in row] for row in rows)
        # A byte-order mark makes Excel open the file as UTF-8 (Vietnamese labels survive).
        write_file(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
        return path
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = kind.name
    bold = Font(bold=True)
    for index, (column, description) in enumerate(kind.columns.items(), start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column)
        cell.font = bold
        comment = Comment(_describe(kind, column, description), "aspen-graph")
        comment.width, comment.height = 320, 120
        cell.comment = comment
        sheet.column_dimensions[letter].width = max(14, min(48, len(column) + 6))
        # Text format on the whole column: codes such as 1.10 or 007 must not become numbers.
        sheet.column_dimensions[letter].number_format = "@"
        allowed = kind.choices.get(column)
        if allowed:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(allowed) + '"',
                allow_blank=True,  # required cells are checked on import, row by row
                showErrorMessage=True,
                errorTitle=f"{column}: not an allowed value",
                error=f"One of: {', '.join(allowed)}",
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)
    for row in rows:
        # openpyxl writes text starting with '=' as a formula: a cell must stay text.
        sheet.append([safe_cell(cell) for cell in row])
    sheet.freeze_panes = "A2"
    _about_sheet(workbook, kind)
    if codes:
        _code_lists(workbook, kind, codes, version)
    saved = io.BytesIO()
    workbook.save(saved)
    write_file(path, saved.getvalue())
    return path


def _code_lists(
    workbook: Workbook, kind: TableKind, codes: Mapping[str, Sequence[str]], version: str
) -> None:
    """The version's codes on a hidden sheet, as drop-downs of the reference columns."""
    lists = workbook.create_sheet(CODES_SHEET)
    sheet = workbook[kind.name]
    columns = list(kind.columns)
    for index, (column, values) in enumerate(
        ((c, v) for c, v in codes.items() if v and c in columns), start=1
    ):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=column)
        for row, value in enumerate(values, start=2):
            # openpyxl writes text starting with '=' as a formula: a code must stay text.
            lists.cell(row=row, column=index, value=safe_cell(value))
        target = get_column_letter(columns.index(column) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"{CODES_SHEET}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=f"{column}: not a code of {version or 'the version'}",
            error="Keep it only if the code is defined in another sheet of this workbook.",
        )
        validation.add(f"{target}2:{target}{TEMPLATE_ROWS}")
        sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"


def _describe(kind: TableKind, column: str, description: str) -> str:
    need = "optional" if column in kind.optional else "required"
    allowed = kind.choices.get(column)
    text = f"{column} ({need}): {description}"
    return text + (f". Allowed: {', '.join(allowed)}" if allowed else "")


def describe_columns(kind: TableKind) -> list[tuple[str, str, str, str]]:
    """(column, required|optional, description, allowed values) for every column of ``kind``."""
    return [
        (
            column,
            "may be absent"
            if column in kind.extra_columns
            else "optional"
            if column in kind.optional
            else "required",
            description,
            ", ".join(kind.choices.get(column, ())),
        )
        for column, description in kind.all_columns.items()
    ]


def _about_sheet(workbook: Workbook, kind: TableKind) -> None:
    about = workbook.create_sheet(ABOUT_SHEET)
    about.append([f"aspen-graph template: {kind.name}"])
    about.append([kind.summary])
    about.append(
        [
            "Fill one row per item on the first sheet (row 1 is the header; keep it). "
            "Import with: aspen import FILE.xlsx --into <version>. Rows are keyed by "
            + (f"'{_key_columns(kind)}'" if kind.needs_version else "their key columns")
            + "; importing the same key again replaces that row."
        ]
    )
    about.append([])
    about.append(["column", "required", "description", "allowed values"])
    for cell in about[5]:
        cell.font = Font(bold=True)
    for row in describe_columns(kind):
        about.append(list(row))
    for letter, width in zip("ABCD", (20, 10, 90, 30), strict=True):
        about.column_dimensions[letter].width = width
    for row_cells in about.iter_rows(min_row=6):
        row_cells[2].alignment = Alignment(wrap_text=True, vertical="top")
    about["A1"].font = Font(bold=True, size=13)


def _key_columns(kind: TableKind) -> str:
    return "event + number" if kind.name == "consultation-inputs" else "code"


def template_kinds() -> Iterable[TableKind]:
    """Every kind a template can be written for (the review file's too)."""
    return FILE_KINDS.values()


__all__ = [
    "ABOUT_SHEET",
    "CODES_SHEET",
    "SUFFIXES",
    "TEMPLATE_ROWS",
    "describe_columns",
    "detect_kind",
    "read_rows",
    "read_tables",
    "template_kinds",
    "write_template",
]
