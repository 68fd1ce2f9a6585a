"""The pages of the three global challenges answer the question for a chosen plan version:
coverage, the reached targets with their elements, the gaps with their official texts in natural
code order, the trade-offs; the home page links them, goals name the challenge they answer.

Expectations come from ``data/tables/*.csv`` and ``data/graph/*.ttl``, not from the queries."""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.store import ServingStore
from data_files import parsed

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TABLES = ROOT / "data" / "tables"
HTML = {"accept": "text/html"}
LATEST = "aspen-2026-2035"
OLD_VERSION = "plan-version:aspen-2016-2025-adopted"
CHALLENGES = ("biodiversity-loss", "climate-change", "pollution")


@pytest.fixture(scope="module")
def client(built: Settings, shipped_serving_store: ServingStore) -> Iterator[TestClient]:
    with TestClient(create_app(built, shipped_serving_store)) as test_client:
        yield test_client


def relevant(challenge: str) -> set[str]:
    with (TABLES / "challenge-relevance.csv").open(encoding="utf-8") as f:
        return {r["target"] for r in csv.DictReader(f) if r["challenge"] == challenge}


def reached(plan: str) -> set[str]:
    """Targets a positive, not rejected alignment from an element of ``plan`` points at."""
    with (TABLES / "alignments.csv").open(encoding="utf-8") as f:
        return {
            r["target"]
            for r in csv.DictReader(f)
            if r["source"].split(":", 1)[1].startswith(plan)
            and int(r["interaction"]) > 0
            and r["status"] != "rejected"
        }


def code_order(curie: str) -> tuple[str, int, tuple[int, int | str]]:
    """Independent natural order: GBF before SDG (the query's framework order), goal number,
    then target number before letter."""
    prefix, code = curie.split(":", 1)
    if prefix == "gbf-target":
        return ("GBF", int(code), (0, 0))
    goal, target = code.split(".")
    return ("SDG", int(goal), (0, int(target)) if target.isdigit() else (1, target))


def section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    end = page.find("<section", start)
    return page[start : end if end > 0 else len(page)]


def curies(fragment: str) -> list[str]:
    return re.findall(r'title="((?:sdg|gbf-target):[^"]+)"', fragment)


def figures(page: str) -> tuple[int, int]:
    rel = re.search(r'id="coverage-relevant">(\d+)<', page)
    hit = re.search(r'id="coverage-reached">(\d+)<', page)
    assert rel and hit, "the coverage table shows the totals"
    return int(rel.group(1)), int(hit.group(1))


def official_text(curie: str) -> str:
    graph = parsed(ROOT / "data" / "graph" / "sdg.ttl")
    iri = URIRef("http://metadata.un.org/sdg/" + curie.split(":", 1)[1])
    for prop in (SKOS.definition, SKOS.prefLabel):
        for value in graph.objects(iri, prop):
            if isinstance(value, Literal) and value.language == "en":
                return str(value)
    raise AssertionError(f"{curie} has no English text")


def test_pollution_default_version(client: TestClient) -> None:
    targets = relevant("pollution")
    hit = targets & reached(LATEST)
    assert (len(targets), len(hit)) == (9, 8)  # the data this test is about
    response = client.get("/id/challenge/pollution", headers=HTML)
    assert response.status_code == 200
    page = response.text
    assert figures(page) == (9, 8)
    assert "ASPEN 2026-2035, draft outline" in section(page, "challenge-version")
    gaps = section(page, "challenge-gaps")
    assert curies(gaps) == sorted(targets - hit) == ["sdg:6.a"]
    assert official_text("sdg:6.a") in html.unescape(gaps)
    shown = section(page, "challenge-reached")
    assert set(curies(shown)) == hit
    # the elements that reach a target link to their /id/ pages
    assert 'href="/id/priority/aspen-2026-2035-' in shown
    # the generic statements stay, after the answers
    assert page.index('id="challenge-gaps"') < page.index('id="statements"')


