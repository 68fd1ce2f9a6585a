"""The suggester's index for the served release, built once and kept on the app.

``GET /suggest`` and the pages of plan elements with few alignments both rank with it; the
release never changes while it is served, so one index per release tag is enough.
"""

from __future__ import annotations

import threading

from fastapi import Request

from aspen_graph.analysis import Suggester, load_corpus
from aspen_graph.api.deps import app_state
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

_LOCK = threading.Lock()


def cached_suggester(request: Request, store: GraphStore, catalog: QueryCatalog) -> Suggester:
    """The index of the served release (built on first use, rebuilt when the release does)."""
    tag = app_state(request).release.tag
    with _LOCK:
        cached: tuple[str, Suggester] | None = getattr(request.app.state, "suggester", None)
        if cached is None or cached[0] != tag:
            cached = (tag, Suggester(load_corpus(store, catalog)))
            request.app.state.suggester = cached
        return cached[1]


__all__ = ["cached_suggester"]
