"""Stores: the embedded pyoxigraph store; remote SPARQL stores implement the same contract."""

from __future__ import annotations

from pathlib import Path

from aspen_graph.store import formats
from aspen_graph.store.base import Bindings, GraphStore, ServingStore, Table
from aspen_graph.store.guard import (
    CheckedQuery,
    check_dataset,
    check_form,
    check_query,
    syntax_message,
)
from aspen_graph.store.oxigraph import OxigraphStore, write_trig
from aspen_graph.store.remote import PUBLICATION_GRAPH, RemoteStore
from aspen_graph.store.remote_endpoints import Endpoints, is_remote, redact, store_auth
from aspen_graph.store.sandbox import (
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    PoolStats,
    SandboxStore,
    SerializedResult,
)


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> OxigraphStore:
    """Open the embedded store: in memory for ``None`` or ``"memory"``, else on disk.

    >>> len(open_store())
    0
    """
    if location is None or str(location) == "memory":
        return OxigraphStore()
    return OxigraphStore(Path(location), read_only=read_only)


__all__ = [
    "GRAPH_MEDIA_TYPES",
    "PUBLICATION_GRAPH",
    "RESULT_MEDIA_TYPES",
    "Bindings",
    "CheckedQuery",
    "Endpoints",
    "GraphStore",
    "OxigraphStore",
    "PoolStats",
    "RemoteStore",
    "SandboxStore",
    "SerializedResult",
    "ServingStore",
    "Table",
    "check_dataset",
    "check_form",
    "check_query",
    "formats",
    "is_remote",
    "open_store",
    "redact",
    "store_auth",
    "syntax_message",
    "write_trig",
]
