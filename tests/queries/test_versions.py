"""The version parameter of the catalogue: ``latest``, a version alone, a version of another plan,
and derived shortcuts that stay per version (the same code aligned differently in two drafts)."""

from __future__ import annotations

import pytest
from tests.conftest import FIXTURES, ROOT, store_from_turtle

from aspen_graph.curie import compress, expand
from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.queries.bind import bind_params, latest_version, resolve_version
from aspen_graph.store import OxigraphStore

VPLAN = "plan:vplan"
D1 = "plan-version:vplan-d1"
D2 = "plan-version:vplan-d2"


@pytest.fixture(scope="module")
def store(catalog: QueryCatalog) -> OxigraphStore:
    return store_from_turtle(
        FIXTURES / "catalogue" / "mini.ttl",
        FIXTURES / "versions" / "two-drafts.ttl",
        ROOT / "ontology" / "aspen-schemes.ttl",
        catalog=catalog,
    )


def _coverage(store: OxigraphStore, catalog: QueryCatalog, **params: str) -> list[tuple[str, ...]]:
    table = run_select(store, catalog, "coverage-by-challenge", params)
    return [
        (compress(str(r["challenge"])), compress(str(r["version"])), str(r["reached"]))
        for r in table.records()
    ]


def test_latest_follows_the_revision_chain_not_the_date(
    store: OxigraphStore, catalog: QueryCatalog
) -> None:
    # Draft 2 revises draft 1, though its dct:issued is earlier.
    assert compress(str(latest_version(store, catalog, expand(VPLAN)))) == D2


def test_latest_ties_go_to_the_latest_issued(store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert compress(str(latest_version(store, catalog, expand("plan:tplan")))) == (
        "plan-version:tplan-a"
    )


def test_default_version_is_the_latest(store: OxigraphStore, catalog: QueryCatalog) -> None:
    # Draft 2's P1 reaches 14.1 (pollution), not 13.1 (climate change).
    assert _coverage(store, catalog, plan=VPLAN) == [
        ("challenge:climate-change", D2, "0"),
        ("challenge:pollution", D2, "1"),
    ]
    assert _coverage(store, catalog, plan=VPLAN, version="latest") == _coverage(
        store, catalog, plan=VPLAN
    )


def test_derived_shortcuts_stay_per_version(store: OxigraphStore, catalog: QueryCatalog) -> None:
    """Same code P1, different alignments: each draft counts only its own contributesTo."""
    assert _coverage(store, catalog, version=D1) == [
        ("challenge:climate-change", D1, "1"),
        ("challenge:pollution", D1, "0"),
    ]
    gaps = run_select(store, catalog, "gaps-by-challenge", {"version": D1})
    assert sorted(str(r["code"]) for r in gaps.records()) == [
        "13.2",
        "14.1",
        "GBF-TARGET-07",
        "GBF-TARGET-08",
    ]
    reach = run_select(store, catalog, "targets-by-reach", {"version": D2})
    assert [(compress(str(r["target"])), str(r["elements"])) for r in reach.records()] == [
        ("sdg:14.1", "1")
    ]


def test_version_alone_gives_its_plan(store: OxigraphStore, catalog: QueryCatalog) -> None:
    table = run_select(store, catalog, "elements-without-interventions", {"version": D1})
    assert [(compress(str(r["element"])), compress(str(r["plan"]))) for r in table.records()] == [
        ("priority:vplan-d1-p1", VPLAN)
    ]


def test_version_of_another_plan_is_an_error(store: OxigraphStore, catalog: QueryCatalog) -> None:
    with pytest.raises(
        QueryParameterError,
        match=r"plan-version:vplan-d1 is a version of plan:vplan, not of plan:new",
    ):
        run_select(store, catalog, "coverage-by-challenge", {"plan": "plan:new", "version": D1})


def test_version_must_be_a_version(store: OxigraphStore, catalog: QueryCatalog) -> None:
    with pytest.raises(QueryParameterError, match="is not a aspen:PlanVersion"):
        run_select(store, catalog, "coverage-by-challenge", {"version": VPLAN})
    with pytest.raises(QueryParameterError, match="names nothing"):
        run_select(store, catalog, "coverage-by-challenge", {"version": "plan-version:nope"})


def test_plan_without_versions_is_an_error(store: OxigraphStore, catalog: QueryCatalog) -> None:
    with pytest.raises(QueryParameterError, match="plan:unversioned has no version"):
        run_select(store, catalog, "trade-offs", {"plan": "plan:unversioned"})


def test_every_plan_question_takes_a_version(catalog: QueryCatalog) -> None:
    """Each catalogue query with a plan parameter has its version parameter, with the
    ``latest`` default, and projects both variables (substitutions need them)."""
    for spec in catalog.in_group("api"):
        for param in spec.params:
            if "aspen:StrategicPlan" not in param.classes or param.name == "framework":
                continue
            version = "version" if param.name == "plan" else f"{param.name}_version"
            declared = spec.param(version)
            assert declared is not None, f"{spec.name}: no {version!r} parameter"
            assert declared.default == "latest" and declared.classes == ("aspen:PlanVersion",)
            head = spec.text.split("WHERE", 1)[0]
            assert f"?{version}" in head and f"?{param.name}" in head, spec.name


def test_comparison_queries_take_both_versions(store: OxigraphStore, catalog: QueryCatalog) -> None:
    table = run_select(
        store,
        catalog,
        "coverage-lost",
        {"earlier_version": D1, "later_version": D2},
    )
    assert [compress(str(r["target"])) for r in table.records()] == ["sdg:13.1"]
    assert {compress(str(r["earlier"])) for r in table.records()} == {VPLAN}


def test_without_a_store_latest_stays_unbound(catalog: QueryCatalog) -> None:
    bindings = bind_params(catalog.get("coverage-by-challenge"), {})
    assert "version" not in bindings and compress(str(bindings["plan"])) == "plan:aspen-2026-2035"


def test_resolve_version(store: OxigraphStore, catalog: QueryCatalog) -> None:
    got = resolve_version(store, catalog, plan=None, version=D1, default_plan="plan:new")
    assert tuple(compress(str(t)) for t in got) == (VPLAN, D1)
    got = resolve_version(store, catalog, plan=VPLAN, version=None, default_plan="plan:new")
    assert tuple(compress(str(t)) for t in got) == (VPLAN, D2)
