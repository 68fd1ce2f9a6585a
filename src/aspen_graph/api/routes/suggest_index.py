"""The suggester's index for the served release, built once and kept on the app.

``GET /suggest`` and the pages of plan elements with few alignments both rank with it; the
release never changes while it is served, so one index per release tag is enough. The pairs
rejected in a review come with the release (``dist/suggestions-rejected.csv``, written by the
build), so the pages never propose what ``aspen suggest`` refuses.
"""

from __future__ import annotations

import logging

from fastapi import Request

from aspen_graph.analysis import Suggester, load_corpus, read_rejected
from aspen_graph.api.deps import app_state, per_release
from aspen_graph.queries import QueryCatalog
from aspen_graph.sources import REJECTED_FILE
from aspen_graph.store import GraphStore

log = logging.getLogger(__name__)


def cached_suggester(request: Request, store: GraphStore, catalog: QueryCatalog) -> Suggester:
    """The index of the served release (built on first use, rebuilt when the release does)."""

    def build() -> Suggester:
        state = app_state(request)
        path = state.settings.dist / REJECTED_FILE
        files = state.release.manifest.get("files")
        if not path.is_file() and isinstance(files, dict) and REJECTED_FILE in files:
            # A store served away from its build: the rejections stay with the release folder.
            log.warning(
                "the release lists %s but %s has none: rejected pairs may be proposed",
                REJECTED_FILE,
                state.settings.dist,
            )
        reviewed = read_rejected(path) if path.is_file() else set()
        return Suggester(load_corpus(store, catalog), reviewed=reviewed)

    return per_release(request, "suggester", build)


__all__ = ["cached_suggester"]
