"""The catalogue queries added for the report, on the catalogue fixture with exact rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aspen_graph.curie import compress
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import OxigraphStore, open_store

NEW = "plan:new"
REPORT_QUERIES = ("sdg-reach-by-element", "gbf-reach-by-element", "challenge-flow")


def rows(
    store: OxigraphStore, catalog: QueryCatalog, name: str, columns: tuple[str, ...], **params: str
) -> list[tuple[str, ...]]:
    table = run_select(store, catalog, name, params)
    return [
        tuple("" if r[c] is None else compress(str(r[c])) for c in columns) for r in table.records()
    ]


def test_sdg_reach_by_element(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    got = rows(
        mini_store,
        catalog,
        "sdg-reach-by-element",
        ("element", "kind", "sdg_goal", "targets_reached"),
        plan=NEW,
    )
    # Every element × every SDG goal; only new-p1 → 13.1 counts (new-p2's 13.2 is rejected,
    # its 14.1 is negative).
    assert got == [
        ("intervention:new-i1", "Intervention", "sdg:13", "0"),
        ("intervention:new-i1", "Intervention", "sdg:14", "0"),
        ("goal:new-g1", "StrategicGoal", "sdg:13", "0"),
        ("goal:new-g1", "StrategicGoal", "sdg:14", "0"),
        ("priority:new-p1", "StrategicPriority", "sdg:13", "1"),
        ("priority:new-p1", "StrategicPriority", "sdg:14", "0"),
        ("priority:new-p2", "StrategicPriority", "sdg:13", "0"),
        ("priority:new-p2", "StrategicPriority", "sdg:14", "0"),
        ("priority:new-p3", "StrategicPriority", "sdg:13", "0"),
        ("priority:new-p3", "StrategicPriority", "sdg:14", "0"),
    ]
    assert rows(
        mini_store,
        catalog,
        "sdg-reach-by-element",
        ("element", "sdg_goal", "targets_reached"),
        plan="plan:old",
    ) == [
        ("priority:old-p1", "sdg:13", "1"),
        ("priority:old-p1", "sdg:14", "0"),
        ("priority:old-p2", "sdg:13", "0"),
        ("priority:old-p2", "sdg:14", "0"),
    ]


def test_sdg_reach_by_element_labels(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    table = run_select(mini_store, catalog, "sdg-reach-by-element", {"plan": NEW, "lang": "vi"})
    labels = {compress(str(r["element"])): r["element_label"] for r in table.records()}
    assert str(labels["priority:new-p1"]) == "Ưu tiên một"
    assert labels["priority:new-p2"].language == "en"  # type: ignore[union-attr]


def test_gbf_reach_by_element(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    got = rows(
        mini_store,
        catalog,
        "gbf-reach-by-element",
        ("element", "gbf_target", "gbf_code", "alignments", "strongest"),
        plan=NEW,
    )
    assert len(got) == 5 * 2
    assert [r for r in got if r[3] != "0"] == [
        ("priority:new-p1", "gbf-target:8", "GBF-TARGET-08", "1", "1")
    ]
    assert {r[4] for r in got if r[3] == "0"} == {"0"}


def flow(store: OxigraphStore, catalog: QueryCatalog) -> list[tuple[str, ...]]:
    columns = ("challenge", "goal", "priority", "sdg_goal", "targets_reached")
    return rows(store, catalog, "challenge-flow", columns, plan=NEW)


def test_challenge_flow(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert flow(mini_store, catalog) == [
        ("challenge:climate-change", "goal:new-g1", "priority:new-p1", "sdg:13", "1")
    ]


SERVES_WITHOUT_REACH = """\
<https://w3id.org/aspen/id/alignment/p2-serves-g1> <https://w3id.org/aspen/ont/alignmentSource> <https://w3id.org/aspen/id/priority/new-p2> .
<https://w3id.org/aspen/id/alignment/p2-serves-g1> <https://w3id.org/aspen/ont/alignmentTarget> <https://w3id.org/aspen/id/goal/new-g1> .
<https://w3id.org/aspen/id/alignment/p2-serves-g1> <https://w3id.org/aspen/ont/interaction> <https://w3id.org/aspen/id/interaction/reinforcing> .
"""


def test_challenge_flow_keeps_a_path_that_reaches_no_sdg_goal(
    mini_store: OxigraphStore, catalog: QueryCatalog, tmp_path: Path
) -> None:
    # Priority two serves goal one (a positive alignment added here) but reaches no SDG target
    # (its 13.2 is rejected, its 14.1 negative): its path is a row with no SDG goal and 0.
    dataset = tmp_path / "mini.nq"
    dataset.write_bytes(mini_store.dump_nquads())
    store = open_store()
    store.load_dataset(dataset)
    store.load_ntriples("urn:test:serves", SERVES_WITHOUT_REACH.encode())
    assert flow(store, catalog) == [
        ("challenge:climate-change", "goal:new-g1", "priority:new-p1", "sdg:13", "1"),
        ("challenge:climate-change", "goal:new-g1", "priority:new-p2", "", "0"),
    ]


@pytest.mark.parametrize("name", REPORT_QUERIES)
def test_report_query_header(catalog: QueryCatalog, name: str) -> None:
    spec = catalog.get(name)
    assert spec.group == "api"
    assert spec.summary and "report" in spec.tags
    assert {p.name for p in spec.params} == {"plan", "version", "lang"}
    projection = spec.text.split("WHERE", 1)[0]
    for param in spec.params:
        assert re.search(rf"\?{param.name}\b", projection), f"?{param.name} not projected"
    assert "NOT EXISTS" not in spec.text.upper()
