"""Plain Python values of rdflib terms, as query answers hold them: the one place that says how a
term (or its absence, ``None``) becomes text or a number.

(:mod:`aspen_graph.store.terms` converts between rdflib and pyoxigraph terms; this module
turns terms into values.)
"""

from __future__ import annotations

from rdflib import Literal


def text(value: object) -> str | None:
    """A term's lexical form, ``None`` for no term.

    >>> text(Literal("P2")), text(None)
    ('P2', None)
    """
    return None if value is None else str(value)


def words(value: object) -> str:
    """A term's text with its whitespace collapsed, ``""`` for no term (for display).

    >>> words(Literal(" two\\n words ")), words(None)
    ('two words', '')
    """
    return "" if value is None else " ".join(str(value).split())


def integer(value: object) -> int:
    """A literal's integer value; 0 for no term.

    >>> integer(Literal(2)), integer(None)
    (2, 0)
    """
    if isinstance(value, Literal):
        return int(value.toPython())
    return 0 if value is None else int(str(value))


def number(value: object) -> float:
    """A literal's numeric value; 0.0 for no term.

    >>> number(Literal("0.8", datatype="http://www.w3.org/2001/XMLSchema#decimal")), number(None)
    (0.8, 0.0)
    """
    if isinstance(value, Literal):
        return float(value.toPython())
    return 0.0 if value is None else float(str(value))


def whole(value: object) -> int | None:
    """A term read as a whole number if it is one (``"2"``, ``"2.0"``), else ``None``.

    >>> whole(Literal("2.0")), whole(Literal("n/a")), whole(None)
    (2, None, None)
    """
    if value is None:
        return None
    try:
        return int(float(str(value)))
    except ValueError:
        return None


__all__ = ["integer", "number", "text", "whole", "words"]
