"""The dataset's own description: VoID (triple counts per named graph) and DCAT distributions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID, XSD

from aspen_graph.namespaces import PREFIXES

DCAT_VERSION = URIRef(f"{DCAT}version")  # DCAT 3 term, missing from rdflib's DCAT namespace

DISTRIBUTIONS = {
    "aspen.trig": "application/trig",
    "aspen.nq": "application/n-quads",
    "aspen.nt": "application/n-triples",
    "aspen.jsonld": "application/ld+json",
}
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def describe_dataset(
    base: str,
    graph_sizes: Mapping[str, int],
    *,
    total: int,
    version: str,
    classes: int,
    properties: int,
) -> Graph:
    """A VoID + DCAT description of a release with ``graph_sizes`` triples per named graph."""
    g = Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    dataset = URIRef(f"{base}dataset")
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, RDFS.label, Literal("ASPEN knowledge graph", lang="en")))
    g.add((dataset, DCTERMS.title, Literal("ASPEN knowledge graph", lang="en")))
    g.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "The ASEAN Strategic Plan on Environment 2026-2035 as linked data, with qualified "
                "alignments to the SDGs, the Kunming-Montreal Global Biodiversity Framework, the "
                "Paris Agreement and the ASEAN Community Vision 2045.",
                lang="en",
            ),
        )
    )
    g.add((dataset, DCTERMS.license, LICENSE))
    g.add((dataset, DCTERMS.modified, Literal(datetime.now(UTC).date(), datatype=XSD.date)))
    g.add((dataset, DCAT_VERSION, Literal(version)))
    g.add((dataset, VOID.triples, Literal(total)))
    g.add((dataset, VOID.classes, Literal(classes)))
    g.add((dataset, VOID.properties, Literal(properties)))
    g.add((dataset, VOID.uriSpace, Literal(f"{base}id/")))
    g.add((dataset, VOID.vocabulary, URIRef(f"{base}ont/")))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(f"{base}sparql")))
    for name, media_type in DISTRIBUTIONS.items():
        distribution = URIRef(f"{base}download/{name}")
        g.add((dataset, DCAT.distribution, distribution))
        g.add((dataset, VOID.dataDump, distribution))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add(
            (
                distribution,
                DCAT.mediaType,
                URIRef(f"https://www.iana.org/assignments/media-types/{media_type}"),
            )
        )
        g.add((distribution, DCAT.downloadURL, distribution))
        g.add((distribution, DCTERMS.license, LICENSE))
    for graph_iri, size in sorted(graph_sizes.items()):
        subset = URIRef(graph_iri)
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(size)))
        g.add((subset, RDFS.label, Literal(graph_iri.rsplit("/", 1)[-1], lang="en")))
    return g
