"""Search latency on the shipped data: ``GET /search`` (JSON) over 200 queries.

The queries are drawn from the release itself (fixed seed): SDG and GBF codes as people type
them ("14.1", "GBF 7"), one or two words of English labels, Vietnamese labels with and without
their diacritics. Reports the index's build time and p50/p95/max of the request time, and of
the index lookup alone. Needs ``dist/`` (``aspen build``).

    .venv/bin/python bench/bench_search.py
"""

from __future__ import annotations

import random
import statistics
import time

from fastapi.testclient import TestClient

from aspen_graph.analysis.search import fold, load_search_index, search_rows
from aspen_graph.api import create_app

QUERIES = 200


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


def main() -> None:
    app = create_app()
    with TestClient(app) as client:
        state = app.state.aspen
        started = time.perf_counter()
        rows = search_rows(state.store, state.catalog)
        index = load_search_index(state.store, state.catalog)
        print(
            f"index: {len(index.entries)} resources, {len(rows)} label rows, "
            f"built in {(time.perf_counter() - started) * 1000:.0f} ms (rows read twice)"
        )
        queries = _queries(rows)
        client.get("/search", params={"q": "warm up"})
        lookups, requests = [], []
        for q in queries:
            t0 = time.perf_counter()
            index.search(q)
            lookups.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            response = client.get("/search", params={"q": q})
            requests.append(time.perf_counter() - t0)
            assert response.status_code == 200, (q, response.text)
        _summary("index.search", lookups)
        _summary("GET /search (JSON, TestClient)", requests)


if __name__ == "__main__":
    main()
