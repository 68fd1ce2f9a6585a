"""The GraphStore half of the serving stores: select / ask / construct over ``execute``.

:class:`~aspen_graph.store.sandbox.SandboxStore` and :class:`~aspen_graph.store.remote.RemoteStore`
both answer the HTTP API with serialised results (``check`` + ``execute``); the layers below
the API want rdflib terms. This mixin turns one into the other, once for both stores: the
query is run with TSV (SELECT, ASK) or N-Triples (CONSTRUCT) answers, which are parsed back.
"""

from __future__ import annotations

import sys

import pyoxigraph as ox
from rdflib import Graph

from aspen_graph.errors import QuerySyntaxError
from aspen_graph.store.base import AnswersSerialized
from aspen_graph.store.serializer import NTRIPLES, TSV
from aspen_graph.store.terms import to_graph, tsv_table
from aspen_graph.store.types import Bindings, SerializedResult, Table

UNCAPPED = sys.maxsize
"""The row cap of :meth:`SerializedAnswers.select_all`: none."""


def _own_query(
    store: AnswersSerialized,
    query: str,
    bindings: Bindings | None,
    form: str,
    *,
    timeout: float | None = None,
    max_results: int | None = None,
) -> SerializedResult:
    result = store.execute(
        store.check_internal(query),
        result_type=TSV,
        graph_type=NTRIPLES,
        bindings=bindings,
        timeout=timeout,
        max_results=max_results,
    )
    if result.form != form:
        wanted = "CONSTRUCT or DESCRIBE" if form == "CONSTRUCT" else form
        raise QuerySyntaxError(f"expected a {wanted} query")
    return result


class SerializedAnswers:
    """``select``/``ask``/``construct`` for a store that offers ``execute``.

    A store mixing this in is an :class:`~aspen_graph.store.base.AnswersSerialized`: it says
    how its own (internal) queries are guarded in ``check_internal``; each method's ``self``
    type says so to mypy.
    """

    def select(self: AnswersSerialized, query: str, *, bindings: Bindings | None = None) -> Table:
        return tsv_table(_own_query(self, query, bindings, "SELECT").body)

    def select_all(self: AnswersSerialized, query: str, *, timeout: float | None = None) -> Table:
        # One evaluation, streamed whole (a worker's pipe, a remote store's chunked answer),
        # where reading past the cap in LIMIT/OFFSET pages evaluated the query once per page.
        result = _own_query(self, query, None, "SELECT", timeout=timeout, max_results=UNCAPPED)
        return tsv_table(result.body)

    def ask(self: AnswersSerialized, query: str, *, bindings: Bindings | None = None) -> bool:
        return _own_query(self, query, bindings, "ASK").body.strip() == b"true"

    def construct(
        self: AnswersSerialized, query: str, *, bindings: Bindings | None = None
    ) -> Graph:
        body = _own_query(self, query, bindings, "CONSTRUCT").body
        return to_graph(ox.parse(body, ox.RdfFormat.N_TRIPLES))


__all__ = ["SerializedAnswers"]
