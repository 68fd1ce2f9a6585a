"""A networkx view of the alignments, for what SPARQL does badly: explanation paths, rankings,
clusters — and an independent count of coverage that must equal the SPARQL catalogue's.

Nodes are IRIs (strings). Edges carry a ``kind`` (and ``alignment`` and ``served-by`` edges
their alignment's ``score`` and ``evidence``, :class:`aspen_graph.model.AlignmentEvidence`):

* ``alignment`` — an element serves (score > 0) or works against (score < 0) a target;
* ``served-by`` — a strategic goal is served by a priority (the reverse of a positive
  priority → goal alignment), so the priority's contributions count for the goal;
* ``target-of`` — an SDG target rolls up to its SDG goal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from rdflib import Literal

from aspen_graph.model import (
    ALIGNABLE_KINDS,
    GOAL,
    AlignmentEvidence,
    number,
    split_sources,
    text,
)
from aspen_graph.queries import QueryCatalog, naming_failures
from aspen_graph.store import GraphStore, Table


@dataclass(frozen=True, slots=True)
class Step:
    """One link of an explanation chain: an ``alignment`` or ``served-by`` link carries the
    evidence of its alignment (:class:`aspen_graph.model.AlignmentEvidence`), a ``target-of``
    roll-up none. The evidence's fields read through the step (``None`` for a roll-up)."""

    source: str
    target: str
    kind: str
    evidence: AlignmentEvidence | None = None

    @property
    def score(self) -> int | None:
        return self.evidence.score if self.evidence else None

    @property
    def confidence(self) -> float | None:
        return self.evidence.confidence if self.evidence else None

    @property
    def rationale(self) -> str | None:
        return self.evidence.rationale if self.evidence else None

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(self.evidence.sources) if self.evidence else ()

    @property
    def alignment(self) -> str | None:
        return self.evidence.alignment if self.evidence else None


@dataclass(frozen=True, slots=True)
class Chain:
    """A path from an element to a target; its strength is its weakest alignment."""

    steps: tuple[Step, ...]

    @property
    def strength(self) -> int:
        return min((s.score for s in self.steps if s.score is not None), default=0)

    @property
    def confidence(self) -> float:
        values = [s.confidence for s in self.steps if s.confidence is not None]
        product = 1.0
        for value in values:
            product *= value
        return product


@dataclass(frozen=True, slots=True)
class ChallengeCoverage:
    """Relevant and reached targets of one challenge."""

    challenge: str
    relevant: frozenset[str]
    reached: frozenset[str]

    @property
    def ratio(self) -> float:
        return len(self.reached) / len(self.relevant) if self.relevant else 0.0

    @property
    def gaps(self) -> frozenset[str]:
        return self.relevant - self.reached


