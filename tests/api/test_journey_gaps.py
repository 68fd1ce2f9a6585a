"""Journey (a), in a browser, English and Vietnamese: "what does the plan leave uncovered for
pollution?" — from the home page, one click to the list of unreached targets with their
official texts; its CSV and XLSX downloads open and hold the same rows as the page; and those
rows are the gaps computed here, independently, from the release's N-Triples with rdflib:
targets relevant to pollution minus those an element of the plan's latest version reaches
(DESIGN.md, sparql/construct/construct-contributes-to.rq and construct-plan-goal-rollup.rq: a
positive alignment not rejected, or the roll-up of a plan goal). Then the same list as the
/gaps question page (a second click), whose table and downloads agree too.

Also, over a TestClient on the shipped release: /gaps, /coverage and /alignments for programs
(formats, sort) and browsers (pages, HTML errors)."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import PROV, RDF

# the shipped-release server and the browser of the editor's test, shared, not copied
from test_editor_browser import Chromium, chromium, server

from aspen_graph.api import create_app
from aspen_graph.api.tables import XLSX
from aspen_graph.config import Settings
from aspen_graph.store import ServingStore

__all__ = ["chromium", "server"]  # fixtures used here by name

pytestmark = pytest.mark.slow

ASPEN = Namespace("https://w3id.org/aspen/ont/")
ID = "https://w3id.org/aspen/id/"
PLAN = URIRef(f"{ID}plan/aspen-2026-2035")
POLLUTION = URIRef(f"{ID}challenge/pollution")
REJECTED = URIRef(f"{ID}alignment-status/rejected")
HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def release_graph(built: Settings) -> Graph:
    graph = Graph()
    graph.parse(built.dist / "aspen.nt", format="nt")
    return graph


def reach(graph: Graph) -> dict[URIRef, set[URIRef]]:
    """What each element reaches: its positive alignments that are not rejected."""
    out: dict[URIRef, set[URIRef]] = {}
    for alignment in graph.subjects(RDF.type, ASPEN.Alignment):
        if (alignment, ASPEN.alignmentStatus, REJECTED) in graph:
            continue
        scores = [
            score.toPython()
            for interaction in graph.objects(alignment, ASPEN.interaction)
            for score in graph.objects(interaction, ASPEN.scoreValue)
        ]
        if not scores or max(scores) <= 0:
            continue
        for source in graph.objects(alignment, ASPEN.alignmentSource):
            for target in graph.objects(alignment, ASPEN.alignmentTarget):
                out.setdefault(source, set()).add(target)  # type: ignore[arg-type]
    return out


def expected_gaps(graph: Graph) -> set[str]:
    """Relevant to pollution, not reached by an element of the plan's latest version."""
    versions = set(graph.subjects(ASPEN.versionOf, PLAN))
    revised = {o for s in versions for o in graph.objects(s, PROV.wasRevisionOf)}
    (latest,) = versions - revised
    elements = set(graph.subjects(ASPEN.partOfPlan, PLAN)) & set(
        graph.subjects(ASPEN.inVersion, latest)
    )
    reaches = reach(graph)
    reached = {t for e in elements for t in reaches.get(e, set())}  # type: ignore[arg-type]
    goals = {e for e in elements if (e, RDF.type, ASPEN.StrategicGoal) in graph}
    for targets in reaches.values():  # a plan goal reaches what its contributors reach
        for goal in goals & targets:
            reached |= {t for t in targets if t != goal and t not in goals}
    relevant = set(graph.subjects(ASPEN.relevantToChallenge, POLLUTION))
    assert relevant, "the release tags targets as relevant to pollution"
    return {str(t) for t in relevant - reached}


