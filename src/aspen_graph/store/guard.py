"""The query guard: refuse what a public, read-only endpoint never runs, before the engine sees it.

Refused (:class:`~aspen_graph.errors.QueryRefusedError`): SPARQL Update (``INSERT``, ``DELETE``,
``LOAD``, ``CLEAR``, ``CREATE``, ``DROP``, ``COPY``, ``MOVE``, ``ADD``, ``WITH``, ``USING``);
``SERVICE`` in any form (``SILENT``, variable); ``FROM`` / ``FROM NAMED`` and protocol dataset
parameters naming a graph the store does not hold; a query longer than the length limit; brackets
nested deeper than the depth limit (Oxigraph's recursive parser overflowed its stack at ~2,500
levels); and operator chains long enough to overflow the engine (``?a || ?a || …`` ~10,000 times
crashed it).

The checks run on the query's *tokens*, produced by a lexer that follows the SPARQL 1.1 terminal
rules (strings with escapes, long strings, IRIs, comments, prefixed names with ``\\`` escapes,
variables, numbers). A ``SERVICE`` inside a string, an IRI or a comment is text, not a keyword;
a comment never hides one, because a comment ends at the line end. Where the lexer and the
grammar could disagree (a prefix with dots, a word glued to another with ``-``) it errs towards
refusing. rdflib's SPARQL parser is not used on this path: it raised RecursionError at 50 nested
groups and on a flat 58 KB query, and took ~17 ms for a 500-character one (measured here); the
tests compare the guard's verdict with rdflib's parse on a corpus of tricky queries instead.

>>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }").form
'SELECT'
>>> check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
aspen_graph.errors.QueryRefusedError: SERVICE is not allowed: this endpoint never calls other services (line 1, column 18)
"""  # noqa: E501

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from aspen_graph.errors import QueryRefusedError, QuerySyntaxError
from aspen_graph.store.types import CheckedQuery

