"""``/report`` as a page of the site (the shipped release, through the TestClient): the site's
frame in English and Vietnamese, every named thing and chart part a link that resolves, one CSV
per table holding the table's rows, plan titles (never CURIEs) in headings."""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.namespaces import PREFIXES
from aspen_graph.report.text import Words
from aspen_graph.store import GraphStore, ServingStore

pytestmark = pytest.mark.slow

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass
class Table:
    attrs: dict[str, str]
    csv: str = ""
    rows: list[list[dict[str, str]]] = field(default_factory=list)


@dataclass
class Page:
    """What the tests read from a report page."""

    html_lang: str = ""
    headings: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    report_links: list[str] = field(default_factory=list)
    chart_links: list[str] = field(default_factory=list)
    charts: list[dict[str, str]] = field(default_factory=list)
    chart_titles: int = 0
    nav_links: list[str] = field(default_factory=list)
    language_links: list[str] = field(default_factory=list)
    footer: bool = False


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in: list[str] = []  # open elements that matter: report, nav, svg, caption, …
        self._heading: list[str] | None = None
        self._table: Table | None = None
        self._row: list[dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        page = self.page
        if tag == "html":
            page.html_lang = values.get("lang", "")
        if tag == "div" and values.get("class") == "report":
            self._in.append("report")
        if tag == "nav" and values.get("aria-label"):
            self._in.append("site-nav")
        if tag == "p" and values.get("class") == "languages":
            self._in.append("languages")
        if tag == "footer":
            page.footer = True
        if tag == "svg":
            page.charts.append(values)
            self._in.append("svg")
        if tag == "title" and "svg" in self._in:
            page.chart_titles += 1
        if tag in ("h1", "h2", "h3") and "report" in self._in:
            self._heading = [tag]
        if tag == "table":
            self._table = Table(values)
            page.tables.append(self._table)
        if tag == "caption":
            self._in.append("caption")
        if tag == "tbody":
            self._in.append("tbody")
        if tag == "tr" and "tbody" in self._in and self._table and "empty" not in str(values):
            self._row = []
            self._table.rows.append(self._row)
        if tag in ("td", "th") and self._row is not None and "data-row" in values:
            self._row.append(values)
        if tag == "a":
            href = values.get("href") or values.get("xlink:href", "")
            if "svg" in self._in:
                page.chart_links.append(href)
            elif "caption" in self._in and values.get("class") == "csv" and self._table:
                self._table.csv = href
            elif "site-nav" in self._in:
                page.nav_links.append(href)
            elif "languages" in self._in:
                page.language_links.append(href)
            elif "report" in self._in and "caption" not in self._in:
                page.report_links.append(href)

    def handle_endtag(self, tag: str) -> None:
        closing = {
            "svg": "svg",
            "caption": "caption",
            "nav": "site-nav",
            "p": "languages",
            "tbody": "tbody",
        }
        if tag in closing and self._in and self._in[-1] == closing[tag]:
            self._in.pop()
        if tag in ("h1", "h2", "h3") and self._heading:
            self.page.headings.append((self._heading[0], "".join(self._heading[1:]).strip()))
            self._heading = None
        if tag == "table":
            self._table = None
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def read_page(client: TestClient, url: str, **headers: str) -> Page:
    response = client.get(url, headers={"Accept": BROWSER, **headers})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    parser = PageParser()
    parser.feed(response.text)
    return parser.page


@pytest.fixture(scope="module")
def client(built: Settings, shipped_serving_store: ServingStore) -> Iterator[TestClient]:
    with TestClient(create_app(built, shipped_serving_store)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def pages(client: TestClient) -> dict[str, Page]:
    return {"en": read_page(client, "/report"), "vi": read_page(client, "/report?lang=vi")}


def test_the_report_is_in_the_site_frame(client: TestClient) -> None:
    for url, headers, lang in [
        ("/report", {}, "en"),
        ("/report?lang=vi", {}, "vi"),
        ("/report", {"Accept-Language": "vi,en;q=0.5"}, "vi"),
        ("/report?lang=en", {"Accept-Language": "vi"}, "en"),
    ]:
        page = read_page(client, url, **headers)
        assert page.html_lang == lang, url
        # the site's navigation, language switch and footer around the report
        nav = {urlsplit(href).path for href in page.nav_links}
        assert {"/", "/queries", "/report"} <= nav, url
        switch = {parse_qs(urlsplit(h).query)["lang"][0] for h in page.language_links}
        assert switch == {"en", "vi"} and page.footer, url
        assert ("h1", Words(lang)("title")) in page.headings, url


def test_every_name_links_to_its_page(client: TestClient, pages: dict[str, Page]) -> None:
    for lang, page in pages.items():
        named = {h for h in page.report_links if h.startswith(("/id/", "/resource?"))}
        assert len(named) > 10, lang
        for href in sorted(named):
            # a language chosen with ?lang= is carried; English by default carries none
            carried = parse_qs(urlsplit(href).query).get("lang")
            assert carried == (["vi"] if lang == "vi" else None), href
            assert client.get(href, headers={"Accept": BROWSER}).status_code == 200, href


def test_each_table_has_its_csv_with_the_same_rows(
    client: TestClient, pages: dict[str, Page]
) -> None:
    for lang, page in pages.items():
        ids = [t.attrs["id"] for t in page.tables]
        assert len(ids) == len(set(ids)) and len(ids) >= 10
        for table in page.tables:
            key = table.attrs["id"].removeprefix("tbl-")
            assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key), key  # readable, stable
            assert urlsplit(table.csv).path == f"/report/tables/{key}.csv", table.csv
            response = client.get(table.csv)
            assert response.status_code == 200, table.csv
            assert response.headers["content-type"].startswith("text/csv")
            header, *rows = list(csv.reader(io.StringIO(response.text)))
            assert len(rows) == int(table.attrs["data-rows"]), key
            if "pivot" in table.attrs["class"]:
                # one CSV row per query row; each cell shows the row it names
                cells = [cell for row in table.rows for cell in row]
                assert cells, key
                for cell in cells:
                    row = rows[int(cell["data-row"])]
                    assert row[header.index(cell["data-column"])] == cell["data-value"], key
                continue
            assert len(table.rows) == len(rows), key
            for shown, row in zip(table.rows, rows, strict=True):
                for cell in shown:
                    assert row[header.index(cell["data-column"])] == cell["data-value"], key
        if lang == "en":
            assert client.get("/report/tables/no-such-table.csv").status_code == 404


def test_headings_name_plans_by_title_not_curie(
    pages: dict[str, Page], shipped_store: GraphStore
) -> None:
    curie = re.compile(r"\b(?:{}):[\w-]".format("|".join(map(re.escape, PREFIXES))))
    title = shipped_store.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?t WHERE {"
        " <https://w3id.org/aspen/id/plan/aspen-2016-2025> skos:altLabel ?t"
        ' FILTER (LANG(?t) = "en") }'
    )
    earlier = str(title.rows[0][0]) if title.rows else ""
    for lang, page in pages.items():
        assert page.headings, lang
        for level, text in page.headings:
            assert not curie.search(text), (lang, level, text)
    if earlier:  # the fixture names the earlier plan: its short title is the heading's
        assert ("h2", Words("en")("s_continuity", earlier=earlier)) in pages["en"].headings


def test_charts_are_svg_with_titles_and_links_that_resolve(
    client: TestClient, pages: dict[str, Page]
) -> None:
    for lang, page in pages.items():
        assert len(page.charts) == 4, lang
        for attrs in page.charts:
            assert attrs["aria-label"].strip() and attrs["viewbox"]
        assert page.chart_titles >= 10, lang
        links = {h for h in page.chart_links if not h.startswith("#")}
        assert len(links) > 5, lang
        for href in sorted(links):
            assert href.startswith(("/id/", "/resource?")), href
            assert client.get(href, headers={"Accept": BROWSER}).status_code == 200, href


def test_the_report_stylesheet(client: TestClient) -> None:
    response = client.get("/report/report.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert ".report svg.chart" in response.text


def test_a_server_warms_the_report_up_as_it_starts(
    built: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that opens its own store (``aspen serve``) assembles the default report in
    each language in the background: the first readers get it without one being assembled."""
    import aspen_graph.report

    with TestClient(create_app(built)) as client:
        for thread in threading.enumerate():
            if thread.name == "report-warm-up":
                thread.join(600)
        assembled: list[object] = []
        monkeypatch.setattr(
            aspen_graph.report, "assemble_report", lambda *a, **k: assembled.append(k)
        )
        for url in ("/report", "/report?lang=vi", "/report/tables/trade-offs.csv"):
            assert client.get(url, headers={"Accept": BROWSER}).status_code == 200, url
        assert assembled == []
