"""The query guard: what it refuses, what it lets through, and how fast it decides."""

from __future__ import annotations

import contextlib
import importlib.util
from itertools import accumulate
from pathlib import Path
from types import ModuleType

import pytest
from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from aspen_graph.errors import QueryRefusedError
from aspen_graph.store import check_dataset, check_query
from aspen_graph.store.guard import MAX_DEPTH, tokenize

LOCAL = {"http://example.org/graph/things", "http://example.org/graph/links"}

REFUSED = {
    "insert": "INSERT DATA { <http://a> <http://b> <http://c> }",
    "delete": "DELETE WHERE { ?s ?p ?o }",
    "delete-insert": "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "with": "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "load": "LOAD <http://127.0.0.1:9/data.ttl>",
    "load-silent": "LOAD SILENT <http://127.0.0.1:9/x> INTO GRAPH <http://g>",
    "clear": "CLEAR ALL",
    "create": "CREATE GRAPH <http://g>",
    "drop": "DROP SILENT DEFAULT",
    "copy": "COPY DEFAULT TO <http://g>",
    "move": "MOVE <http://a> TO <http://b>",
    "add": "ADD <http://a> TO <http://b>",
    "lower-case": "insert data { <http://a> <http://b> <http://c> }",
    "query-then-update": "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "service": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "service-silent": "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "service-variable": "SELECT * WHERE { VALUES ?e { <http://x/> } SERVICE ?e { ?s ?p ?o } }",
    "service-lower": "select * where { service <http://x/> { ?s ?p ?o } }",
    "service-glued": "SELECT * WHERE {SERVICE<http://x/>{?s ?p ?o}}",
    "service-after-comment": "SELECT * WHERE { # SERVICE in a comment\n SERVICE <http://x/> {} }",
    "service-after-escaped-hash": (
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:a\\# SERVICE <http://x/> { } }"
    ),
    "service-after-string-with-quote": (
        "SELECT * WHERE { ?s ?p 'it\\'s' SERVICE <http://x/> { ?s ?p ?o } }"
    ),
    "service-after-long-string": (
        'SELECT * WHERE { ?s ?p """a "quoted" b""" SERVICE <http://x/> { ?s ?p ?o } }'
    ),
    "service-in-subquery": (
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }"
    ),
    "from-remote": "SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }",
    "from-named-remote": "SELECT * FROM NAMED <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }",
    "from-prefixed-remote": "PREFIX r: <http://127.0.0.1:9/> SELECT * FROM r:x { ?s ?p ?o }",
    "from-escaped-remote": "SELECT * FROM <http\\u003A//127.0.0.1:9/x> WHERE { ?s ?p ?o }",
    "from-based-remote": "BASE <http://127.0.0.1:9/> SELECT * FROM <x> WHERE { ?s ?p ?o }",
    "from-unreadable": "SELECT * FROM ?g WHERE { ?s ?p ?o }",
    "construct-from-remote": "CONSTRUCT WHERE { ?s ?p ?o } ",
}
REFUSED["construct-from-remote"] = (
    "CONSTRUCT { ?s ?p ?o } FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }"
)

ALLOWED = {
    "plain": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
    "service-in-string": "SELECT * WHERE { ?s ?p 'SERVICE <http://x/> { }' }",
    "service-in-long-string": "SELECT * WHERE { ?s ?p '''SERVICE\nLOAD <http://x>''' }",
    "service-in-iri": "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "service-in-comment": "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }",
    "service-as-prefix": "PREFIX SERVICE: <http://e/> SELECT * WHERE { ?s SERVICE:p ?o }",
    "service-as-local-name": "PREFIX e: <http://e/> SELECT * WHERE { ?s e:SERVICE ?o }",
    "service-variable-name": "SELECT ?service WHERE { ?service ?p ?o }",
    "insert-in-string": 'SELECT * WHERE { ?s ?p "INSERT DATA { <a> <b> <c> }" }',
    "from-local": "SELECT * FROM <http://example.org/graph/things> WHERE { ?s ?p ?o }",
    "from-named-local": (
        "PREFIX g: <http://example.org/graph/> SELECT * FROM NAMED g:links "
        "WHERE { GRAPH ?g { ?s ?p ?o } }"
    ),
    "graph-remote-iri": "SELECT * WHERE { GRAPH <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "less-than": "SELECT * WHERE { ?s ?p ?o FILTER(?o<3&&?o>1) }",
    "ask": "ASK { ?s ?p ?o }",
    "describe": "DESCRIBE <http://example.org/thing1>",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refuses(name: str) -> None:
    with pytest.raises(QueryRefusedError):
        check_query(REFUSED[name], local_graphs=LOCAL)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_allows(name: str) -> None:
    check_query(ALLOWED[name], local_graphs=LOCAL)


def test_messages_say_what_and_where() -> None:
    with pytest.raises(QueryRefusedError, match=r"SERVICE is not allowed.*line 2, column 3"):
        check_query("SELECT * WHERE {\n  SERVICE <http://x/> { } }")
    with pytest.raises(QueryRefusedError, match=r"Update \(DROP\).*read-only"):
        check_query("DROP ALL")
    with pytest.raises(QueryRefusedError, match=r"FROM names <http://127.0.0.1:9/x>"):
        check_query(REFUSED["from-remote"], local_graphs=LOCAL)


