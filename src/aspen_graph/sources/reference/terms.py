"""Small RDF-building helpers shared by the reference graphs.

A graph with every project prefix bound, English text, the labels/types/sources every subject
gets, language-tagged titles, editorial notes, and ``id/{kind}/{key}`` IRIs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from aspen_graph.namespaces import ASPENID, ID_KINDS, PREFIXES
from aspen_graph.sources.reference.rows import SourceRow


def new_graph() -> Graph:
    """An empty graph with every project prefix and every ``id/{kind}/`` prefix bound."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for kind in ID_KINDS:
        graph.bind(kind, f"{ASPENID}{kind}/", override=True, replace=True)
    return graph


def en(text: str) -> Literal:
    """English text."""
    return Literal(text, lang="en")


def describe(
    graph: Graph,
    subject: URIRef,
    types: Sequence[URIRef],
    label: str,
    sources: Iterable[URIRef],
) -> None:
    """Add what every subject has: its types, an English ``rdfs:label`` and ``dct:source``."""
    for rdf_type in types:
        graph.add((subject, RDF.type, rdf_type))
    graph.add((subject, RDFS.label, en(label)))
    for source in sources:
        graph.add((subject, DCTERMS.source, source))


def add_titles(
    graph: Graph, subject: URIRef, row: SourceRow, columns: Sequence[tuple[str, str]]
) -> None:
    """Add a ``skos:prefLabel`` for every non-empty language column of the row."""
    for column, language in columns:
        value = row.optional(column)
        if value is not None:
            graph.add((subject, SKOS.prefLabel, Literal(value, lang=language)))


def add_note(graph: Graph, subject: URIRef, row: SourceRow, column: str) -> None:
    """Add the cell as an English ``skos:editorialNote`` when it is not empty."""
    value = row.optional(column)
    if value is not None:
        graph.add((subject, SKOS.editorialNote, en(value)))


def id_iri(kind: str, key: str) -> URIRef:
    """The IRI ``id/{kind}/{key}`` of a thing."""
    if kind not in ID_KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return ASPENID[f"{kind}/{key}"]
