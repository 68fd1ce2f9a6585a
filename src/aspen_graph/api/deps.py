"""Dependencies of the routes, as ``Annotated`` aliases ending in ``Dep``.

Everything lives on ``app.state.aspen`` (an :class:`AppState`), set up by
:func:`~aspen_graph.api.main.create_app`; tests replace any of it through
``app.dependency_overrides[get_store] = lambda: store`` and the like. The SPARQL route reads the
same functions through :func:`resolve`, which honours those overrides without FastAPI's
per-request dependency machinery (it is the hot path).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from aspen_graph.api.cache import ResultCache
from aspen_graph.api.release_info import ReleaseInfo
from aspen_graph.config import Settings
from aspen_graph.errors import StoreUnavailableError
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import ServingStore

T = TypeVar("T")


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


def get_settings(request: Request) -> Settings:
    """The app's settings (``config.get_settings()`` unless ``create_app`` was given others)."""
    return app_state(request).settings


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


def get_store(request: Request) -> ServingStore:
    """The serving store; 503 while it is not open."""
    store = app_state(request).store
    if store is None:
        raise StoreUnavailableError("the store is not open yet")
    return store


def get_catalog(request: Request) -> QueryCatalog:
    return app_state(request).catalog


def get_release(request: Request) -> ReleaseInfo:
    return app_state(request).release


def get_cache(request: Request) -> ResultCache | None:
    """The result cache, or ``None`` when ``settings.result_cache`` is off."""
    return app_state(request).cache


def resolve(request: Request, dependency: Callable[[Request], T]) -> T:
    """Call a dependency, or its zero-argument override from ``app.dependency_overrides``."""
    override: Callable[[], T] | None = request.app.dependency_overrides.get(dependency)
    return override() if override is not None else dependency(request)


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[ServingStore, Depends(get_store)]
CatalogDep = Annotated[QueryCatalog, Depends(get_catalog)]
ReleaseDep = Annotated[ReleaseInfo, Depends(get_release)]

__all__ = [
    "AppState",
    "CatalogDep",
    "ReleaseDep",
    "SettingsDep",
    "StoreDep",
    "get_cache",
    "get_catalog",
    "get_release",
    "get_settings",
    "get_store",
    "public_url",
    "resolve",
]
