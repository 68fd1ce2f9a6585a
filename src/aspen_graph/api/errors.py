"""Errors → HTTP, in one place. Responses carry a message, never a traceback.

=========================================  ======  =============================================
error                                      status  note
=========================================  ======  =============================================
QueryParameterError                        422     a named query's parameter is wrong
QuerySyntaxError                           400     the engine's message, with line and column
QueryRefusedError                          400     update, SERVICE, remote FROM, limits; updates
                                                   get 400 too (one rule for every refusal)
QueryNotFoundError, UnknownReferenceError  404
QueryTimeoutError                          503     ``Retry-After``; the query was stopped
StoreUnavailableError                      503     ``Retry-After``; workers busy or restarting
QueryEngineError                           500     the engine failed on this query (a Rust
                                                   panic); the message says what and why
ProtocolError                              its own 400 / 406 / 413 / 415 from the protocol layer
anything else                              500     a generic message; details go to the log
=========================================  ======  =============================================
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from aspen_graph.api.accept import best_match
from aspen_graph.errors import (
    AspenError,
    QueryEngineError,
    QueryNotFoundError,
    QueryParameterError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreUnavailableError,
    UnknownReferenceError,
)

log = logging.getLogger(__name__)

TIMEOUT_RETRY_AFTER = 10
UNAVAILABLE_RETRY_AFTER = 2
GENERIC_MESSAGE = "internal error; the server log has the details"


class ProtocolError(AspenError):
    """A request the HTTP protocol layer rejects (bad encoding, media type, size …)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


STATUS: tuple[tuple[type[AspenError], int], ...] = (
    (QueryParameterError, 422),
    (QuerySyntaxError, 400),
    (QueryRefusedError, 400),
    (QueryNotFoundError, 404),
    (UnknownReferenceError, 404),
    (QueryTimeoutError, 503),
    (StoreUnavailableError, 503),
    (QueryEngineError, 500),
)


def status_of(error: BaseException) -> int:
    """The HTTP status for an error.

    >>> status_of(QuerySyntaxError("x")), status_of(ProtocolError(415, "x")), status_of(KeyError())
    (400, 415, 500)
    """
    if isinstance(error, ProtocolError):
        return error.status
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 500


def public_message(error: BaseException) -> tuple[str, str]:
    """The kind and message an answer may show: a 500's details go to the log only.

    >>> public_message(StoreUnavailableError("down")), public_message(KeyError("secret"))[1]
    (('StoreUnavailableError', 'down'), 'internal error; the server log has the details')
    """
    shown = QueryTimeoutError | StoreUnavailableError | QueryEngineError
    if status_of(error) >= 500 and not isinstance(error, shown):
        log.error("internal error", exc_info=error)
        return "InternalError", GENERIC_MESSAGE
    return type(error).__name__, str(error)


def error_headers(error: BaseException) -> dict[str, str]:
    """``Retry-After`` for a time-out or an unavailable store."""
    if isinstance(error, QueryTimeoutError):
        return {"Retry-After": str(TIMEOUT_RETRY_AFTER)}
    if isinstance(error, StoreUnavailableError):
        return {"Retry-After": str(UNAVAILABLE_RETRY_AFTER)}
    return {}


def error_response(error: BaseException) -> Response:
    """The JSON response for an error: ``{"error": <kind>, "detail": <message>}``."""
    kind, message = public_message(error)
    body = json.dumps({"error": kind, "detail": message}, ensure_ascii=False)
    return Response(
        body,
        status_code=status_of(error),
        media_type="application/json",
        headers=error_headers(error),
    )


HtmlErrorPage = Callable[[Request, BaseException], Response]


def prefers_html(accept: str | None) -> bool:
    """Whether a client would rather read a page than JSON: a browser, not an API client.

    >>> [prefers_html(a) for a in ("text/html,*/*;q=0.8", "*/*", None, "application/json")]
    [True, False, False, False]
    """
    if not accept or "text/html" not in accept.lower():
        return False
    try:
        best = best_match(accept, ["application/json", "text/html"])
    except ValueError:
        return False
    return bool(best == "text/html")


def validation_message(error: RequestValidationError) -> str:
    """FastAPI's validation errors in one line: where (``query.x``) and what.

    >>> error = RequestValidationError([{"loc": ("query", "n"), "msg": "Field required"}])
    >>> validation_message(error)
    'query.n: Field required'
    """
    parts = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()))
        parts.append(f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg")))
    return "; ".join(parts) or "the request is not valid"


def install(app: FastAPI, *, html: HtmlErrorPage | None = None) -> None:
    """Register the handlers on ``app``; with ``html``, a browser (Accept preferring
    ``text/html``) gets that page instead of JSON, with the same status and headers. This is
    the one place that decides between the two: errors the routes raise, routing's own (404,
    405) and FastAPI's validation errors (422) alike; API clients keep the JSON they had."""

    async def handle(request: Request, error: Exception) -> Response:
        if html is not None and prefers_html(request.headers.get("accept")):
            return html(request, error)
        return error_response(error)

    async def handle_http(request: Request, error: Exception) -> Response:
        # Routing's own answers (no such path, method not allowed): a page for a browser too.
        assert isinstance(error, StarletteHTTPException)
        if html is not None and prefers_html(request.headers.get("accept")):
            page = html(request, ProtocolError(error.status_code, str(error.detail)))
            page.headers.update(error.headers or {})
            return page
        return await http_exception_handler(request, error)

    async def handle_validation(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        if html is not None and prefers_html(request.headers.get("accept")):
            return html(request, ProtocolError(422, validation_message(error)))
        return await request_validation_exception_handler(request, error)

    app.add_exception_handler(AspenError, handle)
    app.add_exception_handler(RequestValidationError, handle_validation)
    app.add_exception_handler(StarletteHTTPException, handle_http)
    app.add_exception_handler(Exception, handle)


__all__ = [
    "HtmlErrorPage",
    "ProtocolError",
    "error_headers",
    "error_response",
    "install",
    "prefers_html",
    "public_message",
    "status_of",
    "validation_message",
]
