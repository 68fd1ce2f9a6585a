"""``/`` (an index of links), ``/health`` and ``/version``."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from aspen_graph.api.deps import ReleaseDep, app_state, get_store, resolve
from aspen_graph.api.schemas import Health, Version
from aspen_graph.errors import StoreUnavailableError

router = APIRouter(tags=["meta"])


def api_version() -> str:
    try:
        return package_version("aspen-graph")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


@router.get("/", summary="Index of the API")
def index(release: ReleaseDep) -> dict[str, object]:
    """Links to what the server offers (until HTML pages exist)."""
    return {
        "name": "aspen-graph",
        "description": "The ASEAN Strategic Plan on Environment 2026-2035 as linked data.",
        "version": release.version,
        "links": {
            "sparql": "/sparql",
            "queries": "/queries",
            "health": "/health",
            "version": "/version",
            "openapi": "/openapi.json",
            "docs": "/docs",
        },
    }


@router.get("/health", response_model=Health, summary="Liveness and worker pool state")
def health(request: Request) -> JSONResponse:
    """``ok`` when every worker is up, ``degraded`` while some restart, ``down`` (503) with none."""
    state = app_state(request)
    try:
        store = resolve(request, get_store)
    except StoreUnavailableError:
        store = None
    if store is None:
        body = Health(
            status="down",
            workers=0,
            pool=0,
            starting=0,
            quads=0,
            queries=0,
            timeouts=0,
            crashes=0,
            last_worker_start_seconds=0.0,
        )
        return JSONResponse(body.model_dump(), status_code=503)
    stats = store.stats
    status: Literal["ok", "degraded", "down"] = (
        "ok" if stats.workers >= store.size else "degraded" if stats.workers else "down"
    )
    body = Health(
        status=status,
        workers=stats.workers,
        pool=store.size,
        starting=stats.starting,
        quads=len(store),
        queries=stats.queries,
        timeouts=stats.timeouts,
        crashes=stats.crashes,
        last_worker_start_seconds=round(stats.last_start_seconds, 4),
        cache_entries=len(state.cache) if state.cache is not None else None,
    )
    return JSONResponse(body.model_dump(), status_code=503 if status == "down" else 200)


@router.get("/version", response_model=Version, summary="The served release")
def release_version(release: ReleaseDep) -> Version:
    """The release's version and content fingerprint, and its ``manifest.json``."""
    return Version(
        version=release.version,
        fingerprint=release.fingerprint,
        api=api_version(),
        manifest=release.manifest,
    )


__all__ = ["router"]
