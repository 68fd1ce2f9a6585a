"""The suggester's index for the served release, built once and kept on the app.

``GET /suggest`` and the pages of plan elements with few alignments both rank with it; the
release never changes while it is served, so one index per release tag is enough.
"""

from __future__ import annotations

from fastapi import Request

from aspen_graph.analysis import Suggester, load_corpus
from aspen_graph.api.deps import per_release
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore


def cached_suggester(request: Request, store: GraphStore, catalog: QueryCatalog) -> Suggester:
    """The index of the served release (built on first use, rebuilt when the release does)."""
    return per_release(request, "suggester", lambda: Suggester(load_corpus(store, catalog)))


__all__ = ["cached_suggester"]
