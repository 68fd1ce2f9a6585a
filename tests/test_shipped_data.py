"""Headline answers on the shipped data, each checked against an independent count."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from aspen_graph.analysis import load_network
from aspen_graph.config import Settings
from aspen_graph.curie import compress
from aspen_graph.namespaces import ASPEN
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


PLAN_2026 = ("goal:aspen-2026-2035-", "priority:aspen-2026-2035-")
PARAMS = {
    "alignments-by-element": {"element": "priority:aspen-2026-2035-p2"},
    "elements-by-target": {"target": "14.1"},
    "components-by-framework": {"framework": "agreement:kmgbf"},
    "inputs-by-element": {"element": "priority:aspen-2026-2035-p2"},
}


@dataclass(frozen=True)
class Sources:
    """What the repository's sources say, read with csv and rdflib only (no store, no SPARQL)."""

    alignments: list[dict[str, str]]
    relevance: dict[str, set[str]]
    plan: Graph

    def positive(self, prefixes: tuple[str, ...] = PLAN_2026) -> list[dict[str, str]]:
        """Alignments of the plan's elements with a positive interaction, not rejected."""
        return [
            row
            for row in self.alignments
            if row["source"].startswith(prefixes)
            and int(row["interaction"]) > 0
            and row["status"] != "rejected"
        ]

    def reached(self, prefixes: tuple[str, ...] = PLAN_2026) -> set[str]:
        return {row["target"] for row in self.positive(prefixes)}


