"""English stems from several threads at once: a page request and a warm-up thread stem at the
same time in a server (a shared snowballstemmer object failed with an IndexError, or gave one
thread's stem for another's word)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest
import snowballstemmer  # type: ignore[import-untyped]

from aspen_graph.analysis.suggest.text import english

WORDS = [
    "protecting",
    "coastal",
    "marine",
    "ecosystems",
    "biodiversity",
    "conservation",
    "restoration",
    "sustainable",
    "consumption",
    "production",
    "pollution",
    "reduction",
    "climate",
    "adaptation",
    "mitigation",
    "resilience",
    "governance",
    "strengthening",
    "monitoring",
    "indicators",
    "transboundary",
    "haze",
    "management",
    "partnerships",
    "financing",
    "capacities",
]


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Threads switch every few microseconds, so a shared stemmer is met mid-word."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def test_stems_from_many_threads_are_each_words_own(fast_switching: None) -> None:
    # the truth, from a stemmer of the test's own (one thread)
    own = snowballstemmer.stemmer("english")
    text = " ".join(WORDS * 20)
    expected = [own.stemWord(w) for w in text.split()]
    failures: list[str] = []

    def stem() -> None:
        for _ in range(5):
            try:
                got = [f.key for f in english(text)]
            except Exception as error:  # the shared stemmer's IndexError
                failures.append(repr(error))
                return
            if got != expected:
                failures.append("a stem of another thread's word")
                return

    threads = [threading.Thread(target=stem) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
