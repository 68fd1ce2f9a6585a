"""A resource's RDF files (pyoxigraph for three formats, rdflib for JSON-LD) say the same graph."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from aspen_graph.site.build import stable
from aspen_graph.site.documents import rdf_documents

ID = Namespace("https://w3id.org/aspen/id/")
PARSERS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}


def _graph() -> Graph:
    graph = Graph()
    goal, restriction = ID["goal/g1"], BNode()
    graph.add((goal, RDF.type, OWL.Class))
    graph.add((goal, RDFS.label, Literal("Biển & bờ <sea>", lang="vi")))
    graph.add((goal, RDFS.label, Literal('The "sea"\nline two', lang="en")))
    graph.add((goal, RDFS.comment, Literal("plain")))
    graph.add((goal, ID["count"], Literal("3", datatype=XSD.integer)))
    graph.add((goal, RDFS.subClassOf, restriction))
    graph.add((restriction, OWL.onProperty, ID["p"]))
    graph.add((restriction, OWL.someValuesFrom, URIRef("http://metadata.un.org/sdg/14")))
    return graph


def test_every_file_parses_to_the_description() -> None:
    graph = stable(_graph())
    for ext, body in rdf_documents(graph).items():
        parsed = Graph().parse(data=body, format=PARSERS[ext])
        assert isomorphic(parsed, _graph()), ext
        assert len(parsed) == 8


def test_the_same_description_gives_the_same_bytes() -> None:
    # blank nodes named afresh (as the store does each build): the files are byte-identical
    first, second = rdf_documents(stable(_graph())), rdf_documents(stable(_graph()))
    assert first == second
    assert b"@prefix" in first["ttl"] and b"<https://w3id.org/aspen/id/goal/g1>" in first["nt"]
