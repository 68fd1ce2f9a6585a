"""Every page's version picker reads the plan versions one way (``page_links.plan_versions``):
the question forms' picker of a version parameter, the browse pages' switcher and the plan
badges offer the same versions, with the labels and codes the data gives them; a version of no
plan (which no question accepts) is offered by none."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from aspen_graph.api.pages import Text
from aspen_graph.api.routes.browse_views import plan_shorts, versions
from aspen_graph.api.routes.page_links import plan_versions
from aspen_graph.api.routes.question_forms import choices
from aspen_graph.curie import expand
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/aspen/id/"
DATA = f"""
PREFIX aspen: <https://w3id.org/aspen/ont/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
<{ID}plan/pick> a aspen:StrategicPlan ; rdfs:label "Picker plan"@en ; skos:altLabel "PICK 1" .
<{ID}plan-version/pick-adopted> a aspen:PlanVersion ; aspen:versionOf <{ID}plan/pick> ;
    rdfs:label "Picker plan, adopted"@en , "Kế hoạch, bản thông qua"@vi ;
    dct:issued "2020-01-01"^^xsd:date .
<{ID}plan-version/pick-draft-1> a aspen:PlanVersion ; aspen:versionOf <{ID}plan/pick> ;
    rdfs:label "Picker plan, first draft"@en ; skos:notation "draft-1" .
<{ID}plan-version/pick-draft-2> a aspen:PlanVersion ; aspen:versionOf <{ID}plan/pick> ;
    rdfs:label "Picker plan, second draft"@en , "Kế hoạch, dự thảo hai"@vi ;
    dct:identifier "draft-2" .
<{ID}plan-version/orphan> a aspen:PlanVersion ; rdfs:label "A version of no plan"@en .
"""


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    store = OxigraphStore()
    data = Graph().parse(data=DATA, format="turtle").serialize(format="nt", encoding="utf-8")
    store.load_ntriples("urn:test:pickers", data)
    return store


@pytest.fixture(scope="module")
def catalog() -> QueryCatalog:
    return QueryCatalog(ROOT / "sparql")


def test_the_question_picker_offers_the_versions_of_plans(
    store: OxigraphStore, catalog: QueryCatalog
) -> None:
    """Codes first where they help (they hold a number), in code order; labels in the page's
    language, else English; the version of no plan is not offered."""
    _, options = choices(store, catalog, "aspen:PlanVersion", "vi")
    assert options == (
        ("plan-version:pick-adopted", "Kế hoạch, bản thông qua"),
        ("plan-version:pick-draft-1", "draft-1 Picker plan, first draft"),
        ("plan-version:pick-draft-2", "draft-2 Kế hoạch, dự thảo hai"),
    )


def test_every_picker_offers_the_same_versions(store: OxigraphStore, catalog: QueryCatalog) -> None:
    _, options = choices(store, catalog, "aspen:PlanVersion", "vi")
    offered = {str(expand(value)) for value, _ in options}
    browse = versions(store, catalog, "vi", f"{ID}plan-version/pick-draft-2")
    assert (
        {v.iri for v in browse} == offered == {v.iri for v in plan_versions(store, catalog, "vi")}
    )
    labels = {v.curie: v.label for v in browse}
    assert labels["plan-version:pick-draft-1"] == Text("Picker plan, first draft", "en", True)
    assert labels["plan-version:pick-draft-2"] == Text("Kế hoạch, dự thảo hai", "vi")
    assert [v.curie for v in browse if v.selected] == ["plan-version:pick-draft-2"]
    assert {v.plan_short for v in browse} == {"PICK 1"}
    assert plan_shorts(store, catalog) == {f"{ID}plan/pick": "PICK 1"}
