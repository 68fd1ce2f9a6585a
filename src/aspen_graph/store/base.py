"""The store contract: what every backend (embedded, sandbox, remote) offers the layers above.

Only protocols live here; the data they name (:class:`~aspen_graph.store.types.Table`,
:class:`~aspen_graph.store.types.SerializedResult` …) lives in :mod:`aspen_graph.store.types`,
which imports no backend. Code above the store works with rdflib terms and ``Table`` results;
it never sees the engine's own types, so a remote SPARQL store can stand in for the embedded one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rdflib import Graph

from aspen_graph.store.types import (
    Bindings,
    CheckedQuery,
    PoolStats,
    SerializedResult,
    Table,
)


@runtime_checkable
class GraphStore(Protocol):
    """A quad store answering SPARQL 1.1 queries over the union of its named graphs."""

    def select(self, query: str, *, bindings: Bindings | None = None) -> Table:
        """Run a SELECT query."""
        ...

    def ask(self, query: str, *, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""
        ...

    def construct(self, query: str, *, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query."""
        ...

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace one named graph's content in one step."""
        ...

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph."""
        ...

    def __len__(self) -> int:
        """Total number of quads."""
        ...

    def close(self) -> None:
        """Release the store's resources."""
        ...


@runtime_checkable
class ServingStore(GraphStore, Protocol):
    """What the API serves from: a read-only store that checks queries with the guard and
    answers them serialised. :class:`~aspen_graph.store.sandbox.SandboxStore` (the embedded
    store in a pool of killable workers) and :class:`~aspen_graph.store.remote.RemoteStore`
    (a SPARQL server) both are one."""

    @property
    def source(self) -> Path | str:
        """What is served: a release file, a store directory, or a remote store's URL."""
        ...

    @property
    def size(self) -> int:
        """Workers that answer queries (1 for a remote store)."""
        ...

    @property
    def stats(self) -> PoolStats:
        """Counters for /health: workers up, queries, time-outs, crashes."""
        ...

    @property
    def timeout(self) -> float:
        """Seconds a query may run."""
        ...

    @property
    def max_results(self) -> int:
        """Most rows or triples an answer may hold."""
        ...

    @property
    def graph_names(self) -> frozenset[str]:
        """The named graphs queries may name in FROM and the dataset parameters."""
        ...

    def check(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        base: str | None = None,
    ) -> CheckedQuery:
        """Run the guard on a query and its dataset parameters (refusals raise); relative IRIs
        resolve against ``base`` (the endpoint's URL) unless the query has its own ``BASE``."""
        ...

    def execute(
        self,
        query: CheckedQuery,
        *,
        result_type: str | None = None,
        graph_type: str | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        bindings: Bindings | None = None,
        timeout: float | None = None,
        max_results: int | None = None,
    ) -> SerializedResult:
        """Run a checked query; the answer comes back serialised in the media type asked for
        (at most ``max_results`` rows or triples: the store's own cap when ``None``)."""
        ...

    def select_all(self, query: str, *, timeout: float | None = None) -> Table:
        """Run one of the project's own SELECT queries without the ``max_results`` cap, in
        ``timeout`` seconds (the store's own when ``None``); a store that still refuses (a
        remote store's own row limit) raises :class:`~aspen_graph.errors.QueryRefusedError`."""
        ...

    def publication(self) -> dict[str, Any] | None:
        """The publication record written by ``aspen publish`` (remote stores), else ``None``."""
        ...


class AnswersSerialized(Protocol):
    """What :class:`~aspen_graph.store.answers.SerializedAnswers` needs of the store it is mixed
    into: the guard for the project's own queries and the serving store's ``execute`` (the part
    of it used there)."""

    def check_internal(self, query: str) -> CheckedQuery:
        """The guard for the project's own queries (catalogue, pages, analytics)."""
        ...

    def execute(
        self,
        query: CheckedQuery,
        *,
        result_type: str | None = None,
        graph_type: str | None = None,
        bindings: Bindings | None = None,
        timeout: float | None = None,
        max_results: int | None = None,
    ) -> SerializedResult:
        """Run a checked query; the answer comes back serialised."""
        ...


__all__ = ["AnswersSerialized", "GraphStore", "ServingStore"]
