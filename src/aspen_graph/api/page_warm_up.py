"""Warming the site's entry pages as a server starts: its first readers get them from the cache.

The home page, the browse views (a few queries each, the same for every reader), the question
catalogue and the report are asked for in each interface language, as a browser asks — once
with ``?lang=`` and once by ``Accept-Language`` alone (two keys of the result cache, see
:mod:`aspen_graph.api.page_cache`) — through the app itself, in process, one after the other.
Pages with parameters of their own (a question's answer, a search) are not warmed: there is no
telling which will be asked.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from starlette.types import ASGIApp, Message

from aspen_graph.i18n import interface_languages

log = logging.getLogger(__name__)

PAGES = (
    "/",
    "/browse",
    "/browse/sdg",
    "/browse/gbf",
    "/browse/agreements",
    "/browse/plan",
    "/queries",
    "/report",  # last: its assembly is the report warm-up's (report_memo), this waits for it
)


def requests(paths: tuple[str, ...] = PAGES) -> list[tuple[str, bytes, bytes]]:
    """(path, query string, Accept-Language) of every request the warm-up makes.

    >>> requests(("/",))[:2]
    [('/', b'', b'en'), ('/', b'lang=en', b'')]
    """
    out = []
    for path in paths:
        for lang in interface_languages():
            out += [(path, b"", lang.encode()), (path, b"lang=" + lang.encode(), b"")]
    return out


async def get(app: ASGIApp, path: str, query: bytes, language: bytes) -> int:
    """One in-process ``GET`` as a browser sends it; its status."""
    headers = [(b"host", b"127.0.0.1"), (b"accept", b"text/html")]
    if language:
        headers.append((b"accept-language", language))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 80),
    }
    status = 0

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])

    await app(scope, receive, send)
    return status


async def warm_up(
    app: ASGIApp, paths: tuple[str, ...] = PAGES, stop: asyncio.Event | None = None
) -> None:
    """Ask for each page of :func:`requests` in turn (failures logged: a reader meets them),
    until ``stop`` is set (see :func:`finish`)."""
    failed = []
    for path, query, language in requests(paths):
        if stop is not None and stop.is_set():
            log.info("page warm-up stopped: the server is stopping")
            return
        try:
            status = await get(app, path, query, language)
        except Exception as error:  # a background task: logged, never a stray traceback
            log.warning("page warm-up: %s?%s failed: %r", path, query.decode(), error)
            return
        if status != 200:
            failed.append(f"{path}?{query.decode()} ({status})")
    if failed:
        log.warning("page warm-up: not kept: %s", ", ".join(failed))
    else:
        log.info("page warm-up done (%d pages)", len(requests(paths)))


async def finish(task: asyncio.Task[None], stop: asyncio.Event, wait: float) -> None:
    """End the warm-up before the server closes its store: no page after the one in flight,
    and that one waited for, at most ``wait`` seconds (one query's time limit), then
    cancelled. Cancelling at once would not stop it: a page is rendered in a thread, which
    would go on querying the closed store (and log each failure)."""
    stop.set()
    try:
        await asyncio.wait_for(asyncio.shield(task), wait)
    except TimeoutError:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


__all__ = ["PAGES", "finish", "get", "requests", "warm_up"]
