"""Question pages and their downloads over the fixture release: /queries and /queries/{name}
for a browser (catalogue, form with pickers, table, downloads), ?format=json|csv|xlsx and Accept
for programs, ?sort/desc/filter on every format, formula-safe spreadsheets, HTML errors for
browsers and JSON problems for programs.

Expectations come from the fixture's definition (api_release: thing i has rank i, kind i % 3,
label "Thing i"), not from the code under test."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_release import EX, Release
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from test_i18n import Texts, english_strings, vietnamese

from aspen_graph.api import create_app
from aspen_graph.api.tables import XLSX, csv_bytes, xlsx_bytes
from aspen_graph.config import Settings
from aspen_graph.store import SandboxStore

ROOT = Path(__file__).resolve().parents[2]
HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
RANKED = "/queries/things-ranked"


@pytest.fixture(scope="module")
def pages(release: Release, settings: Settings, sandbox: SandboxStore) -> Iterator[TestClient]:
    """The fixture release with the pickers' query of the repository's catalogue."""
    folder = release.root / "sparql" / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "sparql" / "pages" / "picker-options.rq", folder / "picker-options.rq")
    with TestClient(create_app(settings, sandbox)) as client:
        yield client


def csv_rows(response: httpx.Response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text)))


def xlsx_rows(response: httpx.Response) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = [str(v) for v in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def page_things(text: str) -> list[str]:
    """The things the page's table links, in its order (their IRIs, from the title)."""
    table = text.split('id="results"', 1)[1].split("</table>", 1)[0]
    return [html.unescape(t) for t in re.findall(r'title="(http://example.org/thing\d+)"', table)]


def test_formats_hold_the_same_rows(pages: TestClient) -> None:
    expected = [f"{EX}thing{i}" for i in range(3, 12)]  # rank i >= 3, by rank
    as_json = pages.get(RANKED, params={"min_rank": "3", "format": "json"})
    assert as_json.headers["content-type"] == "application/json"
    assert [r["thing"]["value"] for r in as_json.json()["rows"]] == expected
    as_csv = pages.get(RANKED, params={"min_rank": "3", "format": "csv"})
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="things-ranked.csv"' in as_csv.headers["content-disposition"]
    assert [r["thing"] for r in csv_rows(as_csv)] == expected
    as_xlsx = pages.get(RANKED, params={"min_rank": "3", "format": "xlsx"})
    assert as_xlsx.headers["content-type"] == XLSX
    assert 'filename="things-ranked.xlsx"' in as_xlsx.headers["content-disposition"]
    rows = xlsx_rows(as_xlsx)
    assert [r["thing"] for r in rows] == expected
    assert [r["rank"] for r in rows] == list(range(3, 12))  # numbers stay numbers
    by_accept = pages.get(RANKED, params={"min_rank": "3"}, headers={"accept": XLSX})
    assert by_accept.content[:2] == b"PK" and by_accept.headers["content-type"] == XLSX
    by_csv = pages.get(RANKED, params={"min_rank": "3"}, headers={"accept": "text/csv"})
    assert by_csv.text == as_csv.text


