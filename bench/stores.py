"""Publish, restart and catalogue speed per store: the embedded on-disk store, an Oxigraph
server and Virtuoso, each served by ``aspen serve --store``.

For the release in bench/.cache/dist-SIZE (built by bench/scale.py; this script builds it when
it is missing), for each store:

* publish   ``aspen publish --store X --dist DIST`` into a fresh, empty store (whole command)
* restart   ``aspen serve --store X``: process start until /health answers, twice
* queries   every catalogue query (sparql/api/*.rq) through ``GET /queries/NAME`` (JSON), with
            the default parameters (required ones get bench/scale.py's sample values): p50 of
            --runs runs after one warm-up, per query; the table gives their median, the
            slowest, and the queries that failed

Virtuoso is started as the tests start it (tests/virtuoso_server.py: free loopback ports, a
fresh database); the Oxigraph server on disk with ``--union-default-graph``.

    .venv/bin/python bench/stores.py --size 200000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from scale import CACHE, REQUIRED, child  # noqa: E402
from servers import free_port, spawn, stop, wait_until_up  # noqa: E402

BIN = Path(sys.executable).parent


def catalogue() -> list[tuple[str, dict[str, str]]]:
    """``(name, parameters)`` of every catalogue query, as bench/scale.py runs them."""
    from aspen_graph.config import get_settings
    from aspen_graph.queries import QueryCatalog

    catalog = QueryCatalog(get_settings().root / "sparql")
    answer = []
    for spec in catalog.in_group("api"):
        names = {p.name for p in spec.params}
        answer.append((spec.name, {k: v for k, v in REQUIRED.items() if k in names}))
    return answer


def publish(target: str, dist: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "aspen"), "publish", "--store", target, "--dist", str(dist)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"aspen publish failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started


def get(url: str, timeout: float) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status: int = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def serve(target: str, dist: Path, runs: int) -> dict[str, Any]:
    """Two starts of ``aspen serve --store target``; the catalogue timed on the second."""
    starts: list[float] = []
    timings: dict[str, float] = {}
    failed: dict[str, int] = {}
    for attempt in range(2):
        port = free_port()
        started = time.perf_counter()
        process = spawn(
            [str(BIN / "aspen"), "serve", "--store", target, "--port", str(port)],
            {
                "ASPEN_DIST_DIR": str(dist),
                "ASPEN_LOG_LEVEL": "warning",
                "ASPEN_QUERY_TIMEOUT": "60",
                "ASPEN_RESULT_CACHE": "false",
            },
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/health", timeout=300)
            starts.append(time.perf_counter() - started)
            if attempt == 0:
                continue
            for name, params in catalogue():
                query = urllib.parse.urlencode(params)
                url = f"http://127.0.0.1:{port}/queries/{name}" + (f"?{query}" if query else "")
                status, _ = get(url, 90)  # warm-up
                if status != 200:
                    failed[name] = status
                    continue
                seconds = [get(url, 90)[1] for _ in range(runs)]
                timings[name] = statistics.median(seconds)
        finally:
            stop(process)
    p50s = sorted(timings.values())
    return {
        "restart_s": starts,
        "query_p50_ms": {name: round(value * 1000, 1) for name, value in timings.items()},
        "median_p50_ms": round(statistics.median(p50s) * 1000, 1) if p50s else None,
        "slowest_p50_ms": round(p50s[-1] * 1000, 1) if p50s else None,
        "slowest": max(timings, key=lambda name: timings[name]) if timings else None,
        "failed": failed,
    }


def embedded(dist: Path, runs: int) -> dict[str, Any]:
    location = Path(tempfile.mkdtemp(prefix="store-", dir=CACHE)) / "store"
    return {"publish_s": publish(str(location), dist), **serve(str(location), dist, runs)}


def oxigraph(dist: Path, runs: int) -> dict[str, Any]:
    """``aspen publish`` into the server; where the server refuses it (a graph's update over
    its 128 MiB body limit, as at ~2M), the publish error is kept and the release is bulk
    loaded with ``oxigraph load`` instead, so restart and queries are still measured."""
    location = Path(tempfile.mkdtemp(prefix="oxigraph-", dir=CACHE))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(BIN / "oxigraph"), "serve", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    figures: dict[str, Any] = {}
    process = spawn(command)
    try:
        wait_until_up(f"{url}/query?query=ASK%7B%7D")
        try:
            figures["publish_s"] = publish(url, dist)
        except RuntimeError as error:
            figures["publish_s"] = None
            figures["publish_error"] = str(error).splitlines()[-1][-300:]
            stop(process)
            load = [str(BIN / "oxigraph"), "load", "--location", str(location)]
            subprocess.run([*load, "--file", str(dist / "aspen.nq")], check=True)
            process = spawn(command)
            wait_until_up(f"{url}/query?query=ASK%7B%7D")
        return {**figures, **serve(url, dist, runs)}
    finally:
        stop(process)


def virtuoso(dist: Path, runs: int) -> dict[str, Any]:
    from virtuoso_server import VirtuosoServer

    server = VirtuosoServer(Path(tempfile.mkdtemp(prefix="virtuoso-", dir=CACHE)))
    started = time.perf_counter()
    server.start()
    up = time.perf_counter() - started
    try:
        return {
            "server_start_s": up,
            "publish_s": publish(server.url, dist),
            **serve(server.url, dist, runs),
        }
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (p50)")
    parser.add_argument(
        "--stores", nargs="+", default=["embedded", "oxigraph", "virtuoso"], help="which stores"
    )
    parser.add_argument("--out", type=Path, default=HERE / "results" / "stores.json")
    args = parser.parse_args(argv)
    CACHE.mkdir(exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n", encoding="utf-8")
    dist = CACHE / f"dist-{args.size}"
    if not (dist / "aspen.nq").exists():
        workload = CACHE / f"synthetic-{args.size}.nq"
        if not workload.exists():
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "synthetic.py"),
                    "--triples",
                    str(args.size),
                    "--out",
                    str(workload),
                ],
                check=True,
            )
        child("build", args.size, workload, dist, "sparql")
    runners = {"embedded": embedded, "oxigraph": oxigraph, "virtuoso": virtuoso}
    figures: dict[str, Any] = {"size": args.size, "runs": args.runs}
    for name in args.stores:
        print(f"[{args.size:,}] {name} …", flush=True)
        figures[name] = runners[name](dist, args.runs)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(f"\n| {args.size:,} triples | " + " | ".join(args.stores) + " |")
    print("|---|" + "---|" * len(args.stores))
    rows = [
        (
            "aspen publish s",
            lambda f: "failed" if f["publish_s"] is None else f"{f['publish_s']:.1f}",
        ),
        (
            "aspen serve restart s (1st, 2nd)",
            lambda f: " / ".join(f"{s:.2f}" for s in f["restart_s"]),
        ),
        ("catalogue p50 ms, median of queries", lambda f: f"{f['median_p50_ms']}"),
        ("catalogue p50 ms, slowest query", lambda f: f"{f['slowest_p50_ms']} ({f['slowest']})"),
        (
            "queries failed",
            lambda f: ", ".join(f"{k} ({v})" for k, v in f["failed"].items()) or "none",
        ),
    ]
    for label, cell in rows:
        print(f"| {label} | " + " | ".join(cell(figures[name]) for name in args.stores) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
