"""Canonical forms, so that two builds of the same sources write the same bytes.

**Blank-node labels.**
A Turtle parser invents a fresh label for every blank node (``_:n06bc…b32``), so every build
wrote different N-Quads, TriG, N-Triples and JSON-LD. The order of a query's answers also
changed with them, because the store's index order depends on the labels
(``docs/oxigraph-order-by-panic.md``). Here each blank node is relabelled from a hash of its
description: rdflib's canonical labelling (RGDA1, :func:`rdflib.compare.to_canonical_graph`),
salted with the named graph's IRI so that equal descriptions in two graphs stay two nodes.

The nodes stay **blank nodes**: the ontology's OWL restrictions, ``owl:members`` lists and
RDF collections keep their meaning for HermiT and pyLODE. Skolem IRIs would have turned them
into named individuals. The Data Cube component specifications stay blank too: nobody links
to them, so DESIGN.md's rule (no blank nodes for things users link to) is kept.

**Order.** rdflib's default store iterates a graph in an order set by Python's per-process
string hashes (``PYTHONHASHSEED``), and every writer (N-Triples, JSON-LD, pyLODE) lists what
it iterates. :func:`ordered_copy` gives a graph that iterates its triples sorted, and
:func:`sorted_jsonld` puts a JSON-LD document's nodes and values in one order.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph
from rdflib.term import Node


def has_blank_nodes(graph: Graph) -> bool:
    """Whether any triple of ``graph`` has a blank node."""
    return any(isinstance(term, BNode) for triple in graph for term in triple)


def stable_blank_nodes(graph: Graph, salt: str) -> None:
    """Relabel the blank nodes of ``graph`` in place, from its content and ``salt`` only.

    >>> from rdflib import URIRef
    >>> def labels(text):
    ...     graph = Graph().parse(data=text, format="turtle")
    ...     stable_blank_nodes(graph, "http://example.org/g")
    ...     return sorted(str(o) for o in graph.objects() if isinstance(o, BNode))
    >>> text = "<http://a> <http://p> [ <http://q> 1 ], [ <http://q> 2 ] ."
    >>> labels(text) == labels(text)  # two parses, two sets of invented labels, one result
    True
    >>> labels(text)[0]  # doctest: +ELLIPSIS
    'b...'
    """
    if not has_blank_nodes(graph):
        return
    canonical = list(to_canonical_graph(graph))
    renamed: dict[Node, BNode] = {}

    def rename(term: Node) -> Node:
        if not isinstance(term, BNode):
            return term
        if term not in renamed:
            digest = hashlib.sha256(f"{salt}\n{term}".encode()).hexdigest()
            renamed[term] = BNode(f"b{digest[:32]}")
        return renamed[term]

    graph.remove((None, None, None))
    for subject, predicate, obj in canonical:
        graph.add((rename(subject), predicate, rename(obj)))


def _key(triple: tuple[Node, Node, Node]) -> tuple[str, str, str]:
    return (triple[0].n3(), triple[1].n3(), triple[2].n3())


def ordered_copy(graph: Graph) -> Graph:
    """A copy of ``graph`` (namespace bindings included) that iterates its triples sorted.

    >>> from rdflib import URIRef
    >>> graph = Graph()
    >>> for name in "cab":
    ...     _ = graph.add((URIRef("http://" + name), URIRef("http://p"), URIRef("http://o")))
    >>> [str(s) for s in ordered_copy(graph).subjects()]
    ['http://a', 'http://b', 'http://c']
    """
    # SimpleMemory keeps insertion order (plain dicts); the default Memory store does not.
    copy = Graph(store="SimpleMemory")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True)
    for triple in sorted(graph, key=_key):
        copy.add(triple)
    return copy


def sorted_jsonld(document: Any) -> Any:
    """``document`` with every JSON array sorted, except ``@list`` arrays (their order is
    their meaning); dump it with ``sort_keys=True`` for object keys in one order too.

    >>> sorted_jsonld({"@graph": [{"@id": "b"}, {"@id": "a"}], "x": {"@list": [2, 1]}})
    {'@graph': [{'@id': 'a'}, {'@id': 'b'}], 'x': {'@list': [2, 1]}}
    """
    if isinstance(document, dict):
        return {
            key: (
                [sorted_jsonld(v) for v in value]
                if key == "@list" and isinstance(value, list)
                else sorted_jsonld(value)
            )
            for key, value in document.items()
        }
    if isinstance(document, list):
        items = [sorted_jsonld(value) for value in document]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return document


__all__ = ["has_blank_nodes", "ordered_copy", "sorted_jsonld", "stable_blank_nodes"]
