"""/explain's chains from queries bound to the target (:func:`load_chains`) equal the whole
network's, and both equal chains derived here from the release's triples (rdflib and networkx,
no SPARQL), for every (element, target) pair with a chain on the shipped release."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF

from aspen_graph.analysis import load_chain_base, load_chains, load_network, network_node
from aspen_graph.config import Settings
from aspen_graph.model import ALIGNABLE_KINDS
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

pytestmark = pytest.mark.slow

ASPEN = "https://w3id.org/aspen/ont/"
SDGO = "http://metadata.un.org/sdg/ontology#"
REJECTED = URIRef("https://w3id.org/aspen/id/alignment-status/rejected")
KINDS = {ASPEN + k for k in ("StrategicGoal", "StrategicPriority", "FocalArea", "Intervention")}
KINDS |= {ASPEN + k for k in ("Milestone", "FrameworkTarget", "FrameworkGoal", "Provision")}
KINDS |= {ASPEN + k for k in ("ResultArea", "Vision", "StrategicPlan", "Declaration")}
KINDS |= {ASPEN + k for k in ("Blueprint", "Agreement", "GlobalAgenda")}
KINDS |= {SDGO + "Goal", SDGO + "Target"}
Key = tuple[tuple[str, str, str], ...]


def truth(settings: Settings) -> dict[tuple[str, str], set[Key]]:
    """Every chain ``[served-by] alignment [target-of]`` of positive alignments that are not
    rejected, per (element, target), as (kind, alignment, target) steps, from the triples."""
    data = Dataset(default_union=True)
    data.parse(settings.dist / "aspen.nq", format="nquads")
    a = {p: URIRef(ASPEN + p) for p in ("alignmentSource", "alignmentTarget", "interaction")}
    typed = {str(s) for s, o in data.subject_objects(RDF.type) if str(o) in KINDS}
    goals = {str(s) for s in data.subjects(RDF.type, URIRef(ASPEN + "StrategicGoal"))}
    alignments = nx.MultiDiGraph()
    for alignment in data.subjects(RDF.type, URIRef(ASPEN + "Alignment")):
        if (alignment, URIRef(ASPEN + "alignmentStatus"), REJECTED) in data:
            continue
        level = data.value(alignment, a["interaction"])
        score = data.value(level, URIRef(ASPEN + "scoreValue"))
        if score is not None and int(score) > 0:
            source, target = (
                data.value(alignment, a["alignmentSource"]),
                data.value(alignment, a["alignmentTarget"]),
            )
            alignments.add_edge(str(source), str(target), key=str(alignment))
    rolls = {
        (str(s), str(o))
        for s, o in data.subject_objects(URIRef(SDGO + "isTargetOf"))
        if str(s) in typed
    }
    found: dict[tuple[str, str], set[Key]] = {}

    def finish(element: str, first: Key, reached: str) -> None:
        found.setdefault((element, reached), set()).add(first)
        for rolled, goal in rolls:
            if rolled == reached:
                found.setdefault((element, goal), set()).add((*first, ("target-of", "", goal)))

    for source, target, alignment in alignments.edges(keys=True):
        finish(source, (("alignment", alignment, target),), target)
        if target in goals:  # the goal is served by the source: it counts what it reaches
            for _, reached, further in alignments.out_edges(source, keys=True):
                steps = (("served-by", alignment, source), ("alignment", further, reached))
                finish(target, steps, reached)
    return found


def test_chains_to_a_target_are_the_whole_networks(
    built: Settings, shipped_store: GraphStore, catalog: QueryCatalog
) -> None:
    expected = truth(built)
    assert len(expected) > 100  # the shipped release has many
    whole = load_network(shipped_store, catalog)
    base = load_chain_base(shipped_store, catalog, lang="en")
    elements = [n for n, d in whole.graph.nodes(data=True) if d.get("kind") in ALIGNABLE_KINDS]
    pairs = 0
    for target in sorted({t for _, t in expected}):
        assert network_node(shipped_store, catalog, target) is not None
        part = load_chains(shipped_store, catalog, target, base, lang="en")
        for element in elements:
            chains = part.explain(element, target)
            assert chains == whole.explain(element, target), (element, target)
            keys = {c.key for c in chains}
            wanted = expected.get((element, target), set())
            assert keys <= wanted and len(keys) == min(len(wanted), 10), (element, target)
            pairs += bool(chains)
            for chain in chains:  # labels as the whole network gives them
                for step in chain.steps:
                    assert part.label(step.source) == whole.label(step.source)
    assert pairs == len({(e, t) for e, t in expected if e in set(elements)})


def test_a_node_outside_the_network_is_not_found(
    shipped_store: GraphStore, catalog: QueryCatalog
) -> None:
    assert network_node(shipped_store, catalog, "https://w3id.org/aspen/id/nothing") is None
    found = network_node(shipped_store, catalog, "http://metadata.un.org/sdg/14")
    assert found is not None and found["label"] and found["kind"] == "Goal"
