"""The site's HTML pages in the result cache: one answer per (release, path, query, language).

A release never changes while it is served, so a page's bytes are a function of the release,
the path, the query string (decoded, in the order given: the pages' own links and language
switcher repeat it) and the language the route chose — from ``?lang=`` (in the query) or, without
it, from ``Accept-Language`` — plus whatever else a route names (``extra``). Nothing else of the
request may reach a cached body: the templates get no request URL, host or token (links are
paths, the server's address is ``settings.base_iri``).

:func:`cached_page` renders a page once per key, keeps it (:class:`~aspen_graph.api.cache.
ResultCache`), answers ``If-None-Match`` with 304, and names the key for the fast path in front
of the app (:mod:`aspen_graph.api.fastpath`), which answers the next identical request in raw
ASGI. A route's errors are raised by ``build`` and never kept: the route turns them into its
error page (4xx/5xx), and only 200s are remembered by the fast path.

One rule for every answer kept this way (:func:`cached_answer`): its ETag is its key's, so a
key that names everything the bytes depend on is also a validator that never names another
answer's bytes. Pages (:func:`page_key`), resources' RDF (release, IRI, media type: the same
bytes at ``.ttl``, ``?format=ttl`` and by ``Accept``) and the downloads of ``/gaps``,
``/coverage`` and ``/alignments`` (:func:`download_key`: path, every parameter, format).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.responses import Response

from aspen_graph.api.cache import CACHE_CONTROL, AnswerKey, CachedAnswer, etag_matches, note_answer
from aspen_graph.api.deps import app_state

HTML = "text/html"
PAGE_TYPE = "text/html; charset=utf-8"
VARY = "Accept, Accept-Language"
"""A page's URL also answers programs (JSON) and speaks the browser's language."""

Built = bytes | tuple[bytes, bool]
"""What a page's ``build`` gives: its bytes, or its bytes and whether they may be kept (a page
rendered without some of its parts, the store having failed them, is served but not kept)."""


def page_key(request: Request, lang: str, *extra: str) -> AnswerKey:
    """The key of this request's page in ``lang`` (see the module docstring).

    The query string is decoded (``%20``, ``+`` and ``%2B``… as the route reads them) and kept in
    its order: ``?a=1&b=2`` and ``?b=2&a=1`` are two keys, as their pages' links differ.
    """
    release = app_state(request).release.tag
    return AnswerKey(
        release, f"page {request.url.path}", HTML, (query_pairs(request), (lang, *extra))
    )


def query_pairs(request: Request) -> tuple[str, ...]:
    """Every parameter of the request's query string, decoded, in its order (``name=value``)."""
    query = parse_qsl(request.url.query, keep_blank_values=True)
    return tuple(f"{name}={value}" for name, value in query)


def download_key(request: Request, media_type: str) -> AnswerKey:
    """The key of a program's answer (JSON, CSV, XLSX) at this URL: the path, every parameter
    and the format chosen (by ``?format=`` or ``Accept``), as its media type."""
    release = app_state(request).release.tag
    return AnswerKey(release, f"download {request.url.path}", media_type, (query_pairs(request),))


def cached_page(
    request: Request,
    lang: str,
    build: Callable[[], Built],
    *,
    extra: tuple[str, ...] = (),
    keep: bool = True,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The page ``build`` renders for this request in ``lang``, from the result cache when an
    identical request was answered before for this release; ``If-None-Match`` naming it: 304.

    ``extra``: anything else the bytes depend on that the path, query and language do not say.
    ``keep=False``: render and serve, but keep nothing (query strings a route ignores, which
    would only crowd the cache). ``build``'s exceptions propagate, nothing kept.
    """
    sent = {"Vary": VARY, **(headers or {})}
    if not keep:
        return Response(_bytes(build())[0], media_type=PAGE_TYPE, headers=sent)
    key = page_key(request, lang, *extra)
    return cached_answer(request, key, build, media_type=PAGE_TYPE, headers=sent)


def cached_answer(
    request: Request,
    key: AnswerKey,
    build: Callable[[], Built],
    *,
    media_type: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The one caching rule of pages, resources and downloads: the bytes ``build`` makes, kept
    under ``key``, whose ETag is ``key.etag`` — so the key must name everything the bytes
    depend on, and a validator can never name a neighbour's bytes. ``If-None-Match`` naming
    it: 304; a repeat: the kept bytes (and the fast path's). ``media_type`` is the full
    Content-Type; ``headers`` are sent with the answer and with its 304.
    """
    sent = {**(headers or {}), "ETag": key.etag, "Cache-Control": CACHE_CONTROL}
    if etag_matches(request.headers.get("if-none-match"), key.etag):
        return Response(status_code=304, headers=sent)
    cache = app_state(request).cache
    answer = cache.get(key) if cache is not None else None
    if answer is None:
        body, whole = _bytes(build())
        if not whole:  # served as it is, neither kept nor validated
            del sent["ETag"], sent["Cache-Control"]
            return Response(body, media_type=media_type, headers=sent)
        answer = CachedAnswer(body, media_type)
        if cache is not None:
            cache.put(key, answer)
    note_answer(request.scope, key)
    return Response(answer.body, media_type=answer.content_type, headers=sent)


def _bytes(built: Built) -> tuple[bytes, bool]:
    return built if isinstance(built, tuple) else (built, True)


__all__ = [
    "PAGE_TYPE",
    "VARY",
    "Built",
    "cached_answer",
    "cached_page",
    "download_key",
    "page_key",
    "query_pairs",
]
