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
  and re-serialised by :func:`~aspen_graph.store.worker.serialize_answer` — the code the query
  workers use — so ``max_results``, media types and fallbacks are the same.
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

import contextlib
import io
import json
import logging
import re
import threading
import time
from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import urljoin

import httpx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import BNode, Node

from aspen_graph.config import Settings
from aspen_graph.errors import (
    AspenError,
    DataLoadError,
    QueryParameterError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreUnavailableError,
)
from aspen_graph.store.answers import SerializedAnswers
from aspen_graph.store.base import Bindings, Table
from aspen_graph.store.guard import CheckedQuery, check_dataset, check_query, tokenize
from aspen_graph.store.sandbox import PoolStats
from aspen_graph.store.system import GRAPH_SIZES, sizes_of, system_query
from aspen_graph.store.terms import to_oxigraph, to_rdflib
from aspen_graph.store.worker import (
    GRAPH_MEDIA_TYPES,
    NTRIPLES,
    RESULT_MEDIA_TYPES,
    TSV,
    QueryRequest,
    SerializedResult,
    serialize_answer,
)

log = logging.getLogger(__name__)

PUBLICATION_GRAPH = "https://w3id.org/aspen/graph/publication"
"""The graph ``aspen publish`` writes its publication record into (last). It is store
bookkeeping, not release content: :attr:`RemoteStore.graph_names`, :meth:`graph_sizes` and
``len()`` leave it out, so they agree with the embedded store loaded from the same release."""
UNION_PROBE = "union-default-probe.rq"
PUBLICATION_QUERY = "publication-record.rq"
SPARQL_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT_ANY = f"{SPARQL_RESULTS_JSON}, {NTRIPLES};q=0.9"
_RESULT_FORMATS = {
    SPARQL_RESULTS_JSON: ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    TSV: ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # Virtuoso's and old Sesame's name for N-Triples
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/",
    "http://www.w3.org/ns/ldp#",
    "http://www.w3.org/2002/07/owl#",
    "http://localuriqaserver/",
    "http://localhost:8890/",
)
"""IRI prefixes of the graphs Virtuoso creates for itself (its RDF views' metadata, LDP and OWL
vocabularies, the endpoint's service description). They are not the store's content: a store
found to be Virtuoso leaves them out of its graph list and of every query's dataset."""
_ASK_COLUMN = "__ASK_RETVAL"
"""Virtuoso 7.2 answers ``ASK`` as a table with this one column (a row means true)."""
INSERT_DATA_TRIPLES = 2000
"""Most triples in one ``INSERT DATA`` operation: Virtuoso's SPARQL parser runs out of stack
near 5,000 lines (``SP030 … memory exhausted``); a larger graph is sent as several operations
in the same request (still one transaction)."""
INSERT_TEMPLATE_TRIPLES = 500
"""Most triples in one ``INSERT { … } WHERE {}`` (used for blank nodes): Virtuoso compiles it to
SQL and refuses more than 10,000 lines of that (SP031), about 1,000 triples."""
STAGING_GRAPHS = "urn:aspen:staging:"
"""Prefix of the graphs a publish to Virtuoso loads a large graph into before switching it in
(``aspen_graph.publish.to_store``); never part of the store's graph list or of a query."""
_SIZES_TTL = 30.0
"""Seconds the graph list is trusted before it is asked again (the guard reads it per query)."""


def is_remote(location: str | None) -> bool:
    """Whether a ``--store`` value names a remote store.

    >>> is_remote("http://127.0.0.1:7878"), is_remote("memory"), is_remote("/var/lib/aspen")
    (True, False, False)
    """
    return location is not None and location.startswith(("http://", "https://"))


