"""The GraphStore half of the serving stores: select / ask / construct over ``execute``.

:class:`~aspen_graph.store.sandbox.SandboxStore` and :class:`~aspen_graph.store.remote.RemoteStore`
both answer the HTTP API with serialised results (``check`` + ``execute``); the layers below
the API want rdflib terms. This mixin turns one into the other, once for both stores: the
query is run with TSV (SELECT, ASK) or N-Triples (CONSTRUCT) answers, which are parsed back.
"""

from __future__ import annotations

from typing import Protocol

import pyoxigraph as ox
from rdflib import Graph

from aspen_graph.errors import QuerySyntaxError
from aspen_graph.store.serializer import NTRIPLES, TSV
from aspen_graph.store.terms import to_graph, tsv_table
from aspen_graph.store.types import Bindings, CheckedQuery, SerializedResult, Table


class AnswersSerialized(Protocol):
    """What the mixin needs of the store it is mixed into: the guard for the project's own
    queries and the serving store's ``execute`` (the part of it used here)."""

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
    ) -> SerializedResult:
        """Run a checked query; the answer comes back serialised."""
        ...


def _own_query(
    store: AnswersSerialized, query: str, bindings: Bindings | None, form: str
) -> SerializedResult:
    result = store.execute(
        store.check_internal(query), result_type=TSV, graph_type=NTRIPLES, bindings=bindings
    )
    if result.form != form:
        wanted = "CONSTRUCT or DESCRIBE" if form == "CONSTRUCT" else form
        raise QuerySyntaxError(f"expected a {wanted} query")
    return result


class SerializedAnswers:
    """``select``/``ask``/``construct`` for a store that offers ``execute``.

    A store mixing this in is an :class:`AnswersSerialized`: it says how its own (internal)
    queries are guarded in ``check_internal``; each method's ``self`` type says so to mypy.
    """

    def select(self: AnswersSerialized, query: str, *, bindings: Bindings | None = None) -> Table:
        return tsv_table(_own_query(self, query, bindings, "SELECT").body)

    def ask(self: AnswersSerialized, query: str, *, bindings: Bindings | None = None) -> bool:
        return _own_query(self, query, bindings, "ASK").body.strip() == b"true"

    def construct(
        self: AnswersSerialized, query: str, *, bindings: Bindings | None = None
    ) -> Graph:
        body = _own_query(self, query, bindings, "CONSTRUCT").body
        return to_graph(ox.parse(body, ox.RdfFormat.N_TRIPLES))


__all__ = ["AnswersSerialized", "SerializedAnswers"]
