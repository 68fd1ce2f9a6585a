"""The HTTP side of a remote store: one query or update sent, its answer read, faults named.

:class:`RemoteConnection` sends ``POST`` requests (SPARQL 1.1 Protocol form for queries, a
SPARQL Update body for updates) and keeps the store's counters (:class:`PoolStats`).

Faults never leave the API broken: no connection state is kept between requests (httpx's pool
reconnects), a refused connection, a 5xx, a 401/403 or a time-out raise
:class:`~aspen_graph.errors.StoreUnavailableError` or
:class:`~aspen_graph.errors.QueryTimeoutError` (503 with ``Retry-After`` in the API), and the
next request simply tries again. Every message names the store by its redacted URL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence

import httpx

from aspen_graph.errors import (
    AspenError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreUnavailableError,
)
from aspen_graph.store.remote_standard import bind_values
from aspen_graph.store.remote_streaming import (
    SPARQL_RESULTS_JSON,
    read_answer,
    timeout_error,
    unreachable_error,
)
from aspen_graph.store.serializer import NTRIPLES
from aspen_graph.store.types import (
    AnswerFormat,
    Bindings,
    CheckedQuery,
    PoolStats,
    SerializedResult,
)

_ACCEPT_ANY = f"{SPARQL_RESULTS_JSON}, {NTRIPLES};q=0.9"


class RemoteConnection:
    """Requests to one store (``name``: its redacted query URL), each within ``timeout``
    seconds (connecting gets at most 5 of them) unless a request says otherwise."""

    def __init__(
        self, query_url: str, name: str, *, timeout: float, auth: httpx.Auth | None
    ) -> None:
        self.query_url = query_url
        self.name = name
        self.timeout = timeout
        self.stats = PoolStats()
        self._client = httpx.Client(
            auth=auth,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            follow_redirects=False,
            headers={"User-Agent": "aspen-graph"},
        )
        self._lock = threading.Lock()
        self._reachable: bool | None = None
        self.virtuoso = False
        """Whether the store announced itself as Virtuoso (its ``Server`` header): then its
        own system graphs are left out of every query's dataset (docs/remote-stores.md)."""

    def send(
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
        return self.send(self.query_url, data=data, headers={"Accept": accept}, timeout=timeout)

    def run(
        self,
        query: CheckedQuery,
        wanted: AnswerFormat,
        *,
        default_graphs: Sequence[str],
        named_graphs: Sequence[str],
        bindings: Bindings | None,
        timeout: float | None,
    ) -> SerializedResult:
        """Send a checked query with the dataset as given and read its answer within the time
        limit (``timeout``, else the connection's), counted in :attr:`stats`."""
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
            result = read_answer(
                response,
                wanted,
                deadline,
                store=self.name,
                form=query.form,
                virtuoso=self.virtuoso,
            )
        except QueryTimeoutError:
            with self._lock:
                self.stats.timeouts += 1
            raise
        with self._lock:
            self.stats.queries += 1
        return result

    def close(self) -> None:
        self._client.close()


__all__ = ["RemoteConnection"]
