"""The one writer of answers: a query's result as bytes in the media type asked for, cut off past
``max_results`` rows or triples.

Every backend sends its answers through :func:`serialize_answer` — the sandbox's workers the
embedded store's results, the remote store the results it parsed from the server — so the row
limit, the formats and the media-type fallbacks are the same on all of them. Lines are counted
while pyoxigraph's writer writes, so a huge result is refused early rather than built in memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph

from aspen_graph.errors import QueryRefusedError
from aspen_graph.namespaces import PREFIXES
from aspen_graph.store import formats
from aspen_graph.store.formats import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES
from aspen_graph.store.terms import to_oxigraph
from aspen_graph.store.types import AnswerFormat, SerializedResult

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

TSV = formats.TSV.media_type
"""The SELECT format the serving stores use for their own :class:`GraphStore` calls."""
NTRIPLES = formats.N_TRIPLES.media_type
"""The CONSTRUCT format the serving stores use for their own :class:`GraphStore` calls."""

Answer = ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples | Iterable[ox.Triple]
"""What an engine answers: the embedded store's results, or results parsed from a remote store
(``parse_query_results`` gives solutions or a boolean, ``parse`` an iterator of triples)."""


def answer_format(
    result_type: str | None, graph_type: str | None, max_results: int
) -> AnswerFormat:
    """The answer format a serving store was asked for, the default media types filling in.

    >>> answer_format(None, "text/turtle", 10).result_type
    'application/sparql-results+json'
    """
    return AnswerFormat(
        result_type or next(iter(RESULT_MEDIA_TYPES)),
        graph_type or next(iter(GRAPH_MEDIA_TYPES)),
        max_results,
    )


class _TooLargeError(Exception):
    pass


class _LineCap(io.BytesIO):
    """A byte buffer that counts lines and stops the writer past ``limit`` of them."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.lines = 0

    def write(self, data: ReadableBuffer, /) -> int:
        self.lines += bytes(data).count(b"\n")
        if self.lines > self.limit:
            raise _TooLargeError
        return super().write(data)


def serialize_answer(result: Answer, wanted: AnswerFormat) -> SerializedResult:
    """Serialise an answer in the requested media type, refusing it past ``max_results``.

    >>> wanted = AnswerFormat(result_type="text/csv", graph_type=NTRIPLES, max_results=1)
    >>> rows = ox.parse_query_results("?x\\n1\\n", ox.QueryResultsFormat.TSV)
    >>> serialize_answer(rows, wanted).body
    b'x\\r\\n1\\r\\n'
    """
    max_results = wanted.max_results
    if isinstance(result, ox.QueryBoolean):
        media_type = _known(wanted.result_type, RESULT_MEDIA_TYPES)
        body = result.serialize(format=RESULT_MEDIA_TYPES[media_type])
        return SerializedResult(body or b"", media_type, "ASK")
    if isinstance(result, ox.QuerySolutions):
        media_type = _known(wanted.result_type, RESULT_MEDIA_TYPES)
        sink = _LineCap(max_results + 1)  # the header line, then one line per row
        try:
            result.serialize(sink, format=ox.QueryResultsFormat.TSV)
        except _TooLargeError:
            raise QueryRefusedError(
                f"the query returns more than {max_results:,} rows; add a LIMIT or narrow it"
            ) from None
        body = sink.getvalue()
        if media_type != TSV:
            solutions = ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
            body = solutions.serialize(format=RESULT_MEDIA_TYPES[media_type]) or b""
        return SerializedResult(body, media_type, "SELECT", max(sink.lines - 1, 0))
    media_type = _known(wanted.graph_type, GRAPH_MEDIA_TYPES)
    sink = _LineCap(max_results)
    try:
        if isinstance(result, ox.QueryTriples):
            result.serialize(sink, format=ox.RdfFormat.N_TRIPLES)
        else:
            ox.serialize(result, sink, format=ox.RdfFormat.N_TRIPLES)
    except _TooLargeError:
        raise QueryRefusedError(
            f"the query returns more than {max_results:,} triples; narrow it"
        ) from None
    body = sink.getvalue()
    if media_type != NTRIPLES:
        triples = ox.parse(body, ox.RdfFormat.N_TRIPLES)
        body = ox.serialize(triples, format=GRAPH_MEDIA_TYPES[media_type], prefixes=PREFIXES)
    return SerializedResult(body or b"", media_type, "CONSTRUCT", sink.lines)


def serialize_graph(
    graph: Graph, fmts: Sequence[formats.Format], prefixes: Mapping[str, str]
) -> list[bytes]:
    """An rdflib graph in each of ``fmts`` (pyoxigraph's RDF formats), triples sorted (the
    same graph, with the same blank-node names, gives the same bytes), declaring only the
    ``prefixes`` some IRI of the graph starts with (as rdflib does). pyoxigraph's writers are
    many times faster than rdflib's; JSON-LD compacted with a context stays with rdflib.

    >>> from rdflib import URIRef
    >>> g = Graph().add((URIRef("http://x.org/a"), URIRef("http://x.org/p"), URIRef("http://y/b")))
    >>> serialize_graph(g, [formats.TURTLE], {"x": "http://x.org/", "z": "http://z/"})[0].split(b"\\n")
    [b'@prefix x: <http://x.org/> .', b'x:a x:p <http://y/b> .', b'']
    """
    engines = [fmt.engine for fmt in fmts if isinstance(fmt.engine, ox.RdfFormat)]
    if len(engines) != len(fmts):
        raise ValueError("only RDF formats are written here")
    triples = []
    for subject, predicate, value in sorted(graph):
        s, p, o = to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(value)
        if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
            raise TypeError(f"not an RDF triple: {subject!r} {predicate!r}")
        triples.append(ox.Triple(s, p, o))
    # one line per IRI: a namespace is used when some line starts with it (one search each)
    lines = "".join(
        f"\n{term.value}" for t in triples for term in t if isinstance(term, ox.NamedNode)
    )
    used = {name: space for name, space in prefixes.items() if f"\n{space}" in lines}
    return [ox.serialize(triples, format=engine, prefixes=used) or b"" for engine in engines]


def _known(media_type: str, table: dict[str, Any]) -> str:
    return media_type if media_type in table else next(iter(table))


__all__ = [
    "GRAPH_MEDIA_TYPES",
    "NTRIPLES",
    "RESULT_MEDIA_TYPES",
    "TSV",
    "Answer",
    "answer_format",
    "serialize_answer",
    "serialize_graph",
]
