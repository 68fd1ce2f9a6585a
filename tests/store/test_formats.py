"""The format registry: every format the project serves round-trips through it (media type →
format → extension → media type), and what it says agrees with the registrations (hand-written
below from the IANA media-type registry and the W3C specs), with pyoxigraph's own lookups and
with rdflib's writers."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.plugin import get as get_plugin
from rdflib.serializer import Serializer

from aspen_graph.store import formats
from aspen_graph.store.formats import Format

REGISTERED = {
    # media type: (file extension, ?format= name, rdflib writer)
    "text/turtle": ("ttl", "ttl", "turtle"),
    "application/n-triples": ("nt", "nt", "nt"),
    "application/ld+json": ("jsonld", "jsonld", "json-ld"),
    "application/rdf+xml": ("rdf", "rdf", "xml"),
    "application/trig": ("trig", "trig", "trig"),
    "application/n-quads": ("nq", "nq", "nquads"),
    "application/sparql-results+json": ("srj", "json", None),
    "application/sparql-results+xml": ("srx", "xml", None),
    "text/csv": ("csv", "csv", None),
    "text/tab-separated-values": ("tsv", "tsv", None),
    "text/html": ("html", "html", None),
    "application/json": ("json", "json", None),
    "application/gzip": ("gz", "gz", None),
}


def _id(fmt: Format) -> str:
    return fmt.media_type


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=_id)
def test_every_format_round_trips(fmt: Format) -> None:
    ext, name, writer = REGISTERED[fmt.media_type]
    assert (fmt.ext, fmt.name, fmt.rdflib) == (ext, name, writer)
    found = formats.by_media_type(fmt.media_type)
    assert found is fmt
    assert formats.by_extension(found.ext) is fmt
    assert formats.media_type_of_file(f"file.{fmt.ext}") == fmt.media_type


def test_the_registry_holds_every_registered_format_once() -> None:
    assert sorted(f.media_type for f in formats.FORMATS) == sorted(REGISTERED)
    assert len({f.ext for f in formats.FORMATS}) == len(formats.FORMATS)


@pytest.mark.parametrize("fmt", [f for f in formats.FORMATS if f.engine is not None], ids=_id)
def test_pyoxigraph_reads_the_same_names(fmt: Format) -> None:
    reader = ox.RdfFormat if isinstance(fmt.engine, ox.RdfFormat) else ox.QueryResultsFormat
    assert reader.from_media_type(fmt.media_type) == fmt.engine
    assert reader.from_extension(fmt.ext) == fmt.engine


@pytest.mark.parametrize("fmt", [f for f in formats.FORMATS if f.rdflib is not None], ids=_id)
def test_rdflib_writes_what_pyoxigraph_reads(fmt: Format) -> None:
    assert isinstance(fmt.engine, ox.RdfFormat)
    assert get_plugin(fmt.rdflib, Serializer) is not None
    dataset = Dataset()  # context-aware, for the quad formats; one triple in the default graph
    dataset.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal("o")))
    data = dataset.serialize(format=fmt.rdflib, encoding="utf-8")
    quads = list(ox.parse(data, fmt.engine))
    assert [(q.subject.value, q.predicate.value, q.object.value) for q in quads] == [
        ("http://example.org/s", "http://example.org/p", "o")
    ]


def test_served_groups_and_their_defaults() -> None:
    assert [f.media_type for f in formats.RESULT_FORMATS] == [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ]
    assert [f.media_type for f in formats.GRAPH_FORMATS] == [
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
        "application/trig",
    ]
    assert formats.RESULT_MEDIA_TYPES == {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/csv": ox.QueryResultsFormat.CSV,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    assert formats.GRAPH_MEDIA_TYPES == {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/ld+json": ox.RdfFormat.JSON_LD,
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
        "application/trig": ox.RdfFormat.TRIG,
    }


def test_lookups_by_name_and_unknowns() -> None:
    assert formats.by_name("turtle", formats.GRAPH_FORMATS) is formats.TURTLE
    assert formats.by_name(" CSV ", formats.RESULT_FORMATS) is formats.CSV
    assert formats.by_name("json", formats.RESULT_FORMATS) is formats.RESULTS_JSON
    assert formats.by_name("turtle", formats.RESOURCE_FORMATS) is formats.TURTLE
    assert formats.by_name("csv", formats.GRAPH_FORMATS) is None
    assert formats.by_media_type("Text/CSV; charset=utf-8") is formats.CSV
    assert formats.by_media_type("image/png") is None
    assert formats.by_extension("xlsx") is None
    assert formats.media_type_of_file("README") == "application/octet-stream"


@pytest.mark.parametrize(
    ("media_type", "expected"),
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("application/xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("text/plain", ox.RdfFormat.N_TRIPLES),  # Virtuoso's name for N-Triples
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("text/csv", None),
        ("application/ld+json", None),
        ("text/html", None),
        ("", None),
    ],
)
def test_what_is_read_from_a_remote_store(
    media_type: str, expected: ox.RdfFormat | ox.QueryResultsFormat | None
) -> None:
    read = formats.read_format(media_type, formats.REMOTE_RESULT_FORMATS) or formats.read_format(
        media_type, formats.REMOTE_GRAPH_FORMATS
    )
    assert read == expected
