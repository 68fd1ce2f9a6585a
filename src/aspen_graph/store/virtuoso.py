"""What Virtuoso does to literals: it stores numbers and booleans as values and writes them
back its own way, so a release whose literals it would rewrite answers differently there than on
the embedded store (``aspen publish`` refuses such a release before sending anything)."""

from __future__ import annotations

from collections.abc import Iterable
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


__all__ = ["virtuoso_changes", "virtuoso_form"]
