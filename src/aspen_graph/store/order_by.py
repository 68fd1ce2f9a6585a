"""A rewrite of ``ORDER BY`` that pyoxigraph 0.5.13 can sort without panicking.

The engine orders two literals by value when it can (numbers, dates) and by lexical form when
it cannot (a number against a string). The two rules together are not a total order
(−3 < −1 by value, −1 < "-2" and "-2" < −3 by lexical form), and Rust's sort may then abort
the process (``docs/oxigraph-order-by-panic.md``). Each condition on a plain variable gets
keys in front of it, so that the engine only ever compares values of one kind:

``ORDER BY ?x``  →  ``ORDER BY (isNumeric(?x)) (IF(isNumeric(?x), 0, DATATYPE(?x))) ?x``

(``ASC(?x)`` and ``DESC(?x)`` get ``ASC(…)``/``DESC(…)`` keys). The first key puts every
number after every non-number. The second groups the other literals by datatype: both keys
are unbound for IRIs and blank nodes, so those stay first. Every order that SPARQL 1.1 defines
stays the same: unbound < blank node < IRI < literal, numbers by value across numeric types,
strings by code point, a dateTime against a dateTime. Only the order between literals of
different kinds changes, and SPARQL leaves that to the implementation (§15.1). The W3C
ORDER BY tests check it (``tests/store/test_order_by.py``). Conditions that are expressions
are left as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from aspen_graph.store.guard import Token, tokenize

_ENDS = frozenset({"LIMIT", "OFFSET", "VALUES"})


def _key(direction: str, variable: str) -> str:
    first = f"isNumeric({variable})"
    second = f"IF(isNumeric({variable}), 0, DATATYPE({variable}))"
    if direction:
        return f"{direction}({first}) {direction}({second}) {direction}({variable})"
    return f"({first}) ({second}) {variable}"


def _skip_brackets(code: Sequence[Token], index: int) -> int:
    """The index after the bracket group that opens at ``code[index]``."""
    depth = 0
    while index < len(code):
        text = code[index].text
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return index


def _conditions(code: Sequence[Token], index: int) -> list[tuple[int, int, str, str]]:
    """The plain-variable conditions of the ORDER BY clause starting at ``code[index]``:
    ``(first token, token after, direction, variable)``."""
    found: list[tuple[int, int, str, str]] = []
    while index < len(code):
        token = code[index]
        upper = token.text.upper()
        if token.kind == "var":
            found.append((index, index + 1, "", token.text))
            index += 1
        elif upper in ("ASC", "DESC") and token.kind == "word":
            inner = code[index + 1 : index + 4]
            texts = [t.text for t in inner]
            if len(inner) == 3 and texts[0] == "(" and inner[1].kind == "var" and texts[2] == ")":
                found.append((index, index + 4, upper, inner[1].text))
                index += 4
            else:
                index = _skip_brackets(code, index + 1)
        elif token.text == "(":
            index = _skip_brackets(code, index)
        elif token.kind in ("word", "pname", "iri") and index + 1 < len(code):
            if upper in _ENDS or code[index + 1].text != "(":
                break
            index = _skip_brackets(code, index + 1)  # a function call
        else:
            break
    return found


@lru_cache(maxsize=256)
def total_order_by(text: str) -> str:
    """``text`` with each ``ORDER BY`` condition on a plain variable given the keys above.

    >>> total_order_by("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 5")
    'SELECT ?o WHERE { ?s ?p ?o } ORDER BY (isNumeric(?o)) (IF(isNumeric(?o), 0, DATATYPE(?o))) ?o LIMIT 5'
    >>> total_order_by("SELECT * { ?s ?p ?o } ORDER BY DESC(?o) STR(?s)")  # doctest: +ELLIPSIS
    'SELECT * { ?s ?p ?o } ORDER BY DESC(isNumeric(?o)) DESC(IF(...)) DESC(?o) STR(?s)'
    >>> total_order_by("SELECT * { ?s ?p 'ORDER BY ?o' }")  # a string is not a clause
    "SELECT * { ?s ?p 'ORDER BY ?o' }"
    """  # noqa: E501
    code = [t for t in tokenize(text) if t.kind not in ("ws", "comment")]
    edits: list[tuple[int, int, str]] = []
    for index in range(len(code) - 1):
        first, second = code[index], code[index + 1]
        if first.kind != "word" or second.kind != "word":
            continue
        if first.text.upper() != "ORDER" or second.text.upper() != "BY":
            continue
        for start, end, direction, variable in _conditions(code, index + 2):
            stop = code[end - 1].start + len(code[end - 1].text)
            edits.append((code[start].start, stop, _key(direction, variable)))
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


__all__ = ["total_order_by"]
