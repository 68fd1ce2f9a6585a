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

Faults never leave the API broken: no connection state is kept between requests (httpx's pool
reconnects), a refused connection, a 5xx, a 401/403 or a time-out raise
:class:`~aspen_graph.errors.StoreUnavailableError` or
:class:`~aspen_graph.errors.QueryTimeoutError` (503 with ``Retry-After`` in the API), and the
next request simply tries again. Credentials come from the environment only
(``ASPEN_STORE_USER`` + ``ASPEN_STORE_PASSWORD`` for basic auth, or ``ASPEN_STORE_TOKEN`` for a
bearer token); a URL with ``user:password@`` is refused, and every message names the store by
its redacted URL (:func:`redact`).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
from rdflib import Graph, URIRef

from aspen_graph.config import Settings
from aspen_graph.errors import (
    AspenError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreUnavailableError,
)
from aspen_graph.store.answers import SerializedAnswers
from aspen_graph.store.guard import check_dataset, check_query
from aspen_graph.store.remote_endpoints import (
    Endpoints,
    checked_url,
    optional_url,
    redact,
    store_auth,
)
from aspen_graph.store.remote_standard import bind_values, check_standard
from aspen_graph.store.remote_streaming import (
    SPARQL_RESULTS_JSON,
    read_answer,
    timeout_error,
    unreachable_error,
)
from aspen_graph.store.remote_updates import STAGING_GRAPHS, replace_graph_update
from aspen_graph.store.serializer import NTRIPLES, TSV, answer_format
from aspen_graph.store.system import GRAPH_SIZES, sizes_of, system_query
from aspen_graph.store.terms import tsv_table
from aspen_graph.store.types import (
    AnswerFormat,
    Bindings,
    CheckedQuery,
    PoolStats,
    SerializedResult,
)
from aspen_graph.store.virtuoso import (
    is_virtuoso_system_graph,
)

log = logging.getLogger(__name__)