def redact(url: str) -> str:
    """A store URL fit for messages and logs: no user info, no query string, no fragment.

    >>> redact("https://user:secret@example.org:8443/ds/sparql?apikey=x#y")
    'https://example.org:8443/ds/sparql'
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "<an invalid URL>"
    port = f":{parsed.port}" if parsed.port is not None else ""
    return f"{parsed.scheme}://{parsed.host}{port}{parsed.path}"


def _checked_url(url: str, what: str) -> str:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        raise StoreUnavailableError(f"{what} is not a valid URL") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise StoreUnavailableError(f"{what} {redact(url)} is not an http(s) URL")
    if parsed.userinfo:
        raise StoreUnavailableError(
            f"{what} {redact(url)} carries credentials in the URL; set ASPEN_STORE_USER and "
            "ASPEN_STORE_PASSWORD (or ASPEN_STORE_TOKEN) in the environment instead"
        )
    return url


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The three standard endpoints of a store (update and graph store are optional)."""

    query: str
    update: str | None = None
    graph_store: str | None = None

    @classmethod
    def oxigraph(cls, base: str) -> Endpoints:
        """Oxigraph server's endpoints under one base URL.

        >>> Endpoints.oxigraph("http://127.0.0.1:7878/").update
        'http://127.0.0.1:7878/update'
        """
        root = base.rstrip("/")
        return cls(f"{root}/query", f"{root}/update", f"{root}/store")

    @classmethod
    def from_settings(cls, settings: Settings) -> Endpoints | None:
        """The endpoints ``settings`` name, or ``None`` for the embedded store.

        ``ASPEN_STORE=http://host:port`` gives Oxigraph server's ``/query``, ``/update`` and
        ``/store``; a URL with a path (``http://host:8890/sparql``) is one endpoint for both
        queries and updates (Virtuoso's ``/sparql``); ``ASPEN_STORE_QUERY_URL`` /
        ``_UPDATE_URL`` / ``_GSP_URL`` override each (and alone make the store remote), for
        Fuseki, GraphDB and the like.

        >>> Endpoints.from_settings(Settings(store="http://h:1")).query
        'http://h:1/query'
        >>> Endpoints.from_settings(Settings(store="http://h:8890/sparql")).update
        'http://h:8890/sparql'
        >>> Endpoints.from_settings(Settings(store_query_url="http://h/ds/sparql")).update is None
        True
        """
        base = None
        if is_remote(settings.store):
            one = _endpoint_path(settings.store)
            base = cls(settings.store, settings.store) if one else cls.oxigraph(settings.store)
        query = settings.store_query_url or (base.query if base else None)
        if query is None:
            return None
        return cls(
            _checked_url(query, "the query endpoint"),
            _optional_url(settings.store_update_url or (base.update if base else None), "update"),
            _optional_url(
                settings.store_gsp_url or (base.graph_store if base else None), "graph store"
            ),
        )


def _endpoint_path(url: str) -> bool:
    """Whether a store URL names an endpoint (has a path) rather than a server's root."""
    try:
        return httpx.URL(url).path.strip("/") != ""
    except (httpx.InvalidURL, TypeError):
        return False


VENDOR_FUNCTIONS = (
    "bif:",
    "sql:",
    "http://www.openlinksw.com/schemas/bif#",
    "http://www.openlinksw.com/schemas/sql#",
)
"""IRIs Virtuoso runs as its own SQL built-ins (``bif:``) or stored procedures (``sql:``)."""
_SYNTAX_BASE = "http://syntax-check.invalid/"
_SYNTAX_STORE = ox.Store()
"""An empty store whose query parser is the standard check (answers are never read)."""


