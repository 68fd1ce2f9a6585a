"""``/report``: the coverage-gap report as one self-contained HTML document (``aspen report``).

Rendered once per (release, lang, plan, version) and kept in the app's result cache, like
every other answer.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import AfterValidator, Field

from aspen_graph.api.cache import AnswerKey, CachedAnswer
from aspen_graph.api.deps import CacheDep, CatalogDep, ReleaseDep, StoreDep
from aspen_graph.api.edge import source_hash
from aspen_graph.api.pages import interface_language
from aspen_graph.api.params import StrictQueryRoute, TrimmedParameters, language_tag
from aspen_graph.api.routes.plan_scope import HTML_ERRORS, Plan, Version, plan_version
from aspen_graph.curie import compress

router = APIRouter(tags=["analytics"], route_class=StrictQueryRoute)

HTML = "text/html"


class ReportParameters(TrimmedParameters):
    lang: Annotated[
        str | None,
        AfterValidator(language_tag),  # a default (None) is not validated
        Field(
            description="Language of the report: en or vi (default: the best for Accept-Language)."
        ),
    ] = None
    plan: Plan = None
    version: Version = None


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
    release: ReleaseDep,
    cache: CacheDep,
) -> HTMLResponse:
    """The coverage-gap report as one self-contained HTML document (charts inline, no
    external resources), as ``aspen report`` writes it."""
    # Imported here: the report pulls in matplotlib, which every other request can do without.
    from aspen_graph.report import inline_styles, render_report_html

    # ?lang= when given, else the browser's Accept-Language among the report's languages
    lang = params.lang or interface_language(request.headers.get("accept-language"))
    plan, version = (
        compress(iri) for iri in plan_version(store, catalog, params.plan, params.version)
    )
    key = AnswerKey(release.tag, "report", HTML, ((lang, plan, version),))
    answer = cache.get(key) if cache is not None else None
    if answer is None:
        html = render_report_html(store, catalog, lang=lang, plan=plan, version=version)
        answer = CachedAnswer(html.encode("utf-8"), HTML)
        if cache is not None:
            cache.put(key, answer)
    # Self-contained: its CSS inline (allowed by hash), its charts as data: images, no script.
    styles = " ".join(source_hash(style) for style in inline_styles())
    policy = (
        f"default-src 'none'; style-src {styles}; img-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
    return HTMLResponse(
        answer.body, headers={"Content-Security-Policy": policy, "Vary": "Accept-Language"}
    )


__all__ = ["ReportParameters", "router"]
