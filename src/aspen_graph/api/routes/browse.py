"""``GET /browse`` and its views: the graph without SPARQL.

``/browse/sdg`` the 17 SDG goals as tiles in their UN colours, ``/browse/sdg/{goal}`` a goal's
targets, ``/browse/gbf`` the 23 GBF targets — each target with its reach status for one plan
version (``?version=``, default: the latest version of ASPEN 2026-2035) and the elements
reaching it, each with its plan's badge; ``/browse/agreements`` the agreements and their
provisions; ``/browse/plan`` a plan version as a tree. A browser (``Accept`` preferring
text/html) gets the page, a program JSON (also with ``?format=json``); ``?lang=`` and
``Accept-Language`` choose the language. Unknown or repeated parameters are 400, a version
naming nothing 404, a goal that is not 1-17 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from aspen_graph.api.deps import CatalogDep, StoreDep, app_state
from aspen_graph.api.errors import ProtocolError, prefers_html
from aspen_graph.api.page_cache import cached_page
from aspen_graph.api.pages import render
from aspen_graph.api.protocol import query_params, single
from aspen_graph.api.routes.browse_goal_data import goal_colours, text_colour
from aspen_graph.api.routes.browse_views import (
    KIND_NAMES,
    STATUS_NAMES,
    Agreement,
    GoalTile,
    Scope,
    TargetReach,
    TreeNode,
    VersionChoice,
    agreements,
    goal_tiles,
    plan_tree,
    targets,
    versions,
)
from aspen_graph.api.routes.plan_scope import plan_version
from aspen_graph.api.routes.resources import error_language, html_error, page_context
from aspen_graph.api.schemas import ErrorBody
from aspen_graph.errors import AspenError, UnknownReferenceError
from aspen_graph.i18n import N_, translate
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

router = APIRouter(tags=["browse"])
PARAMETERS = ("lang", "version", "format")
FORMATS = ("json", "html")
VIEWS = (
    ("/browse/sdg", N_("SDG goals and targets")),
    ("/browse/gbf", N_("GBF targets")),
    ("/browse/agreements", N_("Agreements and their provisions")),
    ("/browse/plan", N_("The plan as a tree")),
)


class View(BaseModel):
    href: str
    title: str


class BrowseIndex(BaseModel):
    views: list[View]


class Scoped(BaseModel):
    """A view for one plan version, with every version it could be switched to."""

    plan: str
    plan_short: str
    version: str
    versions: list[VersionChoice]


class SdgGrid(Scoped):
    goals: list[GoalTile]
    colour_source: str = Field(description="where the goals' colours come from")


class GoalTargets(Scoped):
    goal: GoalTile
    targets: list[TargetReach]


class GbfTargets(Scoped):
    targets: list[TargetReach]


class Agreements(Scoped):
    agreements: list[Agreement]


class PlanTree(Scoped):
    goals: list[TreeNode]
    priorities: list[TreeNode] = Field(
        description="the priorities, with their focal areas, interventions and milestones"
    )


class Ask:
    """What one browse request asks: its parameters (strictly read), language, format."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.lang = error_language(request)
        params = query_params(request)
        unknown = sorted(set(params) - set(PARAMETERS))
        if unknown:
            raise ProtocolError(
                400, f"unknown parameter {unknown[0]!r} (parameters: {', '.join(PARAMETERS)})"
            )
        given = {key: value for key in PARAMETERS if (value := single(params, key)) is not None}
        fmt = given.get("format", "").strip().lower()
        if fmt and fmt not in FORMATS:
            raise ProtocolError(400, f"format={fmt[:40]!r}: use json or html")
        self.version = given.get("version", "").strip() or None
        self.base = app_state(request).settings.base_iri
        self.html = fmt == "html" or (not fmt and prefers_html(request.headers.get("accept")))

    def scope(self, store: GraphStore, catalog: QueryCatalog) -> tuple[Scope, dict[str, Any]]:
        """The plan and version asked for (default: the latest of ASPEN 2026-2035), and the
        fields of a :class:`Scoped` view: they, and every version to switch to."""
        plan, version = plan_version(store, catalog, None, self.version)
        choices = versions(store, catalog, self.lang, version)
        short = next((v.plan_short for v in choices if v.iri == version), "")
        fields = {"plan": plan, "plan_short": short, "version": version, "versions": choices}
        return Scope(plan, version, short), fields

    @property
    def carried(self) -> str:
        """The query string the view's own links carry: the version chosen, if one was."""
        return "?" + urlencode({"version": self.version}) if self.version else ""


def _answer(
    request: Request,
    template: str,
    build: Callable[[Ask], BaseModel],
) -> BaseModel | Response:
    """The view ``build`` makes, as JSON or as a page (kept in the result cache: a repeated
    request builds nothing); bad input as an error page for a browser (JSON errors otherwise,
    as every route)."""
    try:
        ask = Ask(request)
        if not ask.html:
            return build(ask)
        return cached_page(request, ask.lang, lambda: _page(ask, template, build(ask)))
    except AspenError as error:
        if prefers_html(request.headers.get("accept")):
            return html_error(request, error)
        raise


def _page(ask: Ask, template: str, view: BaseModel) -> bytes:
    return render(
        template,
        ctx=page_context(ask.request, ask.lang),
        view=view,
        carried=ask.carried,
        status_names=STATUS_NAMES,
        kind_names=KIND_NAMES,
    )


