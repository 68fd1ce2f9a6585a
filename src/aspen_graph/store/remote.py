"""A remote SPARQL store, spoken to only through the standard protocols.

:class:`RemoteStore` sends queries over the SPARQL 1.1 Protocol (``POST`` form to the query
endpoint), updates over SPARQL 1.1 Update, and nothing else: no vendor API, so Oxigraph server,
Apache Jena Fuseki, GraphDB and Virtuoso all work (``docs/remote-stores.md`` has their settings).
It is both a :class:`~aspen_graph.store.base.GraphStore` (the analytics, pages and report run on
it) and a :class:`~aspen_graph.store.base.ServingStore` (``/sparql`` and ``/health``).

What it keeps identical to the embedded store:

* The guard (:mod:`aspen_graph.store.guard`) checks every query before it leaves the process:
  updates, ``SERVICE``, ``FROM`` naming foreign graphs and oversized queries are refused here.
* Answers are fetched as SPARQL JSON / N-Triples, parsed by pyoxigraph while they stream in,
  and re-serialised by :func:`~aspen_graph.store.serializer.serialize_answer` — the code the
  query workers use — so ``max_results``, media types and fallbacks are the same.
* Parameters: the protocol has no way to bind variables, so each binding becomes a one-row
  ``VALUES`` block placed first in every ``WHERE`` group of the query (:func:`bind_values`):
  the variable is bound before the group's patterns, filters and ``OPTIONAL`` parts are
  evaluated, as pyoxigraph's substitutions do; the query text is otherwise unchanged, and the
  terms are written by pyoxigraph (escaped, never pasted from user text).

Every request goes through :mod:`~aspen_graph.store.remote_http`, which turns faults into
clear errors and never leaves the API broken (the next request simply tries again);
:mod:`~aspen_graph.store.remote_graphs` says which of the store's graphs are ours and reads the
publication record. Credentials come from the environment only
(``ASPEN_STORE_USER`` + ``ASPEN_STORE_PASSWORD`` for basic auth, or ``ASPEN_STORE_TOKEN`` for a
bearer token); a URL with ``user:password@`` is refused, and every message names the store by
its redacted URL (:func:`redact`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import httpx
from rdflib import Graph, URIRef

from aspen_graph.config import Settings
from aspen_graph.errors import StoreUnavailableError
from aspen_graph.store.answers import SerializedAnswers
from aspen_graph.store.guard import check_dataset, check_query
from aspen_graph.store.remote_endpoints import (
    Endpoints,
    checked_url,
    optional_url,
    redact,
    store_auth,
)
from aspen_graph.store.remote_graphs import (
    PUBLICATION_GRAPH,
    GraphSizes,
    ours,
    publication_record,
)
from aspen_graph.store.remote_http import RemoteConnection
from aspen_graph.store.remote_standard import check_standard
from aspen_graph.store.remote_updates import replace_graph_update
from aspen_graph.store.serializer import NTRIPLES, TSV, answer_format
from aspen_graph.store.system import GRAPH_SIZES, sizes_of, system_query
from aspen_graph.store.terms import tsv_table
from aspen_graph.store.types import Bindings, CheckedQuery, PoolStats, SerializedResult

log = logging.getLogger(__name__)

UNION_PROBE = "union-default-probe.rq"
PUBLICATION_QUERY = "publication-record.rq"


class RemoteStore(SerializedAnswers):
    """A store behind the SPARQL 1.1 Protocol (see the module docstring).

    Args:
        query_url: the SPARQL query endpoint.
        update_url: the SPARQL Update endpoint (needed only to publish).
        store_url: the Graph Store Protocol endpoint (kept for tools; publishing uses Update).
        timeout: seconds a query may take (connecting gets at most 5 of them).
        max_results: most rows or triples an answer may hold.
        max_query_length: longest query text accepted.
        auth: credentials (see :func:`store_auth`); never shown in messages.
        probe: check at once that the store answers and that its default graph is the union
            of its named graphs (our queries rely on it).
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        store_url: str | None = None,
        *,
        timeout: float = 10.0,
        max_results: int = 100_000,
        max_query_length: int = 100_000,
        auth: httpx.Auth | None = None,
        probe: bool = True,
    ) -> None:
        self.query_url = checked_url(query_url, "the query endpoint")
        self.update_url = optional_url(update_url, "update")
        self.store_url = optional_url(store_url, "graph store")
        self.name = redact(query_url)
        self.timeout = timeout
        self.max_results = max_results
        self.max_query_length = max_query_length
        self.size = 1
        self._http = RemoteConnection(self.query_url, self.name, timeout=timeout, auth=auth)
        self.stats: PoolStats = self._http.stats
        self._sizes = GraphSizes(self._fetch_sizes)
        if probe:
            self.probe()

    @classmethod
    def from_settings(cls, settings: Settings, *, probe: bool = True) -> RemoteStore:
        """The remote store ``settings`` name (raises when they name the embedded store)."""
        endpoints = Endpoints.from_settings(settings)
        if endpoints is None:
            raise StoreUnavailableError("no remote store configured (ASPEN_STORE is not a URL)")
        return cls(
            endpoints.query,
            endpoints.update,
            endpoints.graph_store,
            timeout=settings.query_timeout,
            max_results=settings.max_results,
            max_query_length=settings.max_query_length,
            auth=store_auth(settings),
            probe=probe,
        )

    @property
    def source(self) -> str:
        """What is served: the store's redacted query URL."""
        return self.name

    @property
    def virtuoso(self) -> bool:
        """Whether the store announced itself as Virtuoso (its ``Server`` header): then its
        own system graphs are left out of every query's dataset (docs/remote-stores.md)."""
        return self._http.virtuoso

    def ping(self, timeout: float = 2.0) -> bool:
        """Whether the store answers a trivial query now (for /health); never raises."""
        return self._http.ping(timeout)

    @property
    def reachable(self) -> bool | None:
        """Whether the last request reached the store (``None`` before the first one)."""
        return self._http.reachable

    # -- the serving interface ------------------------------------------------------------------

    def probe(self) -> None:
        """Check the store answers and queries the union of its named graphs by default."""
        if self.ask(system_query(UNION_PROBE)):
            raise StoreUnavailableError(
                f"the store at {self.name} does not query the union of its named graphs by "
                "default, which aspen's queries rely on: start Oxigraph with "
                "--union-default-graph, set tdb2:unionDefaultGraph true in Fuseki, or see "
                "docs/remote-stores.md for GraphDB and Virtuoso"
            )

    @property
    def graph_names(self) -> frozenset[str]:
        """The store's named graphs (ours): the only graphs FROM and dataset parameters may name."""
        try:
            return frozenset(self._sizes.current())
        except StoreUnavailableError:
            return frozenset(self._sizes.last_known())

    def check(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        base: str | None = None,
    ) -> CheckedQuery:
        """Run the guard on a query and its dataset parameters (refusals raise), then check that
        it is standard SPARQL 1.1 (:func:`check_standard`): no store extension gets through."""
        graphs = self.graph_names
        checked = check_query(
            query, local_graphs=graphs, base=base, max_length=self.max_query_length
        )
        check_dataset(default_graphs, named_graphs, graphs)
        check_standard(query)
        return checked

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
        """Run a checked query on the store; the answer comes back serialised (as the
        sandbox's :meth:`~aspen_graph.store.sandbox.SandboxStore.execute`, ``max_results``
        too)."""
        if self.virtuoso and not (query.has_dataset or default_graphs or named_graphs):
            # Virtuoso's default graph and GRAPH ?g also hold its own system graphs: name
            # ours (the publication record's graph included, as a union store has it).
            default_graphs = named_graphs = self._dataset()
        cap = self.max_results if max_results is None else max_results
        wanted = answer_format(result_type, graph_type, cap)
        return self._http.run(
            query,
            wanted,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            bindings=bindings,
            timeout=timeout,
        )

    # -- the GraphStore contract ------------------------------------------------------------

    def check_internal(self, query: str) -> CheckedQuery:
        # The project's own queries may also read graphs outside graph_names (the record).
        return check_query(query, local_graphs=None, max_length=self.max_query_length)

    def update(self, text: str, *, timeout: float | None = None) -> None:
        """Run one SPARQL Update request (one transaction in Oxigraph, Fuseki and GraphDB)."""
        if self.update_url is None:
            raise StoreUnavailableError(
                f"no update endpoint is configured for the store at {self.name}; set "
                "ASPEN_STORE_UPDATE_URL"
            )
        response = self._http.send(
            self.update_url,
            content=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            timeout=timeout,
        )
        response.close()

    def _dataset(self) -> list[str]:
        """The graphs a Virtuoso query is given as its dataset: ours and the record's."""
        return sorted({*self._sizes.current(), PUBLICATION_GRAPH})

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace one named graph in one update request (see :mod:`aspen_graph.publish`)."""
        data = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        self.update(replace_graph_update(graph_iri, data))

    def _fetch_sizes(self) -> dict[str, int]:
        # Unscoped: this query finds the graphs every other query is scoped to.
        answer = self._http.run(
            self.check_internal(system_query(GRAPH_SIZES)),
            answer_format(TSV, NTRIPLES, self.max_results),
            default_graphs=(),
            named_graphs=(),
            bindings=None,
            timeout=None,
        )
        return ours(sizes_of(tsv_table(answer.body)), virtuoso=self.virtuoso)

    def graph_sizes(self) -> dict[str, int]:
        return dict(self._sizes.current())

    def forget_sizes(self) -> None:
        """Ask for the graph list again next time (after a publish)."""
        self._sizes.forget()

    def publication(self) -> dict[str, Any] | None:
        """The publication record ``aspen publish`` wrote last, or ``None`` when there is none:
        ``{"version", "issued", "manifest"}``."""
        table = self.select(
            system_query(PUBLICATION_QUERY), bindings={"record": URIRef(PUBLICATION_GRAPH)}
        )
        return publication_record(table.records())

    def __len__(self) -> int:
        try:
            return sum(self._sizes.current().values())
        except StoreUnavailableError:
            return sum(self._sizes.last_known().values())

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RemoteStore({self.name!r})"


# PUBLICATION_GRAPH lives in remote_graphs; it is named here too, where it was imported from.
__all__ = ["PUBLICATION_GRAPH", "RemoteStore"]
