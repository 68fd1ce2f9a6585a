"""The SPARQL a remote store is sent: standard SPARQL 1.1 only (no store extension such as
Virtuoso's ``bif:``/``sql:`` built-ins), and parameters bound as one-row ``VALUES`` blocks
(the protocol has no way to bind variables)."""

from __future__ import annotations

from urllib.parse import urljoin

import pyoxigraph as ox
from rdflib.term import BNode, Node

from aspen_graph.errors import (
    QueryParameterError,
    QueryRefusedError,
    QuerySyntaxError,
)
from aspen_graph.store.guard import tokenize
from aspen_graph.store.terms import to_oxigraph
from aspen_graph.store.types import Bindings

VENDOR_FUNCTIONS = (
    "bif:",
    "sql:",
    "http://www.openlinksw.com/schemas/bif#",
    "http://www.openlinksw.com/schemas/sql#",
)
"""IRIs Virtuoso runs as its own SQL built-ins (``bif:``) or stored procedures (``sql:``)."""
_SYNTAX_BASE = "http://syntax-check.invalid/"
_SYNTAX_STORE = ox.Store()
"""An empty store whose query parser is the standard check (answers are never read)."""


def check_standard(query: str) -> None:
    """Refuse a query that is not standard SPARQL 1.1, or names a Virtuoso built-in.

    A remote store may accept more than the standard: Virtuoso runs ``DEFINE`` pragmas,
    ``bif:`` and ``sql:`` functions (SQL, files, sequences …) with its prefixes undeclared, and
    ``OPTION (…)`` clauses. The query is parsed by pyoxigraph's SPARQL 1.1 parser (it is not
    evaluated: the answer of the empty store is never read), and the IRIs it names are checked.

    >>> check_standard("DEFINE input:inference 'r' SELECT * {}")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    aspen_graph.errors.QuerySyntaxError: the query is not standard SPARQL 1.1: error at 1:10: ...
    >>> check_standard("PREFIX b: <bif:> SELECT (b:sequence_next('s') AS ?n) {}")
    Traceback (most recent call last):
    ...
    aspen_graph.errors.QueryRefusedError: b: is a store extension (bif:); this endpoint runs standard SPARQL only
    """  # noqa: E501
    prefixes: dict[str, str] = {}
    base = ""
    code = [t for t in tokenize(query) if t.kind not in ("ws", "comment")]
    for index, token in enumerate(code):
        word = token.text.upper() if token.kind == "word" else ""
        if word == "PREFIX" and index + 2 < len(code):
            prefixes[code[index + 1].text.rstrip(":")] = urljoin(base, code[index + 2].text[1:-1])
        elif word == "BASE" and index + 1 < len(code):
            base = urljoin(base, code[index + 1].text[1:-1])
        if token.kind in ("iri", "pname"):
            if token.kind == "iri":
                iri = urljoin(base, token.text[1:-1]) if base else token.text[1:-1]
            else:
                prefix, _, local = token.text.partition(":")
                iri = prefixes.get(prefix, prefix + ":") + local
            if iri.lower().startswith(VENDOR_FUNCTIONS):
                raise QueryRefusedError(
                    f"{token.text} is a store extension ({iri}); this endpoint runs standard "
                    "SPARQL only"
                )
    try:
        _SYNTAX_STORE.query(query, base_iri=_SYNTAX_BASE)
    except SyntaxError as error:
        raise QuerySyntaxError(f"the query is not standard SPARQL 1.1: {error}") from None
    except (OSError, RuntimeError, ValueError):
        pass  # planning or evaluating on the empty store failed: the syntax was fine


def _sparql_term(value: Node) -> str:
    if isinstance(value, BNode):
        raise QueryParameterError(f"a blank node ({value.n3()}) cannot be sent as a parameter")
    try:
        return str(to_oxigraph(value))
    except ValueError as error:
        raise QueryParameterError(f"{str(value)!r} is not a valid RDF term: {error}") from None


def bind_values(query: str, bindings: Bindings | None) -> str:
    """``query`` with its variables bound by a one-row ``VALUES`` first in each ``WHERE`` group.

    >>> from rdflib import URIRef
    >>> bind_values("SELECT ?x ?y WHERE { ?x <http://p> ?y }", {"y": URIRef("http://o")})
    'SELECT ?x ?y WHERE { VALUES (?y) { (<http://o>) } ?x <http://p> ?y }'
    >>> bind_values("ASK { ?s ?p ?o }", {"s": URIRef("http://s")})
    'ASK { VALUES (?s) { (<http://s>) } ?s ?p ?o }'
    """
    if not bindings:
        return query
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(_sparql_term(value) for value in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }}"
    code = [t for t in tokenize(query) if t.kind not in ("ws", "comment")]
    points: list[int] = []
    depth = 0
    first_top_group: int | None = None
    for index, token in enumerate(code):
        if token.text == "{":
            if depth == 0 and first_top_group is None:
                first_top_group = token.start + 1
            before = code[index - 1] if index else None
            if before is not None and before.kind == "word" and before.text.upper() == "WHERE":
                points.append(token.start + 1)
            depth += 1
        elif token.text == "}":
            depth -= 1
    if not points and first_top_group is not None:  # ASK { … } and SELECT * { … }
        points.append(first_top_group)
    if not points:
        raise QuerySyntaxError("cannot bind parameters: the query has no WHERE group")
    for point in reversed(points):
        query = query[:point] + block + query[point:]
    return query
