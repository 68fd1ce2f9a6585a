"""A resource's RDF documents: Turtle, N-Triples and RDF/XML by pyoxigraph, JSON-LD by rdflib.

pyoxigraph's writers (Rust) are many times faster than rdflib's (pure Python), which took most
of the build's time after the pages. JSON-LD stays with the server's own serialiser: the site's
``.jsonld`` files are compacted with the project's context, which pyoxigraph does not do. The
triples are written in sorted order, so the same description gives the same bytes from one
build to the next (the incremental rebuild relies on it); descriptions with blank nodes come
here with canonical blank-node names (``build.stable``).
"""

from __future__ import annotations

from rdflib import Graph

# the prefixes the server's documents bind (one list for both)
from aspen_graph.api.pages import FORMATS, _prefixes, serialize
from aspen_graph.publish import RDF_EXTENSIONS
from aspen_graph.store import formats
from aspen_graph.store.serializer import serialize_graph


def rdf_documents(graph: Graph) -> dict[str, bytes]:
    """The bytes of each of the resource's RDF files, by extension (``RDF_EXTENSIONS``)."""
    fast = [FORMATS[ext] for ext in RDF_EXTENSIONS if FORMATS[ext] != formats.JSON_LD]
    written = serialize_graph(graph, fast, dict(_prefixes()))
    documents = {fmt.ext: body for fmt, body in zip(fast, written, strict=True)}
    documents[formats.JSON_LD.ext] = serialize(graph, formats.JSON_LD)
    documents = {ext: documents[ext] for ext in RDF_EXTENSIONS}  # in the layout's order
    return documents


__all__ = ["rdf_documents"]
