"""``GET /search?q=&lang=``: every label and code of the graph, in every language it holds.

A browser (``Accept`` preferring text/html) gets ``search.html``: a GET form and the results
grouped by kind, each a link to its page with its label in the page's language (English or
another language marked as a fallback). API clients get the same results as JSON. ``GET
/search/suggest?q=`` answers the first few as JSON, for the header box's autocomplete
(``static/search.js``). The index (:mod:`aspen_graph.analysis.search`, SQLite FTS5) is built
from the served release on first use and kept on the app for as long as that release is
served. No ``q`` (or only spaces) is the empty form; unknown or repeated parameters are 400.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from aspen_graph.analysis import MAX_QUERY, Hit, SearchIndex, load_search_index
from aspen_graph.api.deps import (
    AppState,
    CatalogDep,
    StoreDep,
    app_state,
    kept_for_release,
    per_release,
)
from aspen_graph.api.errors import ProtocolError, prefers_html
from aspen_graph.api.page_cache import cached_page
from aspen_graph.api.pages import render, resource_href
from aspen_graph.api.protocol import query_params, single
from aspen_graph.api.routes.browse_views import plan_shorts
from aspen_graph.api.routes.page_links import label_in
from aspen_graph.api.routes.resources import error_language, html_error, page_context
from aspen_graph.api.schemas import ErrorBody
from aspen_graph.curie import compress
from aspen_graph.errors import AspenError
from aspen_graph.i18n import N_, translate
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

log = logging.getLogger(__name__)
router = APIRouter(tags=["search"])
PARAMETERS = ("q", "lang")
MAX_RESULTS = 100
MAX_SUGGESTIONS = 8
_SDGO = "http://metadata.un.org/sdg/ontology#"
_ASPEN = "https://w3id.org/aspen/ont/"
KIND_NAMES = {
    f"{_ASPEN}StrategicPlan": N_("Plans"),
    f"{_ASPEN}PlanVersion": N_("Plan versions"),
    f"{_ASPEN}StrategicGoal": N_("Plan goals"),
    f"{_ASPEN}StrategicPriority": N_("Strategic priorities"),
    f"{_ASPEN}ResultArea": N_("Result areas"),
    f"{_ASPEN}GlobalChallenge": N_("Challenges"),
    f"{_SDGO}Goal": N_("SDG goals"),
    f"{_SDGO}Target": N_("SDG targets"),
    f"{_SDGO}Indicator": N_("SDG indicators"),
    f"{_ASPEN}FrameworkGoal": N_("GBF goals"),
    f"{_ASPEN}FrameworkTarget": N_("GBF targets"),
    f"{_ASPEN}Agreement": N_("Agreements"),
    f"{_ASPEN}Provision": N_("Provisions"),
    f"{_ASPEN}Declaration": N_("Declarations"),
    "term": N_("Vocabulary terms"),
}
"""Headings of the result groups; other kinds are headed by their type's local name."""


INDEX_RETRY_SECONDS = 60.0
"""How long a failed index build is remembered (503 meanwhile) before a request tries again."""


def _kept_index(app: FastAPI, store: GraphStore, catalog: QueryCatalog) -> SearchIndex:
    return kept_for_release(
        app,
        "search_index",
        lambda: load_search_index(store, catalog),
        failure_seconds=INDEX_RETRY_SECONDS,
    )


def cached_index(request: Request, store: GraphStore, catalog: QueryCatalog) -> SearchIndex:
    """The index of the served release: built once (at start-up by :func:`start_warm_up`, else
    on first use; a request arriving meanwhile waits for that build), rebuilt when the release
    changes. A failed build answers 503 for :data:`INDEX_RETRY_SECONDS`, then is tried again."""
    return _kept_index(request.app, store, catalog)


def warm_up(app: FastAPI) -> None:
    """Build the served release's index (errors logged, not raised: a request meets them)."""
    state: AppState = app.state.aspen
    store = state.store
    if store is None:
        return
    try:
        _kept_index(app, store, state.catalog)
    except Exception as error:  # a background thread: logged, never a stray traceback
        if state.store is not None:  # not a server stopping (and closing its store) meanwhile
            log.warning("search index warm-up failed: %s", error)
        return
    log.info("search index warm-up done")


def start_warm_up(app: FastAPI) -> threading.Thread:
    """:func:`warm_up` in a daemon thread (the server answers meanwhile)."""
    thread = threading.Thread(target=warm_up, args=(app,), name="search-warm-up", daemon=True)
    thread.start()
    return thread


class Result(BaseModel):
    iri: str
    curie: str
    href: str = Field(description="the resource's page on this site")
    label: str
    label_lang: str = Field(description="language of the label ('' for a code)")
    fallback: bool = Field(description="the label is not in the language asked for")
    code: str
    plan: str = Field(description="IRI of the plan an element belongs to, else ''")
    plan_label: str
    plan_short: str = Field(description="the plan's short title (its badge), else ''")
    exact: bool = Field(description="the query is this resource's code")


