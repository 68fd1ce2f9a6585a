"""What Virtuoso does to literals: it stores numbers and booleans as values and writes them
back its own way, so a release whose literals it would rewrite answers differently there than on
the embedded store (``aspen publish`` refuses such a release before sending anything)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

import pyoxigraph as ox

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = frozenset(
    _XSD + name
    for name in [
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
)


def virtuoso_form(literal: ox.Literal) -> str:
    """The lexical form Virtuoso gives back for a literal: it stores numbers and booleans as
    values and writes them its own way (measured on 7.2.5: ``"007"`` → ``"7"``, ``"2.50"`` →
    ``"2.5"``, ``"1.0E1"``^^xsd:double → ``"10.0"``; booleans are mapped back by the remote
    store). pyoxigraph's store canonicalises too, the same way except for doubles and floats
    (``"1.0E1"`` → ``"10"``), so only those can differ from the embedded store's answers.

    >>> virtuoso_form(ox.Literal("2.50", datatype=ox.NamedNode(_XSD + "decimal")))
    '2.5'
    >>> virtuoso_form(ox.Literal("10", datatype=ox.NamedNode(_XSD + "double")))
    '10.0'
    """
    datatype, value = literal.datatype.value, literal.value
    try:
        if datatype in _INTEGERS:
            return str(int(value))
        if datatype == _XSD + "decimal":
            text = format(Decimal(value).normalize(), "f")
            return "0" if text in ("-0", "0") else text
        if datatype in (_XSD + "double", _XSD + "float"):
            return repr(float(value))
        if datatype == _XSD + "boolean" and value in ("0", "1"):
            return "true" if value == "1" else "false"
    except (ValueError, ArithmeticError):
        return value  # not a valid number: Virtuoso keeps it as a string
    return value


def virtuoso_changes(quads: Iterable[ox.Quad]) -> list[tuple[str, str, str]]:
    """The literals of ``quads`` that Virtuoso would give back in another lexical form, as
    (graph, literal as N-Triples, Virtuoso's form)."""
    return [
        (str(quad.graph_name), str(quad.object), virtuoso_form(quad.object))
        for quad in quads
        if isinstance(quad.object, ox.Literal) and virtuoso_form(quad.object) != quad.object.value
    ]


VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/",
    "http://www.w3.org/ns/ldp#",
    "http://www.w3.org/2002/07/owl#",
    "http://localuriqaserver/",
    "http://localhost:8890/",
)
"""IRI prefixes of the graphs Virtuoso creates for itself (its RDF views' metadata, LDP and OWL
vocabularies, the endpoint's service description). They are not the store's content: a store
found to be Virtuoso leaves them out of its graph list and of every query's dataset."""
ASK_COLUMN = "__ASK_RETVAL"
"""Virtuoso 7.2 answers ``ASK`` as a table with this one column (a row means true)."""


def is_virtuoso_system_graph(graph_iri: str) -> bool:
    """Whether a graph is one Virtuoso made for itself (:data:`VIRTUOSO_SYSTEM_GRAPHS`).

    >>> is_virtuoso_system_graph("http://www.openlinksw.com/schemas/virtrdf#")
    True
    >>> is_virtuoso_system_graph("https://w3id.org/aspen/graph/catalogue")
    False
    """
    return graph_iri.startswith(VIRTUOSO_SYSTEM_GRAPHS)


def ask_table(solutions: ox.QuerySolutions) -> ox.QueryBoolean | ox.QuerySolutions:
    """An ASK answer Virtuoso sent as a one-column table (a row with a true value: true)."""
    if [variable.value for variable in solutions.variables] != [ASK_COLUMN]:
        return solutions
    truth = any(row[0] is not None and row[0].value not in ("0", "false") for row in solutions)
    text = b'{"head": {}, "boolean": true}' if truth else b'{"head": {}, "boolean": false}'
    parsed = ox.parse_query_results(text, ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QueryBoolean)
    return parsed


_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_BOOLEAN_FORMS = {
    b'"1"^^<http://www.w3.org/2001/XMLSchema#boolean>': b"true",
    b'"0"^^<http://www.w3.org/2001/XMLSchema#boolean>': b"false",
}
_BOOLEAN_TERM = re.compile(rb'"[01]"\^\^<http://www\.w3\.org/2001/XMLSchema#boolean>')


def boolean_rows(solutions: ox.QuerySolutions) -> ox.QuerySolutions:
    """Virtuoso's ``"1"``/``"0"`` booleans written ``true``/``false`` (the same values, in the
    canonical form the data and the embedded store have)."""
    tsv = solutions.serialize(format=ox.QueryResultsFormat.TSV) or b""
    if _BOOLEAN_TERM.search(tsv):
        tsv = _BOOLEAN_TERM.sub(lambda match: _BOOLEAN_FORMS[match.group(0)], tsv)
    parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    return parsed


def boolean_triples(triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
    """The triples with Virtuoso's ``"1"``/``"0"`` booleans made ``"true"``/``"false"``."""
    for triple in triples:
        value = triple.object
        if (
            isinstance(value, ox.Literal)
            and value.datatype == _BOOLEAN
            and value.value in {"0", "1"}
        ):
            value = ox.Literal("true" if value.value == "1" else "false", datatype=_BOOLEAN)
            triple = ox.Triple(triple.subject, triple.predicate, value)
        yield triple


__all__ = [
    "VIRTUOSO_SYSTEM_GRAPHS",
    "ask_table",
    "boolean_rows",
    "boolean_triples",
    "is_virtuoso_system_graph",
    "virtuoso_changes",
    "virtuoso_form",
]
