"""The format tables each layer derives from the registry (store/formats.py) say what the
hand-written tables they replaced said: the same media types, names, order (defaults and
preferences) and writers. The expected values are those tables as they were, copied here."""

from __future__ import annotations

from aspen_graph.api import negotiation, pages
from aspen_graph.api.routes import sparql
from aspen_graph.publish import DISTRIBUTIONS, MEDIA_TYPES
from aspen_graph.publish.docs import HEAD_LINKS
from aspen_graph.store import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES


def test_sparql_answers() -> None:
    assert list(RESULT_MEDIA_TYPES) == [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ]
    assert list(GRAPH_MEDIA_TYPES) == [
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
        "application/trig",
    ]
    assert negotiation.RESULTS == (
        "text/tab-separated-values",
        "text/csv",
        "application/sparql-results+xml",
        "application/json",
        "application/sparql-results+json",
    )
    assert negotiation.GRAPHS == (
        "application/trig",
        "application/rdf+xml",
        "application/ld+json",
        "application/n-triples",
        "text/turtle",
    )
    assert negotiation.TABLES == ("text/csv", "application/json")
    assert negotiation.ALIASES == {"application/json": "application/sparql-results+json"}
    assert list(sparql.FORMATS.items()) == [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("ttl", "text/turtle"),
        ("turtle", "text/turtle"),
        ("nt", "application/n-triples"),
        ("jsonld", "application/ld+json"),
        ("rdf", "application/rdf+xml"),
        ("trig", "application/trig"),
    ]


def test_resource_pages() -> None:
    assert [(f.ext, f.media_type, f.label, f.rdflib) for f in pages.FORMATS.values()] == [
        ("html", "text/html", "HTML page", None),
        ("ttl", "text/turtle", "Turtle", "turtle"),
        ("jsonld", "application/ld+json", "JSON-LD", "json-ld"),
        ("nt", "application/n-triples", "N-Triples", "nt"),
        ("rdf", "application/rdf+xml", "RDF/XML", "xml"),
    ]
    assert list(pages.FORMATS) == [f.ext for f in pages.FORMATS.values()]
    assert [f.ext for f in pages.FORMATS.values() if f.html] == ["html"]
    assert pages.OFFERED == (
        "application/rdf+xml",
        "application/n-triples",
        "application/ld+json",
        "text/html",
        "text/turtle",
    )
    assert pages.VOID_ALTERNATE.media_type == "text/turtle"


def test_release_files() -> None:
    assert MEDIA_TYPES == {
        "aspen.nq": "application/n-quads",
        "aspen.trig": "application/trig",
        "aspen.nt": "application/n-triples",
        "aspen.nt.gz": "application/gzip",
        "aspen.jsonld": "application/ld+json",
        "context.jsonld": "application/ld+json",
        "alignments.sssom.tsv": "text/tab-separated-values",
        "alignments.csv": "text/csv",
        "coverage-by-challenge.csv": "text/csv",
        "gaps.csv": "text/csv",
        "ontology.html": "text/html",
        "void.ttl": "text/turtle",
        "manifest.json": "application/json",
    }
    assert [(d.file, d.media_type, d.compression) for d in DISTRIBUTIONS] == [
        ("aspen.trig", "application/trig", None),
        ("aspen.nq", "application/n-quads", None),
        ("aspen.nt", "application/n-triples", None),
        ("aspen.nt.gz", "application/n-triples", "application/gzip"),
        ("aspen.jsonld", "application/ld+json", None),
        ("alignments.sssom.tsv", "text/tab-separated-values", None),
        ("alignments.csv", "text/csv", None),
        ("coverage-by-challenge.csv", "text/csv", None),
        ("gaps.csv", "text/csv", None),
    ]
    assert HEAD_LINKS == (
        ("text/turtle", "/ont/index.ttl", "The vocabulary in Turtle"),
        ("application/ld+json", "/ont/index.jsonld", "The vocabulary in JSON-LD"),
        ("application/rdf+xml", "/ont/index.rdf", "The vocabulary in RDF/XML"),
        ("application/n-triples", "/ont/index.nt", "The vocabulary in N-Triples"),
        ("text/turtle", "/.well-known/void", "Dataset description (DCAT and VoID)"),
    )
