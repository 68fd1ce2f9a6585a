"""The SPARQL 1.1 Service Description of the endpoint (``GET /sparql`` with no query)."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, VOID

from aspen_graph.namespaces import SD
from aspen_graph.store import formats

W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULT_FORMATS = (
    W3C_FORMATS.SPARQL_Results_JSON,
    W3C_FORMATS.SPARQL_Results_XML,
    W3C_FORMATS.SPARQL_Results_CSV,
    W3C_FORMATS.SPARQL_Results_TSV,
    W3C_FORMATS.Turtle,
    W3C_FORMATS["N-Triples"],
    W3C_FORMATS["JSON-LD"],
    W3C_FORMATS.RDF_XML,
    W3C_FORMATS.TriG,
)


def describe_service(
    endpoint: str,
    graph_sizes: Mapping[str, int],
    *,
    timeout: float,
    max_results: int,
) -> Graph:
    """An ``sd:Service`` for ``endpoint`` with its default dataset: the union of the named graphs.

    >>> g = describe_service("http://h/sparql", {"http://g": 3}, timeout=1, max_results=5)
    >>> (None, SD.endpoint, URIRef("http://h/sparql")) in g
    True
    """
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("formats", W3C_FORMATS)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for result_format in RESULT_FORMATS:
        g.add((service, SD.resultFormat, result_format))
    g.add(
        (
            service,
            RDFS.comment,
            Literal(
                "Read-only. Updates, SERVICE and FROM naming graphs outside this dataset are "
                f"refused. Queries stop after {timeout:g} s and return at most "
                f"{max_results:,} rows or triples.",
                lang="en",
            ),
        )
    )
    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(sum(graph_sizes.values()))))
    for name, size in sorted(graph_sizes.items()):
        named, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(size)))
    return g


def serialize_description(graph: Graph, media_type: str) -> bytes:
    """The description in one of the graph formats (rdflib's writer; nothing is parsed or
    fetched)."""
    fmt = formats.by_media_type(media_type, formats.GRAPH_FORMATS)
    if fmt is None or fmt.rdflib is None:
        raise ValueError(f"no writer for {media_type!r}")
    return graph.serialize(format=fmt.rdflib, encoding="utf-8")


__all__ = ["describe_service", "serialize_description"]
