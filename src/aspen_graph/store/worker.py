"""The worker side of the sandbox: what runs inside each query process.

A worker (:func:`serve`, the target of every process that
:class:`~aspen_graph.store.sandbox.SandboxStore` starts) loads the release once, tells the
parent it is ready, then answers pickled :class:`QueryRequest` messages with
``(status, value)`` replies until it gets an empty message or its pipe closes. :func:`answer`
runs a request on the embedded engine and writes the result with
:func:`~aspen_graph.store.serializer.serialize_answer`, the writer every backend shares (at
most ``max_results`` rows or triples).

Replies on the pipe:

==========  ============================================================================
status      value
==========  ============================================================================
ready       ``{"quads": int, "graphs": [str, ...]}``, once, after the release loaded
failed      the reason the release could not be loaded (the worker then exits)
ok          a :class:`~aspen_graph.store.types.SerializedResult`
syntax      the engine's syntax-error message
refused     why the answer was refused (too many rows or triples)
error       ``"<ExceptionType>: <message>"`` for anything else (the parent logs it)
==========  ============================================================================

This module is imported by the worker processes (forkserver preload), so it imports only what
a worker needs: its ties to the parent (:mod:`~aspen_graph.store.lifeline`), the embedded
store it wraps (:mod:`~aspen_graph.store.oxigraph`, the one
backend it depends on, never the other way), the serializer and the shared types — not the
pool (:mod:`~aspen_graph.store.sandbox`), the remote store or httpx
(``tests/store/test_store_imports.py`` checks).
"""

from __future__ import annotations

import json
import pickle
import signal
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from aspen_graph.errors import QueryRefusedError
from aspen_graph.store.lifeline import detach, die_with_parent, parent_sentinel
from aspen_graph.store.oxigraph import OxigraphStore
from aspen_graph.store.serializer import NTRIPLES, TSV, serialize_answer
from aspen_graph.store.terms import to_oxigraph
from aspen_graph.store.types import AnswerFormat, SerializedResult


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """What the parent sends a worker (pickled)."""

    query: str
    result_type: str = TSV
    graph_type: str = NTRIPLES
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    union_default: bool = True
    substitutions: tuple[tuple[str, Node], ...] = ()
    max_results: int = 100_000
    base_iri: str | None = None
    """What relative IRIs of the query resolve against (the endpoint's URL)."""


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
    if request.base_iri is not None:
        dataset["base_iri"] = request.base_iri
    return engine.query(request.query, substitutions=substitutions or None, **dataset)


def answer(engine: ox.Store, request: QueryRequest) -> SerializedResult:
    """Run one request on ``engine`` and serialise the answer (what a worker does).

    Raises SyntaxError from the engine, and :class:`QueryRefusedError` past ``max_results``.

    >>> engine = ox.Store()
    >>> answer(engine, QueryRequest("ASK { ?s ?p ?o }")).form
    'ASK'
    """
    result = _evaluate(engine, request)
    if not isinstance(result, ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples):
        raise TypeError(f"unexpected query result {type(result).__name__}")
    wanted = AnswerFormat(request.result_type, request.graph_type, request.max_results)
    return serialize_answer(result, wanted)


def _open_engine(source: str) -> OxigraphStore:
    path = Path(source)
    if path.is_dir():
        return OxigraphStore(path, read_only=True)
    store = OxigraphStore()
    store.load_dataset(path)
    return store


PUBLICATION_FILE = "aspen-publication.json"
"""The publication record ``aspen publish --store DIR`` writes inside a store directory."""


def published_quads(source: Path) -> int | None:
    """The size of a store directory from its publication record, or ``None`` without one.

    ``len()`` of a store counts every quad (~2 s at 2M triples, per worker, at every start);
    the record, written when the directory was loaded, already knows.
    """
    if not source.is_dir():
        return None
    try:
        record = json.loads((source / PUBLICATION_FILE).read_text(encoding="utf-8"))
        return sum(int(count) for count in record["graphs"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


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


def serve(
    conn: Connection, source: str, memory_mb: int | None, stderr_path: str | None = None
) -> None:
    """A worker's main loop: load the release, then answer requests until told to stop, or
    until the parent is gone (:mod:`aspen_graph.store.lifeline`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    sentinel = parent_sentinel()
    keep = [conn.fileno()] + ([] if sentinel is None else [sentinel])
    detach(keep, stderr_path)  # stderr to the file where a Rust panic writes, read by the parent
    die_with_parent(sentinel)
    if memory_mb is not None and sys.platform.startswith("linux"):
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        try:
            store = _open_engine(source)
            graphs = sorted(str(g.value) for g in store.engine.named_graphs())
            quads = published_quads(Path(source))
            ready = ("ready", {"quads": len(store) if quads is None else quads, "graphs": graphs})
        except Exception as error:
            conn.send(("failed", f"{type(error).__name__}: {error}"))
            return
        conn.send(ready)
        waited: list[Connection | int] = [conn]
        if sentinel is not None:
            waited.append(sentinel)
        while True:
            if conn not in wait(waited):  # the parent died: no one to answer
                return
            payload = conn.recv_bytes()
            if not payload:
                return
            conn.send(_reply(store.engine, payload))
    except (EOFError, OSError):  # the parent closed the pipe or died: no one to tell
        return


__all__ = ["PUBLICATION_FILE", "QueryRequest", "answer", "published_quads", "serve"]
