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
from rdflib import Literal, URIRef

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
from aspen_graph.store.remote_standard import bind_values


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

    @property
    def key(self) -> tuple[tuple[str, str, str], ...]:
        """The chain's steps as (kind, alignment, target): orders chains that tie."""
        return tuple((s.kind, s.alignment or "", s.target) for s in self.steps)


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
        # ties in the order of the alignments' IRIs: the same chains in the same order whichever
        # query the edges came from (the whole network, or one target's chains)
        chains.sort(key=lambda c: (-c.strength, len(c.steps), -c.confidence, c.key))
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


def _select(store: GraphStore, catalog: QueryCatalog, name: str, **params: str) -> Table:
    """Run ``name`` with its parameters (``lang`` a language, any other an IRI) bound by a one-row
    ``VALUES`` first in the query: pyoxigraph applies substitutions after evaluating the whole
    pattern (one target's alignments at 2M triples: 3 s substituted, 0.06 s with ``VALUES``)."""
    bindings = {k: Literal(v) if k == "lang" else URIRef(v) for k, v in params.items()}
    with naming_failures(name, params):  # the server's log names the query a store failed on
        return store.select(bind_values(catalog.get(name).text, bindings))


def _add_nodes(graph: nx.MultiDiGraph, table: Table) -> None:
    """The nodes of ``table`` (rows of ``analysis/network-nodes``) with their attributes and
    roll-ups. A node another query described already is left as it is: its roll-ups are not
    added twice."""
    described = {n for n, data in graph.nodes(data=True) if "kind" in data}
    for row in table.records():
        node = str(row["node"])
        if node in described:
            continue
        label = row["label"]
        attrs = {
            "kind": str(row["kind"]),
            "label": text(label),
            "label_lang": label.language if isinstance(label, Literal) else None,
            "code": text(row["code"]) or "",
        }
        if row["plan"] is not None:
            attrs["plan"] = str(row["plan"])
        graph.add_node(node, **attrs)
        if row["goal"] is not None:
            graph.add_edge(node, str(row["goal"]), kind="target-of")


def _add_alignments(graph: nx.MultiDiGraph, table: Table) -> None:
    """The alignments of ``table`` (rows of ``analysis/alignment-edges``) as edges keyed by the
    alignment (one edge each, whichever queries found it), and the ``served-by`` edge of a
    positive alignment to a strategic goal (the goal's kind known by then)."""
    for row in table.records():
        source, target = str(row["source"]), str(row["target"])
        evidence = AlignmentEvidence(
            score=int(number(row["score"])),
            confidence=number(row["confidence"]),
            rationale=str(row["rationale"]),
            # GROUP_CONCAT's order is the store's: sorted, each query gives the same steps
            sources=sorted(split_sources(row["sources"])),
            alignment=str(row["alignment"]),
        )
        key = evidence.alignment
        graph.add_edge(
            source, target, key=key, kind="alignment", score=evidence.score, evidence=evidence
        )
        if evidence.score > 0 and graph.nodes.get(target, {}).get("kind") == GOAL:
            # The goal counts what the priority serving it contributes to.
            graph.add_edge(
                target, source, key=key, kind="served-by", score=evidence.score, evidence=evidence
            )


def load_network(store: GraphStore, catalog: QueryCatalog, *, lang: str = "en") -> AlignmentNetwork:
    """Build the network view from the store with the ``sparql/analysis/`` queries."""
    network = AlignmentNetwork()
    _add_nodes(network.graph, _select(store, catalog, "analysis/network-nodes", lang=lang))
    _add_alignments(network.graph, _select(store, catalog, "analysis/alignment-edges"))
    relevance = _select(store, catalog, "analysis/challenge-targets")
    for challenge_term, target_term in relevance.rows:
        network.relevance[str(challenge_term)].add(str(target_term))
    return network


def load_chain_base(
    store: GraphStore, catalog: QueryCatalog, *, lang: str = "en"
) -> AlignmentNetwork:
    """What the chains to every target share: the targets, goals and frameworks (labels, kinds,
    roll-ups) and the alignments to strategic goals (whose sources serve them). A few hundred
    nodes and edges at 2M triples; :func:`load_chains` adds one target's."""
    network = AlignmentNetwork()
    _add_nodes(network.graph, _select(store, catalog, "analysis/target-nodes", lang=lang))
    _add_alignments(network.graph, _select(store, catalog, "analysis/goal-alignments"))
    return network


def load_chains(
    store: GraphStore, catalog: QueryCatalog, target: str, base: AlignmentNetwork, *, lang: str
) -> AlignmentNetwork:
    """The part of the network every chain to ``target`` runs through, on ``base`` (from
    :func:`load_chain_base`, same language; not changed): the target, the targets that roll up
    to it, the alignments to them and their sources. A chain is ``[served-by] alignment
    [target-of]``: its last alignment reaches the target or a target rolling up to it, and a
    ``served-by`` step is the reverse of an alignment to a goal (in ``base``), so
    ``explain(element, target)`` answers here as over the whole network."""
    network = AlignmentNetwork(graph=base.graph.copy())
    graph = network.graph
    _add_nodes(graph, _select(store, catalog, "analysis/network-node", node=target, lang=lang))
    rolled = _select(store, catalog, "analysis/rolled-targets", goal_of=target, lang=lang)
    _add_nodes(graph, rolled)
    ends = [
        target,
        *sorted({u for u, _, kind in graph.in_edges(target, data="kind") if kind == "target-of"}),
    ]
    for end in ends:
        _add_nodes(graph, _select(store, catalog, "analysis/chain-sources", end=end, lang=lang))
        _add_alignments(graph, _select(store, catalog, "analysis/chain-alignments", end=end))
    return network


def network_node(
    store: GraphStore, catalog: QueryCatalog, node: str, *, lang: str = "en"
) -> dict[str, str | None] | None:
    """The attributes the network gives ``node`` (kind, label, label_lang, code; empty for a
    node it has no description of, an end of an alignment only), or ``None`` when the node is
    not in the network."""
    graph = nx.MultiDiGraph()
    _add_nodes(graph, _select(store, catalog, "analysis/network-node", node=node, lang=lang))
    if node in graph:
        return dict(graph.nodes[node])
    found = _select(store, catalog, "analysis/network-member", node=node)
    return {} if found.rows else None


def picker_targets(store: GraphStore, catalog: QueryCatalog, base: AlignmentNetwork) -> list[str]:
    """Every target of a positive alignment that is not rejected, and the SDG goal it rolls up
    to (``base``: :func:`load_chain_base`, whose nodes they are)."""
    reached = {str(row[0]) for row in _select(store, catalog, "analysis/explain-targets").rows}
    goals = {
        goal
        for target in reached
        if target in base.graph
        for _, goal, kind in base.graph.out_edges(target, data="kind")
        if kind == "target-of"
    }
    return sorted(reached | goals)