@pytest.fixture(scope="module")
def sources(root: Path) -> Sources:
    with (root / "data/tables/alignments.csv").open(encoding="utf-8") as handle:
        alignments = list(csv.DictReader(handle))
    relevance: dict[str, set[str]] = defaultdict(set)
    with (root / "data/tables/challenge-relevance.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            relevance[f"challenge:{row['challenge']}"].add(row["target"])
    plan = Graph().parse(root / "data/graph/aspen-2026-2035.ttl", format="turtle")
    return Sources(alignments, dict(relevance), plan)


def test_coverage_per_challenge_equals_an_independent_count(
    shipped_store: OxigraphStore, catalog: QueryCatalog, sources: Sources
) -> None:
    table = run_select(shipped_store, catalog, "coverage-by-challenge")
    sparql = {
        str(r["challenge"]).rsplit("/", 1)[-1]: (int(r["relevant"]), int(r["reached"]))  # type: ignore[arg-type]
        for r in table.records()
    }
    reached = sources.reached()
    assert sparql == {
        c.split(":")[1]: (len(t), len(t & reached)) for c, t in sources.relevance.items()
    }
    network = load_network(shipped_store, catalog)
    python = {
        c.challenge.rsplit("/", 1)[-1]: (len(c.relevant), len(c.reached))
        for c in network.coverage(f"{ID}plan/aspen-2026-2035")
    }
    assert python == sparql


def _short(term: object) -> str | None:
    return None if term is None else compress(str(term)) if isinstance(term, URIRef) else str(term)


def _check(name: str, rows: list[dict[str, str | None]], src: Sources) -> None:
    """One fact per catalogue query, each counted from the sources."""
    reached = src.reached()
    not_public = {_short(c) for c in src.plan.objects(None, ASPEN.notYetPublic)}
    if name == "agreements-without-support":
        assert rows and not {r["agreement"] for r in rows} & reached
    elif name == "alignments-by-element":
        element = PARAMS[name]["element"]
        assert {r["target"] for r in rows} == {
            a["target"] for a in src.alignments if a["source"] == element
        }
    elif name == "challenge-flow":
        goals = {t.split(":")[1].split(".")[0] for t in reached if t.startswith("sdg:")}
        assert rows and {r["sdg_code"] for r in rows} <= goals
        assert {r["challenge"] for r in rows} == set(src.relevance)
    elif name == "components-by-framework":
        assert len(rows) == 23  # the GBF's 23 targets
        hit = {r["component"] for r in rows if r["reached"] == "true"}
        assert hit == {t for t in reached if t.startswith("gbf-target:")}
    elif name in ("consultation-inputs", "inputs-by-element"):
        # The plan's graph records the consultations but no input to them.
        assert rows == [] and not set(src.plan.subjects(ASPEN.inputTo, None))
    elif name == "continuity":
        earlier = {
            a["source"] for a in src.alignments if a["source"].startswith("priority:aspen-2016")
        }
        assert {r["old"] for r in rows} >= earlier and len(earlier) == 7
        mapped = {
            (a["source"], a["target"]) for a in src.alignments if a["target"].startswith(PLAN_2026)
        }
        assert {(r["old"], r["new"]) for r in rows if r["new"]} <= mapped
    elif name == "coverage-by-challenge":
        counts = {r["challenge"]: (int(r["relevant"] or 0), int(r["reached"] or 0)) for r in rows}
        assert counts == {c: (len(t), len(t & reached)) for c, t in src.relevance.items()}
        assert counts == {
            "challenge:biodiversity-loss": (44, 30),
            "challenge:climate-change": (17, 12),
            "challenge:pollution": (9, 8),
        }
    elif name == "coverage-by-element":
        sources = {a["source"] for a in src.alignments if a["source"].startswith(PLAN_2026)}
        assert {r["element"] for r in rows} == sources
    elif name == "coverage-by-framework":
        components = {r["framework"]: int(r["components"] or 0) for r in rows}
        assert components["document:agenda-2030"] == 169 and components["agreement:kmgbf"] == 23
        gbf = next(r for r in rows if r["framework"] == "agreement:kmgbf")
        assert int(gbf["reached_components"] or 0) == len(
            {t for t in reached if t.startswith("gbf-target:")}
        )
    elif name == "coverage-lost":
        before = src.reached(("priority:aspen-2016-2025-",))
        assert {r["target"] for r in rows} == {t for t in before - reached if t.startswith("sdg:")}
    elif name == "elements-by-target":
        direct = {r["element"] for r in rows if r["how"] == "direct"}
        assert direct == {
            a["source"]
            for a in src.alignments
            if a["target"] == "sdg:14.1" and a["source"].startswith(PLAN_2026)
        }
    elif name == "elements-without-alignment":
        elements = {_short(e) for e in src.plan.subjects(ASPEN.partOfPlan, None)} - {None}
        aligned = {a["source"] for a in src.alignments}
        assert rows == [] and elements and elements <= aligned
    elif name in ("elements-without-indicator", "interventions-without-indicator"):
        assert rows == [] and "aspen:MELIndicator" in not_public
    elif name == "elements-without-interventions":
        assert "aspen:Intervention" in not_public  # so no goal or priority has one
        assert {r["element"] for r in rows} == {
            _short(e) for e in src.plan.subjects(ASPEN.partOfPlan, None)
        }
    elif name == "gaps-by-challenge":
        assert {(r["challenge"], r["target"]) for r in rows} == {
            (c, t) for c, targets in src.relevance.items() for t in targets - reached
        }
    elif name == "gbf-reach-by-element":
        direct = {
            (a["source"], a["target"])
            for a in src.positive()
            if a["target"].startswith("gbf-target:")
        }
        assert direct <= {
            (r["element"], r["gbf_target"]) for r in rows if int(r["alignments"] or 0)
        }
    elif name in ("mel-progress", "sdg-indicators-tracked"):
        assert rows == [] and "aspen:MELIndicator" in not_public
    elif name == "sdg-reach-by-element":
        direct = {
            (a["source"], "sdg:" + a["target"].split(":")[1].split(".")[0])
            for a in src.positive()
            if a["target"].startswith("sdg:")
        }
        assert direct <= {
            (r["element"], r["sdg_goal"]) for r in rows if int(r["targets_reached"] or 0)
        }
    elif name == "targets-by-reach":
        # Outside targets only: a priority's alignment to its own plan's goal is not a reach.
        assert {r["target"] for r in rows} == {t for t in reached if not t.startswith(PLAN_2026)}
    elif name == "trade-offs":
        assert {(r["element"], r["target"]) for r in rows} == {
            (a["source"], a["target"])
            for a in src.alignments
            if a["source"].startswith(PLAN_2026) and int(a["interaction"]) < 0
        }
    else:  # a new catalogue query needs a fact here
        pytest.fail(f"no independent check for {name}")


def _declared_columns(text: str) -> list[str]:
    """The variables a query's SELECT clause names, read from its text."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    match = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\bWHERE\b", body, re.S)
    assert match is not None
    nested = r"\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*?"  # up to three levels of brackets
    head = re.sub(nested + r"AS\s+\?(\w+)\s*\)", r" ?\1 ", match.group(1))
    return re.findall(r"\?(\w+)", head)


def test_every_catalogue_query_answers_what_the_sources_say(
    shipped_store: OxigraphStore, catalog: QueryCatalog, sources: Sources
) -> None:
    for spec in catalog.in_group("api"):
        table = run_select(shipped_store, catalog, spec.name, PARAMS.get(spec.name, {}))
        assert list(table.columns) == _declared_columns(spec.text), spec.name
        rows = [
            {c: _short(v) for c, v in zip(table.columns, row, strict=True)} for row in table.rows
        ]
        _check(spec.name, rows, sources)


def test_no_triple_is_in_two_named_graphs(
    shipped_store: OxigraphStore, catalog: QueryCatalog, built: Settings
) -> None:
    """Queries read the union of the graphs, which repeats a triple held twice; the build's QC
    query keeps them apart, and it finds nothing on the shipped data."""
    query = catalog.get("qc/triple-in-two-graphs-violation").text
    assert shipped_store.select(query).rows == []
    # Independently: the release's union file (a set of triples, read by rdflib) is as big as
    # all the named graphs together.
    union = Graph().parse(built.dist / "aspen.nt", format="nt")
    assert len(union) == sum(shipped_store.graph_sizes().values())