def natural(code: str) -> list[tuple[int, int | str]]:
    """Numbers as numbers: 6.a < 12.4 < 14.10."""
    return [(0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", code) if p]


def csv_file(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def xlsx_file(data: bytes | Path) -> list[dict[str, object]]:
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    sheet = load_workbook(source).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip([str(h) for h in rows[0]], row, strict=True)) for row in rows[1:]]


def download(page: object, selector: str, folder: Path) -> Path:
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.click(selector)  # type: ignore[attr-defined]
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


WITHOUT_MARK = """c => { const x = c.cloneNode(true);
  x.querySelectorAll('abbr.fallback').forEach(a => a.remove()); return x.textContent; }"""
"""A cell's text without the mark of an English fallback (a Vietnamese page shows the official
English text with an EN mark; the downloads carry the text alone)."""


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_pollution_gaps_in_three_clicks(
    server: str, chromium: Chromium, release_graph: Graph, lang: str, tmp_path: Path
) -> None:
    gaps = expected_gaps(release_graph)
    context = chromium.context(accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{server}/?lang={lang}", wait_until="load")
        page.click("main a[href^='/id/challenge/pollution']")  # click 1: the gap list
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == lang
        section = "section[aria-labelledby='challenge-gaps']"
        shown = [
            (cells[0].inner_text().strip(), " ".join(cells[1].evaluate(WITHOUT_MARK).split()))
            for cells in (
                row.query_selector_all("th, td")
                for row in page.query_selector_all(f"{section} table.gaps tbody tr")
            )
        ]
        assert shown and all(text for _, text in shown)  # every target with its text
        as_csv = csv_file(download(page, f"{section} a[type='text/csv']", tmp_path))
        as_xlsx = xlsx_file(download(page, f"{section} a[type='{XLSX}']", tmp_path))
        for rows in (as_csv, as_xlsx):
            assert [(str(r["code"]), str(r["text"]).strip()) for r in rows] == shown
            assert {str(r["target"]) for r in rows} == gaps
        # click 2: the same list as a question page, sortable, with its own downloads
        page.click(f"{section} a[href^='/gaps?']:not([download])")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == lang
        titles = page.eval_on_selector_all(
            "#results tbody tr td a[href*='iri=']", "links => links.map(a => a.title)"
        )
        assert set(titles) == gaps
        # click 3: sorted by the target column (it shows the codes)
        page.click("#results thead a[href*='sort=target']")
        page.wait_for_load_state("load")
        assert "sort=target" in page.url and f"lang={lang}" in page.url
        by_code = csv_file(download(page, "#downloads a[type='text/csv']", tmp_path))
        assert [r["code"] for r in by_code] == sorted((r["code"] for r in as_csv), key=natural)
        assert {r["target"] for r in by_code} == gaps
    finally:
        context.close()
    assert chromium.outside == []


@pytest.fixture(scope="module")
def shipped(built: Settings, shipped_serving_store: ServingStore) -> Iterator[TestClient]:
    with TestClient(create_app(built, shipped_serving_store)) as client:
        yield client


def test_gaps_for_programs_and_browsers(shipped: TestClient, release_graph: Graph) -> None:
    gaps = expected_gaps(release_graph)
    params = {"challenge": "pollution"}
    as_json = shipped.get("/gaps", params=params).json()
    assert {g["target"] for g in as_json["data"]} == gaps
    as_csv = shipped.get("/gaps", params=params | {"format": "csv"})
    assert {r["target"] for r in csv.DictReader(io.StringIO(as_csv.text))} == gaps
    by_accept = shipped.get("/gaps", params=params, headers={"accept": XLSX})
    assert by_accept.headers["content-type"] == XLSX
    assert {r["target"] for r in xlsx_file(by_accept.content)} == gaps
    page = shipped.get("/gaps", params=params, headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<option value="challenge:pollution" selected>' in page.text
    missing = shipped.get("/gaps", params={"challenge": "nothing"}, headers=HTML)
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert shipped.get("/gaps", params={"challenge": "nothing"}).json()["detail"]


def test_coverage_and_alignments_pages(shipped: TestClient, release_graph: Graph) -> None:
    rows = list(csv.DictReader(io.StringIO(shipped.get("/coverage?format=csv").text)))
    pollution = next(r for r in rows if r["challenge"] == str(POLLUTION))
    relevant = set(release_graph.subjects(ASPEN.relevantToChallenge, POLLUTION))
    assert int(pollution["relevant"]) == len(relevant)
    assert int(pollution["reached"]) == len(relevant) - len(expected_gaps(release_graph))
    form = shipped.get("/alignments", headers=HTML)
    assert form.status_code == 200 and 'id="param-element"' in form.text
    assert "<optgroup" in form.text  # goals, priorities … one group each
    element = "priority:aspen-2026-2035-p2"
    down = shipped.get("/alignments", params={"element": element, "sort": "score", "desc": "1"})
    scores = [a["score"] for a in down.json()["data"]]
    assert scores == sorted(scores, reverse=True) and scores
    page = shipped.get("/alignments", params={"element": element}, headers=HTML)
    assert page.text.count("<tr>") - 1 == len(scores)


def test_the_question_opens_in_the_editor(shipped: TestClient, release_graph: Graph) -> None:
    """The question page's "open in the editor" carries the query with the chosen values: the
    editor shows it, and sent to /sparql it answers the page's rows."""
    page = shipped.get("/queries/gaps-by-challenge?challenge=challenge:pollution", headers=HTML)
    assert page.status_code == 200
    found = re.search(r'<a href="(/editor\?query=[^"]+)">', page.text)
    assert found is not None
    link = html.unescape(found.group(1))
    query = parse_qs(urlsplit(link).query)["query"][0]
    assert f"<{POLLUTION}>" in query  # the chosen challenge, bound
    editor = shipped.get(link, headers=HTML)
    assert editor.status_code == 200
    textarea = editor.text.split('id="plain-query"', 1)[1].split("</textarea>", 1)[0]
    assert html.escape(f"<{POLLUTION}>") in textarea
    answer = shipped.post("/sparql", data={"query": query}, headers={"accept": "text/csv"})
    assert answer.status_code == 200
    targets = {r["target"] for r in csv.DictReader(io.StringIO(answer.text))}
    assert targets == expected_gaps(release_graph)