def test_form_and_dataset_are_reported() -> None:
    checked = check_query(ALLOWED["from-named-local"], local_graphs=LOCAL)
    assert checked.form == "SELECT"
    assert checked.from_named_graphs == ("http://example.org/graph/links",)
    assert checked.has_dataset
    assert check_query("CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    assert check_query("PREFIX a: <http://a/> ASK {}").form == "ASK"
    assert check_query("garbage").form is None


def test_length_limit() -> None:
    query = "SELECT * WHERE { ?s ?p ?o }" + " " * 200
    check_query(query, max_length=len(query))
    with pytest.raises(QueryRefusedError, match="characters long"):
        check_query(query, max_length=len(query) - 1)


@pytest.mark.parametrize(("open_", "close"), [("{ ", "} "), ("(", ")"), ("[ <http://p> ", " ]")])
def test_depth_limit(open_: str, close: str) -> None:
    def nested(depth: int) -> str:
        body = "?s ?p ?o" if open_ == "{ " else "1"
        text = open_ * depth + body + close * depth
        return f"SELECT * WHERE {{ FILTER({text}) }}" if open_ == "(" else f"ASK {{ {text} }}"

    check_query(nested(MAX_DEPTH - 2))
    with pytest.raises(QueryRefusedError, match="nests brackets"):
        check_query(nested(3_000))


def test_operator_chains_are_bounded() -> None:
    chain = "||".join(["?s"] * 10_000)
    with pytest.raises(QueryRefusedError, match="operators"):
        check_query(f"SELECT * WHERE {{ ?s ?p ?o FILTER({chain}) }}")


def test_dataset_parameters() -> None:
    check_dataset(["http://example.org/graph/things"], ["http://example.org/graph/links"], LOCAL)
    with pytest.raises(QueryRefusedError, match="default-graph-uri"):
        check_dataset(["http://127.0.0.1:9/x"], [], LOCAL)
    with pytest.raises(QueryRefusedError, match="named-graph-uri"):
        check_dataset([], ["http://127.0.0.1:9/x"], LOCAL)


def test_normalized_form_is_a_safe_cache_key() -> None:
    a = check_query("SELECT  *\nWHERE { ?s ?p 'a  b' } # note")
    b = check_query("SELECT * WHERE {\t?s ?p 'a  b' }")
    c = check_query("SELECT * WHERE { ?s ?p 'a b' }")
    assert a.normalized == b.normalized
    assert a.normalized != c.normalized  # whitespace inside a string matters
    assert check_query("ASK { ?s ?p 1.5 }").normalized != check_query("ASK{?s ?p 1 . 5}").normalized


def test_tokens_keep_strings_iris_and_comments_whole() -> None:
    kinds = [(t.kind, t.text) for t in tokenize("ASK{<http://a#b> 'x # y'} # c") if t.kind != "ws"]
    assert kinds == [
        ("word", "ASK"),
        ("op", "{"),
        ("iri", "<http://a#b>"),
        ("string", "'x # y'"),
        ("op", "}"),
        ("comment", "# c"),
    ]


def _bench_timings() -> ModuleType:
    """bench/bench_timings.py, which holds the adversarial texts and times the guard on them."""
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_timings.py"
    spec = importlib.util.spec_from_file_location("bench_timings", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench_timings()


@pytest.mark.parametrize("name", sorted(BENCH.ADVERSARIAL))
def test_decides_in_one_pass(name: str) -> None:
    """The tokenizer reads each adversarial text once, left to right: its tokens follow one
    another without overlap or gap, so their number grows with the text, not faster (the
    seconds are bench/bench_timings.py's, ``guard``)."""
    counts = []
    for length in (45_000, 90_000):
        text = BENCH.adversarial(name, length)
        tokens = list(tokenize(text))
        assert [t.start for t in tokens] == list(
            accumulate((len(t.text) for t in tokens[:-1]), initial=0)
        )
        assert sum(len(t.text) for t in tokens) == len(text)
        counts.append(len(tokens))
        with contextlib.suppress(QueryRefusedError):  # decided either way, never stuck
            check_query(text, max_length=100_000)
    assert counts[1] <= 2 * counts[0] + 2  # twice the text, at most twice the steps


def _walk(node: object) -> list[CompValue]:
    found: list[CompValue] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list | tuple | ParseResults):
            stack.extend(item)
    return found


def _rdflib_verdict(query: str) -> str:
    """What rdflib's SPARQL parser sees: 'update', 'service', 'from', 'ok' or 'unparsed'."""
    try:
        parsed = parseQuery(query)
    except Exception:
        try:
            parseUpdate(query)
        except Exception:
            return "unparsed"
        return "update"
    names = {node.name for node in _walk(parsed)}
    if "ServiceGraphPattern" in names:
        return "service"
    if "DatasetClause" in names:
        return "from"
    return "ok"


CROSS_CHECK = {**ALLOWED, **REFUSED}


@pytest.mark.parametrize("name", sorted(CROSS_CHECK))
def test_agrees_with_rdflib_parser(name: str) -> None:
    """Where rdflib parses a query, the guard's verdict matches what the parse tree holds."""
    query = CROSS_CHECK[name]
    verdict = _rdflib_verdict(query)
    try:
        check_query(query)  # no local graphs: FROM is allowed here, checked separately
        refused = False
    except QueryRefusedError:
        refused = True
    if verdict in ("update", "service"):
        assert refused, f"rdflib sees {verdict}; the guard let it through"
    elif verdict in ("ok", "from"):
        assert not refused or "FROM" in query, f"rdflib parses {name} as a plain query"
    if verdict == "from":
        checked = check_query(query)
        assert checked.has_dataset
        assert all(isinstance(URIRef(g), URIRef) for g in checked.from_graphs)