def test_sort_and_filter_carry_to_every_format(pages: TestClient) -> None:
    params = {"sort": "rank", "desc": "1", "filter": "thing1"}
    expected = [f"{EX}thing{i}" for i in (11, 10, 1)]  # IRIs holding "thing1", rank down
    as_json = pages.get(RANKED, params=params)
    assert [r["thing"]["value"] for r in as_json.json()["rows"]] == expected
    assert as_json.json()["count"] == 3
    assert [r["thing"] for r in csv_rows(pages.get(RANKED, params=params | {"format": "csv"}))] == (
        expected
    )
    rows = xlsx_rows(pages.get(RANKED, params=params | {"format": "xlsx"}))
    assert [r["thing"] for r in rows] == expected
    page = pages.get(RANKED, params=params, headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page_things(page.text) == expected
    # the page's downloads carry the same view
    links = re.findall(r'<a href="([^"]+)" type="[^"]+" download>', page.text)
    assert len(links) == 3
    for link in links:
        link = html.unescape(link)
        assert "sort=rank" in link and "desc=1" in link and "filter=thing1" in link


def test_sort_is_natural_and_filter_ignores_case(pages: TestClient) -> None:
    by_label = pages.get(RANKED, params={"sort": "thing", "format": "csv"})
    # thing2 before thing10: numbers in a code sort as numbers
    assert [r["thing"] for r in csv_rows(by_label)] == [f"{EX}thing{i}" for i in range(12)]
    upper = pages.get(RANKED, params={"filter": "THING1 example", "format": "csv"})
    assert {r["thing"] for r in csv_rows(upper)} == {f"{EX}thing{i}" for i in (1, 10, 11)}


def test_the_question_page_has_pickers_a_table_and_links(pages: TestClient) -> None:
    form_only = pages.get("/queries/things-by-kind", headers=HTML)
    assert form_only.status_code == 200  # the required kind not chosen yet: the form
    assert 'id="results"' not in form_only.text
    select = form_only.text.split('<select id="param-kind"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r"<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>", select) == [
        ("", "(not set)"),
        (f"{EX}kind0", "Kind 0"),
        (f"{EX}kind1", "Kind 1"),
        (f"{EX}kind2", "Kind 2"),
    ]
    answered = pages.get(
        "/queries/things-by-kind", params={"kind": f"{EX}kind1", "lang": "vi"}, headers=HTML
    )
    assert answered.status_code == 200
    assert '<html lang="vi">' in answered.text
    assert page_things(answered.text) == [f"{EX}thing{i}" for i in (1,)]  # only thing 1 has vi
    assert '<option value="http://example.org/kind1" selected>' in answered.text
    # an IRI shows as its label, linking to its page, carrying ?lang=
    assert '<a href="/resource?iri=http%3A%2F%2Fexample.org%2Fthing1&amp;lang=vi"' in answered.text
    assert "/editor?query=" in answered.text


def test_the_catalogue_page_lists_every_question(pages: TestClient) -> None:
    page = pages.get("/queries", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert sorted(re.findall(r'href="/queries/([\w-]+)"', page.text)) == [
        "things-by-kind",
        "things-ranked",
    ]
    assert "Things of one kind, by rank." in page.text
    assert pages.get("/queries").json()["count"] == 2  # programs keep the JSON list


@pytest.mark.parametrize(
    ("params", "accept", "status"),
    [
        ({"bogus": "1"}, None, 422),
        ({"sort": "nope"}, None, 422),
        ({"desc": "maybe"}, None, 422),
        ({"lang": "not a tag"}, None, 422),
        ({"format": "pdf"}, None, 406),
        ({}, "image/png", 406),
    ],
)
def test_errors_are_pages_for_browsers_and_json_for_programs(
    pages: TestClient, params: dict[str, str], accept: str | None, status: int
) -> None:
    program = pages.get(RANKED, params=params, headers={"accept": accept or "*/*"})
    assert program.status_code == status
    assert program.headers["content-type"].startswith("application/json")
    assert program.json()["detail"]
    if accept is None:
        browser = pages.get(RANKED, params=params, headers=HTML)
        assert browser.status_code == status
        assert browser.headers["content-type"].startswith("text/html")
        assert "<h1>" in browser.text and "Traceback" not in browser.text


def test_spreadsheets_never_run_a_cell() -> None:
    evil = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "plain"]
    rows = [[text] for text in evil]
    read = list(csv.reader(io.StringIO(csv_bytes(["value"], rows).decode("utf-8"))))
    assert [r[0] for r in read[1:]] == ["'" + t for t in evil[:4]] + ["plain"]
    book = load_workbook(io.BytesIO(xlsx_bytes(["value"], rows, "evil")))
    sheet = book.active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == evil  # the text as it is, as text
    assert {c.data_type for c in cells} == {"s"}


@pytest.mark.parametrize(
    "path",
    ["/queries", RANKED, f"{RANKED}?sort=rank&filter=thing", "/queries/things-by-kind"],
)
def test_vietnamese_question_pages_have_no_english_interface_string(
    pages: TestClient, path: str
) -> None:
    url = path + ("&" if "?" in path else "?") + "lang=vi"
    page = pages.get(url, headers=HTML)
    assert page.status_code == 200
    assert Texts(page.text).html_lang == "vi"
    assert english_strings(page.text, vietnamese()) == []


def test_a_repeated_download_names_its_file_as_the_first(pages: TestClient) -> None:
    """The second request is answered from the cache: its headers are built apart from the
    first's, and must say the same."""
    for fmt in ("csv", "xlsx", "json"):
        first, again = (
            pages.get(RANKED, params={"min_rank": "4", "format": fmt}) for _ in range(2)
        )
        assert first.content == again.content
        assert first.headers.get("content-disposition") == again.headers.get("content-disposition")
        if fmt != "json":
            assert first.headers["content-disposition"] == (
                f'attachment; filename="things-ranked.{fmt}"'
            )
