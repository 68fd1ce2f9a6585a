"""A cache of whole responses in front of the app, for repeated ``GET /sparql`` and ``/queries``.

A release never changes while it is served, so the complete answer to a GET — status line,
headers and body — is a function of the path, the query string, ``Accept`` and whether the
request is cross-origin. Hits are answered here, in raw ASGI, without routing, validation or
the trip to a query worker: that per-request machinery, not the engine, is what made cheap
queries slower than Oxigraph server's. Only 200 answers that carry an ``ETag`` (the routes set
one on every cacheable answer) are kept; conditional requests go through to the routes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Headers = list[tuple[bytes, bytes]]
Key = tuple[str, bytes, bytes, bool]


class ResponseCacheMiddleware:
    """LRU of complete GET responses for the given path prefixes.

    ``entries`` bounds the number of answers, ``max_body`` the size of one, ``max_bytes`` the total.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        prefixes: Iterable[str] = ("/sparql", "/queries/"),
        entries: int = 2048,
        max_body: int = 16 << 20,
        max_bytes: int = 256 << 20,
    ) -> None:
        self.app = app
        self.prefixes = tuple(prefixes)
        self.entries = entries
        self.max_body = max_body
        self.max_bytes = max_bytes
        self.hits = 0
        self._answers: OrderedDict[Key, tuple[Headers, bytes]] = OrderedDict()
        self._bytes = 0

    def _key(self, scope: Scope) -> Key | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path: str = scope["path"]
        if not (path == "/sparql" or path.startswith(self.prefixes)):
            return None
        accept = b""
        cross_origin = False
        for name, value in scope["headers"]:
            if name == b"if-none-match":
                return None  # the routes answer 304
            if name == b"accept":
                accept = value
            elif name == b"origin":
                cross_origin = True
        return (path, scope["query_string"], accept, cross_origin)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
            self.hits += 1
            cached_headers, body = answer
            await send({"type": "http.response.start", "status": 200, "headers": cached_headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: Message | None = None
        parts: list[bytes] = []
        complete = False

        async def capture(message: Message) -> None:
            nonlocal start, complete
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                complete = not message.get("more_body", False)
            await send(message)

        await self.app(scope, receive, capture)
        if start is not None and complete and start["status"] == 200:
            headers: Headers = [(bytes(n), bytes(v)) for n, v in start.get("headers", [])]
            if any(name == b"etag" for name, _ in headers):
                self._keep(key, headers, b"".join(parts))

    def _keep(self, key: Key, headers: Headers, body: bytes) -> None:
        if len(body) > self.max_body:
            return
        old = self._answers.pop(key, None)
        if old is not None:
            self._bytes -= len(old[1])
        self._answers[key] = (headers, body)
        self._bytes += len(body)
        while len(self._answers) > self.entries or self._bytes > self.max_bytes:
            _, (_, evicted) = self._answers.popitem(last=False)
            self._bytes -= len(evicted)

    def __len__(self) -> int:
        return len(self._answers)


__all__ = ["ResponseCacheMiddleware"]
