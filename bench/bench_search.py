"""Search latency: the index's build, then ``SearchIndex.search`` and ``GET /search`` (JSON).

The queries are drawn from the release itself (fixed seed, 200): SDG and GBF codes as people
type them ("14.1", "GBF 7"), one or two words of English labels, Vietnamese labels with and
without their diacritics; then the 12 queries of ``bench/ttfb.py`` and the codes of issue 15
("14.1", "GBF 7", "7.a", "P2"). Reports the index's read (rows, store queries, seconds), its
build and size, and p50/p95/max of the lookup alone and of the request (shipped data only).

    .venv/bin/python bench/bench_search.py                  # shipped data: needs dist/
    .venv/bin/python bench/bench_search.py --store bench/.cache/dist-2000000/aspen.nq
    .venv/bin/python bench/bench_search.py --store /srv/aspen-store     # an on-disk store

With ``--store``, the index is read through a one-worker ``SandboxStore`` with the server's
``max_results`` (100,000) and query timeout (10 s; ``--timeout``), and no HTTP request is timed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from aspen_graph.analysis.search import SearchIndex, fold, search_rows
from aspen_graph.api import create_app
from aspen_graph.config import get_settings
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore, SandboxStore

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ttfb import SEARCHES  # the one list of the TTFB bench's searches

QUERIES = 200
CODES = ("14.1", "GBF 7", "7.a", "P2")
"""The codes issue 15 named as slow at 2M."""


def _queries(rows: list[dict[str, str]]) -> list[str]:
    rng = random.Random(15)
    codes = sorted({r["text"] for r in rows if r["property"].endswith("notation")})
    english = sorted({r["text"] for r in rows if r["lang"] == "en" and "label" in r["property"]})
    vietnamese = sorted({r["text"] for r in rows if r["lang"] == "vi"})
    out: list[str] = []
    while len(out) < QUERIES:
        pick = len(out) % 4
        if pick == 0:
            code = rng.choice(codes)
            out.append(code.replace("GBF-TARGET-0", "GBF ").replace("GBF-TARGET-", "GBF "))
        elif pick == 1:
            words = rng.choice(english).split()
            start = rng.randrange(len(words))
            out.append(" ".join(words[start : start + rng.choice((1, 2))]))
        else:
            words = rng.choice(vietnamese).split()
            text = " ".join(words[: rng.choice((1, 2, 3))])
            out.append(fold(text) if pick == 3 else text)
    return out


def _summary(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"{name}: n={len(times)} p50={statistics.median(times) * 1000:.2f} ms "
        f"p95={p95 * 1000:.2f} ms max={times[-1] * 1000:.2f} ms"
    )


def _timed(search: Callable[[str], object], queries: list[str]) -> list[tuple[float, str]]:
    out = []
    for q in queries:
        started = time.perf_counter()
        search(q)
        out.append((time.perf_counter() - started, q))
    return out


def _build(store: GraphStore, catalog: QueryCatalog) -> tuple[SearchIndex, list[dict[str, str]]]:
    before = store.stats.queries if isinstance(store, SandboxStore) else 0
    started = time.perf_counter()
    rows = search_rows(store, catalog)
    read = time.perf_counter() - started
    queries = store.stats.queries - before if isinstance(store, SandboxStore) else 1
    started = time.perf_counter()
    index = SearchIndex(rows)
    built = time.perf_counter() - started
    size = len(index._db.serialize())  # the in-memory database as a file
    print(
        f"index: {len(index.entries)} resources, {len(rows)} label rows read by {queries} "
        f"store quer{'y' if queries == 1 else 'ies'} in {read:.1f} s; FTS5 built in "
        f"{built:.1f} s; database {size / 2**20:.1f} MiB"
    )
    return index, rows


def _lookups(index: SearchIndex, rows: list[dict[str, str]]) -> list[str]:
    queries = _queries(rows)
    index.search("warm up")
    mix = _timed(index.search, queries)
    _summary("index.search (bench mix)", [t for t, _ in mix])
    fixed = _timed(index.search, list(SEARCHES + CODES) * 5)
    _summary("index.search (ttfb queries and issue codes, x5)", [t for t, _ in fixed])
    print("slowest:", ", ".join(f"{q!r} {t * 1000:.1f} ms" for t, q in sorted(mix)[-5:]))
    for code in CODES:
        best = min(t for t, q in fixed if q == code)
        print(f"  {code!r}: {best * 1000:.2f} ms (best of 5)")
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a release file (.nq) or an on-disk store")
    parser.add_argument("--max-results", type=int, default=100_000)
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="the store's query timeout (the server's: 10 s)"
    )
    args = parser.parse_args()
    if args.store is not None:
        catalog = QueryCatalog(get_settings().sparql_dir)
        with SandboxStore(
            args.store, workers=1, timeout=args.timeout, max_results=args.max_results
        ) as store:
            index, rows = _build(store, catalog)
        _lookups(index, rows)
        return
    app = create_app()
    with TestClient(app) as client:
        state = app.state.aspen
        index, rows = _build(state.store, state.catalog)
        queries = _lookups(index, rows)
        requests = []
        for q in queries:
            started = time.perf_counter()
            response = client.get("/search", params={"q": q})
            requests.append(time.perf_counter() - started)
            assert response.status_code == 200, (q, response.text)
        _summary("GET /search (JSON, TestClient)", requests)


if __name__ == "__main__":
    main()