def check_standard(query: str) -> None:
    """Refuse a query that is not standard SPARQL 1.1, or names a Virtuoso built-in.

    A remote store may accept more than the standard: Virtuoso runs ``DEFINE`` pragmas,
    ``bif:`` and ``sql:`` functions (SQL, files, sequences …) with its prefixes undeclared, and
    ``OPTION (…)`` clauses. The query is parsed by pyoxigraph's SPARQL 1.1 parser (it is not
    evaluated: the answer of the empty store is never read), and the IRIs it names are checked.

    >>> check_standard("DEFINE input:inference 'r' SELECT * {}")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    aspen_graph.errors.QuerySyntaxError: the query is not standard SPARQL 1.1: error at 1:10: ...
    >>> check_standard("PREFIX b: <bif:> SELECT (b:sequence_next('s') AS ?n) {}")
    Traceback (most recent call last):
    ...
    aspen_graph.errors.QueryRefusedError: b: is a store extension (bif:); this endpoint runs standard SPARQL only
    """  # noqa: E501
    prefixes: dict[str, str] = {}
    base = ""
    code = [t for t in tokenize(query) if t.kind not in ("ws", "comment")]
    for index, token in enumerate(code):
        word = token.text.upper() if token.kind == "word" else ""
        if word == "PREFIX" and index + 2 < len(code):
            prefixes[code[index + 1].text.rstrip(":")] = urljoin(base, code[index + 2].text[1:-1])
        elif word == "BASE" and index + 1 < len(code):
            base = urljoin(base, code[index + 1].text[1:-1])
        if token.kind in ("iri", "pname"):
            if token.kind == "iri":
                iri = urljoin(base, token.text[1:-1]) if base else token.text[1:-1]
            else:
                prefix, _, local = token.text.partition(":")
                iri = prefixes.get(prefix, prefix + ":") + local
            if iri.lower().startswith(VENDOR_FUNCTIONS):
                raise QueryRefusedError(
                    f"{token.text} is a store extension ({iri}); this endpoint runs standard "
                    "SPARQL only"
                )
    try:
        _SYNTAX_STORE.query(query, base_iri=_SYNTAX_BASE)
    except SyntaxError as error:
        raise QuerySyntaxError(f"the query is not standard SPARQL 1.1: {error}") from None
    except (OSError, RuntimeError, ValueError):
        pass  # planning or evaluating on the empty store failed: the syntax was fine


def is_virtuoso_system_graph(graph_iri: str) -> bool:
    """Whether a graph is one Virtuoso made for itself (:data:`VIRTUOSO_SYSTEM_GRAPHS`).

    >>> is_virtuoso_system_graph("http://www.openlinksw.com/schemas/virtrdf#")
    True
    >>> is_virtuoso_system_graph("https://w3id.org/aspen/graph/catalogue")
    False
    """
    return graph_iri.startswith(VIRTUOSO_SYSTEM_GRAPHS)


def _optional_url(url: str | None, what: str) -> str | None:
    return None if url is None else _checked_url(url, f"the {what} endpoint")


def store_auth(settings: Settings) -> httpx.Auth | None:
    """Basic auth from ``ASPEN_STORE_USER`` + ``ASPEN_STORE_PASSWORD``, or a bearer token from
    ``ASPEN_STORE_TOKEN``; ``None`` without either.

    >>> store_auth(Settings()) is None
    True
    """
    token = settings.store_token.get_secret_value() if settings.store_token else ""
    if token:
        return _Bearer(token)
    if settings.store_user:
        password = settings.store_password.get_secret_value() if settings.store_password else ""
        return _BasicOrDigest(settings.store_user, password)
    return None


class _BasicOrDigest(httpx.Auth):
    """Basic auth, sent at once; a 401 that asks for Digest, or a bare 401 (Virtuoso's
    ``/sparql-auth``), is answered with Digest, which the following requests then use."""

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._use_digest = False

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._use_digest:
            yield from self._digest.auth_flow(request)
            return
        response = yield from _one(self._basic.auth_flow(request))
        challenge = response.headers.get("www-authenticate", "")
        if response.status_code != 401 or challenge[:6].lower() not in ("", "digest"):
            return
        # Virtuoso answers Basic with a bare 401: ask again without it to get the challenge.
        request.headers.pop("Authorization", None)
        flow = self._digest.auth_flow(request)
        bare = next(flow)
        if not challenge:
            response = yield bare
            if not response.headers.get("www-authenticate", "").lower().startswith("digest"):
                return
        try:
            retry = flow.send(response)
        except StopIteration:
            return
        self._use_digest = True
        response = yield retry
        with contextlib.suppress(StopIteration):
            flow.send(response)

    def __repr__(self) -> str:  # never show the password
        return "_BasicOrDigest(<redacted>)"


def _one(
    flow: Generator[httpx.Request, httpx.Response, None],
) -> Generator[httpx.Request, httpx.Response, httpx.Response]:
    """Send the one request a simple auth flow makes; return its response."""
    response = yield next(flow)
    return response


