"""Conversion between rdflib terms and pyoxigraph terms (only the store layer sees the latter),
and of pyoxigraph's answers into the layer's own :class:`~aspen_graph.store.types.Table` and
rdflib graphs."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from aspen_graph.store.types import Table

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_rdflib(term: object) -> Node | None:
    """An rdflib term for a pyoxigraph term (``None``, an unbound variable, stays ``None``)."""
    return None if term is None else to_node(term)


def to_node(term: object) -> Node:
    """An rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def to_table(solutions: ox.QuerySolutions) -> Table:
    """A SELECT answer of pyoxigraph as a :class:`~aspen_graph.store.types.Table`."""
    columns = tuple(variable.value for variable in solutions.variables)
    width = range(len(columns))
    return Table(columns, [tuple(to_rdflib(solution[i]) for i in width) for solution in solutions])


def tsv_table(tsv: bytes) -> Table:
    """A SELECT answer written as SPARQL TSV (the serving stores' own format) as a table."""
    solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    assert isinstance(solutions, ox.QuerySolutions)
    return to_table(solutions)


def to_graph(triples: Iterable[ox.Triple]) -> Graph:
    """pyoxigraph's triples (a CONSTRUCT answer, a parsed document) as an rdflib graph."""
    graph = Graph()
    for triple in triples:
        graph.add((to_node(triple.subject), to_node(triple.predicate), to_node(triple.object)))
    return graph
