"""The HTML report: self-contained, accessible, every shown number is the named query's."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.report import render_report_html
from aspen_graph.report.data import lexical
from aspen_graph.report.text import Words
from aspen_graph.store import OxigraphStore


@dataclass
class Cell:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class HtmlTable:
    attrs: dict[str, str]
    caption: str = ""
    links: list[str] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    body_rows: int = 0


class ReportParser(HTMLParser):
    """Collects what the tests look at: tags, images, links, headings and tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str]]] = []
        self.tables: list[HtmlTable] = []
        self.headings: list[tuple[str, str]] = []
        self.figcaptions: list[str] = []
        self._stack: list[str] = []
        self._table: HtmlTable | None = None
        self._cell: Cell | None = None
        self._heading: list[str] | None = None
        self._caption = False
        self._figcaption: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.starts.append((tag, values))
        if tag == "table":
            self._table = HtmlTable(values)
            self.tables.append(self._table)
        elif tag == "caption":
            self._caption = True
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body and self._table is not None:
            self._table.body_rows += "empty" not in values.get("class", "")
        elif tag in ("td", "th") and self._table is not None:
            self._cell = Cell(tag, values)
            self._table.cells.append(self._cell)
        elif tag in ("h1", "h2", "h3"):
            self._heading = [tag]
        elif tag == "figcaption":
            self._figcaption = []
        elif tag == "a" and self._caption and self._table is not None:
            self._table.links.append(values.get("href", ""))
        elif tag == "a" and self._cell is not None:
            self._cell.attrs["href"] = values.get("href", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "caption":
            self._caption = False
        elif tag == "tbody":
            self._in_body = False
        elif tag in ("td", "th"):
            self._cell = None
        elif tag in ("h1", "h2", "h3") and self._heading:
            self.headings.append((self._heading[0], "".join(self._heading[1:]).strip()))
            self._heading = None
        elif tag == "figcaption" and self._figcaption is not None:
            self.figcaptions.append("".join(self._figcaption))
            self._figcaption = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data
        if self._caption and self._table is not None:
            self._table.caption += data
        if self._heading is not None:
            self._heading.append(data)
        if self._figcaption is not None:
            self._figcaption.append(data)


def parse(html: str) -> ReportParser:
    parser = ReportParser()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def html_en(mini_store: OxigraphStore, catalog: QueryCatalog) -> str:
    return render_report_html(mini_store, catalog, lang="en", plan="plan:new")


@pytest.fixture(scope="module")
def html_vi(mini_store: OxigraphStore, catalog: QueryCatalog) -> str:
    return render_report_html(mini_store, catalog, lang="vi", plan="plan:new")


def assert_shows(shown: str, expected: str, column: str) -> None:
    """A number is shown as itself: ratios as whole percentages, decimals to two places."""
    if column == "ratio":
        assert abs(float(shown.rstrip("%")) - float(expected) * 100) <= 0.5 + 1e-9, (
            shown,
            expected,
        )
    elif expected.lstrip("-").isdigit():
        assert shown.lstrip("+") == expected, (shown, expected)
    else:
        assert abs(float(shown.replace(",", ".")) - float(expected)) <= 0.005 + 1e-9, (
            shown,
            expected,
        )


def check_numbers(html: str, store: OxigraphStore, catalog: QueryCatalog) -> int:
    """Every table cell's data-value is the query's value; numbers are shown as such."""
    checked = 0
    for table in parse(html).tables:
        name, params = table.attrs["data-query"], json.loads(table.attrs["data-params"])
        assert table.links and table.links[0].startswith(f"/queries/{name}"), table.attrs
        assert name in table.caption
        answer = run_select(store, catalog, name, params)
        rows = {int(c.attrs["data-row"]) for c in table.cells if "data-row" in c.attrs}
        if "pivot" not in table.attrs["class"]:
            assert table.body_rows == len(rows) == int(table.attrs["data-rows"])
        for cell in table.cells:
            if "data-row" not in cell.attrs:
                continue
            column = answer.columns.index(cell.attrs["data-column"])
            expected = lexical(answer.rows[int(cell.attrs["data-row"])][column])
            assert cell.attrs["data-value"] == expected, (name, cell)
            if "num" in cell.attrs.get("class", "") and expected:
                assert_shows(cell.text.strip(), expected, cell.attrs["data-column"])
            checked += 1
    return checked


def check_self_contained(html: str) -> None:
    parsed = parse(html)
    lowered = html.lower()
    assert 'src="http' not in lowered and "src='http" not in lowered
    assert "<script" not in lowered and "<img" not in lowered
    assert "@import" not in lowered
    # url() only to the SVGs' own clip paths in the page, never a file or another host
    assert set(re.findall(r"url\((.)", lowered)) <= {"#"}
    for tag, attrs in parsed.starts:
        if tag == "link":
            assert not attrs.get("href", "").startswith(("http", "//")), attrs
        if tag in ("img", "iframe", "video", "audio", "source", "embed", "object", "use"):
            assert attrs.get("src", attrs.get("data", "#")).startswith(("data:", "#")), attrs
    charts = [attrs for tag, attrs in parsed.starts if tag == "svg"]
    assert len(charts) == 4
    for attrs in charts:
        assert attrs.get("aria-label", "").strip(), attrs
        assert attrs["viewbox"] and "chart" in attrs["class"]
        # a chart that fits the column is as wide as it; a wide one keeps its drawn width
        assert attrs["width"] == "100%" or "wide" in attrs["class"], attrs
    assert html.count("<desc>") == 4 and html.count("<title>") > 10


def check_structure(html: str) -> None:
    parsed = parse(html)
    assert [level for level, _ in parsed.headings].count("h1") == 1
    assert sum(1 for level, _ in parsed.headings if level == "h2") >= 8
    for tag, attrs in parsed.starts:
        if tag == "th":
            assert attrs.get("scope") in ("col", "row"), attrs
    tags = {tag for tag, _ in parsed.starts}
    assert {"main", "nav", "figure", "figcaption", "caption", "thead", "tbody"} <= tags
    assert '<meta name="viewport"' in html and "@media print" in html
    assert len(parsed.figcaptions) == 4 and all("/queries/" not in c for c in parsed.figcaptions)
    ids = [attrs["id"] for _, attrs in parsed.starts if "id" in attrs]
    assert len(ids) == len(set(ids)), "ids are unique"


def test_html_is_self_contained(html_en: str, html_vi: str) -> None:
    check_self_contained(html_en)
    check_self_contained(html_vi)


def test_html_structure(html_en: str) -> None:
    check_structure(html_en)
    assert '<html lang="en">' in html_en


def test_html_numbers_are_the_queries(
    html_en: str, html_vi: str, mini_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    assert check_numbers(html_en, mini_store, catalog) > 50
    assert check_numbers(html_vi, mini_store, catalog) > 50


def test_each_figure_names_its_query(html_en: str) -> None:
    parsed = parse(html_en)
    links = [
        attrs["href"]
        for tag, attrs in parsed.starts
        if tag == "a" and attrs.get("href", "").startswith("/queries/")
    ]
    charts = ("coverage-by-challenge", "sdg-reach-by-element", "gbf-reach-by-element")
    for name in (*charts, "challenge-flow"):
        assert sum(1 for link in links if link.startswith(f"/queries/{name}?")) >= 2, name


def test_vietnamese_report(html_vi: str, html_en: str) -> None:
    words = Words("vi")
    parsed = parse(html_vi)
    assert '<html lang="vi">' in html_vi
    assert ("h1", words("title")) in parsed.headings
    assert ("h2", words("s_gaps")) in parsed.headings
    # Vietnamese labels from the fixture, not marked …
    for label in ("Mục tiêu một", "Ưu tiên một", "biến đổi khí hậu"):
        assert label in html_vi
        assert label not in html_en
    cells = [c for t in parsed.tables for c in t.cells]
    vi_cell = next(c for c in cells if c.text.strip() == "Ưu tiên một")
    assert "(EN)" not in vi_cell.text
    # … English fallbacks marked (EN), with a legend saying what that means.
    en_cell = next(c for c in cells if c.text.startswith("Priority two"))
    assert en_cell.text.strip() == "Priority two (EN)"
    assert '<span lang="en">Priority two</span>' in html_vi
    assert 'id="fallback-legend"' in html_vi and words("fallback_legend") in html_vi
    assert 'id="fallback-legend"' not in html_en and "(EN)" not in html_en
    gaps = next(h for level, h in parsed.headings if level == "h3" and "biến đổi" in h)
    assert "(EN)" not in gaps
    pollution = next(h for level, h in parsed.headings if level == "h3" and "pollution" in h)
    assert pollution == "pollution (EN)"


@pytest.mark.slow
def test_shipped_html(shipped_data: OxigraphStore, catalog: QueryCatalog) -> None:
    for lang in ("en", "vi"):
        html = render_report_html(shipped_data, catalog, lang=lang)
        check_self_contained(html)
        check_structure(html)
        assert check_numbers(html, shipped_data, catalog) > 500


def test_names_link_to_their_iris(
    html_en: str, mini_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    """In the standalone file a named thing links to its IRI (under the configured base): the
    IRI its query row gives for it."""
    linked = 0
    for table in parse(html_en).tables:
        name, params = table.attrs["data-query"], json.loads(table.attrs["data-params"])
        answer = run_select(mini_store, catalog, name, params)
        for cell in table.cells:
            if "href" not in cell.attrs:
                continue
            # a cell: its row's IRIs; a pivot's column heading: the IRIs of its query
            rows = (
                [answer.rows[int(cell.attrs["data-row"])]]
                if "data-row" in cell.attrs
                else answer.rows
            )
            iris = {str(value) for row in rows for value in row if value is not None}
            assert cell.attrs["href"] in iris, cell
            assert cell.attrs["href"].startswith("http"), cell
            linked += 1
    assert linked > 20
