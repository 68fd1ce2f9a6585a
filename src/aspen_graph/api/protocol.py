"""Reading requests strictly: query strings and bodies must be valid UTF-8, bodies are bounded."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect, Request

from aspen_graph.api.errors import ProtocolError

Params = dict[str, list[str]]


def parse_params(raw: bytes, where: str) -> Params:
    """Decode ``application/x-www-form-urlencoded`` bytes; invalid UTF-8 → 400.

    >>> parse_params(b"query=ASK%7B%7D&a=1&a=2", "query string")
    {'query': ['ASK{}'], 'a': ['1', '2']}
    >>> parse_params(b"query=%FF", "query string")
    Traceback (most recent call last):
    ...
    aspen_graph.api.errors.ProtocolError: the query string is not valid UTF-8
    """
    try:
        text = raw.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {where} is not valid UTF-8") from None
    params: Params = {}
    for key, value in pairs:
        params.setdefault(key, []).append(value)
    return params


def query_params(request: Request) -> Params:
    """The request's query-string parameters, decoded strictly."""
    return parse_params(request.scope.get("query_string", b""), "query string")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 past ``limit`` bytes (checked before and while
    reading, so an oversized upload is never buffered whole)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise ProtocolError(400, "Content-Length is not a number") from None
        if size > limit:
            raise ProtocolError(413, f"the request body is larger than {limit:,} bytes")
    chunks: list[bytes] = []
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:
                raise ProtocolError(413, f"the request body is larger than {limit:,} bytes")
            chunks.append(chunk)
    except ClientDisconnect:
        # The client went away, or the server cut a body too slow to arrive (it answered 408
        # then): an answer, not an internal error with a traceback in the log.
        raise ProtocolError(408, "the request body did not arrive") from None
    return b"".join(chunks)


def decode_utf8(data: bytes, where: str) -> str:
    """Bytes as text; invalid UTF-8 → 400."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"the {where} is not valid UTF-8 (byte {error.start})") from None


def single(params: Params, name: str) -> str | None:
    """The one value of a parameter; repeated → 400."""
    values = params.get(name, [])
    if len(values) > 1:
        raise ProtocolError(400, f"give the parameter {name!r} once, not {len(values)} times")
    return values[0] if values else None


__all__ = ["Params", "decode_utf8", "parse_params", "query_params", "read_body", "single"]
