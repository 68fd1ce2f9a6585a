"""The one in-process cache of serialised answers: an LRU (``cachetools``) sized by body bytes.

Each answer is kept once, under an :class:`AnswerKey` that names everything its bytes depend
on, the served release first: an answer of one release is never served for another, even
before the caches are emptied. The routes own the bytes (they put them here); the fast path in
front of the app (:mod:`aspen_graph.api.fastpath`) only remembers which key a raw request led
to, and reads the bytes back from here.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from cachetools import LRUCache
from starlette.types import Scope

CACHE_CONTROL = "public, max-age=300"
"""A release never changes while served; clients may reuse answers for a while."""

MAX_BYTES = 256 << 20
"""All bodies together (the fast path's former budget; the route cache had 64 MiB more)."""
MAX_BODY = 16 << 20
"""One body: a larger answer is served but not kept."""

ANSWER_KEY_SCOPE = "aspen.answer_key"
"""Where a route leaves the key of the answer it sent, for the fast path (ASGI scope)."""


class AnswerKey(NamedTuple):
    """What one answer's bytes are a function of.

    ``query`` is the normalised SPARQL text, or the route's own name for what it answers
    (``queries/NAME``, ``page IRI``); ``arguments`` are the dataset (default and named graph
    IRIs) or the route's parameters.

    >>> key = AnswerKey("1.0+ab", "ASK {}", "text/csv", ((), ()))
    >>> key.etag == make_etag("1.0+ab", "ASK {}", "text/csv", (), ())
    True
    """

    release: str
    query: str
    media_type: str
    arguments: tuple[tuple[str, ...], ...] = ()

    @property
    def etag(self) -> str:
        return make_etag(self.release, self.query, self.media_type, *self.arguments)


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """One cached response body and its headers' inputs."""

    body: bytes
    content_type: str
    count: int | None = None


def body_size(answer: CachedAnswer) -> int:
    """An answer's weight in the cache: its body's length."""
    return len(answer.body)


class ResultCache:
    """A thread-safe LRU of answers bounded by their total body bytes; large bodies are not kept.

    >>> cache = ResultCache(max_bytes=2)
    >>> a, b = AnswerKey("r", "a", "t"), AnswerKey("r", "b", "t")
    >>> cache.put(a, CachedAnswer(b"x", "t")); cache.put(b, CachedAnswer(b"yz", "t"))
    >>> cache.get(a) is None, cache.get(b).body, cache.size
    (True, b'yz', 2)
    """

    def __init__(self, *, max_bytes: int = MAX_BYTES, max_body: int = MAX_BODY) -> None:
        self.max_body = min(max_body, max_bytes)
        self.hits = 0
        self.misses = 0
        self._data: LRUCache[AnswerKey, CachedAnswer] = LRUCache(
            maxsize=max_bytes, getsizeof=body_size
        )
        self._lock = threading.Lock()

    def get(self, key: AnswerKey) -> CachedAnswer | None:
        """The answer under ``key``, counted as a hit or a miss."""
        with self._lock:
            answer = self._data.get(key)
            if answer is None:
                self.misses += 1
            else:
                self.hits += 1
            return answer

    def peek(self, key: AnswerKey) -> CachedAnswer | None:
        """The answer under ``key`` for the fast path, which counts its own hits."""
        with self._lock:
            return self._data.get(key)

    def put(self, key: AnswerKey, answer: CachedAnswer) -> None:
        if len(answer.body) > self.max_body:
            return
        with self._lock:
            self._data[key] = answer

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    @property
    def size(self) -> int:
        """The bytes held: the sum of the bodies' lengths."""
        return int(self._data.currsize)

    def __len__(self) -> int:
        return len(self._data)


def note_answer(scope: Scope, key: AnswerKey) -> None:
    """Tell the fast path which cached answer this request was sent (see :mod:`.fastpath`)."""
    scope[ANSWER_KEY_SCOPE] = key


def make_etag(release: str, query: str, media_type: str, *datasets: Sequence[str]) -> str:
    """A weak validator for one answer (weak: blank-node labels may differ between runs).

    >>> make_etag("1+ab", "ASK {}", "text/csv").startswith('W/"')
    True
    """
    digest = hashlib.sha256()
    for part in (release, query, media_type, *("\x1f".join(d) for d in datasets)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return f'W/"{digest.hexdigest()[:32]}"'


def etag_matches(header: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison) or is ``*``."""
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in header.split(","):
        value = candidate.strip()
        if value == "*" or value.removeprefix("W/") == wanted:
            return True
    return False


__all__ = [
    "ANSWER_KEY_SCOPE",
    "CACHE_CONTROL",
    "AnswerKey",
    "CachedAnswer",
    "ResultCache",
    "etag_matches",
    "make_etag",
    "note_answer",
]
