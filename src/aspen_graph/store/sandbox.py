"""Killable query execution: a pool of worker processes, each with its own copy of the release.

pyoxigraph offers no query time-out and holds the GIL while it evaluates, so a runaway query can
only be stopped by killing the process that runs it. :class:`SandboxStore` keeps ``workers``
processes, each holding **a full in-memory copy of the graph** (memory ≈ workers × one store;
an on-disk store directory is opened read-only by every worker instead, which saves memory and
answers more slowly). The parent sends a query to an idle worker and waits with a deadline; at
the deadline it kills the worker (SIGKILL), starts a replacement in the background and raises
:class:`~aspen_graph.errors.QueryTimeoutError`. A worker that dies (a stack overflow on a
pathological query, the OOM killer) is replaced the same way; the caller gets
:class:`~aspen_graph.errors.StoreUnavailableError` and the server lives on.

Every query passes :func:`~aspen_graph.store.guard.check_query` first (updates, ``SERVICE``,
remote ``FROM``, depth and length limits). Results come back serialised by pyoxigraph's own
writers, with at most ``max_results`` rows or triples (counted in the worker while it writes,
so a huge result is cut off early rather than built in memory).
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import pickle
import queue
import signal
import sys
import threading
import time
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from aspen_graph.errors import (
    AspenError,
    DataLoadError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreUnavailableError,
)
from aspen_graph.namespaces import PREFIXES
from aspen_graph.store.base import Bindings, Table
from aspen_graph.store.guard import CheckedQuery, check_dataset, check_query
from aspen_graph.store.oxigraph import OxigraphStore
from aspen_graph.store.terms import to_oxigraph, to_rdflib

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

log = logging.getLogger(__name__)

RESULT_MEDIA_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
"""Media types for SELECT and ASK results (the first is the default)."""
GRAPH_MEDIA_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
}
"""Media types for CONSTRUCT and DESCRIBE results (the first is the default)."""
_TSV = "text/tab-separated-values"
_NTRIPLES = "application/n-triples"
_GRAPH_SIZES = (
    "SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } } "
    "GROUP BY ?graph ORDER BY ?graph"
)


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """What the parent sends a worker (pickled)."""

    query: str
    result_type: str = _TSV
    graph_type: str = _NTRIPLES
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    union_default: bool = True
    substitutions: tuple[tuple[str, Node], ...] = ()
    max_results: int = 100_000


@dataclass(frozen=True, slots=True)
class SerializedResult:
    """A query's answer as bytes, ready to send: its media type, query form and size."""

    body: bytes
    media_type: str
    form: str
    """SELECT, ASK or CONSTRUCT (DESCRIBE answers as CONSTRUCT)."""
    count: int | None = None
    """Rows (SELECT) or triples (CONSTRUCT); ``None`` for ASK."""


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