class _Bearer(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:  # never show the token, even in a debugger or a traceback
        return "_Bearer(<redacted>)"


def _sparql_term(value: Node) -> str:
    if isinstance(value, BNode):
        raise QueryParameterError(f"a blank node ({value.n3()}) cannot be sent as a parameter")
    try:
        return str(to_oxigraph(value))
    except ValueError as error:
        raise QueryParameterError(f"{str(value)!r} is not a valid RDF term: {error}") from None


def bind_values(query: str, bindings: Bindings | None) -> str:
    """``query`` with its variables bound by a one-row ``VALUES`` first in each ``WHERE`` group.

    >>> bind_values("SELECT ?x ?y WHERE { ?x <http://p> ?y }", {"y": URIRef("http://o")})
    'SELECT ?x ?y WHERE { VALUES (?y) { (<http://o>) } ?x <http://p> ?y }'
    >>> bind_values("ASK { ?s ?p ?o }", {"s": URIRef("http://s")})
    'ASK { VALUES (?s) { (<http://s>) } ?s ?p ?o }'
    """
    if not bindings:
        return query
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(_sparql_term(value) for value in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }}"
    code = [t for t in tokenize(query) if t.kind not in ("ws", "comment")]
    points: list[int] = []
    depth = 0
    first_top_group: int | None = None
    for index, token in enumerate(code):
        if token.text == "{":
            if depth == 0 and first_top_group is None:
                first_top_group = token.start + 1
            before = code[index - 1] if index else None
            if before is not None and before.kind == "word" and before.text.upper() == "WHERE":
                points.append(token.start + 1)
            depth += 1
        elif token.text == "}":
            depth -= 1
    if not points and first_top_group is not None:  # ASK { … } and SELECT * { … }
        points.append(first_top_group)
    if not points:
        raise QuerySyntaxError("cannot bind parameters: the query has no WHERE group")
    for point in reversed(points):
        query = query[:point] + block + query[point:]
    return query


class _Stream(io.RawIOBase):
    """A response body as a file for pyoxigraph's parsers, with an overall deadline.

    A read past the deadline raises; the exception is kept so the caller can raise it again
    (pyoxigraph reports reader failures as its own OSError).
    """

    def __init__(self, response: httpx.Response, deadline: float, store: str) -> None:
        super().__init__()
        self._chunks = response.iter_raw() if _identity(response) else response.iter_bytes()
        self._buffer = b""
        self._deadline = deadline
        self._store = store
        self.error: AspenError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            if time.monotonic() > self._deadline:
                self.error = _timeout(self._store)
                raise self.error
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
            except httpx.TimeoutException:
                self.error = _timeout(self._store)
                raise self.error from None
            except httpx.TransportError as error:
                self.error = _unreachable(self._store, error)
                raise self.error from None
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def _identity(response: httpx.Response) -> bool:
    encoding: str = response.headers.get("content-encoding", "identity")
    return encoding == "identity"


def _timeout(store: str) -> QueryTimeoutError:
    return QueryTimeoutError(
        f"the store at {store} did not answer within the time limit; narrow the query or add a "
        "LIMIT (or the store is overloaded)"
    )


def _unreachable(store: str, error: Exception) -> StoreUnavailableError:
    reasons: dict[type[Exception], str] = {
        httpx.ConnectError: "connection refused or host unreachable",
        httpx.ConnectTimeout: "no answer to the connection",
        httpx.RemoteProtocolError: "the connection was closed mid-answer",
        httpx.ReadError: "the connection broke",
    }
    reason = reasons.get(type(error), type(error).__name__)
    return StoreUnavailableError(f"the store at {store} cannot be reached ({reason})")


