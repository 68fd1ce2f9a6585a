"""Writing the report: its content for the site's frame or one self-contained HTML file,
Markdown with sibling PNGs, or CSV files."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from aspen_graph.report import svg
from aspen_graph.report.data import lexical
from aspen_graph.report.document import Cell, Figure, Report, TableView
from aspen_graph.report.tables import FALLBACK_MARKER
from aspen_graph.report.text import Words
from aspen_graph.sources import safe_cell


@dataclass(frozen=True, slots=True)
class Links:
    """Where the report's links go, which depends on its frame.

    ``resource`` maps the IRI of a named thing to its link (the standalone file: the IRI
    itself, under the configured base; the site: its page, carrying ``?lang=``); ``table_csv``
    maps a table's key to its CSV (the site only).
    """

    resource: Callable[[str], str] = str
    table_csv: Callable[[str], str] | None = None


STANDALONE = Links()


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
    """The bodies of the standalone report's ``<style>`` elements: its frame's and its
    content's (:func:`content_style`, the one the site's page links to). A server gives their
    hashes in its Content-Security-Policy, so the file keeps its look with no other inline
    style allowed."""
    env = _environment(autoescape=True)
    frame = env.loader.get_source(env, "report-frame.css")[0]  # type: ignore[union-attr]
    return frame, content_style()


@lru_cache(maxsize=1)
def content_style() -> str:
    """The stylesheet of the report's content (everything under ``.report``), in both frames."""
    env = _environment(autoescape=True)
    return env.loader.get_source(env, "report.css")[0]  # type: ignore[union-attr]


def _context(report: Report, links: Links) -> dict[str, object]:
    words = Words(report.lang)

    def link(iri: str) -> str:
        return links.resource(iri) if iri else ""

    def csv_href(table: TableView) -> str:
        return links.table_csv(table.key) if links.table_csv is not None else ""

    def chart(figure: Figure) -> Markup:
        label = f"{figure.caption}. {figure.alt}"
        return Markup(svg.embed(figure.svg, f"fig-{figure.key}-", label, link, wide=figure.wide))

    return {
        "report": report,
        "w": words,
        "marker": FALLBACK_MARKER,
        "cell": lambda c: _html_cell(words, c),
        "link": link,
        "csv": csv_href,
        "chart": chart,
        "params": lambda t: json.dumps(dict(t.run.params), ensure_ascii=False),
    }


def render_sections(report: Report, links: Links = STANDALONE) -> Markup:
    """The report's content (title, contents, sections), for a frame to place."""
    template = _environment(autoescape=True).get_template("sections.html.j2")
    return Markup(template.render(**_context(report, links)))


def render_html(report: Report, links: Links = STANDALONE) -> str:
    """The report as one HTML document: CSS inline, charts as inline SVG, nothing fetched."""
    template = _environment(autoescape=True).get_template("report.html.j2")
    styles = [Markup(style) for style in inline_styles()]
    return template.render(**_context(report, links), styles=styles)


def render_markdown(report: Report, images: dict[str, str]) -> str:
    """The report as Markdown; ``images`` maps each figure's key to its PNG file name."""
    words = Words(report.lang)
    template = _environment(autoescape=False).get_template("report.md.j2")
    return template.render(report=report, w=words, marker=FALLBACK_MARKER, images=images)


def table_csv(table: TableView) -> str:
    """The query rows a table shows, every column of the query, as CSV text (no cell starts
    a formula: :func:`~aspen_graph.sources.cells.safe_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.run.table.columns)
    for index in table.indices:
        writer.writerow([safe_cell(lexical(value)) for value in table.run.table.rows[index]])
    return buffer.getvalue()


def write_csv(table: TableView, path: Path) -> Path:
    """:func:`table_csv` as a file (UTF-8 with BOM for spreadsheets)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(table_csv(table))
    return path


def csv_names(report: Report) -> dict[str, TableView]:
    """One file name per table (``<key>.csv``)."""
    return {f"{table.key}.csv": table for table in report.tables()}


__all__ = [
    "STANDALONE",
    "Links",
    "content_style",
    "csv_names",
    "inline_styles",
    "md_text",
    "render_html",
    "render_markdown",
    "render_sections",
    "table_csv",
    "write_csv",
]