ERRORS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {"schema": {"type": "string"}}}},  # a browser's, ?format=html
    400: {"model": ErrorBody, "description": "An unknown or repeated parameter, a bad format."},
    404: {"model": ErrorBody, "description": "The version (or goal) names nothing here."},
    422: {"model": ErrorBody, "description": "The version is not a plan version."},
}
PARAMETER_DOCS = {
    "parameters": [
        {
            "name": "version",
            "in": "query",
            "schema": {"type": "string"},
            "description": "The plan version (plan-version:…; default: the latest of "
            "ASPEN 2026-2035).",
        },
        {
            "name": "lang",
            "in": "query",
            "schema": {"type": "string", "default": "en"},
            "description": "Language of the labels (falls back to English).",
        },
        {
            "name": "format",
            "in": "query",
            "schema": {"type": "string", "enum": list(FORMATS)},
            "description": "json or html (default: by Accept).",
        },
    ]
}


def _route(path: str, model: type[BaseModel], summary: str) -> Callable[[Any], Any]:
    """A browse route: its answer model (JSON, or the page), errors and parameters documented."""
    return router.get(
        path, response_model=model, summary=summary, responses=ERRORS, openapi_extra=PARAMETER_DOCS
    )


@_route("/browse", BrowseIndex, "The browse views")
def browse(request: Request) -> BaseModel | Response:
    """The browse views, each a link."""
    return _answer(
        request,
        "browse.html",
        lambda ask: BrowseIndex(
            views=[View(href=href, title=translate(ask.lang, title)) for href, title in VIEWS]
        ),
    )


def _sdg(
    ask: Ask, store: GraphStore, catalog: QueryCatalog
) -> tuple[dict[str, Any], list[TargetReach], list[GoalTile]]:
    """The SDG targets with their reach, and the goal tiles counting them."""
    key, scope = ask.scope(store, catalog)
    reach = targets(store, catalog, "SDG", key, ask.lang, ask.base)
    return scope, reach, goal_tiles(store, catalog, ask.lang, ask.base, reach)


@_route("/browse/sdg", SdgGrid, "The SDG goals, with how many targets the plan version reaches")
def browse_sdg(request: Request, store: StoreDep, catalog: CatalogDep) -> BaseModel | Response:
    """The 17 goals in their UN colours, each with its targets reached and relevant."""

    def build(ask: Ask) -> SdgGrid:
        scope, _, tiles = _sdg(ask, store, catalog)
        return SdgGrid(**scope, goals=tiles, colour_source=goal_colours()[1])

    return _answer(request, "browse-sdg.html", build)


@router.get("/browse/sdg-colours.css", include_in_schema=False)
def sdg_colours_css() -> Response:
    """The goals' tile colours as a stylesheet (the pages' policy allows no inline style),
    each with the text colour that passes WCAG AA on it."""
    rules = []
    for code, colour in sorted(goal_colours()[0].items(), key=lambda item: int(item[0])):
        ink = text_colour(colour)
        rules.append(
            f".sdg-{code}, .sdg-{code} a {{ background: {colour}; color: {ink}; }}\n"
            f".sdg-{code} a:hover, .sdg-{code} a:focus {{ color: {ink}; }}\n"
        )
    return Response("".join(rules), media_type="text/css; charset=utf-8")


@_route("/browse/sdg/{goal}", GoalTargets, "An SDG goal's targets with their reach status")
def browse_goal(
    request: Request, goal: str, store: StoreDep, catalog: CatalogDep
) -> BaseModel | Response:
    """The goal's targets in natural code order: reached (and by which elements), relevant
    but not reached, or not relevant, for the plan version."""

    def build(ask: Ask) -> GoalTargets:
        scope, reach, tiles = _sdg(ask, store, catalog)
        tile = next((t for t in tiles if t.code == goal.strip()), None)
        if tile is None:
            raise UnknownReferenceError(f"SDG goal {goal[:20]!r}: the goals are 1 to 17")
        mine = [t for t in reach if t.goal == tile.iri]
        return GoalTargets(**scope, goal=tile, targets=mine)

    return _answer(request, "browse-goal.html", build)


@_route("/browse/gbf", GbfTargets, "The GBF targets with their reach status")
def browse_gbf(request: Request, store: StoreDep, catalog: CatalogDep) -> BaseModel | Response:
    """The 23 targets of the Kunming-Montreal Global Biodiversity Framework, each reached (and
    by which elements), relevant but not reached, or not relevant, for the plan version."""

    def build(ask: Ask) -> GbfTargets:
        key, scope = ask.scope(store, catalog)
        return GbfTargets(**scope, targets=targets(store, catalog, "GBF", key, ask.lang, ask.base))

    return _answer(request, "browse-gbf.html", build)


@_route("/browse/agreements", Agreements, "The agreements and their provisions")
def browse_agreements(
    request: Request, store: StoreDep, catalog: CatalogDep
) -> BaseModel | Response:
    """Every agreement the graph holds, with its provisions and the plan version's elements
    that reach each."""

    def build(ask: Ask) -> Agreements:
        key, scope = ask.scope(store, catalog)
        return Agreements(**scope, agreements=agreements(store, catalog, key, ask.lang, ask.base))

    return _answer(request, "browse-agreements.html", build)


@_route("/browse/plan", PlanTree, "A plan version as a tree")
def browse_plan(request: Request, store: StoreDep, catalog: CatalogDep) -> BaseModel | Response:
    """The plan version's goals, and its priorities with their focal areas, interventions and
    milestones, in natural code order."""

    def build(ask: Ask) -> PlanTree:
        key, scope = ask.scope(store, catalog)
        goals, priorities = plan_tree(store, catalog, key.version, ask.lang, ask.base)
        return PlanTree(**scope, goals=goals, priorities=priorities)

    return _answer(request, "browse-plan.html", build)


__all__ = ["router"]
