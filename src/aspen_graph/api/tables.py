"""Result tables of the question pages: one view of the rows (sorted and filtered server-side,
so a page without JavaScript and its downloads hold exactly the same rows) and one writer per
download format (CSV, XLSX) for every route that offers them.

A :class:`Grid` is the rows of an answer as cells: each cell's ``value`` is what a download
carries (an IRI, a code, a number as text), its ``text`` and ``href`` what the page shows (a
label linking to the thing's page). ``?sort=column&desc=1&filter=words`` arrange it
(:func:`arrange`); ``?format=json|csv|xlsx`` or ``Accept`` pick the representation
(:func:`choose_table_format`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from openpyxl import Workbook  # type: ignore[import-untyped]

from aspen_graph.api.errors import ProtocolError, prefers_html
from aspen_graph.api.negotiation import negotiate
from aspen_graph.errors import QueryParameterError
from aspen_graph.model import natural_key
from aspen_graph.sources import safe_cell
from aspen_graph.store import formats

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES = {"json": formats.JSON.media_type, "csv": formats.CSV.media_type, "xlsx": XLSX}
"""The download formats, by ``?format=`` name."""
OFFERED = (XLSX, formats.CSV.media_type, formats.JSON.media_type)
"""By ``Accept``, least to most preferred (``*/*`` gets JSON)."""
VIEW_PARAMETERS = ("sort", "desc", "filter", "format")
"""Parameters that arrange or pick the representation of an answer, not the question."""
MAX_FILTER = 200
VIEW_SCHEMAS: dict[str, dict[str, object]] = {
    "sort": {"type": "string"},
    "desc": {"type": "string", "enum": ["0", "1"]},
    "filter": {"type": "string", "maxLength": MAX_FILTER},
    "format": {"type": "string", "enum": ["json", "csv", "xlsx", "html"]},
}
"""The view parameters as the OpenAPI document declares them."""
TABLE_CONTENT: dict[str, dict[str, object]] = {
    formats.CSV.media_type: {"schema": {"type": "string"}},
    XLSX: {"schema": {"type": "string", "format": "binary"}},
    formats.HTML.media_type: {"schema": {"type": "string"}},
}
"""What a table answers besides JSON (OpenAPI ``content`` of its 200)."""
_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True, slots=True)
class Cell:
    """One value: what downloads carry, and what the page shows (a label, maybe a link)."""

    value: str
    text: str = ""
    href: str | None = None
    lang: str | None = None
    number: float | None = None
    """The value as a number, when it is one (sorted as such, a number in a spreadsheet)."""

    @property
    def shown(self) -> str:
        return self.text or self.value


@dataclass
class Grid:
    """An answer as a table: ``columns`` are downloaded, ``shown`` columns are on the page."""

    columns: list[str]
    rows: list[dict[str, Cell]] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.shown:
            self.shown = list(self.columns)

    def values(self, order: Sequence[int]) -> list[list[str]]:
        """The rows at ``order`` as text, every column (what CSV carries)."""
        blank = Cell("")
        return [[self.rows[i].get(c, blank).value for c in self.columns] for i in order]

    def typed(self, order: Sequence[int]) -> list[list[str | float]]:
        """The same with numbers as numbers (what a spreadsheet gets)."""
        blank = Cell("")
        return [
            [
                cell.value if cell.number is None else cell.number
                for cell in (self.rows[i].get(c, blank) for c in self.columns)
            ]
            for i in order
        ]


@dataclass(frozen=True, slots=True)
class View:
    """How an answer is arranged: the sort column, its direction, and the filter words."""

    sort: str | None = None
    desc: bool = False
    filter: str = ""
    format: str | None = None

    def query(self) -> dict[str, str]:
        """The view as query parameters (what links to the same view carry)."""
        out = {"sort": self.sort or "", "desc": "1" if self.desc else "", "filter": self.filter}
        return {key: value for key, value in out.items() if value}


def read_view(values: Mapping[str, str]) -> View:
    """The view parameters of a request (``sort``, ``desc``, ``filter``, ``format``).

    >>> read_view({"sort": "code", "desc": "1", "filter": " reef "})
    View(sort='code', desc=True, filter='reef', format=None)
    """
    desc = (values.get("desc") or "").strip().lower()
    if desc not in ("", "0", "1", "true", "false"):
        raise QueryParameterError(f"parameter 'desc': {desc[:20]!r} is not 0 or 1")
    text = (values.get("filter") or "").strip()
    if len(text) > MAX_FILTER:
        raise QueryParameterError(f"parameter 'filter': longer than {MAX_FILTER} characters")
    fmt = (values.get("format") or "").strip().lower() or None
    if fmt is not None and fmt not in MEDIA_TYPES and fmt != "html":
        raise ProtocolError(
            406, f"format {fmt[:40]!r} is not available; use one of html, {', '.join(MEDIA_TYPES)}"
        )
    return View((values.get("sort") or "").strip() or None, desc in ("1", "true"), text, fmt)


def choose_table_format(accept: str | None, view: View) -> str:
    """``html``, ``json``, ``csv`` or ``xlsx``: ``?format=`` when given, else a browser gets the
    page, else the best of :data:`OFFERED` for ``Accept`` (406 when none is acceptable).

    >>> choose_table_format("text/html,*/*;q=0.8", View()), choose_table_format(None, View())
    ('html', 'json')
    >>> choose_table_format("text/csv", View()), choose_table_format("*/*", View(format="xlsx"))
    ('csv', 'xlsx')
    """
    if view.format is not None:
        return view.format
    if prefers_html(accept):
        return "html"
    media = negotiate(accept, OFFERED)
    return next(name for name, media_type in MEDIA_TYPES.items() if media_type == media)


def _sort_key(cell: Cell | None) -> tuple[int, float, tuple[tuple[int, int | str], ...]]:
    # Blanks last, numbers in number order, text in natural order (SDG 7.3 < 7.a < 13.1).
    if cell is None or not cell.shown:
        return (2, 0.0, ())
    if cell.number is not None:
        return (0, cell.number, ())
    return (1, 0.0, natural_key(cell.shown.casefold()))


def _matches(row: Mapping[str, Cell], words: list[str]) -> bool:
    haystack = " ".join(f"{c.value} {c.text}" for c in row.values()).casefold()
    return all(word in haystack for word in words)


def arrange(grid: Grid, view: View) -> list[int]:
    """The indices of the rows the view keeps, in its order: rows holding every word of the
    filter (any column, value or label, case-insensitive), sorted by one column (stable: ties
    keep the answer's order). A column not in the answer is a 422.

    >>> grid = Grid(["code"], [{"code": Cell(c)} for c in ("14.10", "7.a", "14.2")])
    >>> arrange(grid, View(sort="code")), arrange(grid, View(sort="code", desc=True, filter="14"))
    ([1, 2, 0], [0, 2])
    """
    words = view.filter.casefold().split()
    kept = [i for i, row in enumerate(grid.rows) if _matches(row, words)]
    column = view.sort
    if column is None:
        return kept
    if column not in grid.columns:
        raise QueryParameterError(
            f"parameter 'sort': no column {column[:40]!r} (columns: {', '.join(grid.columns)})"
        )
    return sorted(kept, key=lambda i: _sort_key(grid.rows[i].get(column)), reverse=view.desc)


def csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """A table as CSV (RFC 4180, CRLF, UTF-8); a cell a spreadsheet would run as a formula
    gets a leading ``'`` (:func:`~aspen_graph.sources.safe_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[safe_cell(value) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(columns: Sequence[str], rows: Sequence[Sequence[str | float]], title: str) -> bytes:
    """A table as an XLSX workbook of one sheet: numbers as numbers, everything else as a
    string cell (text starting with ``=``, ``+``, ``-`` or ``@`` is never a formula there)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = _SHEET_TITLE.sub("-", title)[:31] or "answer"
    sheet.append(list(columns))
    for row in rows:
        sheet.append([value if isinstance(value, float | int) else "" for value in row])
        for cell, value in zip(sheet[sheet.max_row], row, strict=True):
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"  # set after the value: openpyxl makes "=…" a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download_headers(fmt: str, name: str) -> dict[str, str]:
    """``Content-Disposition`` of a download: a file named after the question."""
    if fmt == "json":
        return {}
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "answer"
    return {"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'}


@dataclass(frozen=True, slots=True)
class Download:
    label: str
    href: str
    media_type: str


def downloads(path: str, params: Mapping[str, str], view: View) -> list[Download]:
    """Links to the same answer, arranged the same way, in each format."""
    kept = {k: v for k, v in params.items() if k not in VIEW_PARAMETERS}
    links = []
    for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON")):
        query = urlencode({**kept, **view.query(), "format": fmt})
        links.append(Download(label, f"{path}?{query}", MEDIA_TYPES[fmt]))
    return links


def sort_links(
    path: str, params: Mapping[str, str], view: View, columns: Sequence[str]
) -> dict[str, str]:
    """Per column, the link sorting by it (the other way round when it is the sort column)."""
    kept = {k: v for k, v in params.items() if k not in VIEW_PARAMETERS}
    out = {}
    for column in columns:
        desc = column == view.sort and not view.desc
        query = {**kept, "sort": column, **({"desc": "1"} if desc else {})}
        if view.filter:
            query["filter"] = view.filter
        out[column] = f"{path}?{urlencode(query)}"
    return out


__all__ = [
    "MEDIA_TYPES",
    "OFFERED",
    "TABLE_CONTENT",
    "VIEW_PARAMETERS",
    "VIEW_SCHEMAS",
    "XLSX",
    "Cell",
    "Download",
    "Grid",
    "View",
    "arrange",
    "choose_table_format",
    "csv_bytes",
    "download_headers",
    "downloads",
    "read_view",
    "sort_links",
    "xlsx_bytes",
]
