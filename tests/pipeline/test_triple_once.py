"""Every triple of a release in one named graph, so that counts over the union default graph
(a multiset in pyoxigraph 0.5 and Virtuoso) are counts of triples: a stated shortcut the rules
also derive is not copied into the derived graph, and the release's counts equal rdflib's over
the set of its triples."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import VOID

from aspen_graph.config import Settings
from aspen_graph.pipeline import run_build

ASPEN = Namespace("https://w3id.org/aspen/ont/")
P1 = URIRef("https://w3id.org/aspen/id/priority/tiny-p1")
T14_1 = URIRef("http://metadata.un.org/sdg/14.1")


def _state_a_shortcut(root: Path) -> None:
    """State in the plan's graph the shortcut (and its inverse) that the alignments table's
    accepted priority one → 14.1 derives."""
    with (root / "data" / "graph" / "plan.ttl").open("a", encoding="utf-8") as handle:
        handle.write(
            f"\n<{P1}> <{ASPEN.contributesTo}> <{T14_1}> .\n"
            f"<{T14_1}> <{ASPEN.receivesContributionFrom}> <{P1}> .\n"
        )


def _partitions(void: Graph) -> dict[str, int]:
    counts = {}
    for partition in void.objects(None, VOID.propertyPartition):
        prop = void.value(partition, VOID.property)
        triples = void.value(partition, VOID.triples)
        counts[str(prop)] = int(triples)  # type: ignore[arg-type]
    return counts


def test_a_stated_shortcut_is_counted_once(tiny_root: Path) -> None:
    settings = Settings(root=tiny_root, dist_dir=tiny_root / "dist")
    _state_a_shortcut(tiny_root)
    result = run_build(settings, reason=False)
    assert result.ok, [f.describe() for f in result.report.sorted()]
    dataset = Dataset()
    dataset.parse(tiny_root / "dist" / "aspen.nq", format="nquads")
    triples = {(s, p, o) for s, p, o, _ in dataset.quads()}  # the default graph: a set
    quads = [q for q in dataset.quads() if q[3] is not None]
    assert len(quads) == len(triples)  # each triple in one graph
    void = Graph().parse(tiny_root / "dist" / "void.ttl", format="turtle")
    shown = _partitions(void)
    for prop in (ASPEN.contributesTo, ASPEN.receivesContributionFrom):
        expected = sum(1 for _, p, _ in triples if p == prop)
        assert expected >= 2  # 14.1 and the roll-up to SDG 14 at least
        assert shown[str(prop)] == expected, prop
    assert (P1, ASPEN.contributesTo, T14_1) in triples
