"""The arithmetic both rankers share (:mod:`.rank`, :mod:`.challenge`): TF-IDF vectors and their
cosine, and reciprocal-rank fusion of scored lists. Ties are broken by key, so every ranking
is deterministic."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping


def tfidf(counts: Mapping[str, float], idf: Mapping[str, float]) -> dict[str, float]:
    """A unit TF-IDF vector with a log term frequency."""
    vector = {key: (1 + math.log(n)) * idf.get(key, 0.0) for key, n in counts.items() if n > 0}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def inverse_frequency(documents: Iterable[set[str]]) -> dict[str, float]:
    docs = list(documents)
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc)
    return {key: math.log((1 + len(docs)) / (1 + n)) + 1 for key, n in df.items()}


def ordered(scores: Mapping[str, float]) -> list[str]:
    """The keys with a positive score, best first, ties by key (deterministic)."""
    return sorted((k for k, v in scores.items() if v > 0), key=lambda k: (-scores[k], k))


def fuse(lists: Iterable[tuple[float, Mapping[str, float]]], k: float) -> dict[str, float]:
    """Reciprocal-rank fusion: ``Σ weight / (k + rank)`` over the lists a key is in.

    >>> fuse([(1.0, {"a": 3.0, "b": 1.0}), (1.0, {"b": 2.0})], 10.0) == {
    ...     "a": 1 / 11, "b": 1 / 12 + 1 / 11}
    True
    """
    fused: dict[str, float] = defaultdict(float)
    for weight, scores in lists:
        ranked = ordered(scores)
        rank = 0
        for position, target in enumerate(ranked, start=1):
            # Equal scores share a rank: a tie in a list stays a tie after the fusion.
            if position == 1 or scores[target] != scores[ranked[position - 2]]:
                rank = position
            fused[target] += weight / (k + rank)
    return dict(fused)


__all__ = ["cosine", "fuse", "inverse_frequency", "ordered", "tfidf"]