def test_version_switcher_changes_the_figures(client: TestClient) -> None:
    targets = relevant("pollution")
    old = targets & reached("aspen-2016-2025")
    assert len(old) != len(targets & reached(LATEST))
    page = client.get(f"/id/challenge/pollution?version={OLD_VERSION}", headers=HTML).text
    assert figures(page) == (len(targets), len(old))
    assert sorted(curies(section(page, "challenge-gaps")), key=code_order) == curies(
        section(page, "challenge-gaps")
    )
    assert set(curies(section(page, "challenge-gaps"))) == targets - old
    form = section(page, "challenge-version")
    assert '<form class="version-form" method="get"' in form
    assert re.search(r'<option value="[^"]*aspen-2016-2025-adopted" selected>', form)
    # the version is part of the cache key: the default version answers as before
    assert figures(client.get("/id/challenge/pollution", headers=HTML).text) == (9, 8)
    missing = client.get("/id/challenge/pollution?version=plan-version:nothing", headers=HTML)
    assert missing.status_code == 404


def test_biodiversity_gaps_in_natural_order(client: TestClient) -> None:
    gaps = relevant("biodiversity-loss") - reached(LATEST)
    assert {"gbf-target:9", "gbf-target:23"} <= gaps
    page = client.get("/id/challenge/biodiversity-loss", headers=HTML).text
    shown = curies(section(page, "challenge-gaps"))
    assert shown == sorted(gaps, key=code_order)
    assert shown.index("gbf-target:9") < shown.index("gbf-target:23")
    assert shown.index("sdg:15.6") < shown.index("sdg:15.a")


@pytest.mark.parametrize("name", CHALLENGES)
def test_every_challenge_counts_as_the_tables(client: TestClient, name: str) -> None:
    targets = relevant(name)
    page = client.get(f"/id/challenge/{name}", headers=HTML).text
    assert figures(page) == (len(targets), len(targets & reached(LATEST)))


def test_trade_offs_of_a_challenge(client: TestClient) -> None:
    with (TABLES / "alignments.csv").open(encoding="utf-8") as f:
        negative = {
            (r["source"], r["target"])
            for r in csv.DictReader(f)
            if int(r["interaction"]) < 0 and LATEST in r["source"]
        }
    for name in CHALLENGES:
        page = client.get(f"/id/challenge/{name}", headers=HTML).text
        expected = {t for _, t in negative if t in relevant(name)}
        assert set(curies(section(page, "challenge-trade-offs"))) == expected


def test_vietnamese_page(client: TestClient) -> None:
    page = client.get("/id/challenge/pollution?lang=vi", headers=HTML).text
    assert "Khoảng trống: các chỉ tiêu liên quan mà kế hoạch chưa đáp ứng" in page
    assert "Kế hoạch đáp ứng 8 trên 9 chỉ tiêu liên quan" in page
    assert "Phiên bản kế hoạch" in page
    # the switcher keeps the page's language
    assert '<input type="hidden" name="lang" value="vi">' in page


def test_home_links_the_three_challenges(client: TestClient) -> None:
    page = client.get("/", headers=HTML).text
    part = section(page, "challenges")
    for name in CHALLENGES:
        targets = relevant(name)
        assert f'href="/id/challenge/{name}"' in part
        assert f"{len(targets & reached(LATEST))} of {len(targets)} relevant targets" in part
    vi = section(client.get("/?lang=vi", headers=HTML).text, "challenges")
    assert 'href="/id/challenge/pollution?lang=vi"' in vi
    assert "Ba thách thức" in vi


def test_goal_names_the_challenge_it_answers(client: TestClient) -> None:
    text = (ROOT / "data" / "graph" / "aspen-2026-2035.ttl").read_text(encoding="utf-8")
    block = text[text.index("id/goal/aspen-2026-2035-g1>") :]
    answered = re.search(r"aspen:answersChallenge <[^>]*/challenge/([^>]+)>", block)
    assert answered
    page = client.get("/id/goal/aspen-2026-2035-g1", headers=HTML).text
    line = page[page.index('class="answers"') :]
    line = line[: line.index("</p>")]
    assert f'href="/id/challenge/{answered.group(1)}"' in line


def test_gaps_json_in_natural_order(client: TestClient) -> None:
    data = client.get("/gaps?challenge=biodiversity-loss").json()["data"]
    codes = [g["curie"] for g in data]
    assert codes == sorted(relevant("biodiversity-loss") - reached(LATEST), key=code_order)
