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

from fastapi import FastAPI, Request
from fastapi.responses import Response

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


def error_response(error: BaseException) -> Response:
    """The JSON response for an error: ``{"error": <kind>, "detail": <message>}``."""
    status = status_of(error)
    shown = QueryTimeoutError | StoreUnavailableError | QueryEngineError
    if status >= 500 and not isinstance(error, shown):
        log.error("internal error", exc_info=error)
        kind, message = "InternalError", GENERIC_MESSAGE
    else:
        kind, message = type(error).__name__, str(error)
    headers = {}
    if isinstance(error, QueryTimeoutError):
        headers["Retry-After"] = str(TIMEOUT_RETRY_AFTER)
    elif isinstance(error, StoreUnavailableError):
        headers["Retry-After"] = str(UNAVAILABLE_RETRY_AFTER)
    body = json.dumps({"error": kind, "detail": message}, ensure_ascii=False)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


async def _handle(request: Request, error: Exception) -> Response:
    return error_response(error)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(AspenError, _handle)
    app.add_exception_handler(Exception, _handle)


__all__ = ["ProtocolError", "error_response", "install", "status_of"]
