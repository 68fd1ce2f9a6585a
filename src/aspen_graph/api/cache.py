"""An in-process LRU cache of serialised answers, keyed by what determines the bytes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass


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


__all__ = ["CacheKey", "CachedAnswer", "ResultCache"]