MAX_DEPTH = 200
"""Deepest bracket nesting (``{``, ``(``, ``[``) accepted."""
MAX_OPERATORS = 4_000
"""Most expression operators and ``UNION``s accepted in one query."""
MAX_LENGTH = 100_000

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH", "USING"}
)
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
_OPERATORS = frozenset({"||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "!"})
_OPEN = frozenset("{([")
_CLOSE = frozenset("})]")

_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_BASE_CHARS = (
    r"A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
    r"\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
)
_VAR_CHARS = _BASE_CHARS + r"_0-9\u00B7\u0300-\u036F\u203F-\u2040"
_NAME_CHARS = _VAR_CHARS + r"\-"
_LOCAL_CHAR = rf"(?:[{_NAME_CHARS}:]|%[0-9A-Fa-f]{{2}}|{_ESCAPE})"
_STRINGS = (
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',
    r"'(?:[^'\\\r\n]|\\.)*'",
    r'"(?:[^"\\\r\n]|\\.)*"',
)
# Prefixes and bare words share one character class (no dots), so a name not followed by ':'
# is taken whole as a word and every character is scanned a bounded number of times.
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>[ \t\r\n]+)",
            r"(?P<comment>#[^\r\n]*)",
            "(?P<string>" + "|".join(_STRINGS) + ")",
            r"(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)",
            rf"(?P<var>[?$][{_VAR_CHARS}]+)",
            rf"(?P<bnode>_:[{_VAR_CHARS}](?:[{_NAME_CHARS}.]*[{_NAME_CHARS}])?)",
            rf"(?P<pname>(?:[{_BASE_CHARS}][{_NAME_CHARS}]*)?:"
            rf"(?:{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|\.)*{_LOCAL_CHAR})?)?)",
            r"(?P<number>\d+\.\d*[eE][+-]?\d+|\.?\d+[eE][+-]?\d+|\d*\.\d+|\d+)",
            rf"(?P<word>[{_BASE_CHARS}_][{_NAME_CHARS}]*)",
            r"(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
            r"(?P<op>\|\||&&|!=|<=|>=|\^\^|.)",
        ]
    ),
    re.DOTALL,
)
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\(.)")


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical unit of a query: its kind (a group name of the lexer), text and offset."""

    kind: str
    text: str
    start: int


def tokenize(text: str) -> Iterator[Token]:
    """The tokens of a query, comments and whitespace included.

    >>> [t.text for t in tokenize("ASK { ?s ?p 'a' } # x") if t.kind != "ws"]
    ['ASK', '{', '?s', '?p', "'a'", '}', '# x']
    """
    for match in _TOKEN.finditer(text):
        yield Token(match.lastgroup or "op", match.group(), match.start())


def position(text: str, offset: int) -> str:
    """``line L, column C`` (both from 1) of a character offset.

    >>> position("a\\nbc", 3)
    'line 2, column 2'
    """
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _expand(token: Token, prefixes: dict[str, str], base: str | None, text: str) -> str:
    if token.kind == "iri":
        iri = _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token.text[1:-1])
        return urljoin(base, iri) if base else iri
    prefix, _, local = token.text.partition(":")
    if prefix not in prefixes:
        raise QueryRefusedError(
            f"the prefix {prefix + ':'!r} is not declared ({position(text, token.start)})"
        )
    return prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)


def _refuse_graphs(names: Sequence[str], local_graphs: Collection[str], where: str) -> None:
    unknown = [name for name in names if name not in local_graphs]
    if unknown:
        known = ", ".join(f"<{g}>" for g in sorted(local_graphs)[:12]) or "none"
        raise QueryRefusedError(
            f"{where} names <{unknown[0]}>, which is not a graph of this dataset: the endpoint "
            f"never fetches remote graphs (its graphs: {known})"
        )


def check_dataset(
    default_graphs: Sequence[str], named_graphs: Sequence[str], local_graphs: Collection[str]
) -> None:
    """Refuse ``default-graph-uri`` / ``named-graph-uri`` values that name no local graph.

    >>> check_dataset(["http://g"], [], {"http://g"})
    >>> check_dataset(["http://elsewhere/"], [], {"http://g"})
    Traceback (most recent call last):
    ...
    aspen_graph.errors.QueryRefusedError: default-graph-uri names <http://elsewhere/>, which is not a graph of this dataset: the endpoint never fetches remote graphs (its graphs: <http://g>)
    """  # noqa: E501
    _refuse_graphs(default_graphs, local_graphs, "default-graph-uri")
    _refuse_graphs(named_graphs, local_graphs, "named-graph-uri")


def check_query(
    text: str,
    *,
    local_graphs: Collection[str] | None = None,
    base: str | None = None,
    max_length: int = MAX_LENGTH,
    max_depth: int = MAX_DEPTH,
    max_operators: int = MAX_OPERATORS,
) -> CheckedQuery:
    """Check one query; raise :class:`QueryRefusedError` for anything the endpoint never runs.

    ``local_graphs`` are the store's named graphs: ``FROM`` may name only those (``None`` skips
    that check). ``base`` is the IRI relative IRIs resolve against until the query's own
    ``BASE`` (the endpoint's URL); it is kept on the result for the engine. Syntax errors are
    left to the engine, which reports them with a position.

    >>> check_query("PREFIX ex: <http://g/> SELECT * FROM ex:a { ?s ?p ?o }").from_graphs
    ('http://g/a',)
    >>> check_query("SELECT * FROM <g> { ?s ?p ?o }", base="http://h/sparql").from_graphs
    ('http://h/g',)
    >>> check_query("INSERT DATA { <a> <b> <c> }")
    Traceback (most recent call last):
    ...
    aspen_graph.errors.QueryRefusedError: SPARQL Update (INSERT) is not allowed: this endpoint is read-only (line 1, column 1)
    """  # noqa: E501
    if len(text) > max_length:
        raise QueryRefusedError(
            f"the query is {len(text):,} characters long; the limit is {max_length:,}"
        )
    graphs = frozenset(local_graphs) if local_graphs is not None else None
    return _check(text, graphs, max_depth, max_operators, base)


def _keyword(token: Token) -> str:
    """The keyword a word is. A word glued to others with '-' (never valid SPARQL) counts as the
    first of its pieces the guard refuses, so a doubtful case is refused rather than run."""
    pieces = token.text.upper().split("-")
    flagged = [p for p in pieces if p in UPDATE_KEYWORDS or p == "SERVICE"]
    return flagged[0] if flagged else token.text.upper()


def _dataset_clause(
    code: Sequence[Token], index: int, prefixes: dict[str, str], base: str | None, text: str
) -> tuple[bool, str]:
    following = code[index + 1 : index + 3]
    named = bool(following) and following[0].kind == "word"
    named = named and following[0].text.upper() == "NAMED"
    target = following[1:2] if named else following[:1]
    if not target or target[0].kind not in ("iri", "pname"):
        raise QueryRefusedError(
            f"cannot read the graph named by FROM ({position(text, code[index].start)}); "
            "write FROM <graph IRI> or FROM NAMED <graph IRI>"
        )
    return named, _expand(target[0], prefixes, base, text)


_SYNTAX_ERROR = re.compile(r"^error at (\d+):(\d+): ", re.IGNORECASE)


def syntax_message(engine_message: str) -> str:
    """The engine's syntax error as one sentence (``error at 1:10: …`` printed after an
    ``error:`` prefix read "error: error at …").

    >>> syntax_message("error at 1:10: expected one of Prefix, ...")
    'SPARQL syntax error at line 1, column 10: expected one of Prefix, ...'
    """
    return _SYNTAX_ERROR.sub(r"SPARQL syntax error at line \1, column \2: ", engine_message, 1)


def check_form(text: str) -> str:
    """The query form, read where SPARQL puts it: the first word after the prologue (``PREFIX``
    and ``BASE`` declarations); raise :class:`QuerySyntaxError` naming what is there instead.
    Run it after :func:`check_query`, which refuses updates with their own message.

    The engine's own error for a misspelt form is "expected CONSTRUCT" (the last alternative it
    tried), which sends the user looking for the wrong thing.

    >>> check_form("PREFIX ex: <http://x/> # c\\n ask { }")
    'ASK'
    >>> check_form("SELEC ?s WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    aspen_graph.errors.QuerySyntaxError: not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found 'SELEC' (line 1, column 1)
    """  # noqa: E501
    code = [t for t in tokenize(text) if t.kind not in ("ws", "comment")]
    index = 0
    while index < len(code) and code[index].text.upper() in ("PREFIX", "BASE"):
        index += 3 if code[index].text.upper() == "PREFIX" else 2
    if index >= len(code):
        raise QuerySyntaxError(
            "not a SPARQL query: it is empty; write SELECT, ASK, CONSTRUCT or DESCRIBE"
        )
    token = code[index]
    if token.kind != "word" or token.text.upper() not in QUERY_FORMS:
        raise QuerySyntaxError(
            "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found "
            f"{token.text[:40]!r} ({position(text, token.start)})"
        )
    return token.text.upper()


@lru_cache(maxsize=256)
def _check(
    text: str,
    local_graphs: frozenset[str] | None,
    max_depth: int,
    max_operators: int,
    initial_base: str | None,
) -> CheckedQuery:
    prefixes: dict[str, str] = {}
    base = initial_base
    form: str | None = None
    datasets: dict[bool, list[str]] = {False: [], True: []}
    parts: list[str] = []
    code: list[Token] = []
    for token in tokenize(text):
        if token.kind in ("ws", "comment"):
            if parts and parts[-1] != " ":
                parts.append(" ")
        else:
            parts.append(token.text)
            code.append(token)
    depth = operators = 0
    for index, token in enumerate(code):
        if token.kind == "op":
            if token.text in _OPEN:
                depth += 1
                if depth > max_depth:
                    raise QueryRefusedError(
                        f"the query nests brackets more than {max_depth} levels deep "
                        f"({position(text, token.start)}); simplify it"
                    )
            elif token.text in _CLOSE:
                depth -= 1
            elif token.text in _OPERATORS:
                operators += 1
            continue
        if token.kind != "word":
            continue
        word = _keyword(token)
        if word in UPDATE_KEYWORDS:
            raise QueryRefusedError(
                f"SPARQL Update ({word}) is not allowed: this endpoint is read-only "
                f"({position(text, token.start)})"
            )
        if word == "SERVICE":
            raise QueryRefusedError(
                "SERVICE is not allowed: this endpoint never calls other services "
                f"({position(text, token.start)})"
            )
        following = code[index + 1 : index + 3]
        if word == "UNION":
            operators += 1
        elif word in QUERY_FORMS and form is None:
            form = word
        elif word == "PREFIX" and len(following) == 2 and following[0].kind == "pname":
            if following[1].kind == "iri":
                name = following[0].text.partition(":")[0]
                prefixes[name] = _expand(following[1], prefixes, base, text)
        elif word == "BASE" and following and following[0].kind == "iri":
            base = _expand(following[0], prefixes, base, text)
        elif word == "FROM":
            named, iri = _dataset_clause(code, index, prefixes, base, text)
            datasets[named].append(iri)
    if operators > max_operators:
        raise QueryRefusedError(
            f"the query has {operators:,} operators and UNIONs; the limit is {max_operators:,}"
        )
    if local_graphs is not None:
        _refuse_graphs(datasets[False], local_graphs, "FROM")
        _refuse_graphs(datasets[True], local_graphs, "FROM NAMED")
    return CheckedQuery(
        text=text,
        normalized="".join(parts).strip(),
        form=form,
        from_graphs=tuple(datasets[False]),
        from_named_graphs=tuple(datasets[True]),
        base=initial_base,
    )


__all__ = [
    "MAX_DEPTH",
    "MAX_OPERATORS",
    "Token",
    "check_dataset",
    "check_form",
    "check_query",
    "position",
    "syntax_message",
    "tokenize",
]
