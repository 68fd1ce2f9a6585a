"""Reading reference CSVs into checked rows whose errors name the file and line.

:class:`SourceRow` turns one cell into checked text, an IRI, a date or a number;
:func:`read_rows` reads a whole file after checking its header; :func:`check_unique` rejects a
repeated key. The header is line 1, so the first data row is line 2 (blank lines are skipped but
still counted).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from aspen_graph.errors import DataLoadError
from aspen_graph.sources.folders import read_text

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""A key in an ``id/{kind}/{key}`` IRI: lower-case letters, digits and hyphens."""

_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row of a reference CSV, with the file and line it came from."""

    path: Path
    line: int
    cells: dict[str, str]

    def fail(self, message: str) -> DataLoadError:
        """An error naming this row's file and line."""
        return DataLoadError(message, path=str(self.path), line=self.line)

    def optional(self, column: str) -> str | None:
        """The cell's text (whitespace collapsed), or None when empty."""
        text = " ".join(self.cells[column].split())
        return text or None

    def text(self, column: str) -> str:
        """The cell's text; an empty cell is an error."""
        value = self.optional(column)
        if value is None:
            raise self.fail(f"column {column!r} is empty")
        return value

    def matching(self, column: str, pattern: re.Pattern[str], what: str) -> str:
        """The cell's text, which must match ``pattern`` (described as ``what``)."""
        value = self.text(column)
        if not pattern.match(value):
            raise self.fail(f"column {column!r}: {value!r} is not {what}")
        return value

    def optional_iri(self, column: str) -> URIRef | None:
        """The cell as an http(s) IRI, or None when empty."""
        value = self.optional(column)
        if value is None:
            return None
        if not _IRI.match(value):
            raise self.fail(f"column {column!r}: {value!r} is not an http(s) IRI")
        return URIRef(value)

    def iri(self, column: str) -> URIRef:
        """The cell as an http(s) IRI; an empty cell is an error."""
        value = self.optional_iri(column)
        if value is None:
            raise self.fail(f"column {column!r} is empty")
        return value

    def optional_urls(self, column: str) -> list[URIRef]:
        """Every http(s) URL found in the cell's text, in order; none for an empty cell."""
        found: list[URIRef] = []
        for match in _URL.finditer(self.cells[column]):
            iri = URIRef(match.group(0).rstrip(".,;)"))
            if iri not in found:
                found.append(iri)
        return found

    def urls(self, column: str) -> list[URIRef]:
        """Every http(s) URL found in the cell's text, in order; at least one is required."""
        found = self.optional_urls(column)
        if not found:
            raise self.fail(f"column {column!r} names no http(s) source URL")
        return found

    def optional_date(self, column: str) -> Literal | None:
        """The cell as an ``xsd:date`` (YYYY-MM-DD), or None when empty."""
        value = self.optional(column)
        if value is None:
            return None
        if not _ISO_DATE.match(value):
            raise self.fail(f"column {column!r}: {value!r} is not a date (YYYY-MM-DD)")
        try:
            date.fromisoformat(value)
        except ValueError as error:
            raise self.fail(f"column {column!r}: {value!r} is not a valid date") from error
        return Literal(value, datatype=XSD.date)

    def date(self, column: str) -> Literal:
        """The cell as an ``xsd:date``; an empty cell is an error."""
        value = self.optional_date(column)
        if value is None:
            raise self.fail(f"column {column!r} is empty")
        return value

    def date_or_year(self, column: str) -> Literal:
        """The cell as an ``xsd:date`` (YYYY-MM-DD) or an ``xsd:gYear`` (YYYY)."""
        value = self.text(column)
        if _YEAR.match(value):
            return Literal(value, datatype=XSD.gYear)
        return self.date(column)

    def flag(self, column: str) -> bool:
        """The cell as a boolean written ``true`` or ``false``."""
        value = self.text(column)
        if value not in ("true", "false"):
            raise self.fail(f"column {column!r}: {value!r} is not true or false")
        return value == "true"

    def positive_int(self, column: str) -> int:
        """The cell as a whole number of at least 1."""
        value = self.text(column)
        if not value.isdigit() or int(value) < 1:
            raise self.fail(f"column {column!r}: {value!r} is not a positive whole number")
        return int(value)


def read_rows(path: Path, columns: Sequence[str]) -> list[SourceRow]:
    """Read a reference CSV whose header must contain ``columns``; blank lines are skipped."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
        _check_header(path, header, columns)
        rows: list[SourceRow] = []
        end_of_previous = reader.line_num
        for record in reader:
            line, end_of_previous = end_of_previous + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise DataLoadError(
                    f"bad row: {len(record)} fields where the header has {len(header)}",
                    path=str(path),
                    line=line,
                )
            rows.append(SourceRow(path, line, dict(zip(header, record, strict=True))))
    except csv.Error as error:
        raise DataLoadError(f"bad CSV: {error}", path=str(path), line=reader.line_num) from error
    return rows


def _check_header(path: Path, header: list[str], columns: Sequence[str]) -> None:
    """Raise when the header is empty, repeats a name, or lacks a required column."""
    if not header:
        raise DataLoadError("empty file: no header row", path=str(path), line=1)
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise DataLoadError(f"repeated column(s) {', '.join(repeated)}", path=str(path), line=1)
    missing = [name for name in columns if name not in header]
    if missing:
        raise DataLoadError(f"missing column(s) {', '.join(missing)}", path=str(path), line=1)


def check_unique(rows: Iterable[SourceRow], column: str) -> None:
    """Raise at the first row whose ``column`` repeats an earlier row's value."""
    seen: dict[str, int] = {}
    for row in rows:
        value = row.text(column)
        if value in seen:
            raise row.fail(f"column {column!r}: {value!r} repeats line {seen[value]}")
        seen[value] = row.line
