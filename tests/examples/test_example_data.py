"""The example dataset (data/examples/): kept apart, labelled as example, and two drafts that
differ in known, countable ways."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from example_helpers import DRAFT_1, DRAFT_2, EXAMPLE_GRAPHS, PLAN, rows, select, violations

from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def test_every_example_subject_is_an_example_resource(
    examples_store: GraphStore, catalog: QueryCatalog
) -> None:
    """Every subject of graph/example/* is typed aspen:ExampleResource, except the alignment
    nodes the alignments table builds (the table cannot type them), whose source is one."""
    assert violations(examples_store, catalog, "example-untyped-subject-violation") == []
    counted = select(
        examples_store,
        f"""
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          GRAPH ?g {{ ?s a aspen:ExampleResource }}
          FILTER (STRSTARTS(STR(?g), "{EXAMPLE_GRAPHS}"))
        }}""",
    )
    # 2 versions + plan, document, MEL framework + 17 + 17 elements + 5 + 5 indicators with
    # 2 targets each + data set + 30 observations + event + 5 agents + 7 inputs.
    assert counted == [(str(2 + 3 + 17 + 17 + 10 + 20 + 1 + 30 + 1 + 5 + 7),)]


def test_example_labels_and_sources_say_example(
    examples_store: GraphStore, catalog: QueryCatalog
) -> None:
    assert violations(examples_store, catalog, "example-label-violation") == []
    # data/examples/ in particular: every resource cites the example-data document and has
    # both an English and a Vietnamese label.
    unsourced = select(
        examples_store,
        """
        SELECT DISTINCT ?s WHERE {
          ?s a aspen:ExampleResource .
          FILTER (
            NOT EXISTS { ?s dct:source <https://w3id.org/aspen/id/document/example-data> }
            || NOT EXISTS { ?s rdfs:label ?en FILTER (LANG(?en) = "en") }
            || NOT EXISTS { ?s rdfs:label ?vi FILTER (LANG(?vi) = "vi") }
          )
        }""",
    )
    assert unsourced == []


def test_examples_stay_in_their_own_graphs(
    examples_store: GraphStore, catalog: QueryCatalog
) -> None:
    """No example resource is stated, or referred to, in any graph but graph/example/* (and
    the derived shortcuts); none in the real plan's graph."""
    assert violations(examples_store, catalog, "example-outside-example-graphs-violation") == []
    plan_graph = "https://w3id.org/aspen/graph/aspen-2026-2035"
    assert plan_graph in examples_store.graph_sizes()  # the check had the real plan to look at


def test_each_draft_has_its_own_graph(examples_store: GraphStore, catalog: QueryCatalog) -> None:
    assert violations(examples_store, catalog, "version-in-two-graphs-violation") == []
    graphs = select(
        examples_store,
        """
        SELECT ?version ?g (COUNT(DISTINCT ?element) AS ?n) WHERE {
          GRAPH ?g { ?element aspen:inVersion ?version }
          ?version aspen:versionOf <https://w3id.org/aspen/id/plan/example-plan> .
        } GROUP BY ?version ?g ORDER BY ?version""",
    )
    assert graphs == [
        (DRAFT_1, f"{EXAMPLE_GRAPHS}example-plan-draft-1", "17"),
        (DRAFT_2, f"{EXAMPLE_GRAPHS}example-plan-draft-2", "17"),
    ]


@pytest.mark.slow
def test_build_without_examples_has_none(shipped_store: GraphStore) -> None:
    found = select(
        shipped_store,
        f"""
        SELECT (COUNT(*) AS ?n) WHERE {{
          {{ ?s a aspen:ExampleResource }}
          UNION {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), "{EXAMPLE_GRAPHS}")) }}
          UNION {{ ?s aspen:partOfPlan <https://w3id.org/aspen/id/plan/example-plan> }}
        }}""",
    )
    assert found == [("0",)]


def _elements(store: GraphStore, version: str) -> dict[str, tuple[str | None, ...]]:
    """code → (English label, Vietnamese label, parent code, predecessor code)."""
    found = select(
        store,
        f"""
        SELECT ?code ?en ?vi ?parent ?before WHERE {{
          ?e aspen:inVersion <https://w3id.org/aspen/id/{version.replace(":", "/")}> ;
            dct:identifier ?code ;
            rdfs:label ?en , ?vi .
          FILTER (LANG(?en) = "en" && LANG(?vi) = "vi")
          OPTIONAL {{ ?e aspen:underFocalArea|aspen:underPriority|aspen:milestoneOf ?p .
                      ?p dct:identifier ?parent
                      FILTER NOT EXISTS {{ ?e aspen:underFocalArea ?fa . ?fa aspen:underPriority ?p }} }}
          OPTIONAL {{ ?e prov:wasRevisionOf/dct:identifier ?before }}
        }}""",
    )
    return {str(code): tuple(rest) for code, *rest in found}


def test_drafts_differ_in_known_ways(examples_store: GraphStore) -> None:
    one, two = _elements(examples_store, DRAFT_1), _elements(examples_store, DRAFT_2)
    assert sorted(set(two) - set(one)) == ["P5"]
    assert sorted(set(one) - set(two)) == ["P2.FA2"]
    shared = set(one) & set(two)
    # Every shared element revises its namesake in draft 1; new ones revise nothing.
    assert all(two[code][3] == code for code in shared) and two["P5"][3] is None
    reworded = sorted(c for c in shared if one[c][:3] != two[c][:3])
    assert reworded == ["P3"]
    assert one["P3"][0] == "Forests and protected areas (example)"
    assert two["P3"][0] == "Forests, peatlands and protected areas (example)"
    assert len(shared) - len(reworded) == 15


def _alignments(store: GraphStore, version: str) -> dict[tuple[str, str], str]:
    found = select(
        store,
        f"""
        SELECT ?code ?target ?score WHERE {{
          ?a aspen:alignmentSource ?e ; aspen:alignmentTarget ?target ;
            aspen:interaction/aspen:scoreValue ?score .
          ?e aspen:inVersion <https://w3id.org/aspen/id/{version.replace(":", "/")}> ;
            dct:identifier ?code .
        }}""",
    )
    return {(str(code), str(target)): str(score) for code, target, score in found}


def test_alignments_between_drafts(examples_store: GraphStore) -> None:
    one, two = _alignments(examples_store, DRAFT_1), _alignments(examples_store, DRAFT_2)
    assert sorted(set(two) - set(one)) == [
        ("P3", "sdg:15.3"),
        ("P5", "sdg:11.6"),
        ("P5", "sdg:3.9"),
    ]
    # One dropped on its own (P2 → 14.1), two with the focal area that was removed.
    assert sorted(set(one) - set(two)) == [
        ("P2", "sdg:14.1"),
        ("P2.FA2", "sdg:14.4"),
        ("P2.FA2", "sdg:14.6"),
    ]
    rescored = sorted((k, one[k], two[k]) for k in set(one) & set(two) if one[k] != two[k])
    assert rescored == [(("P1", "sdg:14.3"), "1", "0")]
    assert len(set(one) & set(two)) == 13


def _independent_coverage(version: str) -> dict[str, tuple[int, int]]:
    """Coverage of one draft counted from the CSV tables alone (no RDF, no SPARQL)."""
    root = EXAMPLES.parents[1]
    relevant: dict[str, set[str]] = defaultdict(set)
    with (root / "data/tables/challenge-relevance.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            relevant[row["challenge"]].add(row["target"])
    reached = set()
    # The folder of a version is named by its key: plan-version:example-plan-draft-1.
    with (EXAMPLES / version.split(":")[1] / "alignments.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if int(row["interaction"]) > 0 and row["status"] != "rejected":
                reached.add(row["target"])
    return {c: (len(t), len(t & reached)) for c, t in relevant.items()}


def test_coverage_changes_between_drafts(examples_store: GraphStore, catalog: QueryCatalog) -> None:
    coverage = {}
    for version in (DRAFT_1, DRAFT_2):
        got = rows(
            examples_store,
            catalog,
            "coverage-by-challenge",
            ("challenge", "relevant", "reached"),
            plan=PLAN,
            version=version,
        )
        coverage[version] = {str(c).split(":")[1]: (int(n), int(r)) for c, n, r in got}  # type: ignore[arg-type]
        assert coverage[version] == _independent_coverage(version)
    reached = {v: {c: r for c, (_, r) in cov.items()} for v, cov in coverage.items()}
    assert reached[DRAFT_1] == {"biodiversity-loss": 7, "climate-change": 3, "pollution": 3}
    assert reached[DRAFT_2] == {"biodiversity-loss": 6, "climate-change": 2, "pollution": 4}


def test_sdg_14_loses_targets_in_draft_2(examples_store: GraphStore) -> None:
    reached = select(
        examples_store,
        """
        SELECT ?version (GROUP_CONCAT(DISTINCT ?code; SEPARATOR=" ") AS ?targets) WHERE {
          ?e aspen:contributesTo ?t ; aspen:inVersion ?version ;
            aspen:partOfPlan <https://w3id.org/aspen/id/plan/example-plan> .
          ?t <http://metadata.un.org/sdg/ontology#isTargetOf> <http://metadata.un.org/sdg/14> ;
            <http://www.w3.org/2004/02/skos/core#notation> ?code .
        } GROUP BY ?version ORDER BY ?version""",
    )
    got = {version: sorted(str(codes).split()) for version, codes in reached}
    assert got == {
        DRAFT_1: ["14.1", "14.2", "14.3", "14.4", "14.5", "14.6"],
        DRAFT_2: ["14.1", "14.2", "14.5"],
    }
