"""``create_app()``: the FastAPI application.

One uvicorn process serves it (``aspen serve``): query concurrency comes from the sandbox's
worker pool, and with several uvicorn workers requests on a reused connection got ~40 ms slower.
Each pool worker holds a full in-memory copy of the graph (memory ≈ workers × one store). With
``ASPEN_STORE=http…`` the app serves a remote SPARQL store instead
(:class:`~aspen_graph.store.RemoteStore`); every route works the same on either.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from aspen_graph.api import errors
from aspen_graph.api.cache import ResultCache
from aspen_graph.api.deps import AppState
from aspen_graph.api.edge import EdgeHeadersMiddleware
from aspen_graph.api.fastpath import ResponseCacheMiddleware
from aspen_graph.api.page_warm_up import finish as finish_warm_up
from aspen_graph.api.page_warm_up import warm_up as warm_pages
from aspen_graph.api.release_info import ReleaseInfo, read_release
from aspen_graph.api.report_memo import start_warm_up as start_report_warm_up
from aspen_graph.api.routes import (
    analytics,
    docs,
    editor,
    linked_data,
    meta,
    queries,
    resources,
    search,
    sparql,
    suggest,
)
from aspen_graph.api.routes import browse as browse_routes
from aspen_graph.api.routes import versions as version_routes
from aspen_graph.api.routes.meta import api_version
from aspen_graph.config import Settings, get_settings
from aspen_graph.errors import AspenError, DataLoadError, StoreUnavailableError
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import PUBLICATION_FILE, Endpoints, RemoteStore, SandboxStore, ServingStore

log = logging.getLogger(__name__)

PUBLICATION_POLL_SECONDS = 10.0
"""How often the app asks a remote store for its publication record: a new publish changes the
release tag, so ETags and cached answers of the previous release stop being served."""
DIRECTORY_RECORD = PUBLICATION_FILE
"""Written by ``aspen publish --store DIR`` inside the store directory."""


def pool_size(settings: Settings) -> int:
    """Workers in the query pool: ``settings.workers`` (default 2), at least one.

    >>> pool_size(Settings()), pool_size(Settings(workers=1)), pool_size(Settings(workers=4))
    (2, 1, 4)
    """
    return max(settings.workers, 1)


def serves_remote(settings: Settings) -> bool:
    """Whether ``settings`` name a remote store (``ASPEN_STORE=http…`` or a query URL).

    >>> serves_remote(Settings(store="http://127.0.0.1:7878")), serves_remote(Settings())
    (True, False)
    """
    return Endpoints.from_settings(settings) is not None


def release_source(settings: Settings) -> Path:
    """What the workers load: ``dist/aspen.nq`` (``store=memory``) or an on-disk store directory.

    Raises DataLoadError when there is nothing to serve, saying how to build it.
    """
    path = settings.dist / "aspen.nq" if settings.store == "memory" else Path(settings.store)
    if not path.exists():
        if settings.store == "memory":
            raise DataLoadError("no built release here; run 'aspen build' first", path=str(path))
        raise DataLoadError("no store here; run 'aspen publish --store DIR' first", path=str(path))
    return path


def open_sandbox(settings: Settings) -> SandboxStore:
    """The embedded serving store for ``settings``: a pool of query workers over the release."""
    return SandboxStore(
        release_source(settings),
        workers=pool_size(settings),
        timeout=settings.query_timeout,
        max_results=settings.max_results,
        max_query_length=settings.max_query_length,
    )


def open_remote(settings: Settings) -> RemoteStore:
    """The remote store ``settings`` name. An unreachable store is not fatal (the API answers
    503 until it is back); one whose default graph is not the union of its graphs is."""
    store = RemoteStore.from_settings(settings, probe=False)
    try:
        store.probe()
    except StoreUnavailableError as error:
        if store.reachable:
            store.close()
            raise
        log.warning("%s; serving anyway, every query answers 503 until it is back", error)
    return store


def open_serving_store(settings: Settings) -> ServingStore:
    """The store to serve: a remote store, or the embedded one in a worker pool."""
    return open_remote(settings) if serves_remote(settings) else open_sandbox(settings)


def release_of(settings: Settings, store: ServingStore | None) -> ReleaseInfo:
    """What is served: a store's publication record, else ``dist/manifest.json``."""
    if store is None:
        if serves_remote(settings):
            return ReleaseInfo(version="unknown", fingerprint="unpublished")
        source = release_source(settings)
    elif isinstance(store.source, Path):
        source = store.source
    else:
        try:
            record = store.publication()
        except AspenError as error:
            log.warning("cannot read the publication record yet: %s", error)
            record = None
        if record is None:
            return ReleaseInfo(version="unknown", fingerprint="unpublished")
        return read_release(settings.dist, Path(), record)
    record = None
    if source.is_dir() and (source / DIRECTORY_RECORD).is_file():
        try:
            record = json.loads((source / DIRECTORY_RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = None
    return read_release(settings.dist, source, record if isinstance(record, dict) else None)


def refresh_release(state: AppState) -> bool:
    """Read the served store's publication record again; on a new release, switch the app's
    release (its tag is in every ETag) and empty the caches. ``True`` when it changed."""
    store = state.store
    if store is None or isinstance(store.source, Path):
        return False
    release = release_of(state.settings, store)
    if release.fingerprint == "unpublished" or release.tag == state.release.tag:
        return False
    state.release = release
    if state.cache is not None:
        state.cache.clear()  # its keys name the old release: no longer served, only held
    state.descriptions.clear()
    if isinstance(store, RemoteStore):
        store.forget_sizes()
    log.info("serving release %s (a new publication)", release.version)
    return True


async def _watch_publications(state: AppState) -> None:
    while True:
        await asyncio.sleep(PUBLICATION_POLL_SECONDS)
        with suppress(AspenError):
            await run_in_threadpool(refresh_release, state)


def create_app(settings: Settings | None = None, store: ServingStore | None = None) -> FastAPI:
    """The application. Without ``store`` it opens the release at start-up (lifespan) and closes
    it at shutdown; a given ``store`` is used as is and left open.

    With a remote store the release (version, manifest) comes from the store's publication
    record and is read again every few seconds, so a new ``aspen publish`` is picked up (every
    cached answer is keyed by its release, so none of the old one is served after that).
    """
    settings = settings or get_settings()
    catalog = QueryCatalog(settings.sparql_dir)
    remote = serves_remote(settings) if store is None else not isinstance(store.source, Path)
    state = AppState(
        settings=settings,
        catalog=catalog,
        release=release_of(settings, store),
        cache=ResultCache() if settings.result_cache else None,
        store=store,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warming: asyncio.Task[None] | None = None
        stop_warming = asyncio.Event()
        if state.store is None:
            state.store = await run_in_threadpool(open_serving_store, settings)
            state.owns_store = True
            state.release = await run_in_threadpool(release_of, settings, state.store)
            start_report_warm_up(app)  # a server's first /report is then ready at once
            search.start_warm_up(app)  # and its first search (seconds of indexing at 2M)
            if state.cache is not None:  # and its home page, browse views and report pages
                warming = asyncio.create_task(warm_pages(app, stop=stop_warming))
        watcher = asyncio.create_task(_watch_publications(state)) if remote else None
        try:
            yield
        finally:
            if warming is not None:  # before the store closes (its page in flight queries it)
                await finish_warm_up(warming, stop_warming, settings.query_timeout)
            if watcher is not None:
                watcher.cancel()
                with suppress(asyncio.CancelledError):
                    await watcher
            if state.owns_store and state.store is not None:
                # gone before it closes: a warm-up thread whose query fails on the closed store
                # then sees a stopping server, not an error to log
                store, state.store = state.store, None
                store.close()

    app = FastAPI(
        title="aspen-graph",
        version=api_version(),
        summary="The ASEAN Strategic Plan on Environment 2026-2035 as a knowledge graph.",
        description="A read-only SPARQL 1.1 endpoint and one operation per catalogue question. "
        "Queries run in killable worker processes with a time limit "
        f"({settings.query_timeout:g} s) and a result limit ({settings.max_results:,} rows).",
        lifespan=lifespan,
        docs_url=None,  # routes/docs.py: the same pages with their own CSP
        redoc_url=None,
    )
    app.state.aspen = state
    errors.install(app, html=resources.html_error)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["Accept", "Content-Type", "If-None-Match"],
        expose_headers=["ETag", "Retry-After", "Vary"],
        max_age=3600,
    )
    if settings.result_cache:
        # Outermost: repeated GETs are answered before CORS, routing and the worker pool.
        app.add_middleware(ResponseCacheMiddleware, state=state)
    # Outermost of all: cached answers get the security headers too.
    app.add_middleware(EdgeHeadersMiddleware)
    app.include_router(meta.router)
    app.include_router(docs.router)
    app.include_router(sparql.router)
    app.include_router(queries.build_router(catalog))
    app.include_router(analytics.router)
    app.include_router(version_routes.router)
    app.include_router(editor.router)
    app.include_router(suggest.router)
    app.include_router(search.router)
    app.include_router(browse_routes.router)
    app.include_router(resources.router)
    app.include_router(linked_data.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    return app


__all__ = [
    "create_app",
    "open_remote",
    "open_sandbox",
    "open_serving_store",
    "pool_size",
    "refresh_release",
    "release_of",
    "release_source",
    "serves_remote",
]
