"""Rendering in chunks: in the build's own process (``--jobs 1``) or in worker processes.

Each worker process opens the release once (a one-worker query pool, :func:`open_sandbox`) and
keeps one :class:`~.render.Renderer` for the whole build; the build hands it chunks of work
(resources, then pages) and writes the answers, in order, as they come back. The workers are
started with ``spawn``: the build's process has threads (the query pool's), which ``fork``
would copy in an unknown state. All of them start at once, before any work, with the parent's
main module hidden (as :mod:`aspen_graph.store.sandbox` starts its workers): a spawned child
re-runs the parent's ``__main__`` otherwise, a script that may not guard itself.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import types
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import TypeVar

from aspen_graph.api.main import open_sandbox
from aspen_graph.config import Settings
from aspen_graph.site.render import Links, PageJob, Renderer, Written

T = TypeVar("T")
R = TypeVar("R")

RESOURCES_PER_CHUNK = 24
PAGES_PER_CHUNK = 24
"""Work sent to a worker at once: enough to make the hand-over cheap, small enough that the
workers finish together and the progress moves."""

_worker: Renderer | None = None
"""The worker process's renderer (set by :func:`_start_worker`)."""


def default_jobs() -> int:
    """Processes that render: one per CPU."""
    return os.cpu_count() or 1


def _start_worker(settings: Settings) -> None:
    global _worker
    store = open_sandbox(settings.model_copy(update={"workers": 1}))
    _worker = Renderer(settings, store)
    atexit.register(store.close)


def _ready() -> bool:
    return _worker is not None


@contextmanager
def _main_hidden() -> Iterator[None]:
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__file__", None) is None:
        yield
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _renderer() -> Renderer:
    assert _worker is not None, "a worker process without its renderer"
    return _worker


def _documents(iris: Sequence[str]) -> list[dict[str, bytes] | None]:
    return _renderer().documents(iris)


def _pages(chunk: Sequence[tuple[PageJob, str]], links: Links) -> Written:
    return _renderer().pages(chunk, links)


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class RenderPool:
    """Chunks of work rendered by ``local`` (``jobs == 1``) or by ``jobs`` worker processes."""

    def __init__(self, settings: Settings, local: Renderer, jobs: int) -> None:
        self.local = local
        self.executor: Executor | None = None
        if jobs > 1:
            self.executor = ProcessPoolExecutor(
                max_workers=jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(settings,),
            )
            # one task each starts every worker now (a pool with no idle worker starts one
            # per task), while the main module is hidden; later tasks find them idle
            with _main_hidden():
                started = [self.executor.submit(_ready) for _ in range(jobs)]
            wait(started)
            for future in started:
                future.result()  # a worker that could not open the release: its error

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def documents(
        self, iris: Sequence[str]
    ) -> Iterator[tuple[Sequence[str], list[dict[str, bytes] | None]]]:
        """(chunk of IRIs, their documents) in the order of ``iris``."""
        parts = list(chunks(iris, RESOURCES_PER_CHUNK))
        if self.executor is None:
            results: Iterator[list[dict[str, bytes] | None]] = map(self.local.documents, parts)
        else:
            results = self.executor.map(_documents, parts)
        yield from zip(parts, results, strict=True)

    def pages(self, pairs: Sequence[tuple[PageJob, str]], links: Links) -> Iterator[Written]:
        """The pages of ``pairs``, a chunk at a time, in order."""
        parts = list(chunks(pairs, PAGES_PER_CHUNK))
        if self.executor is None:
            yield from (self.local.pages(part, links) for part in parts)
        else:
            yield from self.executor.map(_pages, parts, [links] * len(parts))


__all__ = ["PAGES_PER_CHUNK", "RESOURCES_PER_CHUNK", "RenderPool", "chunks", "default_jobs"]
