"""A resource's RDF documents: Turtle, N-Triples and RDF/XML by pyoxigraph, JSON-LD by rdflib.

pyoxigraph's writers (Rust) are many times faster than rdflib's (pure Python), which took most
of the build's time after the pages. JSON-LD stays with the server's serialiser (the same calls
as :func:`aspen_graph.api.pages.serialize`): the site's ``.jsonld`` files are compacted with
the project's context, which pyoxigraph does not do. The triples are written in sorted order, so
the same description gives the same bytes from one build to the next (the incremental rebuild
relies on it); descriptions with blank nodes come here with canonical blank-node names
(``render.stable``).
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from aspen_graph.api.documents import document_prefixes, json_ld_in_order
from aspen_graph.api.pages import FORMATS
from aspen_graph.publish import RDF_EXTENSIONS, jsonld_context
from aspen_graph.store import formats, serialize_graph


@lru_cache(maxsize=1)
def _bound() -> Graph:
    """One graph with the server's prefixes bound, emptied and refilled for each resource:
    binding the fifty prefixes anew took a fifth of the documents' time."""
    out = Graph()
    for prefix, iri in document_prefixes():
        out.bind(prefix, iri, override=True, replace=True)
    return out


def json_ld(graph: Graph) -> bytes:
    """``graph`` as the server's JSON-LD (compacted with the context inline), the same bytes
    in every process: rdflib lists the nodes in the order of a ``set`` of subjects, which
    changes with the interpreter's string hashing (``PYTHONHASHSEED``) — the documents are
    written by several processes, and by a new one at each rebuild. So the triples go in sorted
    (each node's values in order) and the nodes of ``@graph`` come out sorted by ``@id``."""
    out = _bound()
    out.remove((None, None, None))
    for triple in sorted(graph):
        out.add(triple)
    body = out.serialize(format="json-ld", context=jsonld_context(), indent=1, encoding="utf-8")
    return json_ld_in_order(body)


def rdf_documents(graph: Graph) -> dict[str, bytes]:
    """The bytes of each of the resource's RDF files, by extension (``RDF_EXTENSIONS``)."""
    fast = [FORMATS[ext] for ext in RDF_EXTENSIONS if FORMATS[ext] != formats.JSON_LD]
    written = serialize_graph(graph, fast, dict(document_prefixes()))
    documents = {fmt.ext: body for fmt, body in zip(fast, written, strict=True)}
    documents[formats.JSON_LD.ext] = json_ld(graph)
    return {ext: documents[ext] for ext in RDF_EXTENSIONS}  # in the layout's order


__all__ = ["json_ld", "rdf_documents"]
