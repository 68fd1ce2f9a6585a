"""A resource's description and its RDF documents: the bounded description query
(``sparql/pages/resource-description.rq``) and the byte-stable serialisations the server's
answers and the static site's files share."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from rdflib import Graph, URIRef

from aspen_graph.namespaces import ASPENID, ID_KINDS, PREFIXES, SDG
from aspen_graph.publish import jsonld_context
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore, formats, serialize_graph
from aspen_graph.store.formats import Format

DESCRIPTION_QUERY = "pages/resource-description"

DESCRIPTION_LIMIT = 500
"""The cap on links to a resource written in ``resource-description.rq`` (``LIMIT 500``)."""
_LIMIT = re.compile(rf"\bLIMIT {DESCRIPTION_LIMIT}\b")


def describe_text(catalog: QueryCatalog, limit: int = DESCRIPTION_LIMIT) -> str:
    """The description query with at most ``limit`` links to the resource (the query's own
    ``LIMIT 500`` rewritten: ``Settings.description_limit``)."""
    text = catalog.get(DESCRIPTION_QUERY).text
    return text if limit == DESCRIPTION_LIMIT else _LIMIT.sub(f"LIMIT {limit}", text)


def describe(
    store: GraphStore, catalog: QueryCatalog, iri: URIRef, limit: int = DESCRIPTION_LIMIT
) -> Graph:
    """The resource's concise bounded description (``sparql/pages/resource-description.rq``):
    every triple about it, at most ``limit`` triples pointing at it."""
    return store.construct(describe_text(catalog, limit), bindings={"resource": iri})


def links_to(graph: Graph, iri: URIRef) -> int:
    """How many triples of ``graph`` point at ``iri`` (a description holding its cap of them
    may have been cut)."""
    return sum(1 for _ in graph.subject_predicates(iri))


@lru_cache(maxsize=1)
def document_prefixes() -> tuple[tuple[str, str], ...]:
    """The prefixes every RDF document binds (the server's and the static site's), sorted."""
    names = dict(PREFIXES)
    names.update({kind: f"{ASPENID}{kind}/" for kind in ID_KINDS})
    names["sdg"] = str(SDG)
    return tuple(sorted(names.items()))


def serialize(graph: Graph, fmt: Format) -> bytes:
    """The graph in one RDF format (prefixes bound; JSON-LD compacted with the context inline),
    the same bytes for the same triples in every process: rdflib writes N-Triples and RDF/XML in
    a ``set``'s order (which changes with the interpreter's string hashing), JSON-LD's nodes too.
    So N-Triples and RDF/XML are written by pyoxigraph, triples sorted, and the JSON-LD nodes come
    out sorted (:func:`json_ld_in_order`); rdflib's Turtle sorts its subjects itself. So an
    answer's ETag, and a static site's file, do not change from one run to the next."""
    if fmt.rdflib is None:
        raise ValueError("HTML is rendered, not serialised")
    if fmt in (formats.N_TRIPLES, formats.RDF_XML):
        # rdflib's Memory store lists a graph's triples in a set's order: pyoxigraph's writers
        # write them sorted (and many times faster), as the static site's documents are written
        return serialize_graph(graph, [fmt], dict(document_prefixes()))[0]
    out = Graph()
    for prefix, iri in document_prefixes():
        out.bind(prefix, iri, override=True, replace=True)
    for triple in sorted(graph):  # a node's values are listed in the order they went in
        out.add(triple)
    if fmt == formats.JSON_LD:
        return json_ld_in_order(
            out.serialize(format="json-ld", context=jsonld_context(), indent=1, encoding="utf-8")
        )
    return out.serialize(format=fmt.rdflib, encoding="utf-8")


def json_ld_in_order(body: bytes) -> bytes:
    """rdflib's compacted JSON-LD with the nodes of ``@graph`` sorted by ``@id`` (then by
    content), dumped as rdflib dumps it (sorted keys, no ASCII escapes)."""
    data = json.loads(body)
    nodes = data.get("@graph") if isinstance(data, dict) else None
    if not isinstance(nodes, list):
        return body
    nodes.sort(key=_node_order)
    text = json.dumps(data, indent=1, separators=(",", ": "), sort_keys=True, ensure_ascii=False)
    return text.encode("utf-8")


def _node_order(node: object) -> tuple[str, str]:
    name = node.get("@id", "") if isinstance(node, dict) else ""
    return str(name), json.dumps(node, sort_keys=True)


__all__ = [
    "DESCRIPTION_LIMIT",
    "DESCRIPTION_QUERY",
    "describe",
    "describe_text",
    "document_prefixes",
    "json_ld_in_order",
    "links_to",
    "serialize",
]
