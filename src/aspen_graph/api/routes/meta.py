"""``/`` (home page for browsers, JSON index of links otherwise), ``/health``, ``/version``."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from rdflib import Literal as RdfLiteral

from aspen_graph.api.deps import (
    CatalogDep,
    OpenStoreDep,
    ReleaseDep,
    StoreDep,
    app_state,
    public_url,
)
from aspen_graph.api.errors import ProtocolError
from aspen_graph.api.negotiation import negotiate
from aspen_graph.api.page_cache import cached_page
from aspen_graph.api.pages import Text, choose_language, render, resource_href
from aspen_graph.api.protocol import query_params, single
from aspen_graph.api.release_info import ReleaseInfo
from aspen_graph.api.routes.linked_data import release_downloads
from aspen_graph.api.routes.resources import html_error, page_context
from aspen_graph.api.schemas import Health, Version
from aspen_graph.errors import AspenError, StoreUnavailableError
from aspen_graph.i18n import interface_languages
from aspen_graph.model import whole
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import RemoteStore, ServingStore

router = APIRouter(tags=["meta"])


def api_version() -> str:
    try:
        return package_version("aspen-graph")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


HOME_CHOICES = ("text/html", "application/json")
"""Least to most preferred: ``*/*`` and no Accept get the JSON index, as before; browsers,
which ask for text/html by name, get the home page."""
PLAN = "id/plan/aspen-2026-2035"


def index_document(request: Request, release: ReleaseInfo) -> dict[str, object]:
    """The JSON index: links to what the server offers."""
    links = {
        "sparql": "/sparql",
        "queries": "/queries",
        "health": "/health",
        "version": "/version",
        "openapi": "/openapi.json",
        "docs": "/docs",
    }
    if (app_state(request).settings.dist / "void.ttl").is_file():
        links.update({"dataset": "/.well-known/void", "vocabulary": "/ont/", "plan": "/" + PLAN})
    return {
        "name": "aspen-graph",
        "description": "The ASEAN Strategic Plan on Environment 2026-2035 as linked data.",
        "version": release.version,
        "links": links,
    }


def _wants_page(request: Request) -> bool:
    try:
        return negotiate(request.headers.get("accept"), HOME_CHOICES) == "text/html"
    except ProtocolError:
        return False


def _plan_elements(
    request: Request, lang: str, store: ServingStore | None, catalog: QueryCatalog
) -> list[tuple[str, str, Text]] | None:
    """(kind, href, label) of the plan's goals and priorities; ``None`` when the store cannot
    say."""
    base = app_state(request).settings.base_iri
    if store is None:
        return None
    try:
        table = run_select(
            store,
            catalog,
            "pages/plan-elements",
            {"plan": base + PLAN, "lang": lang},
        )
    except AspenError:
        return None
    elements = []
    for row in table.records():
        label = row["label"]
        text = (
            Text(str(label), label.language)
            if isinstance(label, RdfLiteral)
            else Text(str(row["element"]))
        )
        kind = "goal" if str(row["kind"]).endswith("StrategicGoal") else "priority"
        elements.append((kind, resource_href(base, str(row["element"])), text))
    return elements


def _challenges(
    request: Request, lang: str, store: ServingStore | None, catalog: QueryCatalog
) -> list[tuple[str, Text, int, int]] | None:
    """(href, label, reached, relevant) of each global challenge for the plan's latest version
    (``coverage-by-challenge``); ``None`` when the store cannot say."""
    if store is None:
        return None
    try:
        table = run_select(store, catalog, "coverage-by-challenge", {"lang": lang})
    except AspenError:
        return None
    base = app_state(request).settings.base_iri
    return [
        (
            resource_href(base, str(row["challenge"])),
            Text(str(row["challenge_label"]), getattr(row["challenge_label"], "language", None)),
            whole(row["reached"]) or 0,
            whole(row["relevant"]) or 0,
        )
        for row in table.records()
    ]


def _home_body(
    request: Request,
    release: ReleaseInfo,
    lang: str,
    store: ServingStore | None,
    catalog: QueryCatalog,
) -> tuple[bytes, bool]:
    """The home page's bytes, and whether they are whole (the store said everything)."""
    elements = _plan_elements(request, lang, store, catalog)
    challenges = _challenges(request, lang, store, catalog)
    body = render(
        "home.html",
        ctx=page_context(request, lang),
        release=release,
        plan="/" + PLAN,
        server=public_url(request).rstrip("/"),
        challenges=challenges or [],
        goals=[e for e in elements or [] if e[0] == "goal"],
        priorities=[e for e in elements or [] if e[0] == "priority"],
        downloads=release_downloads(request),
    )
    return body, elements is not None and challenges is not None


def home_page(
    request: Request, release: ReleaseInfo, store: ServingStore | None, catalog: QueryCatalog
) -> Response:
    """The home page: the graph in plain words, the plan, and where to go next. Kept in the
    result cache for the release (its two tables are the slowest part of a page at 2M), unless
    the store could not answer them. Only ``/`` and ``/?lang=<an interface language>`` are kept,
    so odd query strings cannot crowd the cache."""
    try:
        params = query_params(request)
        asked = single(params, "lang")
        lang = choose_language(asked, request.headers.get("accept-language"))
        keep = not set(params) - {"lang"} and (asked is None or asked in interface_languages())
        return cached_page(
            request,
            lang,
            lambda: _home_body(request, release, lang, store, catalog),
            keep=keep,
            headers={"Content-Location": "/"},
        )
    except AspenError as error:
        return html_error(request, error)


@router.get(
    "/",
    summary="Home page (HTML) or index of the API (JSON)",
    response_model=None,
    responses={
        200: {
            "description": "The JSON index (default), or the home page for text/html.",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/html": {"schema": {"type": "string"}},
            },
        }
    },
)
def index(
    request: Request, release: ReleaseDep, store: OpenStoreDep, catalog: CatalogDep
) -> Response:
    """Links to what the server offers (JSON), or the home page when the client asks for HTML."""
    if _wants_page(request):
        return home_page(request, release, store, catalog)
    return JSONResponse(index_document(request, release), headers={"Vary": "Accept"})


def down() -> JSONResponse:
    """/health without a store: ``down``, 503."""
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


class HealthRoute(APIRoute):
    """/health's route: a store it cannot have (not open yet, or overridden away) is an answer,
    ``down``, not an error."""

    def get_route_handler(self) -> Any:
        handler = super().get_route_handler()

        async def health_or_down(request: Request) -> Response:
            try:
                response: Response = await handler(request)
            except StoreUnavailableError:
                return down()
            return response

        return health_or_down


def health(request: Request, store: StoreDep) -> JSONResponse:
    """``ok`` when every worker is up, ``degraded`` while some restart, ``down`` (503) with none."""
    state = app_state(request)
    stats = store.stats
    status: Literal["ok", "degraded", "down"] = (
        "ok" if stats.workers >= store.size else "degraded" if stats.workers else "down"
    )
    extra: dict[str, object] = {}
    if isinstance(store, RemoteStore):
        # Reachability is asked now, not remembered: /health must say when the store is back.
        reachable = store.ping()
        status = "ok" if reachable else "down"
        extra = {"store": {"backend": "remote", "url": store.name, "reachable": reachable}}
    body = Health(
        status=status,
        workers=stats.workers,
        pool=store.size,
        starting=stats.starting,
        quads=len(store),
        queries=stats.queries,
        timeouts=stats.timeouts,
        crashes=stats.crashes,
        store_unavailable=stats.store_unavailable,
        last_worker_start_seconds=round(stats.last_start_seconds, 4),
        cache_entries=len(state.cache) if state.cache is not None else None,
    )
    return JSONResponse(
        {**body.model_dump(), **extra}, status_code=503 if status == "down" else 200
    )


router.add_api_route(
    "/health",
    health,
    methods=["GET"],
    response_model=Health,
    summary="Liveness and worker pool state",
    route_class_override=HealthRoute,
)


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