PUBLICATION_GRAPH = "https://w3id.org/aspen/graph/publication"
"""The graph ``aspen publish`` writes its publication record into (last). It is store
bookkeeping, not release content: :attr:`RemoteStore.graph_names`, :meth:`graph_sizes` and
``len()`` leave it out, so they agree with the embedded store loaded from the same release."""
UNION_PROBE = "union-default-probe.rq"
PUBLICATION_QUERY = "publication-record.rq"
_ACCEPT_ANY = f"{SPARQL_RESULTS_JSON}, {NTRIPLES};q=0.9"
_SIZES_TTL = 30.0
"""Seconds the graph list is trusted before it is asked again (the guard reads it per query)."""


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
        self.stats = PoolStats()
        self._client = httpx.Client(
            auth=auth,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            follow_redirects=False,
            headers={"User-Agent": "aspen-graph"},
        )
        self._lock = threading.Lock()
        self._sizes: dict[str, int] | None = None
        self._sizes_at = 0.0
        self._reachable: bool | None = None
        self.virtuoso = False
        """Whether the store announced itself as Virtuoso (its ``Server`` header): then its
        own system graphs are left out of every query's dataset (docs/remote-stores.md)."""
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

    # -- HTTP ---------------------------------------------------------------------------------

    def _send(
        self,
        url: str,
        *,
        data: Mapping[str, str | Sequence[str]] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str],
        timeout: float | None = None,
    ) -> httpx.Response:
        """One request; the response is open (streaming) and its status is checked."""
        request = self._client.build_request(
            "POST",
            url,
            data=data,
            content=content,
            headers=dict(headers),
            timeout=(
                httpx.Timeout(timeout, connect=min(timeout, 5.0))
                if timeout
                else httpx.USE_CLIENT_DEFAULT
            ),
        )
        try:
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException as error:
            self._mark(reachable=not isinstance(error, httpx.ConnectTimeout))
            if isinstance(error, httpx.ConnectTimeout):
                raise unreachable_error(self.name, error) from None
            raise timeout_error(self.name) from None
        except httpx.TransportError as error:
            self._mark(reachable=False)
            raise unreachable_error(self.name, error) from None
        if response.status_code < 400:
            self._mark(reachable=True)
            if not self.virtuoso and response.headers.get("server", "").startswith("Virtuoso/"):
                self.virtuoso = True
            return response
        try:
            detail = response.read()[:400].decode("utf-8", "replace").strip()
        except httpx.HTTPError:
            detail = ""
        finally:
            response.close()
        raise self._status_error(response.status_code, detail)

    def _status_error(self, status: int, detail: str) -> AspenError:
        self._mark(reachable=status < 500 and status not in (401, 403))
        if status in (401, 403):
            return StoreUnavailableError(
                f"the store at {self.name} refused our credentials ({status}); check "
                "ASPEN_STORE_USER and ASPEN_STORE_PASSWORD, or ASPEN_STORE_TOKEN"
            )
        if status == 404:
            return StoreUnavailableError(
                f"the store at {self.name} has no such endpoint (404); check the store URL "
                "settings (docs/remote-stores.md)"
            )
        if status in (408, 504) or (status >= 500 and "timeout" in detail.lower()):
            return timeout_error(self.name)
        if status >= 500:
            return StoreUnavailableError(f"the store at {self.name} answered {status}: {detail}")
        return QuerySyntaxError(f"the store at {self.name} refused the query ({status}): {detail}")

    def _mark(self, *, reachable: bool) -> None:
        with self._lock:
            self._reachable = reachable
            self.stats.workers = 1 if reachable else 0
            if not reachable:
                # An outage of the store, not a crash of ours: /health counts them apart.
                self.stats.store_unavailable += 1

    def ping(self, timeout: float = 2.0) -> bool:
        """Whether the store answers a trivial query now (for /health); never raises."""
        try:
            self._query("ASK {}", SPARQL_RESULTS_JSON, timeout=min(timeout, self.timeout)).close()
        except AspenError:
            return False
        return True

    @property
    def reachable(self) -> bool | None:
        """Whether the last request reached the store (``None`` before the first one)."""
        return self._reachable

    def _query(
        self,
        text: str,
        accept: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        timeout: float | None = None,
    ) -> httpx.Response:
        data: dict[str, str | Sequence[str]] = {"query": text}
        if default_graphs:
            data["default-graph-uri"] = list(default_graphs)
        if named_graphs:
            data["named-graph-uri"] = list(named_graphs)
        return self._send(self.query_url, data=data, headers={"Accept": accept}, timeout=timeout)

    def _answer(
        self,
        response: httpx.Response,
        wanted: AnswerFormat,
        deadline: float,
        form: str | None = None,
    ) -> SerializedResult:
        return read_answer(
            response, wanted, deadline, store=self.name, form=form, virtuoso=self.virtuoso
        )

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
            return frozenset(self._graph_sizes())
        except StoreUnavailableError:
            return frozenset(self._sizes or {})

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
        return self._run(
            query,
            wanted,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            bindings=bindings,
            timeout=timeout,
        )

    def _run(
        self,
        query: CheckedQuery,
        wanted: AnswerFormat,
        *,
        default_graphs: Sequence[str],
        named_graphs: Sequence[str],
        bindings: Bindings | None,
        timeout: float | None,
    ) -> SerializedResult:
        """Send a checked query with the dataset as given (:meth:`execute` without the scoping
        to our graphs, which needs :meth:`_graph_sizes`, which runs through here)."""
        limit = self.timeout if timeout is None else timeout
        if query.form in ("CONSTRUCT", "DESCRIBE"):
            accept = NTRIPLES
        elif query.form in ("SELECT", "ASK"):
            accept = SPARQL_RESULTS_JSON
        else:
            accept = _ACCEPT_ANY
        deadline = time.monotonic() + limit
        text = bind_values(query.text, bindings)
        if query.base is not None:
            # The store would resolve relative IRIs against its own URL: name ours. A BASE of
            # the query comes later in the prologue and wins; same line, so line numbers hold.
            text = f"BASE <{query.base}> {text}"
        try:
            response = self._query(
                text,
                accept,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                timeout=limit,
            )
            result = self._answer(response, wanted, deadline, query.form)
        except QueryTimeoutError:
            with self._lock:
                self.stats.timeouts += 1
            raise
        with self._lock:
            self.stats.queries += 1
        return result

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
        response = self._send(
            self.update_url,
            content=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            timeout=timeout,
        )
        response.close()

    def _dataset(self) -> list[str]:
        """The graphs a Virtuoso query is given as its dataset: ours and the record's."""
        return sorted({*self._graph_sizes(), PUBLICATION_GRAPH})

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace one named graph in one update request (see :mod:`aspen_graph.publish`)."""
        data = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        self.update(replace_graph_update(graph_iri, data))

    def _graph_sizes(self) -> dict[str, int]:
        with self._lock:
            fresh = self._sizes is not None and time.monotonic() - self._sizes_at < _SIZES_TTL
            if fresh and self._sizes is not None:
                return self._sizes
        # Unscoped: this query finds the graphs every other query is scoped to.
        answer = self._run(
            self.check_internal(system_query(GRAPH_SIZES)),
            answer_format(TSV, NTRIPLES, self.max_results),
            default_graphs=(),
            named_graphs=(),
            bindings=None,
            timeout=None,
        )
        sizes = sizes_of(tsv_table(answer.body))
        sizes.pop(PUBLICATION_GRAPH, None)
        if self.virtuoso:
            sizes = {g: n for g, n in sizes.items() if not is_virtuoso_system_graph(g)}
        sizes = {g: n for g, n in sizes.items() if not g.startswith(STAGING_GRAPHS)}
        with self._lock:
            self._sizes, self._sizes_at = sizes, time.monotonic()
        return sizes

    def graph_sizes(self) -> dict[str, int]:
        return dict(self._graph_sizes())

    def forget_sizes(self) -> None:
        """Ask for the graph list again next time (after a publish)."""
        with self._lock:
            self._sizes = None

    def publication(self) -> dict[str, Any] | None:
        """The publication record ``aspen publish`` wrote last, or ``None`` when there is none:
        ``{"version", "issued", "manifest"}``."""
        table = self.select(
            system_query(PUBLICATION_QUERY), bindings={"record": URIRef(PUBLICATION_GRAPH)}
        )
        if not table.rows:
            return None
        row = table.records()[0]
        try:
            manifest = json.loads(str(row["manifest"]))
        except ValueError:
            manifest = {}
        return {
            "version": str(row["version"]),
            "issued": str(row["issued"]),
            "manifest": manifest if isinstance(manifest, dict) else {},
        }

    def __len__(self) -> int:
        try:
            return sum(self._graph_sizes().values())
        except StoreUnavailableError:
            return sum((self._sizes or {}).values())

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RemoteStore({self.name!r})"


__all__ = ["PUBLICATION_GRAPH", "RemoteStore"]