@dataclass
class AlignmentNetwork:
    """The alignment network of a store, with labels and kinds of its nodes."""

    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    relevance: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def label(self, node: str) -> str:
        return str(self.graph.nodes[node].get("label") or node) if node in self.graph else node

    def kind(self, node: str) -> str:
        return str(self.graph.nodes[node].get("kind", "")) if node in self.graph else ""

    def elements(self, plan: str) -> list[str]:
        """The goals, priorities, focal areas and interventions of ``plan``."""
        return sorted(
            n
            for n, data in self.graph.nodes(data=True)
            if data.get("plan") == plan and data.get("kind") in ALIGNABLE_KINDS
        )

    def reached(self, plan: str) -> set[str]:
        """Targets some element of ``plan`` has a positive alignment to (roll-ups add none)."""
        hits: set[str] = set()
        for element in self.elements(plan):
            for _, target, data in self.graph.out_edges(element, data=True):
                if data["kind"] == "alignment" and data["score"] > 0:
                    hits.add(target)
        return hits

    def coverage(self, plan: str) -> list[ChallengeCoverage]:
        """Coverage per challenge, counted over the network (independently of SPARQL)."""
        reached = self.reached(plan)
        return [
            ChallengeCoverage(challenge, frozenset(targets), frozenset(targets & reached))
            for challenge, targets in sorted(self.relevance.items())
        ]

    def rank_targets(self, plan: str) -> list[tuple[str, int]]:
        """Targets by the number of elements of ``plan`` reaching them, most first."""
        counts: dict[str, set[str]] = defaultdict(set)
        for element in self.elements(plan):
            for _, target, data in self.graph.out_edges(element, data=True):
                positive = data["kind"] == "alignment" and data["score"] > 0
                if positive and self.kind(target) not in ALIGNABLE_KINDS:
                    counts[target].add(element)
        return sorted(((t, len(e)) for t, e in counts.items()), key=lambda x: (-x[1], x[0]))

    def target_sets(self, plan: str, kind: str = "StrategicPriority") -> dict[str, set[str]]:
        """For each element of one kind: the (non-element) targets it reaches."""
        sets: dict[str, set[str]] = {}
        for element in self.elements(plan):
            if self.kind(element) != kind:
                continue
            sets[element] = {
                t
                for _, t, d in self.graph.out_edges(element, data=True)
                if d["kind"] == "alignment"
                and d["score"] > 0
                and self.kind(t) not in ALIGNABLE_KINDS
            }
        return sets

    def shared_targets(self, plan: str) -> list[tuple[str, str, int, float]]:
        """Pairs of priorities with the targets they share: (a, b, shared, Jaccard), most first."""
        sets = self.target_sets(plan)
        pairs = []
        for a, b in combinations(sorted(sets), 2):
            shared = sets[a] & sets[b]
            union = sets[a] | sets[b]
            if shared:
                pairs.append((a, b, len(shared), len(shared) / len(union)))
        return sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))

    def clusters(self, plan: str) -> list[list[str]]:
        """Groups of priorities that share targets (modularity communities of the overlap graph)."""
        overlap = nx.Graph()
        overlap.add_nodes_from(self.target_sets(plan))
        for a, b, shared, _ in self.shared_targets(plan):
            overlap.add_edge(a, b, weight=shared)
        if overlap.number_of_edges() == 0:
            return [[n] for n in sorted(overlap.nodes)]
        communities = nx.algorithms.community.greedy_modularity_communities(
            overlap, weight="weight"
        )
        return sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c))

    def explain(self, element: str, target: str, *, limit: int = 10) -> list[Chain]:
        """Chains by which ``element`` reaches ``target``: strongest, then shortest first.

        A chain is ``[served-by] alignment [target-of]``: a goal may count a priority that
        serves it, and an SDG target rolls up to its goal.
        """
        chains: list[Chain] = []
        for first in self._steps_from(element, ("served-by", "alignment")):
            if first.kind == "served-by":
                for second in self._steps_from(first.target, ("alignment",)):
                    chains += self._finish((first, second), target)
            else:
                chains += self._finish((first,), target)
        chains.sort(key=lambda c: (-c.strength, len(c.steps), -c.confidence))
        return chains[:limit]

    def _finish(self, steps: tuple[Step, ...], target: str) -> list[Chain]:
        last = steps[-1]
        found = []
        if last.target == target:
            found.append(Chain(steps))
        for roll in self._steps_from(last.target, ("target-of",)):
            if roll.target == target:
                found.append(Chain((*steps, roll)))
        return found

    def _steps_from(self, node: str, kinds: tuple[str, ...]) -> list[Step]:
        if node not in self.graph:
            return []
        steps = []
        for _, target, data in self.graph.out_edges(node, data=True):
            if data["kind"] not in kinds:
                continue
            if data["kind"] in ("alignment", "served-by") and data["score"] <= 0:
                continue
            steps.append(Step(node, target, data["kind"], data.get("evidence")))
        return steps


def _select(store: GraphStore, catalog: QueryCatalog, name: str, lang: str | None = None) -> Table:
    params = {"lang": lang} if lang is not None else {}
    with naming_failures(name, params):  # the server's log names the query a store failed on
        return store.select(
            catalog.get(name).text, bindings={k: Literal(v) for k, v in params.items()}
        )


def load_network(store: GraphStore, catalog: QueryCatalog, *, lang: str = "en") -> AlignmentNetwork:
    """Build the network view from the store with the ``sparql/analysis/`` queries."""
    network = AlignmentNetwork()
    g = network.graph
    nodes = _select(store, catalog, "analysis/network-nodes", lang)
    for row in nodes.records():
        node = str(row["node"])
        label = row["label"]
        attrs = {
            "kind": str(row["kind"]),
            "label": text(label),
            "label_lang": label.language if isinstance(label, Literal) else None,
            "code": text(row["code"]) or "",
        }
        if row["plan"] is not None:
            attrs["plan"] = str(row["plan"])
        g.add_node(node, **attrs)
        if row["goal"] is not None:
            g.add_edge(node, str(row["goal"]), kind="target-of")
    edges = _select(store, catalog, "analysis/alignment-edges")
    for row in edges.records():
        source, target = str(row["source"]), str(row["target"])
        evidence = AlignmentEvidence(
            score=int(number(row["score"])),
            confidence=number(row["confidence"]),
            rationale=str(row["rationale"]),
            sources=split_sources(row["sources"]),
            alignment=str(row["alignment"]),
        )
        g.add_edge(source, target, kind="alignment", score=evidence.score, evidence=evidence)
        if evidence.score > 0 and g.nodes.get(target, {}).get("kind") == GOAL:
            # The goal counts what the priority serving it contributes to.
            g.add_edge(target, source, kind="served-by", score=evidence.score, evidence=evidence)
    relevance = _select(store, catalog, "analysis/challenge-targets")
    for challenge_term, target_term in relevance.rows:
        network.relevance[str(challenge_term)].add(str(target_term))
    return network
