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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar, cast

from fastapi import Depends, Request

from aspen_graph.api.cache import ResultCache
from aspen_graph.api.release_info import ReleaseInfo
from aspen_graph.config import Settings
from aspen_graph.errors import StoreUnavailableError
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


def per_release(request: Request, name: str, build: Callable[[], T]) -> T:
    """The app's ``name`` for the served release: built on first use and kept, built again
    when the release changes (a search index, the suggester's index). One build at a time."""
    tag = app_state(request).release.tag
    with _RELEASE_LOCK:
        cached: tuple[str, object] | None = getattr(request.app.state, name, None)
        if cached is None or cached[0] != tag:
            cached = (tag, build())
            setattr(request.app.state, name, cached)
        return cast(T, cached[1])


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
    "per_release",
    "public_url",
]
