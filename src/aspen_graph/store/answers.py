"""The GraphStore half of the serving stores: select / ask / construct over ``execute``.

:class:`~aspen_graph.store.sandbox.SandboxStore` and :class:`~aspen_graph.store.remote.RemoteStore`
both answer the HTTP API with serialised results (``check`` + ``execute``); the layers below
the API want rdflib terms. This mixin turns one into the other, once for both stores: the
query is run with TSV (SELECT, ASK) or N-Triples (CONSTRUCT) answers, which are parsed back.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from aspen_graph.errors import QuerySyntaxError
from aspen_graph.store.base import Bindings, ServingStore, Table
from aspen_graph.store.guard import CheckedQuery
from aspen_graph.store.terms import to_rdflib
from aspen_graph.store.worker import NTRIPLES, TSV, SerializedResult


class SerializedAnswers:
    """``select``/``ask``/``construct`` for a store that offers ``execute``.

    Subclasses say how their own (internal) queries are guarded in :meth:`check_internal`.
    """

    def check_internal(self, query: str) -> CheckedQuery:
        """The guard for the project's own queries (catalogue, pages, analytics)."""
        raise NotImplementedError

    def _own_query(self, query: str, bindings: Bindings | None, form: str) -> SerializedResult:
        store: ServingStore = self  # type: ignore[assignment]
        result = store.execute(
            self.check_internal(query), result_type=TSV, graph_type=NTRIPLES, bindings=bindings
        )
        if result.form != form:
            wanted = "CONSTRUCT or DESCRIBE" if form == "CONSTRUCT" else form
            raise QuerySyntaxError(f"expected a {wanted} query")
        return result

    def select(self, query: str, *, bindings: Bindings | None = None) -> Table:
        result = self._own_query(query, bindings, "SELECT")
        solutions = ox.parse_query_results(result.body, ox.QueryResultsFormat.TSV)
        assert isinstance(solutions, ox.QuerySolutions)
        columns = tuple(variable.value for variable in solutions.variables)
        width = range(len(columns))
        rows = [tuple(to_rdflib(solution[i]) for i in width) for solution in solutions]
        return Table(columns, rows)

    def ask(self, query: str, *, bindings: Bindings | None = None) -> bool:
        return self._own_query(query, bindings, "ASK").body.strip() == b"true"

    def construct(self, query: str, *, bindings: Bindings | None = None) -> Graph:
        result = self._own_query(query, bindings, "CONSTRUCT")
        graph = Graph()
        for triple in ox.parse(result.body, ox.RdfFormat.N_TRIPLES):
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))  # type: ignore[arg-type]
            )
        return graph


__all__ = ["SerializedAnswers"]
