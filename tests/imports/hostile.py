"""Hostile and careless workbooks, made part by part (helpers for the import tests)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook  # type: ignore[import-untyped]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"


def base_workbook(kind: str = "focal-areas") -> bytes:
    """A workbook whose one sheet is named ``kind`` (its parts are then replaced)."""
    book = Workbook()
    book.active.title = kind
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cell_xml(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def sheet_xml(rows: Iterable[Iterable[str]], *, doctype: str = "", extra: str = "") -> str:
    """A worksheet of inline strings; ``doctype`` goes before the root, ``extra`` into the
    last row (raw XML: a formula cell, an entity reference …)."""
    body = []
    rows = [list(row) for row in rows]
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            cell_xml(f"{chr(ord('A') + index)}{number}", value)
            for index, value in enumerate(row)
            if value
        )
        if number == len(rows):
            cells += extra
        body.append(f'<row r="{number}">{cells}</row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(body)}</sheetData></worksheet>'
    )


def workbook(
    path: Path,
    parts: dict[str, bytes | str],
    *,
    shared_strings: bool = False,
    kind: str = "focal-areas",
) -> Path:
    """The base workbook (one sheet named ``kind``) with ``parts`` replaced or added
    (``shared_strings``: registered as the workbook's shared strings, as Excel does)."""
    source = zipfile.ZipFile(io.BytesIO(base_workbook(kind)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename in parts:
                continue
            data = source.read(info)
            if shared_strings and info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>",
                )
            if shared_strings and info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            out.writestr(info, data)
        for name, data in parts.items():
            out.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def huge_shared_string(path: Path, mebibytes: int) -> Path:
    """A workbook whose sheet's second row names one shared string of ``mebibytes`` MiB of
    ``a`` (a few hundred kB packed)."""
    workbook(path, {}, shared_strings=True)
    header = "".join(
        cell_xml(f"{chr(ord('A') + i)}1", c)
        for i, c in enumerate(("code", "priority", "label_en", "source"))
    )
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{header}</row><row r="2">'
        f'{cell_xml("A2", "P5.FA9")}{cell_xml("B2", "P5")}<c r="C2" t="s"><v>0</v></c>'
        f"{cell_xml('D2', 'document:example-data')}</row></sheetData></worksheet>"
    )
    rebuilt = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rebuilt, "w") as out:
        for info in source.infolist():
            data = sheet.encode() if info.filename == SHEET else source.read(info)
            out.writestr(info, data, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(SHARED)
        info.compress_type = zipfile.ZIP_DEFLATED
        with out.open(info, "w") as stream:
            stream.write(f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode())
            chunk = b"a" * 2**20
            for _ in range(mebibytes):
                stream.write(chunk)
            stream.write(b"</t></si></sst>")
    rebuilt.replace(path)
    return path


HWM = "next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM'))"
"""Python source for the peak resident memory (KiB) of the process that evaluates it: VmHWM,
not ``ru_maxrss``, which Linux carries over ``exec`` (a child of a large pytest would report
the parent's size)."""
