"""The browse views' parts without a server: the plan tree nests focal areas, interventions and
milestones under their priorities in natural code order (the example plan's second draft, the
only data with them), and every goal tile's text colour passes WCAG AA on its colour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from aspen_graph.api.pages import Text
from aspen_graph.api.routes.browse_goal_data import goal_colours, text_colour
from aspen_graph.api.routes.browse_views import TreeNode, plan_tree
from aspen_graph.api.routes.page_links import label_text
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "data" / "examples" / "example-plan-draft-2" / "plan.ttl"
VERSION = "https://w3id.org/aspen/id/plan-version/example-plan-draft-2"
ASPEN = "https://w3id.org/aspen/ont/"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    store = OxigraphStore()
    data = Graph().parse(DRAFT).serialize(format="nt", encoding="utf-8")
    store.load_ntriples("https://w3id.org/aspen/graph/example/example-plan-draft-2", data)
    return store


def walk(nodes: list[TreeNode], parent: str = "") -> dict[str, str]:
    """Code → the code of the node it is under ('' for a root)."""
    found = {}
    for node in nodes:
        found[node.code] = parent
        found.update(walk(node.children, node.code))
    return found


def test_the_tree_nests_the_draft_as_its_data_says(store: OxigraphStore) -> None:
    graph = Graph().parse(DRAFT)
    code = {s: str(o) for s, o in graph.subject_objects(DCTERMS.identifier)}
    expected = {}
    for element, identifier in code.items():
        if (element, URIRef(f"{ASPEN}inVersion"), URIRef(VERSION)) not in graph:
            continue
        parent = (
            graph.value(element, URIRef(f"{ASPEN}underFocalArea"))
            or graph.value(element, URIRef(f"{ASPEN}underPriority"))
            or graph.value(element, URIRef(f"{ASPEN}milestoneOf"))
        )
        expected[identifier] = code[parent] if parent is not None else ""
    goals, priorities = plan_tree(
        store, QueryCatalog(ROOT / "sparql"), VERSION, "vi", "https://w3id.org/aspen/"
    )
    assert walk(goals) | walk(priorities) == expected
    assert [g.code for g in goals] == ["G1", "G2", "G3"]
    assert [p.code for p in priorities] == ["P1", "P2", "P3", "P4", "P5"]
    p2 = priorities[1]
    assert [c.code for c in p2.children] == ["M2030-1", "P2.FA1"]  # letters in order
    assert p2.children[1].children[0].kind == "Intervention"
    assert p2.label.lang == "vi"


def test_every_tile_text_passes_aa() -> None:
    colours, source = goal_colours()
    assert sorted(colours, key=int) == [str(i) for i in range(1, 18)]
    assert "open-sdg" in source
    for goal, colour in colours.items():
        ink = text_colour(colour)
        assert ratio(colour, ink) >= 4.5, goal
    data = json.loads((ROOT / "src/aspen_graph/api/static/sdg-colours.json").read_text())
    assert data["url"].startswith("https://github.com/open-sdg/open-sdg/blob/")


def ratio(a: str, b: str) -> float:
    def lum(colour: str) -> float:
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_views_mark_a_fallback_as_the_other_pages_do() -> None:
    """The browse views' texts are the pages' :class:`Text` (one type for "a text with its
    language and fallback marker"), marked as :func:`label_text` marks them: a label tagged
    ``vi-VN`` is Vietnamese on a Vietnamese page, an English one stands in (fallback), a goal
    without a label shows its CURIE."""
    goal = "https://w3id.org/aspen/id/goal/tree-test-g"
    data = f"""
        PREFIX aspen: <{ASPEN}>
        PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        <{VERSION}> a aspen:PlanVersion ; aspen:versionOf <https://w3id.org/aspen/id/plan/t> .
        <https://w3id.org/aspen/id/plan/t> a aspen:StrategicPlan .
        <{goal}1> a aspen:StrategicGoal ; aspen:inVersion <{VERSION}> ; dct:identifier "G1" ;
            rdfs:label "Mục tiêu một"@vi-VN , "Goal one"@en .
        <{goal}2> a aspen:StrategicGoal ; aspen:inVersion <{VERSION}> ; dct:identifier "G2" ;
            rdfs:label "Goal two"@en .
        <{goal}3> a aspen:StrategicGoal ; aspen:inVersion <{VERSION}> ; dct:identifier "G3" .
    """
    store = OxigraphStore()
    nt = Graph().parse(data=data, format="turtle").serialize(format="nt", encoding="utf-8")
    store.load_ntriples("urn:test:tree", nt)
    goals, _ = plan_tree(store, QueryCatalog(ROOT / "sparql"), VERSION, "vi", "https://x/")
    labels = [g.label for g in goals]
    assert all(type(label) is Text for label in labels)
    assert labels == [
        Text("Mục tiêu một", "vi-vn", fallback=False),
        Text("Goal two", "en", fallback=True),
        Text("goal:tree-test-g3"),
    ]
    assert [label_text(Literal(t.value, lang=t.lang), "vi") for t in labels[:2]] == labels[:2]