def _evaluate(engine: ox.Store, request: QueryRequest) -> object:
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): to_oxigraph(value) for name, value in request.substitutions
    }
    dataset: dict[str, Any] = {}
    if request.default_graphs or request.named_graphs:
        dataset["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
        dataset["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    else:
        dataset["use_default_graph_as_union"] = request.union_default
    return engine.query(request.query, substitutions=substitutions or None, **dataset)


def answer(engine: ox.Store, request: QueryRequest) -> SerializedResult:
    """Run one request on ``engine`` and serialise the answer (what a worker does).

    Raises SyntaxError from the engine, and :class:`QueryRefusedError` past ``max_results``.
    """
    max_results = request.max_results
    result = _evaluate(engine, request)
    if isinstance(result, ox.QueryBoolean):
        media_type = _known(request.result_type, RESULT_MEDIA_TYPES)
        body = result.serialize(format=RESULT_MEDIA_TYPES[media_type])
        return SerializedResult(body or b"", media_type, "ASK")
    if isinstance(result, ox.QuerySolutions):
        media_type = _known(request.result_type, RESULT_MEDIA_TYPES)
        sink = _LineCap(max_results + 1)  # the header line, then one line per row
        try:
            result.serialize(sink, format=ox.QueryResultsFormat.TSV)
        except _TooLargeError:
            raise QueryRefusedError(
                f"the query returns more than {max_results:,} rows; add a LIMIT or narrow it"
            ) from None
        body = sink.getvalue()
        if media_type != _TSV:
            solutions = ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
            body = solutions.serialize(format=RESULT_MEDIA_TYPES[media_type]) or b""
        return SerializedResult(body, media_type, "SELECT", max(sink.lines - 1, 0))
    if isinstance(result, ox.QueryTriples):
        media_type = _known(request.graph_type, GRAPH_MEDIA_TYPES)
        sink = _LineCap(max_results)
        try:
            result.serialize(sink, format=ox.RdfFormat.N_TRIPLES)
        except _TooLargeError:
            raise QueryRefusedError(
                f"the query returns more than {max_results:,} triples; narrow it"
            ) from None
        body = sink.getvalue()
        if media_type != _NTRIPLES:
            triples = ox.parse(body, ox.RdfFormat.N_TRIPLES)
            body = ox.serialize(triples, format=GRAPH_MEDIA_TYPES[media_type], prefixes=PREFIXES)
        return SerializedResult(body or b"", media_type, "CONSTRUCT", sink.lines)
    raise TypeError(f"unexpected query result {type(result).__name__}")


def _known(media_type: str, table: dict[str, Any]) -> str:
    return media_type if media_type in table else next(iter(table))


def _open_engine(source: str) -> OxigraphStore:
    path = Path(source)
    if path.is_dir():
        return OxigraphStore(path, read_only=True)
    store = OxigraphStore()
    store.load_dataset(path)
    return store


def _reply(engine: ox.Store, payload: bytes) -> tuple[str, object]:
    try:
        request = pickle.loads(payload)
        return "ok", answer(engine, request)
    except SyntaxError as error:
        return "syntax", str(error)
    except QueryRefusedError as error:
        return "refused", str(error)
    except Exception as error:  # reported to the parent, which logs it
        return "error", f"{type(error).__name__}: {error}"


def _serve(conn: Connection, source: str, memory_mb: int | None) -> None:
    """A worker's main loop: load the release, then answer requests until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    if memory_mb is not None and sys.platform.startswith("linux"):
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        store = _open_engine(source)
        graphs = sorted(str(g.value) for g in store.engine.named_graphs())
        conn.send(("ready", {"quads": len(store), "graphs": graphs}))
    except Exception as error:
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    while True:
        try:
            payload = conn.recv_bytes()
        except (EOFError, OSError):
            return
        if not payload:
            return
        conn.send(_reply(store.engine, payload))


def _context(method: str | None) -> Any:
    if method is None:
        method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([__name__])
    return context


_MAIN_LOCK = threading.Lock()


def _start_without_main(process: multiprocessing.process.BaseProcess) -> None:
    """Start a worker without making it re-run the parent's main script.

    With spawn and forkserver, a child first re-imports the parent's ``__main__`` from its file
    (CPython 3.11 ignores a ``__main__`` forkserver preload). Under ``aspen serve`` that meant
    importing the whole CLI again, 0.6 s per replacement worker instead of ~0.03 s. The worker
    needs nothing from ``__main__`` (its target lives in this module), so the main module is
    hidden for the instant of the start and put back at once.
    """
    with _MAIN_LOCK:
        main = sys.modules.get("__main__")
        if main is None or getattr(main, "__file__", None) is None:
            process.start()
            return
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            process.start()
        finally:
            sys.modules["__main__"] = main


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    served: int = 0


@dataclass
class PoolStats:
    """Counters of the pool, for /health and for measurements."""

    workers: int = 0
    starting: int = 0
    queries: int = 0
    timeouts: int = 0
    crashes: int = 0
    last_start_seconds: float = 0.0
    started: list[float] = field(default_factory=list)


class SandboxStore:
    """A read-only :class:`~aspen_graph.store.base.GraphStore` whose queries run in killable
    worker processes.

    Args:
        source: the release as N-Quads/TriG (loaded into memory by each worker), or an on-disk
            store directory (opened read-only by each worker).
        workers: pool size; each worker holds a full copy of the graph.
        timeout: seconds a query may run (and wait for a free worker) before it is stopped.
        max_results: most rows or triples a query may return.
        max_query_length: longest query text accepted.
        memory_mb: optional address-space limit per worker (Linux), so one query cannot take
            the machine's memory; a worker that hits it dies and is replaced.
        start_method: multiprocessing start method (default forkserver on Linux, else spawn).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.nq"
    >>> _ = path.write_text('<http://a> <http://b> "c" <http://g> .\\n')
    >>> with SandboxStore(path, workers=1) as store:
    ...     store.select("SELECT ?s WHERE { ?s ?p ?o }").rows
    [(rdflib.term.URIRef('http://a'),)]
    """

    def __init__(
        self,
        source: str | Path,
        *,
        workers: int = 2,
        timeout: float = 10.0,
        max_results: int = 100_000,
        max_query_length: int = 100_000,
        memory_mb: int | None = None,
        start_timeout: float = 600.0,
        start_method: str | None = None,
    ) -> None:
        path = Path(source)
        if not path.exists():
            raise DataLoadError("no release to serve here; run 'aspen build' first", path=str(path))
        if workers < 1:
            raise ValueError("a sandbox needs at least one worker")
        self.source = path
        self.size = workers
        self.timeout = timeout
        self.max_results = max_results
        self.max_query_length = max_query_length
        self.memory_mb = memory_mb
        self.start_timeout = start_timeout
        self.stats = PoolStats()
        self._context = _context(start_method)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._quads = 0
        self._graphs: frozenset[str] = frozenset()
        self._sizes: dict[str, int] | None = None
        pending = [self._launch() for _ in range(workers)]
        try:
            for worker, started in pending:
                self._await_ready(worker, started)
                self._idle.put(worker)
        except BaseException:
            for worker, _ in pending:
                self._kill(worker)
            raise

    # -- the pool ---------------------------------------------------------------------------

    def _launch(self) -> tuple[_Worker, float]:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_serve,
            args=(child, str(self.source), self.memory_mb),
            name="aspen-query-worker",
            daemon=True,
        )
        started = time.monotonic()
        _start_without_main(process)
        child.close()
        with self._lock:
            self.stats.starting += 1
        return _Worker(process, parent), started

    def _await_ready(self, worker: _Worker, started: float) -> None:
        try:
            if not worker.conn.poll(self.start_timeout):
                raise StoreUnavailableError(
                    f"a query worker did not load {self.source} within {self.start_timeout:g} s"
                )
            status, info = worker.conn.recv()
        except (EOFError, OSError):
            raise StoreUnavailableError("a query worker died while loading the release") from None
        finally:
            with self._lock:
                self.stats.starting -= 1
        if status != "ready":
            raise DataLoadError(f"a query worker could not load the release: {info}")
        seconds = time.monotonic() - started
        with self._lock:
            self._quads = info["quads"]
            self._graphs = frozenset(info["graphs"])
            self.stats.workers += 1
            self.stats.last_start_seconds = seconds
            self.stats.started.append(seconds)
            del self.stats.started[:-20]

    def _kill(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        self._kill(worker)
        with self._lock:
            self.stats.workers -= 1
            closed = self._closed
        if not closed:
            threading.Thread(target=self._replace, name="aspen-worker-start", daemon=True).start()

    def _replace(self) -> None:
        for attempt in range(5):
            try:
                worker, started = self._launch()
                self._await_ready(worker, started)
            except AspenError as error:
                log.error("could not start a query worker (attempt %d): %s", attempt + 1, error)
                time.sleep(min(2.0**attempt, 30.0))
                continue
            with self._lock:
                closed = self._closed
            if closed:
                self._kill(worker)
            else:
                self._idle.put(worker)
            return

    def _acquire(self, wait: float) -> _Worker:
        deadline = time.monotonic() + wait
        while True:
            try:
                worker = self._idle.get(timeout=max(deadline - time.monotonic(), 0.0))
            except queue.Empty:
                with self._lock:
                    alive, starting = self.stats.workers, self.stats.starting
                if self._closed or (alive == 0 and starting == 0):
                    raise StoreUnavailableError("no query worker is running") from None
                raise StoreUnavailableError(
                    f"all {self.size} query workers are busy; try again shortly"
                ) from None
            if worker.process.is_alive():
                return worker
            self._discard(worker)

    def _call(self, request: QueryRequest, timeout: float | None) -> SerializedResult:
        if self._closed:
            raise StoreUnavailableError("the store is closed")
        limit = self.timeout if timeout is None else timeout
        payload = pickle.dumps(request)
        worker = self._acquire(limit)
        reply: tuple[str, object] | None = None
        try:
            worker.conn.send_bytes(payload)
            if worker.conn.poll(limit):
                reply = worker.conn.recv()
        except (EOFError, OSError):
            self._crashed(worker)
        except BaseException:  # interrupted while waiting: the worker's state is unknown
            self._discard(worker)
            raise
        if reply is None:
            with self._lock:
                self.stats.timeouts += 1
            self._discard(worker)
            raise QueryTimeoutError(
                f"the query ran longer than {limit:g} s and was stopped; narrow it or add a LIMIT"
            )
        worker.served += 1
        with self._lock:
            self.stats.queries += 1
            closed = self._closed
            if closed:
                self.stats.workers -= 1
        if closed:
            self._kill(worker)
        else:
            self._idle.put(worker)
        status, value = reply
        if status == "ok":
            assert isinstance(value, SerializedResult)
            return value
        if status == "syntax":
            raise QuerySyntaxError(str(value))
        if status == "refused":
            raise QueryRefusedError(str(value))
        log.error("query failed in a worker: %s", value)
        raise AspenError(f"the query failed: {value}")

    def _crashed(self, worker: _Worker) -> None:
        with self._lock:
            self.stats.crashes += 1
        self._discard(worker)
        code = worker.process.exitcode
        log.error("a query worker died (exit code %s); it is being replaced", code)
        raise StoreUnavailableError(
            "the query worker stopped while running this query (it may be too complex for the "
            "engine); it is being replaced"
        )

    # -- protocol-level queries ------------------------------------------------------------

    @property
    def graph_names(self) -> frozenset[str]:
        """The store's named graphs: the only graphs FROM and dataset parameters may name."""
        return self._graphs

    def check(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> CheckedQuery:
        """Run the guard on a query and its dataset parameters (refusals raise)."""
        checked = check_query(query, local_graphs=self._graphs, max_length=self.max_query_length)
        check_dataset(default_graphs, named_graphs, self._graphs)
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
        """Run a checked query in a worker; the answer comes back serialised.

        ``result_type`` is the media type for SELECT/ASK answers, ``graph_type`` for
        CONSTRUCT/DESCRIBE (see :data:`RESULT_MEDIA_TYPES`, :data:`GRAPH_MEDIA_TYPES`).
        The default graph is the union of the named graphs unless the query (``FROM``) or the
        dataset parameters say otherwise.
        """
        check_dataset(default_graphs, named_graphs, self._graphs)
        request = QueryRequest(
            query=query.text,
            result_type=result_type or next(iter(RESULT_MEDIA_TYPES)),
            graph_type=graph_type or next(iter(GRAPH_MEDIA_TYPES)),
            default_graphs=tuple(default_graphs),
            named_graphs=tuple(named_graphs),
            union_default=not query.has_dataset,
            substitutions=tuple((bindings or {}).items()),
            max_results=self.max_results,
        )
        return self._call(request, timeout)

    # -- the GraphStore contract -----------------------------------------------------------

    def _internal(self, query: str, bindings: Bindings | None, form: str) -> SerializedResult:
        result = self.execute(
            self.check(query), result_type=_TSV, graph_type=_NTRIPLES, bindings=bindings
        )
        if result.form != form:
            wanted = "CONSTRUCT or DESCRIBE" if form == "CONSTRUCT" else form
            raise QuerySyntaxError(f"expected a {wanted} query")
        return result

    def select(self, query: str, *, bindings: Bindings | None = None) -> Table:
        result = self._internal(query, bindings, "SELECT")
        solutions = ox.parse_query_results(result.body, ox.QueryResultsFormat.TSV)
        assert isinstance(solutions, ox.QuerySolutions)
        columns = tuple(variable.value for variable in solutions.variables)
        width = range(len(columns))
        rows = [tuple(to_rdflib(solution[i]) for i in width) for solution in solutions]
        return Table(columns, rows)

    def ask(self, query: str, *, bindings: Bindings | None = None) -> bool:
        return self._internal(query, bindings, "ASK").body.strip() == b"true"

    def construct(self, query: str, *, bindings: Bindings | None = None) -> Graph:
        result = self._internal(query, bindings, "CONSTRUCT")
        graph = Graph()
        for triple in ox.parse(result.body, ox.RdfFormat.N_TRIPLES):
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))  # type: ignore[arg-type]
            )
        return graph

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        raise QueryRefusedError("the serving store is read-only")

    def graph_sizes(self) -> dict[str, int]:
        if self._sizes is None:
            table = self.select(_GRAPH_SIZES)
            self._sizes = {str(g): int(n) for g, n in table.rows}  # type: ignore[call-overload]
        return dict(self._sizes)

    def __len__(self) -> int:
        return self._quads

    def close(self) -> None:
        """Stop every worker (idle ones politely, busy ones are killed when they answer)."""
        with self._lock:
            self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            try:
                worker.conn.send_bytes(b"")
                worker.process.join(2)
            except OSError:
                pass
            self._kill(worker)
            with self._lock:
                self.stats.workers -= 1

    def __enter__(self) -> SandboxStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "GRAPH_MEDIA_TYPES",
    "RESULT_MEDIA_TYPES",
    "PoolStats",
    "QueryRequest",
    "SandboxStore",
    "SerializedResult",
    "answer",
]
