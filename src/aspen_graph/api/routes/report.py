"""``/report``: the coverage-gap report as a page of the site, with one CSV per table.

The page is the site's frame (header, navigation, language switch, footer) around the report's
content, the same content ``aspen report`` writes into a standalone file
(``report/templates/sections.html.j2``); every named thing links to its page, every table has
its CSV at ``/report/tables/{table}.csv`` (the same rows), every chart is an SVG whose bars,
cells and nodes link to what they stand for.

Assembling a report runs ten queries and draws four charts (seconds): the assembled report is
kept per (release, language, plan, version) in :mod:`.report_memo`, and a server that opens
its own store assembles the default ones in the background as it starts
(:func:`~aspen_graph.api.report_memo.start_warm_up`), so the first reader does not wait.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from aspen_graph.api.deps import CatalogDep, SettingsDep, StoreDep
from aspen_graph.api.page_cache import cached_page
from aspen_graph.api.pages import interface_language, link_language, render
from aspen_graph.api.params import StrictQueryRoute
from aspen_graph.api.report_memo import ReportParameters, Scope, memo_of, report_for
from aspen_graph.api.routes.plan_scope import HTML_ERRORS
from aspen_graph.api.routes.resources import page_context
from aspen_graph.errors import UnknownReferenceError

router = APIRouter(tags=["analytics"], route_class=StrictQueryRoute)

CSV = "text/csv; charset=utf-8"


def _language(request: Request, params: ReportParameters) -> str:
    # ?lang= when given, else the browser's Accept-Language among the report's languages
    return params.lang or interface_language(request.headers.get("accept-language"))


def _scope(params: ReportParameters, lang: str | None) -> Scope:
    """The query string that names the same report (links to its CSVs carry it)."""
    values = (("lang", lang), ("plan", params.plan), ("version", params.version))
    return tuple((k, v) for k, v in values if v)


@router.get(
    "/report",
    response_class=HTMLResponse,
    summary="The coverage-gap report (HTML)",
    responses=HTML_ERRORS,
)
def report(
    request: Request,
    params: Annotated[ReportParameters, Query()],
    store: StoreDep,
    catalog: CatalogDep,
    settings: SettingsDep,
) -> Response:
    """The coverage-gap report as a page of the site: numbers, tables (each with its CSV) and
    charts (SVG, each bar and cell a link) from the named queries."""
    lang = _language(request, params)
    link_lang = link_language(params.lang, lang)

    def build() -> bytes:
        memo = memo_of(request.app)
        found, report = report_for(request.app, store, catalog, lang, params.plan, params.version)
        scope = _scope(params, link_lang)
        content = memo.content(found, link_lang, scope, settings.base_iri, report)
        return render(
            "report.html", ctx=page_context(request, lang), report=report, content=content
        )

    return cached_page(request, lang, build)


@router.get("/report/report.css", include_in_schema=False)
def report_style() -> Response:
    """The stylesheet of the report's content (the standalone file has it inline)."""
    from aspen_graph.report import content_style

    return Response(
        content_style(),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get(
    "/report/tables/{table}.csv",
    response_class=Response,
    summary="One table of the coverage-gap report as CSV",
    responses={**HTML_ERRORS, 200: {"content": {"text/csv": {}}}},
)
def report_table(
    request: Request,
    table: Annotated[str, Path(description="The table's id (tbl-<id> in the report page).")],
    params: Annotated[ReportParameters, Query()],
    store: StoreDep,
    catalog: CatalogDep,
) -> Response:
    """The rows of one table of the report (every column of its query), as CSV."""
    from aspen_graph.report import table_csv

    lang = _language(request, params)
    _, found = report_for(request.app, store, catalog, lang, params.plan, params.version)
    tables = {t.key: t for t in found.tables()}
    if table not in tables:
        known = ", ".join(tables)
        raise UnknownReferenceError(f"report table {table[:60]!r} does not exist: use {known}")
    return Response(
        table_csv(tables[table]),
        media_type=CSV,
        headers={
            "Content-Disposition": f'attachment; filename="{table}.csv"',
            "Vary": "Accept-Language",
        },
    )


__all__ = ["ReportParameters", "router"]
