"""``/docs`` (Swagger UI) and ``/redoc``: FastAPI's pages, each with a policy of its own.

Both load their code from the jsDelivr CDN (as FastAPI's defaults do) and start it with an inline
script. The pages' policy (:data:`~aspen_graph.api.edge.PAGE_POLICY`) would block both, so these
answers carry a policy naming the CDN and the hash of the inline script FastAPI wrote (the
page is made from constants: nothing from the request gets into it). ReDoc injects its styles
at run time, so its policy allows inline styles (not scripts).
"""

from __future__ import annotations

import re
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

from aspen_graph.api.edge import source_hash

CDN = "https://cdn.jsdelivr.net"
_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)

router = APIRouter(include_in_schema=False)


def policy(html: str, *, styles: str = "", extra: str = "") -> str:
    """A policy for ``html``: code from the CDN, its inline scripts and styles by hash."""
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for kind, body in _INLINE.findall(html):
        hashes[kind].append(source_hash(body))
    return (
        f"default-src 'none'; script-src {CDN} {' '.join(hashes['script'])}; "
        f"style-src {CDN} {styles or ' '.join(hashes['style'])}; "
        f"img-src 'self' data: https:; connect-src 'self'; {extra}"
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ).replace("  ", " ")


@lru_cache(maxsize=4)
def _page(kind: str, title: str) -> tuple[bytes, str]:
    if kind == "docs":
        html = get_swagger_ui_html(openapi_url="/openapi.json", title=f"{title} - Swagger UI")
        body = bytes(html.body)
        return body, policy(body.decode("utf-8"))
    html = get_redoc_html(openapi_url="/openapi.json", title=f"{title} - ReDoc")
    body = bytes(html.body)
    return body, policy(
        body.decode("utf-8"),
        styles="'unsafe-inline' https://fonts.googleapis.com",
        extra="font-src https://fonts.gstatic.com; worker-src blob:; ",
    )


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    body, csp = _page("docs", request.app.title)
    return HTMLResponse(body, headers={"Content-Security-Policy": csp})


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    body, csp = _page("redoc", request.app.title)
    return HTMLResponse(body, headers={"Content-Security-Policy": csp})


__all__ = ["policy", "router"]