def _media(response: httpx.Response) -> str:
    header: str = response.headers.get("content-type", "")
    return header.split(";")[0].strip().lower()


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
        self.query_url = _checked_url(query_url, "the query endpoint")
        self.update_url = _optional_url(update_url, "update")
        self.store_url = _optional_url(store_url, "graph store")
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
                raise _unreachable(self.name, error) from None
            raise _timeout(self.name) from None
        except httpx.TransportError as error:
            self._mark(reachable=False)
            raise _unreachable(self.name, error) from None
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
            return _timeout(self.name)
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
        request: QueryRequest,
        deadline: float,
        form: str | None = None,
    ) -> SerializedResult:
        """Parse the streaming answer and serialise it as ``request`` asks (with the cap)."""
        media = _media(response)
        cut = response.headers.get("x-sparql-maxrows")
        if cut is not None:  # Virtuoso's ResultSetMaxRows cut the answer (otherwise silently)
            response.close()
            raise self._cut_answer(cut, request.max_results)
        stream = _Stream(response, deadline, self.name)
        source = cast(IO[bytes], stream)
        try:
            if media in _RESULT_FORMATS:
                parsed: Any = ox.parse_query_results(source, _RESULT_FORMATS[media])
                if form == "ASK" and isinstance(parsed, ox.QuerySolutions):
                    parsed = _ask_table(parsed)
                elif self.virtuoso and isinstance(parsed, ox.QuerySolutions):
                    parsed = _boolean_rows(parsed)
            elif media in _GRAPH_FORMATS:
                parsed = (quad.triple for quad in ox.parse(source, _GRAPH_FORMATS[media]))
                if self.virtuoso:
                    parsed = _boolean_triples(parsed)
            else:
                raise StoreUnavailableError(
                    f"the store at {self.name} answered in {media or 'no media type'}, "
                    "which is not a SPARQL result format"
                )
            return serialize_answer(parsed, request)
        except (SyntaxError, OSError, ValueError) as error:
            if stream.error is not None:
                raise stream.error from None
            if isinstance(error, AspenError):
                raise
            raise StoreUnavailableError(
                f"the store at {self.name} sent an answer that does not parse: {error}"
            ) from None
        finally:
            response.close()

    def _cut_answer(self, cut: str, max_results: int) -> AspenError:
        rows = int(cut) if cut.strip().isdigit() else 0
        if rows > max_results:  # more rows than we serve anyway: the usual refusal
            return QueryRefusedError(
                f"the query returns more than {max_results:,} rows; add a LIMIT or narrow it"
            )
        return QueryRefusedError(
            f"the store at {self.name} cut the answer at {rows:,} rows (Virtuoso's "
            f"ResultSetMaxRows); set it above ASPEN_MAX_RESULTS ({max_results:,}), or add a LIMIT"
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
    ) -> SerializedResult:
        """Run a checked query on the store; the answer comes back serialised (as the
        sandbox's :meth:`~aspen_graph.store.sandbox.SandboxStore.execute`)."""
        if self.virtuoso and not (query.has_dataset or default_graphs or named_graphs):
            # Virtuoso's default graph and GRAPH ?g also hold its own system graphs: name
            # ours (the publication record's graph included, as a union store has it).
            default_graphs = named_graphs = self._dataset()
        return self._execute(
            query,
            result_type=result_type,
            graph_type=graph_type,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            bindings=bindings,
            timeout=timeout,
        )

    def _execute(
        self,
        query: CheckedQuery,
        *,
        result_type: str | None = None,
        graph_type: str | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        bindings: Bindings | None = None,
        timeout: float | None = None,
    ) -> SerializedResult:
        limit = self.timeout if timeout is None else timeout
        request = QueryRequest(
            query=query.text,
            result_type=result_type or next(iter(RESULT_MEDIA_TYPES)),
            graph_type=graph_type or next(iter(GRAPH_MEDIA_TYPES)),
            max_results=self.max_results,
        )
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
            result = self._answer(response, request, deadline, query.form)
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
        answer = self._execute(
            self.check_internal(system_query(GRAPH_SIZES)), result_type=TSV, graph_type=NTRIPLES
        )
        sizes = sizes_of(_table(answer.body))
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


