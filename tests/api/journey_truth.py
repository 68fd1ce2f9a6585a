"""What the release file says, read with rdflib and plain Python (no SPARQL, none of the
project's analysis code): the answers the /explain and /diff pages must show.

* Which elements reach a target (DESIGN.md §6): an element (goal, priority, focal area,
  intervention) with an alignment to it whose interaction is positive and whose status is not
  rejected; and, as the network explains it, a strategic goal served by (a positive,
  unrejected alignment from) a priority that does.
* What changed between two plan versions: elements matched by class and code
  (``dct:identifier``) — added, removed, and reworded (label or definition in the language
  asked, else English, changed); alignments matched by element class and code and target (a plan element as
  target by its code) — added, removed and re-scored, the strongest of duplicates counting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

ASPEN = Namespace("https://w3id.org/aspen/ont/")
ID = "https://w3id.org/aspen/id/"
SDG = "http://metadata.un.org/sdg/"
SDG_14_1 = URIRef(f"{SDG}14.1")
REJECTED = URIRef(f"{ID}alignment-status/rejected")
ELEMENT_KINDS = ("StrategicGoal", "StrategicPriority", "FocalArea", "Intervention")
VERSION_KINDS = (*ELEMENT_KINDS, "Milestone", "MELIndicator")


def release_graph(dist: Path) -> Graph:
    """Every triple of the release (``dist/aspen.nt``)."""
    return Graph().parse(dist / "aspen.nt", format="nt")


def short(iri: Node) -> str:
    """``…/id/priority/x`` → ``priority:x``; ``…/sdg/14.1`` → ``sdg:14.1``."""
    text = str(iri)
    if text.startswith(ID):
        kind, _, key = text[len(ID) :].partition("/")
        return f"{kind}:{key}"
    if text.startswith(SDG):
        return "sdg:" + text[len(SDG) :]
    return text


def kind_of(graph: Graph, node: Node) -> str | None:
    for kind in VERSION_KINDS:
        if (node, RDF.type, ASPEN[kind]) in graph:
            return kind
    return None


@dataclass(frozen=True)
class Alignment:
    source: Node
    target: Node
    score: int
    rationale: str


def alignments(graph: Graph) -> list[Alignment]:
    """Every alignment that is not rejected."""
    found = []
    for node in graph.subjects(RDF.type, ASPEN.Alignment):
        if (node, ASPEN.alignmentStatus, REJECTED) in graph:
            continue
        level = graph.value(node, ASPEN.interaction)
        score = graph.value(level, ASPEN.scoreValue)
        if score is None:
            continue
        found.append(
            Alignment(
                graph.value(node, ASPEN.alignmentSource),
                graph.value(node, ASPEN.alignmentTarget),
                int(score.toPython()),
                str(graph.value(node, ASPEN.rationale) or ""),
            )
        )
    return found


def elements_reaching(graph: Graph, target: URIRef) -> set[tuple[str, str]]:
    """(element, rationale of its direct alignment, '' when it reaches through a priority)."""
    positive = [a for a in alignments(graph) if a.score > 0]
    direct = {
        (a.source, a.rationale)
        for a in positive
        if a.target == target and kind_of(graph, a.source) in ELEMENT_KINDS
    }
    reaching = {source for source, _ in direct}
    served = {
        (a.target, "")
        for a in positive
        if a.source in reaching and kind_of(graph, a.target) == "StrategicGoal"
    }
    return {(short(e), r) for e, r in direct} | {
        (short(g), r) for g, r in served if g not in reaching
    }


def _version(reference: str) -> URIRef:
    return URIRef(f"{ID}plan-version/{reference.split(':', 1)[-1]}")


def _text(graph: Graph, node: Node, lang: str, *properties: URIRef) -> str:
    """The first of ``properties`` in ``lang``, else in English (as the diff reads them)."""
    for wanted in (lang, "en"):
        for prop in properties:
            for value in graph.objects(node, prop):
                if isinstance(value, Literal) and value.language == wanted:
                    return str(value)
    return ""


@dataclass
class DiffTruth:
    elements: dict[str, set[tuple[str, str]]]
    """added / removed / reworded → (kind, code)."""
    alignments: dict[str, set[tuple[str, str, str]]]
    """added / removed / rescored → (kind, code, target: a code or sdg:/gbf-target: name)."""


def diff_truth(graph: Graph, old: str, new: str, lang: str = "en") -> DiffTruth:
    def elements(version: URIRef) -> dict[tuple[str, str], Node]:
        found = {}
        for node in graph.subjects(ASPEN.inVersion, version):
            kind, code = kind_of(graph, node), graph.value(node, DCTERMS.identifier)
            if kind is not None and code is not None:
                found[(kind, str(code))] = node
        return found

    def texts(node: Node) -> tuple[str, str]:
        label = _text(graph, node, lang, RDFS.label)
        return label, _text(graph, node, lang, SKOS.definition, DCTERMS.description)

    before, after = elements(_version(old)), elements(_version(new))
    reworded = {k for k in before.keys() & after.keys() if texts(before[k]) != texts(after[k])}
    element_changes = {
        "added": set(after.keys() - before.keys()),
        "removed": set(before.keys() - after.keys()),
        "reworded": reworded,
    }

    def aligned(members: dict[tuple[str, str], Node]) -> dict[tuple[str, str, str], int]:
        keys = {node: key for key, node in members.items()}
        found: dict[tuple[str, str, str], int] = {}
        for a in alignments(graph):
            if a.source not in keys:
                continue
            target_kind = kind_of(graph, a.target)
            code = graph.value(a.target, DCTERMS.identifier)
            name = str(code) if target_kind and code is not None else short(a.target)
            key = (*keys[a.source], name)
            found[key] = max(found.get(key, a.score), a.score)
        return found

    was, now = aligned(before), aligned(after)
    alignment_changes = {
        "added": set(now.keys() - was.keys()),
        "removed": set(was.keys() - now.keys()),
        "rescored": {k for k in was.keys() & now.keys() if was[k] != now[k]},
    }
    return DiffTruth(element_changes, alignment_changes)


__all__ = [
    "ASPEN",
    "SDG",
    "SDG_14_1",
    "DiffTruth",
    "diff_truth",
    "elements_reaching",
    "release_graph",
    "short",
]
