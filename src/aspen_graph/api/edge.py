"""Headers every answer carries, in raw ASGI (outermost, so cached answers carry them too).

* ``X-Content-Type-Options: nosniff`` on every answer.
* On HTML: a Content-Security-Policy (:data:`PAGE_POLICY`: scripts, styles, fonts and fetches
  from this server only, images also as ``data:``, no plugins, no ``<base>``, forms post here, no
  framing) and ``X-Frame-Options: DENY`` for browsers without ``frame-ancestors``. A route that
  serves other HTML (the editor, the self-contained report, ReDoc) sets its own policy, which
  is kept.
* A ``Location`` naming the request's own ``Host`` (Starlette's trailing-slash redirect builds
  one from it) becomes a path: the client chose that header, the answer must not echo it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
"""The pages' policy: everything from this server, nothing inline, never framed."""
EDITOR_POLICY = PAGE_POLICY.replace(
    "default-src 'self';", "default-src 'self'; style-src 'self' 'unsafe-inline';"
)
"""The editor's: YASGUI writes style attributes and ``<style>`` elements at run time (column
resizing, tooltips), which no hash can name; styles cannot run code, and scripts stay
this server's files only."""
REDOC_POLICY = PAGE_POLICY.replace(
    "default-src 'self';",
    "default-src 'self'; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:;",
)
"""ReDoc's (``/redoc``): it writes ``<style>`` elements (styled-components) and runs its search
in a worker made from a ``blob:`` URL; scripts, fonts and fetches stay this server's."""
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
NOSNIFF = (b"x-content-type-options", b"nosniff")
FRAME = (b"x-frame-options", b"DENY")


def source_hash(text: str) -> str:
    """The CSP source expression allowing one inline ``<script>`` or ``<style>`` body.

    >>> source_hash("body{}")
    "'sha256-fJgEClQWV1hGkK4qHMO0KotTsVnMYMXTq7/suurGyUo='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def with_styles(html: str) -> str:
    """:data:`PAGE_POLICY` that also allows the ``<style>`` elements of ``html``, by hash: for a
    document the build wrote (pyLODE's vocabulary page), never for one holding request text.

    >>> with_styles("<style>body{}</style>").split("; ")[1]
    "style-src 'self' 'sha256-fJgEClQWV1hGkK4qHMO0KotTsVnMYMXTq7/suurGyUo='"
    """
    hashes = " ".join(source_hash(body) for body in _STYLE.findall(html))
    return PAGE_POLICY.replace(
        "default-src 'self';", f"default-src 'self'; style-src 'self' {hashes};"
    )


def _own_location(location: bytes, host: bytes | None) -> bytes:
    """``location`` as a path when it names ``host`` (the request's Host header).

    >>> _own_location(b"http://evil.example/queries?x=1", b"evil.example")
    b'/queries?x=1'
    >>> _own_location(b"/ont/", b"evil.example"), _own_location(b"https://w3id.org/a", b"h")
    (b'/ont/', b'https://w3id.org/a')
    """
    if host is None:
        return location
    parts = urlsplit(location.decode("latin-1"))
    if not parts.scheme or parts.netloc.encode("latin-1").lower() != host.lower():
        return location
    path = parts.path or "/"
    return (path + (f"?{parts.query}" if parts.query else "")).encode("latin-1")


class EdgeHeadersMiddleware:
    """Adds the security headers and keeps the Host header out of ``Location``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((value for name, value in scope["headers"] if name == b"host"), None)

        async def edge(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _headers(list(message.get("headers", [])), host)}
            await send(message)

        await self.app(scope, receive, edge)


def _headers(headers: list[tuple[bytes, bytes]], host: bytes | None) -> list[tuple[bytes, bytes]]:
    names = {bytes(name).lower() for name, _ in headers}
    out = [
        (name, _own_location(bytes(value), host) if bytes(name).lower() == b"location" else value)
        for name, value in headers
    ]
    if NOSNIFF[0] not in names:
        out.append(NOSNIFF)
    content_type = next((bytes(v) for n, v in headers if bytes(n).lower() == b"content-type"), b"")
    if content_type.lower().startswith(b"text/html"):
        if b"content-security-policy" not in names:
            out.append((b"content-security-policy", PAGE_POLICY.encode("ascii")))
        if FRAME[0] not in names:
            out.append(FRAME)
    return out


__all__ = [
    "EDITOR_POLICY",
    "PAGE_POLICY",
    "REDOC_POLICY",
    "EdgeHeadersMiddleware",
    "source_hash",
    "with_styles",
]
