"""The networkx view: explanation chains, rankings, clusters, and coverage equal to SPARQL's."""

from __future__ import annotations

from aspen_graph.analysis import load_network
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import OxigraphStore

ID = "https://w3id.org/aspen/id/"
SDG = "http://metadata.un.org/sdg/"
NEW = f"{ID}plan/new"


def test_coverage_equals_the_sparql_query(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    network = load_network(mini_store, catalog)
    python = {c.challenge: (len(c.relevant), len(c.reached)) for c in network.coverage(NEW)}
    table = run_select(mini_store, catalog, "coverage-by-challenge", {"plan": "plan:new"})
    sparql = {str(r["challenge"]): (int(r["relevant"]), int(r["reached"])) for r in table.records()}  # type: ignore[arg-type]
    assert (
        python
        == sparql
        == {
            f"{ID}challenge/climate-change": (3, 2),
            f"{ID}challenge/pollution": (2, 0),
        }
    )


def test_gaps_equal_the_sparql_query(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    network = load_network(mini_store, catalog)
    python = {t for c in network.coverage(NEW) for t in c.gaps}
    table = run_select(mini_store, catalog, "gaps-by-challenge", {"plan": "plan:new"})
    assert (
        python
        == {str(t) for t in table.column("target")}
        == {
            f"{SDG}13.2",
            f"{SDG}14.1",
            f"{ID}gbf-target/7",
        }
    )


def test_explain_direct(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    network = load_network(mini_store, catalog)
    (chain,) = network.explain(f"{ID}priority/new-p1", f"{SDG}13.1")
    (step,) = chain.steps
    assert (step.kind, step.score, step.confidence) == ("alignment", 2, 0.8)
    assert step.rationale == "P1 builds resilience."
    assert step.sources == ("http://example.org/e1",)


def test_explain_through_roll_ups(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    network = load_network(mini_store, catalog)
    chains = network.explain(f"{ID}goal/new-g1", f"{SDG}13")
    assert [[(s.kind, s.source, s.target) for s in c.steps] for c in chains] == [
        [
            ("served-by", f"{ID}goal/new-g1", f"{ID}priority/new-p1"),
            ("alignment", f"{ID}priority/new-p1", f"{SDG}13.1"),
            ("target-of", f"{SDG}13.1", f"{SDG}13"),
        ]
    ]
    assert chains[0].strength == 2
    assert round(chains[0].confidence, 2) == 0.48


def test_explain_ignores_negative_and_rejected(
    mini_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    network = load_network(mini_store, catalog)
    assert network.explain(f"{ID}priority/new-p2", f"{SDG}14.1") == []
    assert network.explain(f"{ID}priority/new-p2", f"{SDG}13.2") == []


def test_ranking_equals_the_sparql_query(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    network = load_network(mini_store, catalog)
    table = run_select(mini_store, catalog, "targets-by-reach", {"plan": "plan:new"})
    sparql = [(str(r["target"]), int(r["elements"])) for r in table.records()]  # type: ignore[arg-type]
    assert network.rank_targets(NEW) == sparql


def test_clusters_group_priorities_that_share_targets(
    mini_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    network = load_network(mini_store, catalog)
    assert network.shared_targets(NEW) == []
    assert network.clusters(NEW) == [
        [f"{ID}priority/new-p1"],
        [f"{ID}priority/new-p2"],
        [f"{ID}priority/new-p3"],
    ]
