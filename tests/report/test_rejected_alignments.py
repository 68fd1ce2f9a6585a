"""A curated alignment whose status is rejected reaches nothing: no coverage, reach or report
query pairs its element with its target. The catalogue fixture (tests/fixtures/catalogue/
mini.ttl) has new-p2 → SDG 13.2 rejected; old-p1 → SDG 13.2 (another plan) is not rejected, and
the same queries asked for the old plan find that pair (so the check can see a pair).

The counts (coverage per challenge and per element, the gaps) are asserted exactly in
tests/queries/test_catalogue.py and tests/report/test_report_queries.py."""

from __future__ import annotations

import pytest

from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import GraphStore

ID = "https://w3id.org/aspen/id/"
TARGET = "http://metadata.un.org/sdg/13.2"
REJECTED = (f"{ID}priority/new-p2", "plan:new", "plan-version:new-draft-1")
KEPT = (f"{ID}priority/old-p1", "plan:old", "plan-version:old-adopted")
CHALLENGE = "challenge:climate-change"
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("elements-by-target", {"target": "sdg:13.2"}),
    ("pages/challenge-reach", {"challenge": CHALLENGE}),
    ("pages/browse-targets", {"framework": "SDG"}),
]
"""Queries naming an element with a target it reaches, and their parameters (besides the plan
or version)."""
VERSION_QUERIES = ["versions/alignments"]
"""Queries of one version naming an element with the target of its alignments."""


def pairs(store: GraphStore, catalog: QueryCatalog, name: str, params: dict[str, str]) -> set[str]:
    """The elements named in a row that also names SDG 13.2."""
    found = set()
    for row in run_select(store, catalog, name, params).records():
        values = {str(v) for v in row.values() if v is not None}
        if TARGET in values:
            found |= {v for v in values if "/priority/" in v}
    return found


@pytest.mark.parametrize(("name", "params"), QUERIES, ids=[q for q, _ in QUERIES])
def test_a_rejected_alignment_reaches_nothing(
    mini_store: GraphStore, catalog: QueryCatalog, name: str, params: dict[str, str]
) -> None:
    element, new_plan, _ = REJECTED
    kept, old_plan, _ = KEPT
    assert element not in pairs(mini_store, catalog, name, {**params, "plan": new_plan})
    assert kept in pairs(mini_store, catalog, name, {**params, "plan": old_plan})


@pytest.mark.parametrize("name", VERSION_QUERIES)
def test_a_version_has_no_rejected_alignment(
    mini_store: GraphStore, catalog: QueryCatalog, name: str
) -> None:
    element, _, version = REJECTED
    kept, _, old_version = KEPT
    assert element not in pairs(mini_store, catalog, name, {"version": version})
    assert kept in pairs(mini_store, catalog, name, {"version": old_version})


def test_the_reached_targets_leave_it_out(mini_store: GraphStore, catalog: QueryCatalog) -> None:
    """``targets-by-reach`` (the report's reached targets) names targets, not elements: SDG
    13.2 is reached by the old plan only."""

    def reached(plan: str) -> set[str]:
        table = run_select(mini_store, catalog, "targets-by-reach", {"plan": plan})
        return {str(row["target"]) for row in table.records()}

    assert TARGET not in reached("plan:new")
    assert TARGET in reached("plan:old")


def test_the_network_and_the_suggestions_do_not_learn_from_it(
    mini_store: GraphStore, catalog: QueryCatalog
) -> None:
    edges = run_select(mini_store, catalog, "analysis/alignment-edges", {})
    found = {(str(r["source"]), str(r["target"])) for r in edges.records()}
    assert (REJECTED[0], TARGET) not in found
    assert (KEPT[0], TARGET) in found
