"""Writing the report: one self-contained HTML file, Markdown with sibling PNGs, or CSV files."""

from __future__ import annotations

import base64
import csv
import json
import re
import struct
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from aspen_graph.report.data import lexical
from aspen_graph.report.document import Cell, Figure, Report, TableView
from aspen_graph.report.tables import FALLBACK_MARKER
from aspen_graph.report.text import Words
from aspen_graph.sources import safe_cell

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, read from its header.

    >>> png_size(_PNG_SIGNATURE + b"\\0\\0\\0\\rIHDR" + bytes([0, 0, 1, 0, 0, 0, 0, 200]))
    (256, 200)
    """
    if not png.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("aspen_graph.report", "templates"),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.tests["figure"] = lambda block: isinstance(block, Figure)
    env.filters["cell"] = _md_cell
    env.filters["md"] = md_text
    return env


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _html_cell(words: Words, cell: Cell) -> Markup:
    text = Markup("<code>{}</code>").format(cell.text) if cell.code else escape(cell.text)
    if not cell.fallback:
        return Markup(text)
    title = words("fallback_title")
    return Markup('<span lang="en">{}</span> <span class="fb" title="{}">({})</span>').format(
        text, title, FALLBACK_MARKER
    )


_MD_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        **{c: "\\" + c for c in "\\`*_[]|"},
        "\n": " ",
        "\r": " ",
    }
)


def md_text(text: str) -> str:
    """Text from the graph as Markdown that shows it, never runs it: HTML special characters
    as entities (a label's ``<script>`` stays text, as in the HTML report), Markdown's emphasis,
    link and code marks and table pipes backslash-escaped, line breaks as spaces.

    >>> print(md_text("<script>alert(1)</script> a|b [x](javascript:y) *z*"))
    &lt;script&gt;alert(1)&lt;/script&gt; a\\|b \\[x\\](javascript:y) \\*z\\*
    """
    return text.translate(_MD_ESCAPES)


def _md_code(text: str) -> str:
    # A code span shows its text literally (no entities, no emphasis); only a pipe ends a
    # table cell there too, and a fence longer than any run of backticks inside keeps it closed.
    text = text.replace("|", "\\|").replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_cell(cell: Cell) -> str:
    text = _md_code(cell.text) if cell.code and cell.text else md_text(cell.text)
    return f"{text} ({FALLBACK_MARKER})" if cell.fallback else text


@lru_cache(maxsize=1)
def inline_styles() -> tuple[str, ...]:
    """The bodies of the HTML report's ``<style>`` elements, as the template writes them (no
    template code inside: the same for every report). A server gives their hashes in its
    Content-Security-Policy, so the report keeps its look with no other inline style allowed."""
    source = _environment(autoescape=True).loader.get_source(  # type: ignore[union-attr]
        _environment(autoescape=True), "report.html.j2"
    )[0]
    return tuple(re.findall(r"<style>(.*?)</style>", source, re.DOTALL))


def render_html(report: Report) -> str:
    """The report as one HTML document: CSS inline, charts as base64 PNG, nothing fetched."""
    words = Words(report.lang)
    template = _environment(autoescape=True).get_template("report.html.j2")
    return template.render(
        report=report,
        w=words,
        marker=FALLBACK_MARKER,
        cell=lambda c: _html_cell(words, c),
        data_uri=_data_uri,
        size=png_size,
        params=lambda t: json.dumps(dict(t.run.params), ensure_ascii=False),
    )


def render_markdown(report: Report, images: dict[str, str]) -> str:
    """The report as Markdown; ``images`` maps each figure's key to its PNG file name."""
    words = Words(report.lang)
    template = _environment(autoescape=False).get_template("report.md.j2")
    return template.render(report=report, w=words, marker=FALLBACK_MARKER, images=images)


def write_csv(table: TableView, path: Path) -> Path:
    """The query rows a table shows, every column of the query (UTF-8 with BOM for spreadsheets;
    no cell starts a formula: :func:`~aspen_graph.sources.cells.safe_cell`)."""
    columns = table.run.table.columns
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for index in table.indices:
            writer.writerow([safe_cell(lexical(value)) for value in table.run.table.rows[index]])
    return path


def csv_names(report: Report) -> dict[str, TableView]:
    """One file name per table (``<key>.csv``)."""
    return {f"{table.key}.csv": table for table in report.tables()}


__all__ = [
    "csv_names",
    "inline_styles",
    "md_text",
    "png_size",
    "render_html",
    "render_markdown",
    "write_csv",
]
