"""Killable query execution: a pool of worker processes, each with its own copy of the release.

pyoxigraph offers no query time-out and holds the GIL while it evaluates, so a runaway query can
only be stopped by killing the process that runs it. :class:`SandboxStore` keeps ``workers``
processes, each holding **a full in-memory copy of the graph** (memory ≈ workers × one store;
an on-disk store directory is opened read-only by every worker instead, which saves memory and
answers more slowly). The parent sends a query to an idle worker and waits with a deadline; at
the deadline it kills the worker (SIGKILL), starts a replacement in the background and raises
:class:`~aspen_graph.errors.QueryTimeoutError`. A worker that dies (a stack overflow on a
pathological query, the OOM killer, a Rust panic in the engine) is replaced the same way and
the server lives on; the caller learns why from the worker's stderr
(:mod:`aspen_graph.store.failure`): :class:`~aspen_graph.errors.QueryEngineError` for an engine
panic (the same query fails again), else :class:`~aspen_graph.errors.StoreUnavailableError`.

Every query passes :func:`~aspen_graph.store.guard.check_query` first (updates, ``SERVICE``,
remote ``FROM``, depth and length limits), and its ``ORDER BY`` gets the keys of
:func:`~aspen_graph.store.order_by.total_order_by`, which keep pyoxigraph from panicking on
numbers mixed with strings. This module is the parent's side (the pool); what runs inside a
worker — its loop and the messages — lives in :mod:`aspen_graph.store.worker`, starting and
killing one in :mod:`aspen_graph.store.worker_handle`, how a worker lets go of its caller's
descriptors and dies with it in :mod:`aspen_graph.store.lifeline`, the thread that starts every
worker in :mod:`aspen_graph.store.starter`, and the serialisation that cuts a result off at
``max_results`` rows or triples in :mod:`aspen_graph.store.serializer`. The pool imports its
worker, never the other way, so a worker process loads neither the pool nor anything the pool
needs.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing.util  # noqa: F401  registers its exit function before this module's (see below)
import pickle
import queue
import threading
import time
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import Node

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
from aspen_graph.store.failure import failure_error
from aspen_graph.store.guard import check_dataset, check_query
from aspen_graph.store.order_by import total_order_by
from aspen_graph.store.serializer import answer_format
from aspen_graph.store.system import GRAPH_SIZES, sizes_of, system_query
from aspen_graph.store.terms import to_oxigraph
from aspen_graph.store.types import Bindings, CheckedQuery, PoolStats, SerializedResult
from aspen_graph.store.worker import QueryRequest
from aspen_graph.store.worker_handle import Worker, spawn_worker, start_context

log = logging.getLogger(__name__)


CLOSE_WAIT = 10.0
"""Seconds :meth:`SandboxStore.close` waits for a replacement being started to give up (it
takes milliseconds: the close kills the worker it waits for)."""

_OPEN: weakref.WeakSet[SandboxStore] = weakref.WeakSet()
"""Pools not closed yet: closed at exit (see :func:`_close_open_pools`)."""


def _close_open_pools() -> None:
    """Close every pool left open at interpreter exit.

    Registered after :mod:`multiprocessing.util` registers its own exit function (which kills
    the daemon processes it knows of), so it runs first (atexit runs last-in first-out): the
    pool then stops its replacement threads, which could otherwise start a worker after that
    function ran, a worker no one would ever stop.
    """
    for pool in list(_OPEN):
        pool.close()


atexit.register(_close_open_pools)


def _substitutions(bindings: Bindings | None) -> tuple[tuple[str, Node], ...]:
    """The bindings to send, each checked here as the engine will (a value the engine refuses,
    such as an IRI with a space, is the caller's error, not a failure of the worker).

    >>> from rdflib import URIRef
    >>> _substitutions({"s": URIRef("http://a b")})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    aspen_graph.errors.QueryParameterError: 'http://a b' is not a valid RDF term: ...
    """
    for value in (bindings or {}).values():
        try:
            to_oxigraph(value)
        except ValueError as error:
            raise QueryParameterError(f"{str(value)!r} is not a valid RDF term: {error}") from None
    return tuple((bindings or {}).items())


class SandboxStore(SerializedAnswers):
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
        self._context = start_context(start_method)
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._closing = threading.Event()
        """Set with ``_closed``: wakes a replacement thread waiting to try again."""
        self._starting: set[Worker] = set()
        """Workers started and not yet ready: a close kills them."""
        self._replacing: set[threading.Thread] = set()
        """Threads starting a replacement: a close waits for them."""
        self._quads = 0
        self._graphs: frozenset[str] = frozenset()
        self._sizes: dict[str, int] | None = None
        _OPEN.add(self)
        pending: list[tuple[Worker, float]] = []
        try:
            for _ in range(workers):
                pending.append(self._launch())
            for worker, started in pending:
                self._await_ready(worker, started)
                self._idle.put(worker)
        except BaseException:
            for worker, _ in pending:
                worker.kill()
            _OPEN.discard(self)
            raise

    # -- the pool ---------------------------------------------------------------------------

    def _launch(self) -> tuple[Worker, float]:
        """Start a worker (it loads the release; :meth:`_await_ready` waits for it), unless
        the pool is closed: a close either comes first and no worker starts, or it finds the
        worker in ``_starting`` and kills it."""
        with self._lock:
            if self._closed:
                raise StoreUnavailableError("the store is closed")
            self.stats.starting += 1
        try:
            worker, started = spawn_worker(self._context, self.source, self.memory_mb)
        except BaseException:
            with self._lock:
                self.stats.starting -= 1
            raise
        with self._lock:
            self._starting.add(worker)
            closed = self._closed
        if closed:  # closed while it started: its load is cut short (see _replace)
            worker.process.kill()
        return worker, started

    def _await_ready(self, worker: Worker, started: float) -> None:
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
                self._starting.discard(worker)
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

    def _discard(self, worker: Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        worker.kill()
        with self._lock:
            self.stats.workers -= 1
            closed = self._closed
        if closed:
            return
        thread = threading.Thread(target=self._replace, name="aspen-worker-start", daemon=True)
        with self._lock:
            self._replacing.add(thread)
        thread.start()

    def _replace(self) -> None:
        try:
            for attempt in range(5):
                try:
                    worker, started = self._launch()
                except StoreUnavailableError:  # closed meanwhile
                    return
                try:
                    self._await_ready(worker, started)
                except AspenError as error:
                    worker.kill()
                    if self._closing.is_set():  # killed by the close: not a failure
                        return
                    log.error("could not start a query worker (attempt %d): %s", attempt + 1, error)
                    self._closing.wait(min(2.0**attempt, 30.0))
                    continue
                with self._lock:
                    closed = self._closed
                if closed:
                    worker.kill()
                    with self._lock:
                        self.stats.workers -= 1
                else:
                    self._idle.put(worker)
                return
        finally:
            with self._lock:
                self._replacing.discard(threading.current_thread())

    def _acquire(self, wait: float) -> Worker:
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
            worker.kill()
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

    def _crashed(self, worker: Worker) -> None:
        with self._lock:
            self.stats.crashes += 1
        worker.process.join(5)  # its exit code and all it wrote, before the file goes
        words = worker.last_words()
        self._discard(worker)
        error = failure_error(words, worker.process.exitcode)
        log.error("a query worker died (%s); it is being replaced\n%s", error, words.strip())
        raise error

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
        base: str | None = None,
    ) -> CheckedQuery:
        """Run the guard on a query and its dataset parameters (refusals raise)."""
        checked = check_query(
            query, local_graphs=self._graphs, base=base, max_length=self.max_query_length
        )
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
        max_results: int | None = None,
    ) -> SerializedResult:
        """Run a checked query in a worker; the answer comes back serialised.

        ``result_type`` is the media type for SELECT/ASK answers, ``graph_type`` for
        CONSTRUCT/DESCRIBE (see :data:`~aspen_graph.store.serializer.RESULT_MEDIA_TYPES`,
        :data:`~aspen_graph.store.serializer.GRAPH_MEDIA_TYPES`).
        The default graph is the union of the named graphs unless the query (``FROM``) or the
        dataset parameters say otherwise. ``max_results`` replaces the store's own cap (for
        :meth:`select_all`, the project's own whole reads).
        """
        check_dataset(default_graphs, named_graphs, self._graphs)
        cap = self.max_results if max_results is None else max_results
        wanted = answer_format(result_type, graph_type, cap)
        request = QueryRequest(
            query=total_order_by(query.text),  # pyoxigraph's ORDER BY panic, avoided
            result_type=wanted.result_type,
            graph_type=wanted.graph_type,
            default_graphs=tuple(default_graphs),
            named_graphs=tuple(named_graphs),
            union_default=not query.has_dataset,
            substitutions=_substitutions(bindings),
            max_results=wanted.max_results,
            base_iri=query.base,
        )
        return self._call(request, timeout)

    # -- the GraphStore contract -----------------------------------------------------------

    def check_internal(self, query: str) -> CheckedQuery:
        return self.check(query)

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        raise QueryRefusedError("the serving store is read-only")

    def publication(self) -> dict[str, Any] | None:
        """None: the release's own files (``dist/manifest.json``) describe what is served."""
        return None

    def graph_sizes(self) -> dict[str, int]:
        if self._sizes is None:
            self._sizes = sizes_of(self.select(system_query(GRAPH_SIZES)))
        return dict(self._sizes)

    def __len__(self) -> int:
        return self._quads

    def close(self) -> None:
        """Stop every worker (idle ones politely, busy ones are killed when they answer, ones
        being started at once), and wait for the threads that start replacements to end."""
        with self._lock:
            self._closed = True
            self._closing.set()
            starting = list(self._starting)
            replacing = list(self._replacing)
        _OPEN.discard(self)
        for worker in starting:  # their starter (a replacement thread) cleans up after them
            if worker.process.is_alive():
                worker.process.kill()
        deadline = time.monotonic() + CLOSE_WAIT
        for thread in replacing:
            thread.join(max(deadline - time.monotonic(), 0.0))
        with self._lock:
            stuck = list(self._starting)
        for worker in stuck:  # a replacement thread that did not end in time
            worker.kill()
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
            worker.kill()
            with self._lock:
                self.stats.workers -= 1

    def __enter__(self) -> SandboxStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["SandboxStore"]
