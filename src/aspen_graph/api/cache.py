"""An in-process LRU cache of serialised answers, keyed by what determines the bytes."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

CACHE_CONTROL = "public, max-age=300"
"""A release never changes while served; clients may reuse answers for a while."""


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """One cached response body and its headers' inputs."""

    body: bytes
    content_type: str
    count: int | None = None


CacheKey = tuple[str, str, tuple[str, ...], tuple[str, ...]]
"""(normalised query, media type, default-graph-uri values, named-graph-uri values)."""


class ResultCache:
    """A thread-safe LRU bounded by entries and by total bytes; large bodies are not kept.

    >>> cache = ResultCache(entries=2)
    >>> cache.put(("q", "t", (), ()), CachedAnswer(b"x", "t"))
    >>> cache.get(("q", "t", (), ())).body
    b'x'
    """

    def __init__(
        self, *, entries: int = 512, max_bytes: int = 64 << 20, max_body: int = 1 << 20
    ) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self.max_body = max_body
        self.hits = 0
        self.misses = 0
        self._data: OrderedDict[CacheKey, CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: CacheKey) -> CachedAnswer | None:
        with self._lock:
            answer = self._data.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: CacheKey, answer: CachedAnswer) -> None:
        if len(answer.body) > self.max_body:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._data[key] = answer
            self._bytes += len(answer.body)
            while len(self._data) > self.entries or self._bytes > self.max_bytes:
                _, evicted = self._data.popitem(last=False)
                self._bytes -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._data)


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


__all__ = ["CACHE_CONTROL", "CacheKey", "CachedAnswer", "ResultCache", "etag_matches", "make_etag"]
