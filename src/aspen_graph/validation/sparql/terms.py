"""RDF terms and names written as SPARQL text or as the report shows them."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from aspen_graph.curie import compress
from aspen_graph.validation.sparql.templates import SH_IRI

compress_iri = lru_cache(maxsize=1 << 16)(compress)
"""Findings repeat the same shapes, paths and values: compress each IRI once."""


def term_text(node: Node) -> str:
    return compress_iri(str(node)) if isinstance(node, URIRef) else str(node)


def n3(node: Node) -> str:
    """A term as SPARQL text."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise ValueError(f"cannot write {node!r} into a query")


def as_int(value: Node) -> int:
    return int(value.value) if isinstance(value, Literal) and isinstance(value.value, int) else -1


def curie(predicate: Node) -> str:
    text = str(predicate)
    return "sh:" + text.removeprefix(SH_IRI) if text.startswith(SH_IRI) else term_text(predicate)


def sparql_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def comparable(v: str) -> str:
    """pyshacl compares IRIs and strings by their text, other literals by value."""
    return (
        f"IF(isIRI({v}) || datatype({v}) = xsd:string || datatype({v}) = <{RDF.langString}>, "
        f"STR({v}), {v})"
    )
