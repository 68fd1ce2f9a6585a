"""A resource's RDF files (pyoxigraph for three formats, rdflib for JSON-LD) say the same graph."""

from __future__ import annotations

import os
import subprocess
import sys

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from aspen_graph.api.pages import serialize
from aspen_graph.site.documents import json_ld, rdf_documents
from aspen_graph.site.render import stable
from aspen_graph.store import formats

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


_MANY = """
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDFS, SKOS
from aspen_graph.site.documents import rdf_documents
ID = Namespace("https://w3id.org/aspen/id/")
graph = Graph()
for n in range(30):
    graph.add((ID[f"goal/g{n}"], RDFS.label, Literal(f"goal {n}", lang="en")))
    graph.add((ID[f"goal/g{n}"], SKOS.broader, ID[f"goal/g{(n * 7) % 30}"]))
    graph.add((ID[f"goal/g{n}"], RDFS.label, Literal(f"mục tiêu {n}", lang="vi")))
import sys
sys.stdout.buffer.write(rdf_documents(graph)["jsonld"])
"""


def test_json_ld_is_the_same_bytes_in_every_process() -> None:
    # the documents are written by several processes, each hashing strings its own way
    # (PYTHONHASHSEED), and by a new process at each rebuild: rdflib alone orders the nodes
    # by a set's order, so a rebuild rewrote every .jsonld and two builds differed
    written = {
        subprocess.run(
            [sys.executable, "-c", _MANY],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(written) == 1
    body = written.pop()
    parsed = Graph().parse(data=body, format="json-ld")
    assert len(parsed) == 90
    server = Graph().parse(data=serialize(parsed, formats.JSON_LD), format="json-ld")
    assert isomorphic(parsed, server)


def test_json_ld_says_the_servers_graph_for_each_graph_in_turn() -> None:
    # one bound graph is reused from resource to resource: nothing of one stays in the next
    other = Graph()
    other.add((ID["goal/g2"], RDFS.label, Literal("Air", lang="en")))
    for graph in (_graph(), other, stable(_graph()), other):
        ours = Graph().parse(data=json_ld(graph), format="json-ld")
        theirs = Graph().parse(data=serialize(graph, formats.JSON_LD), format="json-ld")
        assert isomorphic(ours, theirs) and isomorphic(ours, graph)
