"""Dependencies of the routes, as ``Annotated`` aliases ending in ``Dep``.

Everything lives on ``app.state.aspen`` (an :class:`AppState`), set up by
:func:`~aspen_graph.api.main.create_app`; tests replace any of it through
``app.dependency_overrides[get_store] = lambda: store`` and the like (``get_open_store``
replaces the store for the pages that do without one too). The getters are ``async``: they
only read the app state, so FastAPI calls them on the event loop instead of sending each to the
threadpool (the SPARQL route is the hot path).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar, cast

from fastapi import Depends, FastAPI, Request

from aspen_graph.api.cache import ResultCache
from aspen_graph.api.release_info import ReleaseInfo
from aspen_graph.config import Settings
from aspen_graph.errors import AspenError, StoreUnavailableError
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import ServingStore


@dataclass
class AppState:
    """What one app serves: its settings, query catalogue, release, store and result cache."""

    settings: Settings
    catalog: QueryCatalog
    release: ReleaseInfo
    cache: ResultCache | None
    store: ServingStore | None = None
    owns_store: bool = False
    descriptions: dict[tuple[str, str], bytes] = field(default_factory=dict)


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.aspen
    return state


async def get_settings(request: Request) -> Settings:
    """The app's settings (``config.get_settings()`` unless ``create_app`` was given others)."""
    return app_state(request).settings


T = TypeVar("T")
_RELEASE_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Failed:
    """A build that failed, and until when (``time.monotonic``) it is not tried again."""

    message: str
    until: float


def _build_lock(app: FastAPI, name: str) -> threading.Lock:
    """The lock of ``name``'s build on ``app``: one build of a thing at a time, while the
    others (a search index and a suggester) build side by side."""
    with _RELEASE_LOCK:
        locks: dict[str, threading.Lock] | None = getattr(app.state, "release_build_locks", None)
        if locks is None:
            locks = {}
            app.state.release_build_locks = locks
        return locks.setdefault(name, threading.Lock())


def kept_for_release(
    app: FastAPI, name: str, build: Callable[[], T], *, failure_seconds: float = 0.0
) -> T:
    """:func:`per_release` for an app (a request's, or a warm-up thread's).

    With ``failure_seconds`` a failed build (an :class:`AspenError`) is remembered that long:
    meanwhile, and for the failure itself, the answer is a 503 saying why, instead of the
    same seconds of work again on every request."""
    tag = app.state.aspen.release.tag
    with _build_lock(app, name):
        cached: tuple[str, object] | None = getattr(app.state, name, None)
        if cached is not None and cached[0] == tag:
            if not isinstance(cached[1], _Failed):
                return cast(T, cached[1])
            if time.monotonic() < cached[1].until:
                raise StoreUnavailableError(cached[1].message)
        try:
            value = build()
        except AspenError as error:
            if failure_seconds <= 0:
                raise
            what = name.replace("_", " ")
            message = f"the {what} is unavailable: {error} (tried again in {failure_seconds:g} s)"
            failed = _Failed(message, time.monotonic() + failure_seconds)
            setattr(app.state, name, (tag, failed))
            raise StoreUnavailableError(message) from error
        setattr(app.state, name, (tag, value))
        return value


def per_release(
    request: Request, name: str, build: Callable[[], T], *, failure_seconds: float = 0.0
) -> T:
    """The app's ``name`` for the served release: built on first use and kept, built again
    when the release changes (a search index, the suggester's index). One build of ``name``
    at a time: a request arriving meanwhile waits for it (see :func:`kept_for_release`)."""
    return kept_for_release(request.app, name, build, failure_seconds=failure_seconds)


def public_url(request: Request, path: str = "") -> str:
    """The public URL of ``path`` on this server: under ``settings.base_iri`` (the base the
    identifiers and VoID use), never the request's ``Host`` header, which the client chooses.

    >>> from types import SimpleNamespace
    >>> state = SimpleNamespace(settings=Settings(base_iri="https://w3id.org/aspen/"))
    >>> request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(aspen=state)))
    >>> public_url(request, "/sparql"), public_url(request)  # type: ignore[arg-type]
    ('https://w3id.org/aspen/sparql', 'https://w3id.org/aspen/')
    """
    base = app_state(request).settings.base_iri
    return base.rstrip("/") + "/" + path.lstrip("/")


async def get_open_store(request: Request) -> ServingStore | None:
    """The serving store, or ``None`` while it is not open (for pages that do without)."""
    return app_state(request).store


OpenStoreDep = Annotated[ServingStore | None, Depends(get_open_store)]


async def get_store(store: OpenStoreDep) -> ServingStore:
    """The serving store; 503 while it is not open."""
    if store is None:
        raise StoreUnavailableError("the store is not open yet")
    return store


async def get_catalog(request: Request) -> QueryCatalog:
    return app_state(request).catalog


async def get_release(request: Request) -> ReleaseInfo:
    return app_state(request).release


async def get_cache(request: Request) -> ResultCache | None:
    """The result cache, or ``None`` when ``settings.result_cache`` is off."""
    return app_state(request).cache


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[ServingStore, Depends(get_store)]
CacheDep = Annotated[ResultCache | None, Depends(get_cache)]
CatalogDep = Annotated[QueryCatalog, Depends(get_catalog)]
ReleaseDep = Annotated[ReleaseInfo, Depends(get_release)]

__all__ = [
    "AppState",
    "CacheDep",
    "CatalogDep",
    "OpenStoreDep",
    "ReleaseDep",
    "SettingsDep",
    "StoreDep",
    "get_cache",
    "get_catalog",
    "get_open_store",
    "get_release",
    "get_settings",
    "get_store",
    "kept_for_release",
    "per_release",
    "public_url",
]
