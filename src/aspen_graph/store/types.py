"""The data types the store layer shares: what goes into a store and what comes out of it.

Every other module of ``store/`` — the contract (:mod:`~aspen_graph.store.base`), the guard, the
serializer and each backend (embedded, sandbox pool and worker, remote) — imports its types
from here, and this module imports none of them, so no backend has to load another to name a
type. It holds no engine types either (pyoxigraph stays inside the backends).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from rdflib.term import Node


@dataclass(frozen=True, slots=True)
class Table:
    """The answer to a SELECT query: column names and rows of rdflib terms (``None`` = unbound)."""

    columns: tuple[str, ...]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def records(self) -> list[dict[str, Node | None]]:
        """Rows as dictionaries keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Node | None]:
        """All values of one column."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


Bindings = Mapping[str, Node]
"""Values for query variables, bound by the engine (never pasted into the query text)."""


@dataclass(frozen=True, slots=True)
class CheckedQuery:
    """A query that passed the guard (:func:`~aspen_graph.store.guard.check_query`), with what
    the guard learnt about it."""

    text: str
    normalized: str
    """The text without comments, every whitespace run outside strings and IRIs made one space:
    two queries with the same normalized form ask the same thing (a safe cache key)."""
    form: str | None
    """SELECT, ASK, CONSTRUCT or DESCRIBE (``None`` when no form keyword was found)."""
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()
    base: str | None = None
    """The IRI relative IRIs resolve against before any ``BASE`` of the query (the endpoint's
    URL, as the SPARQL 1.1 Protocol has it); ``None``: the engine's own rule."""

    @property
    def has_dataset(self) -> bool:
        """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``)."""
        return bool(self.from_graphs or self.from_named_graphs)


@dataclass(frozen=True, slots=True)
class AnswerFormat:
    """How an answer is to be serialised (:func:`~aspen_graph.store.serializer.serialize_answer`):
    the media type for SELECT/ASK answers, the one for CONSTRUCT/DESCRIBE answers, and the most
    rows or triples an answer may hold."""

    result_type: str
    graph_type: str
    max_results: int


@dataclass(frozen=True, slots=True)
class SerializedResult:
    """A query's answer as bytes, ready to send: its media type, query form and size."""

    body: bytes
    media_type: str
    form: str
    """SELECT, ASK or CONSTRUCT (DESCRIBE answers as CONSTRUCT)."""
    count: int | None = None
    """Rows (SELECT) or triples (CONSTRUCT); ``None`` for ASK."""


@dataclass
class PoolStats:
    """Counters of a serving store, for /health and for measurements (the sandbox's pool of
    query workers; a remote store counts as one worker, up while the store answers)."""

    workers: int = 0
    starting: int = 0
    queries: int = 0
    timeouts: int = 0
    crashes: int = 0
    """Query workers that died (a remote store has none: it never counts here)."""
    store_unavailable: int = 0
    """Requests that found a remote store unreachable or failing (5xx, refused credentials)."""
    last_start_seconds: float = 0.0
    started: list[float] = field(default_factory=list)


__all__ = [
    "AnswerFormat",
    "Bindings",
    "CheckedQuery",
    "PoolStats",
    "SerializedResult",
    "Table",
]