class Group(BaseModel):
    kind: str = Field(description="type IRI, or 'term' for the vocabulary's terms")
    name: str
    results: list[Result]


class SearchAnswer(BaseModel):
    q: str
    lang: str
    count: int
    groups: list[Group]


def kind_name(kind: str, lang: str) -> str:
    if kind in KIND_NAMES:
        return translate(lang, KIND_NAMES[kind])
    return kind.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or kind


def _result(
    index: SearchIndex, hit: Hit, base: str, lang: str, shorts: Mapping[str, str] | None = None
) -> Result:
    entry = hit.entry
    curie = compress(entry.iri)
    text = label_in(entry.labels, lang, entry.code or curie)
    plan = index.entry(entry.plan) if entry.plan else None
    return Result(
        iri=entry.iri,
        curie=curie,
        href=resource_href(base, entry.iri),
        label=text.value,
        label_lang=text.lang or "",
        fallback=text.fallback,
        code=entry.code,
        plan=entry.plan,
        plan_label=label_in(plan.labels, lang, compress(plan.iri)).value if plan else "",
        plan_short=(shorts or {}).get(entry.plan, ""),
        exact=hit.exact,
    )


def answer(
    request: Request, store: GraphStore, catalog: QueryCatalog, q: str, lang: str
) -> SearchAnswer:
    """The results for ``q`` grouped by kind, the group of the best result first."""
    index = cached_index(request, store, catalog)
    base = app_state(request).settings.base_iri
    groups: dict[str, Group] = {}
    hits = index.search(q, MAX_RESULTS)
    shorts = per_release(request, "plan_shorts", lambda: plan_shorts(store, catalog))
    for hit in hits:
        kind = hit.entry.kind
        if kind not in groups:
            groups[kind] = Group(kind=kind, name=kind_name(kind, lang), results=[])
        groups[kind].results.append(_result(index, hit, base, lang, shorts))
    return SearchAnswer(q=q, lang=lang, count=len(hits), groups=list(groups.values()))


def _values(request: Request) -> dict[str, str]:
    """``q`` and ``lang`` as given (each at most once); any other parameter is a 400."""
    params = query_params(request)
    unknown = sorted(set(params) - set(PARAMETERS))
    if unknown:
        raise ProtocolError(400, f"unknown parameter {unknown[0]!r} (parameters: q, lang)")
    return {key: value for key in PARAMETERS if (value := single(params, key)) is not None}


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "An unknown or repeated parameter."},
}
PARAMETER_DOCS = {
    "parameters": [
        {
            "name": "q",
            "in": "query",
            "schema": {"type": "string", "maxLength": MAX_QUERY},
            "description": "Words or a code, any language, diacritics optional; none: no results.",
        },
        {
            "name": "lang",
            "in": "query",
            "schema": {"type": "string", "default": "en"},
            "description": "Language of the labels shown (falls back to English).",
        },
    ]
}


@router.get(
    "/search",
    response_model=SearchAnswer,
    summary="Search every label and code of the graph",
    responses=ERRORS,
    openapi_extra=PARAMETER_DOCS,
)
def search(request: Request, store: StoreDep, catalog: CatalogDep) -> SearchAnswer | Response:
    """Resources whose label, alternative label, notation or code matches ``q`` (any language,
    diacritics ignored; a code such as ``14.1`` or ``GBF 7`` first), grouped by kind."""
    html = prefers_html(request.headers.get("accept"))
    lang = error_language(request)
    try:
        values = _values(request)
    except AspenError as error:
        if html:
            return html_error(request, error)
        raise
    q = values.get("q", "").strip()

    def found() -> SearchAnswer | None:
        return answer(request, store, catalog, q, lang) if q else None

    if not html:
        return found() or SearchAnswer(q=q, lang=lang, count=0, groups=[])
    return cached_page(
        request,
        lang,
        lambda: render("search.html", ctx=page_context(request, lang), q=q, found=found()),
    )


class Suggestion(BaseModel):
    label: str
    curie: str
    href: str
    kind: str


@router.get(
    "/search/suggest",
    response_model=list[Suggestion],
    summary="Search suggestions",
    responses=ERRORS,
    openapi_extra=PARAMETER_DOCS,
)
def search_suggest(request: Request, store: StoreDep, catalog: CatalogDep) -> list[Suggestion]:
    """The first few results for ``q`` (as typed, the last word a prefix), for autocomplete."""
    values = _values(request)
    q = values.get("q", "").strip()
    if not q:
        return []
    lang = error_language(request)
    index = cached_index(request, store, catalog)
    base = app_state(request).settings.base_iri
    out = []
    for hit in index.search(q, MAX_SUGGESTIONS):
        result = _result(index, hit, base, lang)
        out.append(
            Suggestion(
                label=result.label,
                curie=result.curie,
                href=result.href,
                kind=kind_name(hit.entry.kind, lang),
            )
        )
    return out


__all__ = ["cached_index", "router", "start_warm_up", "warm_up"]
