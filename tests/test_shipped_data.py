"""Headline answers on the shipped data, each checked against an independent count."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from aspen_graph.analysis import load_network
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import OxigraphStore

pytestmark = pytest.mark.slow

COUNT_TYPE = """
SELECT (COUNT(DISTINCT ?x) AS ?n) ?type WHERE { ?x a ?type } GROUP BY ?type
"""
ID = "https://w3id.org/aspen/id/"


@pytest.mark.parametrize(
    ("type_iri", "expected"),
    [
        ("http://metadata.un.org/sdg/ontology#Goal", 17),
        ("http://metadata.un.org/sdg/ontology#Target", 169),
        ("http://metadata.un.org/sdg/ontology#Indicator", 235),
        ("https://w3id.org/aspen/ont/FrameworkGoal", 4),
        ("https://w3id.org/aspen/ont/StrategicGoal", 3),
        ("https://w3id.org/aspen/ont/GlobalChallenge", 3),
    ],
)
def test_class_counts(shipped_store: OxigraphStore, type_iri: str, expected: int) -> None:
    from rdflib import URIRef

    table = shipped_store.select(COUNT_TYPE, bindings={"type": URIRef(type_iri)})
    assert int(table.rows[0][0]) == expected  # type: ignore[arg-type]


def test_gbf_targets_and_priorities(shipped_store: OxigraphStore) -> None:
    query = """
    PREFIX aspen: <https://w3id.org/aspen/ont/>
    SELECT ?plan (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a aspen:StrategicPriority ; aspen:partOfPlan ?plan }
    GROUP BY ?plan ORDER BY ?plan
    """
    counts = {str(p): int(n) for p, n in shipped_store.select(query).rows}  # type: ignore[arg-type]
    assert counts == {f"{ID}plan/aspen-2016-2025": 7, f"{ID}plan/aspen-2026-2035": 5}
    gbf = shipped_store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/aspen/ont/FrameworkTarget> ; "
        "<https://w3id.org/aspen/ont/partOfFramework> <https://w3id.org/aspen/id/agreement/kmgbf> }"
    )
    assert int(gbf.rows[0][0]) == 23  # type: ignore[arg-type]


def _independent_coverage(root: Path) -> dict[str, tuple[int, int]]:
    """Coverage counted straight from the two analyst tables, without RDF or SPARQL."""
    relevant: dict[str, set[str]] = defaultdict(set)
    with (root / "data/tables/challenge-relevance.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            relevant[row["challenge"]].add(row["target"])
    reached: set[str] = set()
    with (root / "data/tables/alignments.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            source = row["source"]
            in_plan = source.startswith(("goal:aspen-2026-2035-", "priority:aspen-2026-2035-"))
            if in_plan and int(row["interaction"]) > 0 and row["status"] != "rejected":
                reached.add(row["target"])
    return {c: (len(t), len(t & reached)) for c, t in relevant.items()}


def test_coverage_per_challenge_equals_an_independent_count(
    shipped_store: OxigraphStore, catalog: QueryCatalog, root: Path
) -> None:
    table = run_select(shipped_store, catalog, "coverage-by-challenge")
    sparql = {
        str(r["challenge"]).rsplit("/", 1)[-1]: (int(r["relevant"]), int(r["reached"]))  # type: ignore[arg-type]
        for r in table.records()
    }
    assert sparql == _independent_coverage(root)
    network = load_network(shipped_store, catalog)
    python = {
        c.challenge.rsplit("/", 1)[-1]: (len(c.relevant), len(c.reached))
        for c in network.coverage(f"{ID}plan/aspen-2026-2035")
    }
    assert python == sparql


def test_every_catalogue_query_runs_on_the_shipped_data(
    shipped_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    defaults = {
        "alignments-by-element": {"element": "priority:aspen-2026-2035-p2"},
        "elements-by-target": {"target": "14.1"},
        "components-by-framework": {"framework": "agreement:kmgbf"},
        "inputs-by-element": {"element": "priority:aspen-2026-2035-p2"},
    }
    for spec in catalog.in_group("api"):
        run_select(shipped_store, catalog, spec.name, defaults.get(spec.name, {}))


def test_no_triple_is_in_two_named_graphs(shipped_store: OxigraphStore) -> None:
    """Queries read the union of the graphs, which repeats a triple held twice; keep them apart."""
    quads = shipped_store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    triples = shipped_store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert int(quads.rows[0][0]) == int(triples.rows[0][0])  # type: ignore[arg-type]