def _ask_table(solutions: ox.QuerySolutions) -> ox.QueryBoolean | ox.QuerySolutions:
    """An ASK answer Virtuoso sent as a one-column table (a row with a true value: true)."""
    if [variable.value for variable in solutions.variables] != [_ASK_COLUMN]:
        return solutions
    truth = any(row[0] is not None and row[0].value not in ("0", "false") for row in solutions)
    text = b'{"head": {}, "boolean": true}' if truth else b'{"head": {}, "boolean": false}'
    parsed = ox.parse_query_results(text, ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QueryBoolean)
    return parsed


_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_BOOLEAN_FORMS = {
    b'"1"^^<http://www.w3.org/2001/XMLSchema#boolean>': b"true",
    b'"0"^^<http://www.w3.org/2001/XMLSchema#boolean>': b"false",
}
_BOOLEAN_TERM = re.compile(rb'"[01]"\^\^<http://www\.w3\.org/2001/XMLSchema#boolean>')


def _boolean_rows(solutions: ox.QuerySolutions) -> ox.QuerySolutions:
    """Virtuoso's ``"1"``/``"0"`` booleans written ``true``/``false`` (the same values, in the
    canonical form the data and the embedded store have)."""
    tsv = solutions.serialize(format=ox.QueryResultsFormat.TSV) or b""
    if _BOOLEAN_TERM.search(tsv):
        tsv = _BOOLEAN_TERM.sub(lambda match: _BOOLEAN_FORMS[match.group(0)], tsv)
    parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    return parsed


