"""The browse pages tell the truth: the 17 SDG goals in their colours with readable text, a
goal's targets and the 23 GBF targets with the reach status of the chosen plan version, the
agreements and their provisions, the plan as a tree that the version switcher changes, plan
badges wherever elements of several plans appear, Vietnamese words, JSON for programs.

Expectations come from ``/work/shared/reference`` (the tests that need it skip where it is
missing) and from the release's N-Triples read with rdflib: the reach of a version is
derived here from the alignments themselves (positive, not rejected; goals by roll-up), not
from the graph's ``contributesTo`` shortcuts or the pages' queries."""

from __future__ import annotations

import csv
import html
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS
from test_browse_views import ratio
from test_i18n import english_strings, links, vietnamese

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.store import ServingStore

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path("/work/shared/reference")
ASPEN = Namespace("https://w3id.org/aspen/ont/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
ID = "https://w3id.org/aspen/id/"
LATEST = f"{ID}plan-version/aspen-2026-2035-draft-2026-03"
OLD = f"{ID}plan-version/aspen-2016-2025-adopted"
REJECTED = URIRef(f"{ID}alignment-status/rejected")
HTML = {"accept": "text/html"}
JSON = {"accept": "application/json"}


def reference(name: str) -> list[dict[str, str]]:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def client(built: Settings, shipped_serving_store: ServingStore) -> Iterator[TestClient]:
    with TestClient(create_app(built, shipped_serving_store)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def graph(built: Settings) -> Graph:
    return Graph().parse(built.dist / "aspen.nt", format="nt")


def reach(graph: Graph, version: str) -> dict[str, set[str]]:
    """Target IRI → the elements of ``version`` that reach it: a positive, not rejected
    alignment from the element, or (a goal) one from an element that also serves the goal."""
    positive: defaultdict[str, set[str]] = defaultdict(set)  # element → targets
    for alignment in graph.subjects(RDF.type, ASPEN.Alignment):
        if (alignment, ASPEN.alignmentStatus, REJECTED) in graph:
            continue
        level = graph.value(alignment, ASPEN.interaction)
        score = graph.value(level, ASPEN.scoreValue) if level is not None else None
        if score is None or int(score) <= 0:
            continue
        source = graph.value(alignment, ASPEN.alignmentSource)
        target = graph.value(alignment, ASPEN.alignmentTarget)
        positive[str(source)].add(str(target))
    goals = {str(g) for g in graph.subjects(RDF.type, ASPEN.StrategicGoal)}
    members = {str(e) for e in graph.subjects(ASPEN.inVersion, URIRef(version))}
    reached: defaultdict[str, set[str]] = defaultdict(set)
    for element, hit in positive.items():
        for target in hit:
            if element in members:
                reached[target].add(element)
            for goal in hit & goals & members:
                if target != goal and target not in goals:
                    reached[target].add(goal)
    return reached


def relevant(graph: Graph) -> set[str]:
    return {str(t) for t in graph.subjects(ASPEN.relevantToChallenge, None)}


def status(target: str, reached: dict[str, set[str]], relevant_ones: set[str]) -> str:
    if reached.get(target):
        return "reached"
    return "relevant-not-reached" if target in relevant_ones else "not-relevant"


def code_order(code: str) -> tuple[int, int, str]:
    goal, _, target = code.partition(".")
    return (int(goal), 0, f"{int(target):04d}") if target.isdigit() else (int(goal), 1, target)


# -- the pages -------------------------------------------------------------------------------


def test_sdg_grid_shows_the_goals_in_their_colours(client: TestClient, graph: Graph) -> None:
    goals = reference("sdg_goals.csv")
    targets = reference("sdg_targets.csv")
    assert len(goals) == 17 and len(targets) == 169
    answer = client.get("/browse/sdg", headers=JSON).json()
    tiles = answer["goals"]
    assert (
        [t["code"] for t in tiles] == [g["code"] for g in goals] == [str(i) for i in range(1, 18)]
    )
    assert [t["short"]["value"] for t in tiles] == [g["short_title_en"] for g in goals]
    assert [t["iri"] for t in tiles] == [g["iri"] for g in goals]
    colours = json.loads((ROOT / "src/aspen_graph/api/static/sdg-colours.json").read_text())
    assert "open-sdg" in colours["source"] and "MIT" in colours["source"]
    assert [t["colour"] for t in tiles] == [colours["goals"][str(i)] for i in range(1, 18)]
    assert colours["goals"]["14"] == "#0A97D9"  # the UN guidelines' "Life below water" blue
    for tile in tiles:
        assert ratio(tile["colour"], tile["text_colour"]) >= 4.5, tile["code"]
    # the counts of each tile, from the reference targets and the alignments
    reached, relevant_ones = reach(graph, LATEST), relevant(graph)
    by_goal: defaultdict[str, list[str]] = defaultdict(list)
    for t in targets:
        by_goal[t["parent_code"]].append(t["iri"])
    for tile in tiles:
        mine = by_goal[tile["code"]]
        assert tile["targets"] == len(mine), tile["code"]
        assert tile["reached"] == sum(bool(reached.get(t)) for t in mine), tile["code"]
        assert tile["relevant"] == sum(t in relevant_ones for t in mine), tile["code"]
    # the page: every tile a link to its goal's page, the colours from a stylesheet
    page = client.get("/browse/sdg", headers=HTML)
    assert page.status_code == 200
    assert page.text.count('class="sdg-tile sdg-') == 17
    assert 'href="/browse/sdg/14"' in page.text
    css = client.get("/browse/sdg-colours.css").text
    assert ".sdg-14, .sdg-14 a { background: #0A97D9; color: #000000; }" in css
    assert "background: #19486A; color: #FFFFFF" in css


@pytest.mark.parametrize("version", [None, OLD])
def test_goal_targets_have_their_reach_status(
    client: TestClient, graph: Graph, version: str | None
) -> None:
    expected_codes = sorted(
        (t["code"] for t in reference("sdg_targets.csv") if t["parent_code"] == "14"),
        key=code_order,
    )
    query = f"?version={version}" if version else ""
    answer = client.get(f"/browse/sdg/14{query}", headers=JSON).json()
    assert answer["version"] == (version or LATEST)
    shown = answer["targets"]
    assert [t["code"] for t in shown] == expected_codes  # natural order: 14.7 < 14.a
    reached, relevant_ones = reach(graph, version or LATEST), relevant(graph)
    for t in shown:
        assert t["status"] == status(t["iri"], reached, relevant_ones), t["code"]
        assert {e["iri"] for e in t["elements"]} == reached.get(t["iri"], set()), t["code"]
    assert {t["status"] for t in shown} >= {"reached"}
    page = client.get(f"/browse/sdg/14{query}", headers=HTML).text
    assert 'href="/resource?iri=http%3A%2F%2Fmetadata.un.org%2Fsdg%2F14.1' in page
    short = "ASPEN 2016-2025" if version else "ASPEN 2026-2035"
    assert f'<span class="plan-badge">{short}</span>' in page
    words = {"reached": "Reached", "relevant-not-reached": "Relevant, not reached"}
    for t in shown:
        if t["status"] in words:
            row = re.search(rf'id="target-{re.escape(t["code"])}">(.*?)</tr>', page, re.DOTALL)
            assert row and words[t["status"]] in row.group(1), t["code"]


def test_the_version_switcher_changes_the_reach(client: TestClient, graph: Graph) -> None:
    new = client.get("/browse/gbf", headers=JSON).json()["targets"]
    old = client.get(f"/browse/gbf?version={OLD}", headers=JSON).json()["targets"]
    assert [t["status"] for t in new] != [t["status"] for t in old]
    for targets, version in ((new, LATEST), (old, OLD)):
        reached, relevant_ones = reach(graph, version), relevant(graph)
        for t in targets:
            assert t["status"] == status(t["iri"], reached, relevant_ones), t["code"]
    # the form: a labelled select offering every version, the one shown selected
    page = client.get(f"/browse/gbf?version={OLD}&lang=vi", headers=HTML).text
    assert '<label for="browse-version">' in page and 'id="browse-version"' in page
    assert 'value="plan-version:aspen-2016-2025-adopted" selected' in page
    assert '<input type="hidden" name="lang" value="vi">' in page


def test_gbf_targets_are_the_23(client: TestClient) -> None:
    expected = reference("gbf_targets.csv")
    assert len(expected) == 23
    shown = client.get("/browse/gbf?format=json").json()["targets"]
    assert [t["code"] for t in shown] == [r["cbd_identifier"] for r in expected]
    texts = {r["cbd_identifier"]: r["title_en"] for r in expected}
    assert all(t["text"]["value"] == texts[t["code"]] for t in shown)


def test_agreements_and_their_provisions(client: TestClient, graph: Graph) -> None:
    answer = client.get("/browse/agreements", headers=JSON).json()
    expected = {str(a) for a in graph.subjects(RDF.type, ASPEN.Agreement)}
    assert {a["iri"] for a in answer["agreements"]} == expected
    paris = next(a for a in answer["agreements"] if a["iri"] == f"{ID}agreement/paris")
    provisions = {
        str(p)
        for p in graph.subjects(ASPEN.partOfFramework, URIRef(f"{ID}agreement/paris"))
        if (p, RDF.type, ASPEN.Provision) in graph
    }
    assert {p["iri"] for p in paris["provisions"]} == provisions and provisions
    numbers = [int(p["code"].split()[-1]) for p in paris["provisions"]]
    assert numbers == sorted(numbers)  # Article 2 < Article 10
    reached = reach(graph, LATEST)
    for p in paris["provisions"]:
        assert {e["iri"] for e in p["elements"]} == reached.get(p["iri"], set()), p["code"]
    page = client.get("/browse/agreements", headers=HTML).text
    assert "Transboundary Haze" in html.unescape(page)


def test_the_plan_tree_follows_the_version(client: TestClient, graph: Graph) -> None:
    def codes(version: str, kind: URIRef) -> list[str]:
        members = set(graph.subjects(ASPEN.inVersion, URIRef(version)))
        found = [
            str(graph.value(e, URIRef("http://purl.org/dc/terms/identifier"))) for e in members
        ]
        return sorted(
            (c for e, c in zip(members, found, strict=True) if (e, RDF.type, kind) in graph),
            key=lambda c: int(c[1:]),
        )

    new = client.get("/browse/plan", headers=JSON).json()
    old = client.get(f"/browse/plan?version={OLD}", headers=JSON).json()
    assert [n["code"] for n in new["goals"]] == codes(LATEST, ASPEN.StrategicGoal)
    assert [n["code"] for n in new["priorities"]] == codes(LATEST, ASPEN.StrategicPriority)
    assert [n["code"] for n in old["priorities"]] == codes(OLD, ASPEN.StrategicPriority)
    assert old["goals"] == [] and len(old["priorities"]) == 7
    page = client.get(f"/browse/plan?version={OLD}", headers=HTML).text
    assert "<details open><summary>" in page
    assert 'href="/id/priority/aspen-2016-2025-p7"' in page
    assert "aspen-2026-2035" not in page.split('id="main"')[1].split("</form>")[1]


def test_plan_badges_on_target_pages_and_search(client: TestClient, graph: Graph) -> None:
    target = URIRef("http://metadata.un.org/sdg/14.1")
    linked = {s for s, _ in graph.subject_predicates(target)} | set(graph.objects(target))
    plans = {str(e): graph.value(e, ASPEN.partOfPlan) for e in linked}
    shorts = {p: str(next(iter(graph.objects(p, SKOS.altLabel)))) for p in set(plans.values()) if p}
    elements = {e: shorts[p] for e, p in plans.items() if p}
    assert set(elements.values()) == {"ASPEN 2016-2025", "ASPEN 2026-2035"}  # both plans
    page = client.get("/resource?iri=http%3A%2F%2Fmetadata.un.org%2Fsdg%2F14.1", headers=HTML)
    badges = re.findall(
        r'<a href="(/id/[^"]+)" title="[^"]+"><span lang="en">[^<]*</span></a> '
        r'<span class="plan-badge">([^<]+)</span>',
        page.text,
    )
    assert badges and {f"{ID}{href[4:]}": b for href, b in badges} == elements
    found = client.get("/search?q=coastal", headers=JSON).json()
    results = [r for g in found["groups"] for r in g["results"] if r["plan"]]
    assert {r["plan_short"] for r in results} == {"ASPEN 2016-2025", "ASPEN 2026-2035"}
    for r in results:
        assert r["plan_short"] == shorts[URIRef(r["plan"])]
    page = client.get("/search?q=coastal", headers=HTML).text
    assert (
        'class="plan plan-badge" title="ASEAN Strategic Plan on Environment 2016-2025">ASPEN 2016-2025<'
        in page
    )


def test_vietnamese_pages(client: TestClient, graph: Graph) -> None:
    page = client.get("/browse/sdg?lang=vi", headers=HTML).text
    assert '<html lang="vi">' in page
    # the graph holds no Vietnamese short titles: SDG 14's shows in English, marked as a fallback
    assert '<span lang="en">Life below water</span> <abbr class="fallback"' in page
    assert 'href="/browse/sdg/14?lang=vi"' in page and "Mục tiêu 14" in page
    tree = client.get("/browse/plan?lang=vi", headers=HTML).text
    for goal in graph.subjects(ASPEN.inVersion, URIRef(LATEST)):
        vi = [
            v
            for v in graph.objects(goal, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
            if isinstance(v, Literal) and v.language == "vi"
        ]
        if vi:
            assert f'<span lang="vi">{html.escape(str(vi[0]), quote=False)}</span>' in tree
    index = client.get("/browse", headers={**HTML, "accept-language": "vi"}).text
    assert "<h1>Duyệt</h1>" in index and "Mục tiêu và chỉ tiêu SDG" in index
    home = client.get("/?lang=vi", headers=HTML).text
    assert '<a href="/browse?lang=vi">Duyệt</a>' in home  # the header nav and the card


def test_json_for_programs_and_errors(client: TestClient) -> None:
    index = client.get("/browse").json()
    assert [v["href"] for v in index["views"]] == [
        "/browse/sdg",
        "/browse/gbf",
        "/browse/agreements",
        "/browse/plan",
    ]
    assert (
        client.get("/browse/sdg?format=json", headers=HTML)
        .headers["content-type"]
        .startswith("application/json")
    )
    assert client.get("/browse/gbf?format=html").headers["content-type"].startswith("text/html")
    assert client.get("/browse/sdg/18").status_code == 404
    assert client.get("/browse/sdg/14?version=plan-version:nope").status_code == 404
    bad = client.get("/browse/gbf?colour=red")
    assert bad.status_code == 400 and "colour" in bad.json()["detail"]
    assert client.get("/browse?format=xml").status_code == 400
    assert client.get("/browse/sdg/99", headers=HTML).text.count("<html") == 1  # an error page


@pytest.mark.parametrize(
    "path",
    [
        "/browse",
        "/browse/sdg",
        "/browse/sdg/14",
        "/browse/gbf",
        "/browse/agreements",
        "/browse/plan",
    ],
)
def test_vietnamese_browse_pages_speak_vietnamese_and_carry_it(
    client: TestClient, path: str
) -> None:
    page = client.get(
        f"{path}?lang=vi&version={OLD}" if path != "/browse" else f"{path}?lang=vi", headers=HTML
    ).text
    assert english_strings(page, vietnamese()) == [], path
    for href in links(page):
        href = href.replace("&amp;", "&")
        if href.startswith("/") and not href.startswith(("/static/", "/sparql")):
            assert parse_qs(urlsplit(href).query).get("lang") == ["vi"], (path, href)
