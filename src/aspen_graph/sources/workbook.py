"""Checking an ``.xlsx`` before openpyxl reads it: a workbook is untrusted input.

A workbook is a zip of XML parts. A small file can unpack to gigabytes (one shared string of
1 GiB in a 1 MB file), and its XML can declare entities (billion laughs, external entities
pointing at local files or URLs). So before openpyxl opens it, every part is checked:

- its unpacked size (as the zip declares it; :mod:`zipfile` never unpacks more than that, and
  a part that lies fails its CRC check) is at most :data:`MAX_PART_BYTES`, and all parts
  together at most :data:`MAX_UNPACKED_BYTES`;
- every XML part parses, streamed with :mod:`defusedxml` and with no DTD at all (no
  spreadsheet writer puts one in; entities, local or external, are never expanded or fetched);
- in each worksheet: the last row and column holding a value (so reading stops there, and a
  sheet past :data:`MAX_ROWS` rows is refused before it is read) and every formula cell.

Anything wrong is one :class:`~aspen_graph.errors.DataLoadError` naming the file and the part.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]

from aspen_graph.errors import DataLoadError

MAX_FILE_BYTES = 32 * 2**20
"""Largest file an import reads (.xlsx or .csv): 32 MiB."""
MAX_PART_BYTES = 64 * 2**20
"""Largest unpacked part of a workbook (a sheet, the shared strings …): 64 MiB."""
MAX_UNPACKED_BYTES = 256 * 2**20
"""Largest sum of the unpacked parts of a workbook: 256 MiB."""
MAX_ROWS = 10_000
"""Most rows of one table (sheet or CSV file), the header not counted."""
MAX_COLUMNS = 64
"""Rightmost column that may hold a value (the widest kind has far fewer columns)."""

_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")


@dataclass
class SheetPart:
    """What the check learnt of one worksheet part: where its values end, its formulas."""

    last_row: int = 0
    last_column: int = 0
    formulas: list[tuple[int, int]] = field(default_factory=list)
    """(row, column) of every formula cell, in reading order."""


def _column_number(letters: str) -> int:
    """``A`` → 1, ``AB`` → 28.

    >>> [_column_number(x) for x in ("A", "Z", "AA", "XFD")]
    [1, 26, 27, 16384]
    """
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MiB" if count >= 2**20 else f"{count} bytes"


def check_workbook(path: Path) -> dict[str, SheetPart]:
    """Check every part of the workbook at ``path``; the worksheet parts, by part name."""
    where = str(path)
    if not zipfile.is_zipfile(path):
        raise DataLoadError(
            "not an Excel workbook (.xlsx files are zip archives; this one is not)", path=where
        )
    try:
        archive = zipfile.ZipFile(path)
    except Exception as error:  # a damaged central directory fails in many ways
        raise DataLoadError(f"not a readable zip archive ({error})", path=where) from error
    sheets: dict[str, SheetPart] = {}
    with archive:
        members = archive.infolist()
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > MAX_PART_BYTES:
                raise DataLoadError(
                    f"part {member.filename} unpacks to {_size(member.file_size)}; a part of a "
                    f"workbook may unpack to at most {_size(MAX_PART_BYTES)}",
                    path=where,
                )
        if total > MAX_UNPACKED_BYTES:
            raise DataLoadError(
                f"the workbook unpacks to {_size(total)}; at most {_size(MAX_UNPACKED_BYTES)}",
                path=where,
            )
        for member in members:
            if member.is_dir():
                continue
            try:
                xml = member.filename.lower().endswith((".xml", ".rels"))
                with archive.open(member) as stream:
                    if not (xml or _looks_like_xml(stream)):
                        continue
                with archive.open(member) as stream:
                    sheet = _scan(stream)
            except DataLoadError as error:
                raise DataLoadError(f"part {member.filename}: {error}", path=where) from error
            except DefusedXmlException as error:
                raise DataLoadError(
                    f"part {member.filename}: declares a DTD or entities ({type(error).__name__}"
                    "); a workbook's XML never needs them, and they are not read",
                    path=where,
                ) from error
            except ParseError as error:
                line, column = error.position
                raise DataLoadError(
                    f"part {member.filename}: not well-formed XML (line {line}, column "
                    f"{column + 1})",
                    path=where,
                ) from error
            except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, OSError) as error:
                raise DataLoadError(
                    f"part {member.filename}: cannot unpack ({error})", path=where
                ) from error
            except NotImplementedError as error:  # an unsupported compression method
                raise DataLoadError(
                    f"part {member.filename}: cannot unpack ({error})", path=where
                ) from error
            if sheet is not None:
                sheets[member.filename] = sheet
    return sheets


def _looks_like_xml(stream: IO[bytes]) -> bool:
    head = stream.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _scan(stream: IO[bytes]) -> SheetPart | None:
    """Parse one XML part to its end; for a worksheet, where its values are and its formulas.

    Elements are dropped as soon as they end, so memory stays flat however long the part.
    """
    sheet: SheetPart | None = None
    stack: list[Element] = []
    row = column = 0
    has_value = False
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        name = _local(element.tag)
        if event == "start":
            if not stack and name == "worksheet":
                sheet = SheetPart()
            stack.append(element)
            if sheet is None:
                continue
            if name == "row":
                number = element.get("r")
                row = int(number) if number and number.isdigit() else row + 1
                column = 0
            elif name == "c":
                match = _CELL.match(element.get("r") or "")
                if match:
                    column, row = _column_number(match[1]), int(match[2])
                else:
                    column += 1
                has_value = False
            continue
        stack.pop()
        if sheet is not None:
            if name in ("v", "is") and (name == "is" or element.text):
                has_value = True
            elif name == "f":
                sheet.formulas.append((row, column))
            elif name == "c" and has_value:
                sheet.last_row = max(sheet.last_row, row)
                sheet.last_column = max(sheet.last_column, column)
                if column > MAX_COLUMNS:
                    raise DataLoadError(
                        f"a value in column {column} (row {row}); a table has at most "
                        f"{MAX_COLUMNS} columns"
                    )
        if stack:
            stack[-1].remove(element)
    return sheet


__all__ = [
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_PART_BYTES",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "SheetPart",
    "check_workbook",
]