def _boolean_triples(triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
    """The triples with Virtuoso's ``"1"``/``"0"`` booleans made ``"true"``/``"false"``."""
    for triple in triples:
        value = triple.object
        if (
            isinstance(value, ox.Literal)
            and value.datatype == _BOOLEAN
            and value.value in {"0", "1"}
        ):
            value = ox.Literal("true" if value.value == "1" else "false", datatype=_BOOLEAN)
            triple = ox.Triple(triple.subject, triple.predicate, value)
        yield triple


def _table(tsv: bytes) -> Table:
    solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    assert isinstance(solutions, ox.QuerySolutions)
    columns = tuple(variable.value for variable in solutions.variables)
    rows = [tuple(to_rdflib(row[i]) for i in range(len(columns))) for row in solutions]
    return Table(columns, rows)


def replace_graph_update(graph_iri: str, ntriples: str) -> str:
    """The update that replaces one graph: ``DROP SILENT GRAPH`` then ``INSERT DATA``, in one
    request, hence one transaction where the store makes each request one (Oxigraph, Fuseki
    TDB2, GraphDB; Virtuoso too, as measured: docs/remote-stores.md). A graph of more than
    :data:`INSERT_DATA_TRIPLES` triples is inserted by several operations of that request.

    >>> print(replace_graph_update("http://g", "<http://a> <http://b> <http://c> .\\n"))
    DROP SILENT GRAPH <http://g> ;
    INSERT DATA { GRAPH <http://g> {
    <http://a> <http://b> <http://c> .
    } }
    """
    name = str(ox.NamedNode(graph_iri))
    return " ;\n".join([f"DROP SILENT GRAPH {name}", *insert_data_updates(graph_iri, ntriples)])


def insert_data_updates(graph_iri: str, ntriples: str) -> list[str]:
    """``INSERT DATA`` operations adding N-Triples to a graph, each of at most
    :data:`INSERT_DATA_TRIPLES` triples, except that the triples sharing a blank node stay in
    one operation (a blank node label means a new node in each operation).

    >>> insert_data_updates("http://g", "_:b <http://p> <http://o> .\\n")
    ['INSERT { GRAPH <http://g> {\\n_:b <http://p> <http://o> .\\n} } WHERE {}']

    >>> lines = "".join(f"<http://a> <http://b> <http://c{i}> .\\n" for i in range(2500))
    >>> [part.count("\\n") for part in insert_data_updates("http://g", lines)]
    [2001, 501]
    """
    name = str(ox.NamedNode(graph_iri))
    lines = [line for line in ntriples.splitlines() if line.strip()]
    if not lines:
        return []
    if len(lines) <= INSERT_DATA_TRIPLES and not _BLANK_LABEL.search(_LITERAL.sub("", ntriples)):
        return [f"INSERT DATA {{ GRAPH {name} {{\n{ntriples}}} }}"] if lines else []
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent[label] != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    labels_of = [_BLANK_LABEL.findall(_LITERAL.sub("", line)) for line in lines]
    for labels in labels_of:  # union the blank nodes that share a triple
        for label in labels:
            parent.setdefault(label, label)
        for label in labels[1:]:
            parent[root(label)] = root(labels[0])
    groups: dict[str | int, list[str]] = {}
    for index, (line, labels) in enumerate(zip(lines, labels_of, strict=True)):
        groups.setdefault(root(labels[0]) if labels else index, []).append(line)
    plain = [group for key, group in groups.items() if isinstance(key, int)]
    blank = [group for key, group in groups.items() if isinstance(key, str)]
    return [
        *(_insert_data(name, chunk) for chunk in _packed(plain, INSERT_DATA_TRIPLES)),
        *(_insert_data(name, chunk) for chunk in _packed(blank, INSERT_TEMPLATE_TRIPLES)),
    ]


def _packed(groups: list[list[str]], size: int) -> Iterator[list[str]]:
    """The groups' lines in chunks of at most ``size`` (a larger group is a chunk of its own)."""
    chunk: list[str] = []
    for group in groups:
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk:
        yield chunk


_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')
_BLANK_LABEL = re.compile(r"_:[A-Za-z0-9_.\-]+")


def _insert_data(name: str, lines: list[str]) -> str:
    """One ``INSERT DATA``, or ``INSERT … WHERE {}`` when blank nodes are in it: Virtuoso
    refuses them in ``INSERT DATA`` (SP031), and the template makes the same fresh nodes."""
    body = "\n".join(lines)
    if any(_BLANK_LABEL.search(_LITERAL.sub("", line)) for line in lines):
        return f"INSERT {{ GRAPH {name} {{\n{body}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}"


class ReleaseGraphs:
    """The named graphs of a release file (N-Quads or TriG), parsed once: their sizes at once,
    then each as N-Triples in IRI order. Triples in the file's default graph are refused:
    queries over the union of the named graphs would not see them.
    """

    def __init__(self, path: Path) -> None:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
        if fmt not in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            raise DataLoadError(
                "a release to publish must be N-Quads (.nq) or TriG (.trig)", path=str(path)
            )
        self._store = ox.Store()
        try:
            self._store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as error:
            raise DataLoadError(str(error), path=str(path)) from error
        except OSError as error:
            raise DataLoadError(error.strerror or str(error), path=str(path)) from error
        default = ox.DefaultGraph()
        if next(iter(self._store.quads_for_pattern(None, None, None, default)), None) is not None:
            raise DataLoadError(
                "the release has triples outside any named graph; publish only named graphs",
                path=str(path),
            )
        self.names = sorted(str(graph.value) for graph in self._store.named_graphs())

    def ntriples(self, graph_iri: str) -> tuple[bytes, int]:
        """One graph as N-Triples, and its number of triples."""
        name = ox.NamedNode(graph_iri)
        triples = [quad.triple for quad in self._store.quads_for_pattern(None, None, None, name)]
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", len(triples)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the release."""
        return iter(self._store.quads_for_pattern(None, None, None, None))

    def __iter__(self) -> Iterator[tuple[str, bytes, int]]:
        """``(graph IRI, N-Triples, triples)`` for each graph."""
        for graph_iri in self.names:
            yield (graph_iri, *self.ntriples(graph_iri))


def dataset_graphs(path: Path) -> Iterator[tuple[str, bytes, int]]:
    """``(graph IRI, N-Triples, triples)`` for each named graph of a release file."""
    return iter(ReleaseGraphs(path))


__all__ = [
    "PUBLICATION_GRAPH",
    "STAGING_GRAPHS",
    "Endpoints",
    "ReleaseGraphs",
    "RemoteStore",
    "bind_values",
    "check_standard",
    "dataset_graphs",
    "insert_data_updates",
    "is_remote",
    "is_virtuoso_system_graph",
    "redact",
    "replace_graph_update",
    "store_auth",
]
