"""A remote store's graphs as ours: which named graphs count, their sizes (asked again at most
every :data:`SIZES_TTL` seconds), and the publication record ``aspen publish`` wrote."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from aspen_graph.store.remote_updates import STAGING_GRAPHS
from aspen_graph.store.virtuoso import is_virtuoso_system_graph

PUBLICATION_GRAPH = "https://w3id.org/aspen/graph/publication"
"""The graph ``aspen publish`` writes its publication record into (last). It is store
bookkeeping, not release content: :attr:`RemoteStore.graph_names`, :meth:`graph_sizes` and
``len()`` leave it out, so they agree with the embedded store loaded from the same release."""
SIZES_TTL = 30.0
"""Seconds the graph list is trusted before it is asked again (the guard reads it per query)."""


def ours(sizes: Mapping[str, int], *, virtuoso: bool) -> dict[str, int]:
    """The graphs of ``sizes`` that hold release content: not the publication record, not a
    publish's staging graphs, not Virtuoso's own system graphs (on Virtuoso)."""
    return {
        graph: size
        for graph, size in sizes.items()
        if graph != PUBLICATION_GRAPH
        and not graph.startswith(STAGING_GRAPHS)
        and not (virtuoso and is_virtuoso_system_graph(graph))
    }


class GraphSizes:
    """The sizes ``fetch`` returns, kept for :data:`SIZES_TTL` seconds."""

    def __init__(self, fetch: Callable[[], dict[str, int]]) -> None:
        self._fetch = fetch
        self._lock = threading.Lock()
        self._sizes: dict[str, int] | None = None
        self._at = 0.0

    def current(self) -> dict[str, int]:
        """The sizes, asked again when they are older than :data:`SIZES_TTL` (raises what
        ``fetch`` raises)."""
        with self._lock:
            if self._sizes is not None and time.monotonic() - self._at < SIZES_TTL:
                return self._sizes
        sizes = self._fetch()
        with self._lock:
            self._sizes, self._at = sizes, time.monotonic()
        return sizes

    def last_known(self) -> dict[str, int]:
        """The sizes asked last, whatever their age (empty before the first answer): what is
        reported while the store cannot be reached."""
        return self._sizes or {}

    def forget(self) -> None:
        """Ask for the sizes again next time (after a publish)."""
        with self._lock:
            self._sizes = None


def publication_record(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The record from the rows of ``publication-record.rq`` (``None`` without a row):
    ``{"version", "issued", "manifest"}``, the manifest ``{}`` when it is not a JSON object."""
    if not records:
        return None
    row = records[0]
    try:
        manifest = json.loads(str(row["manifest"]))
    except ValueError:
        manifest = {}
    return {
        "version": str(row["version"]),
        "issued": str(row["issued"]),
        "manifest": manifest if isinstance(manifest, dict) else {},
    }


__all__ = ["PUBLICATION_GRAPH", "SIZES_TTL", "GraphSizes", "ours", "publication_record"]
