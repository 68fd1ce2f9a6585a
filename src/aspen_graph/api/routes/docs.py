"""``/docs`` (Swagger UI) and ``/redoc``: the OpenAPI description, read in the site's frame.

Both are pages of the site (navigation, language switch, ``<html lang>``) whose main part is
Swagger UI or ReDoc, loaded from this server (``api/static/swagger-ui/``, ``api/static/redoc/``:
vendored npm releases with their licences and versions) and started by a file, not an inline
script, so nothing comes from the internet. Swagger UI fits the pages' policy as it is; ReDoc
writes ``<style>`` elements and starts a web worker from a ``blob:`` URL at run time, so its page
has :data:`~aspen_graph.api.edge.REDOC_POLICY` (still this server only). The tools' own words
are English (they have no catalogues); the frame speaks the page's language.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aspen_graph.api.edge import REDOC_POLICY
from aspen_graph.api.pages import choose_language, render
from aspen_graph.api.protocol import query_params, single
from aspen_graph.api.routes.resources import page_context

router = APIRouter(include_in_schema=False)

OPENAPI_URL = "/openapi.json"


def _page(request: Request, tool: str) -> Response:
    lang = choose_language(
        single(query_params(request), "lang"), request.headers.get("accept-language")
    )
    body = render("api-docs.html", ctx=page_context(request, lang), tool=tool, spec=OPENAPI_URL)
    headers = {"Vary": "Accept-Language"}
    if tool == "redoc":
        headers["Content-Security-Policy"] = REDOC_POLICY
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


@router.get("/docs")
def swagger_ui(request: Request) -> Response:
    return _page(request, "swagger")


@router.get("/redoc")
def redoc(request: Request) -> Response:
    return _page(request, "redoc")


__all__ = ["OPENAPI_URL", "router"]
