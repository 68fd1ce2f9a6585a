"""``create_app()``: the FastAPI application.

One uvicorn process serves it (``aspen serve``): query concurrency comes from the sandbox's
worker pool, and with several uvicorn workers requests on a reused connection got ~40 ms slower.
Each pool worker holds a full in-memory copy of the graph (memory ≈ workers × one store).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from aspen_graph.api import errors
from aspen_graph.api.cache import ResultCache
from aspen_graph.api.deps import AppState
from aspen_graph.api.fastpath import ResponseCacheMiddleware
from aspen_graph.api.release import read_release
from aspen_graph.api.routes import analytics, editor, linked_data, meta, queries, resources, sparql
from aspen_graph.api.routes.meta import api_version
from aspen_graph.config import Settings, get_settings
from aspen_graph.errors import DataLoadError
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import SandboxStore


def pool_size(settings: Settings) -> int:
    """Workers in the query pool: ``settings.workers`` (default 2), at least one.

    >>> pool_size(Settings()), pool_size(Settings(workers=1)), pool_size(Settings(workers=4))
    (2, 1, 4)
    """
    return max(settings.workers, 1)


def release_source(settings: Settings) -> Path:
    """What the workers load: ``dist/aspen.nq`` (``store=memory``) or an on-disk store directory.

    Raises DataLoadError when there is nothing to serve, saying how to build it.
    """
    if settings.store.startswith(("http://", "https://")):
        raise DataLoadError(
            "serving a remote store is not supported: set ASPEN_STORE to 'memory' (the built "
            "release) or to an on-disk store directory",
            path=settings.store,
        )
    path = settings.dist / "aspen.nq" if settings.store == "memory" else Path(settings.store)
    if not path.exists():
        raise DataLoadError("no built release here; run 'aspen build' first", path=str(path))
    return path


def open_sandbox(settings: Settings) -> SandboxStore:
    """The serving store for ``settings``: a pool of query workers over the release."""
    return SandboxStore(
        release_source(settings),
        workers=pool_size(settings),
        timeout=settings.query_timeout,
        max_results=settings.max_results,
        max_query_length=settings.max_query_length,
    )


def create_app(settings: Settings | None = None, store: SandboxStore | None = None) -> FastAPI:
    """The application. Without ``store`` it opens the release at start-up (lifespan) and closes
    it at shutdown; a given ``store`` is used as is and left open.
    """
    settings = settings or get_settings()
    catalog = QueryCatalog(settings.sparql_dir)
    source = store.source if store is not None else release_source(settings)
    state = AppState(
        settings=settings,
        catalog=catalog,
        release=read_release(settings.dist, source),
        cache=ResultCache() if settings.result_cache else None,
        store=store,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state.store is None:
            state.store = await run_in_threadpool(open_sandbox, settings)
            state.owns_store = True
        try:
            yield
        finally:
            if state.owns_store and state.store is not None:
                state.store.close()
                state.store = None

    app = FastAPI(
        title="aspen-graph",
        version=api_version(),
        summary="The ASEAN Strategic Plan on Environment 2026-2035 as a knowledge graph.",
        description="A read-only SPARQL 1.1 endpoint and one operation per catalogue question. "
        "Queries run in killable worker processes with a time limit "
        f"({settings.query_timeout:g} s) and a result limit ({settings.max_results:,} rows).",
        lifespan=lifespan,
    )
    app.state.aspen = state
    errors.install(app)
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
        app.add_middleware(ResponseCacheMiddleware)
    app.include_router(meta.router)
    app.include_router(sparql.router)
    app.include_router(queries.build_router(catalog))
    app.include_router(analytics.router)
    app.include_router(editor.router)
    app.include_router(resources.router)
    app.include_router(linked_data.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    return app


__all__ = ["create_app", "open_sandbox", "pool_size", "release_source"]
