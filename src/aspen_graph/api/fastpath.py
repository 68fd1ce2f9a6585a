"""Answering repeated ``GET /sparql``, ``/queries`` and the site's pages in front of the app,
from the one cache.

A release never changes while it is served, so the complete answer to a GET — status line,
headers and body — is a function of the path, the query string, ``Accept``, whether the
request is cross-origin, and the release. Hits are answered here, in raw ASGI, without
routing, validation or the trip to a query worker: that per-request machinery, not the engine,
is what made cheap queries slower than Oxigraph server's.

The bytes are not kept here: the route put them in the app's result cache
(:class:`~aspen_graph.api.cache.ResultCache`) under an :class:`~aspen_graph.api.cache.AnswerKey`
and named that key in the request's scope; this remembers, per raw request, that key and the
headers that were sent. A remembered key of another release, or one whose bytes the cache has
let go, is a miss. Only 200 answers that a route named a key for are remembered; conditional
requests go through to the routes (they answer 304).
"""

from __future__ import annotations

from collections.abc import Iterable

from cachetools import LRUCache
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aspen_graph.api.cache import ANSWER_KEY_SCOPE, AnswerKey
from aspen_graph.api.deps import AppState

Headers = list[tuple[bytes, bytes]]
Key = tuple[str, bytes, bytes, bytes, bool]

ENTRIES = 4096
"""Raw requests remembered: a key and a few headers each, the bodies live in the cache."""
PATHS = (
    *("/", "/sparql", "/queries", "/browse", "/explain", "/diff", "/coverage", "/gaps"),
    *("/alignments", "/search", "/report", "/ont/", "/resource"),
)
"""Paths answered here when remembered (the home page, SPARQL, the catalogue list)."""
PREFIXES = ("/queries/", "/browse/", "/ont/", "/id/")
"""And paths under these: questions, browse views, vocabulary terms, resource pages."""


class ResponseCacheMiddleware:
    """Answers a GET under the given path prefixes again from the app's result cache."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        state: AppState,
        paths: Iterable[str] = PATHS,
        prefixes: Iterable[str] = PREFIXES,
        entries: int = ENTRIES,
    ) -> None:
        self.app = app
        self.state = state
        self.paths = frozenset(paths)
        self.prefixes = tuple(prefixes)
        self.hits = 0
        # Used from the event loop only (never from the threadpool): no lock.
        self._seen: LRUCache[Key, tuple[AnswerKey, Headers]] = LRUCache(maxsize=entries)

    def _key(self, scope: Scope) -> Key | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path: str = scope["path"]
        if not (path in self.paths or path.startswith(self.prefixes)):
            return None
        accept = language = b""
        cross_origin = False
        for name, value in scope["headers"]:
            if name == b"if-none-match":
                return None  # the routes answer 304
            if name == b"accept":
                accept = value
            elif name == b"accept-language":
                language = value
            elif name == b"origin":
                cross_origin = True
        return (path, scope["query_string"], accept, language, cross_origin)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        cache = self.state.cache
        if key is None or cache is None:
            await self.app(scope, receive, send)
            return
        seen = self._seen.get(key)
        if seen is not None:
            known, sent = seen
            current = known.release == self.state.release.tag
            answer = cache.peek(known) if current else None
            if answer is not None:
                self.hits += 1
                await send({"type": "http.response.start", "status": 200, "headers": sent})
                await send({"type": "http.response.body", "body": answer.body})
                return
            del self._seen[key]
        start: Message | None = None
        complete = False

        async def capture(message: Message) -> None:
            nonlocal start, complete
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                complete = not message.get("more_body", False)
            await send(message)

        await self.app(scope, receive, capture)
        answer_key: AnswerKey | None = scope.get(ANSWER_KEY_SCOPE)
        if start is not None and complete and start["status"] == 200 and answer_key is not None:
            headers: Headers = [(bytes(n), bytes(v)) for n, v in start.get("headers", [])]
            self._seen[key] = (answer_key, headers)

    def __len__(self) -> int:
        return len(self._seen)


__all__ = ["ResponseCacheMiddleware"]
