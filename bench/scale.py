"""The scale benchmark: the shipped graph plus the synthetic workload at ~200k and ~2M triples.

For each size it measures, each step in its own process (so peak memory is that step's own):

* generate   the workload (bench/synthetic.py), cached in bench/.cache/ (git-ignored)
* build      ``aspen build --include`` into bench/.cache/dist-SIZE: parse, derive, validate,
             reason, write; peak RSS
* load-disk  bulk load of dist/aspen.nq into an on-disk pyoxigraph store (a directory)
* load-remote HTTP POST of the N-Quads to a fresh ``oxigraph serve --union-default-graph``
* restart    ``aspen serve --store DIR``: process start until /health answers, on a store
             that exists (second start; the first start is reported too)
* queries    every catalogue query (sparql/api/*.rq, default parameters; required ones get a
             sample value) on the in-memory store and on the on-disk store opened read-only:
             p50 of --runs runs after one warm-up; also with plan = a member state's plan
* report     the full coverage-gap report (``aspen report`` as HTML) on the in-memory store

It prints a table per size and the growth factor 2M/200k per figure, and writes JSON.

    .venv/bin/python bench/scale.py --sizes 200000 2000000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from servers import free_port, spawn, stop, wait_until_up  # noqa: E402

CACHE = HERE / ".cache"
BIN = Path(sys.executable).parent
REQUIRED = {
    "element": "priority:aspen-2026-2035-p2",
    "target": "14.1",
    "framework": "agreement:kmgbf",
}
"""Sample values for parameters without a default."""
NATIONAL_PLAN = "plan:example-vn-nsep"
"""A member state's plan of the workload: the catalogue's questions about a grown plan."""
TARGETS = {
    "build_total_s": 120.0,
    "load_disk_s": 30.0,
    "build_peak_mib": 4096.0,
    "query_p50_ms": 100.0,
    "report_s": 10.0,
    "restart_s": 3.0,
}


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- steps, each run in a child process ------------------------------------------------------


def step_build(size: int, workload: Path, dist: Path, engine: str) -> dict[str, Any]:
    from aspen_graph.config import Settings, get_settings
    from aspen_graph.pipeline import run_build

    settings = Settings(root=get_settings().root, dist_dir=dist, shacl_engine=engine)
    result = run_build(settings, reason=True, include=[workload])
    return {
        "ok": result.ok,
        "findings": len(result.report.findings),
        "triples": result.total_triples,
        "timings": result.timings,
        "peak_mib": peak_mib(),
        "notes": result.notes,
        "release_mib": sum(p.stat().st_size for p in dist.iterdir()) / 2**20,
    }


def step_load_disk(dist: Path, location: Path) -> dict[str, Any]:
    from aspen_graph.store import open_store

    shutil.rmtree(location, ignore_errors=True)
    started = time.perf_counter()
    store = open_store(location)
    store.load_dataset(dist / "aspen.nq")
    store.close()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_mib": peak_mib(),
        "disk_mib": sum(p.stat().st_size for p in location.rglob("*") if p.is_file()) / 2**20,
    }


def _open(kind: str, dist: Path, location: Path) -> Any:
    from aspen_graph.store import open_store

    if kind == "memory":
        store = open_store()
        store.load_dataset(dist / "aspen.nq")
        return store
    return open_store(location, read_only=True)


def step_queries(kind: str, dist: Path, location: Path, runs: int, skip: str) -> dict[str, Any]:
    """Print one JSON line per query as it finishes (the parent enforces a time limit)."""
    from aspen_graph.config import get_settings
    from aspen_graph.queries import QueryCatalog, run_select

    catalog = QueryCatalog(get_settings().sparql_dir)
    started = time.perf_counter()
    store = _open(kind, dist, location)
    print(json.dumps({"open_s": time.perf_counter() - started}), flush=True)
    done = set(skip.split(",")) if skip else set()
    for spec in catalog.in_group("api"):
        for variant, params in _variants(spec):
            key = f"{spec.name}|{variant}"
            if key in done:
                continue
            print(json.dumps({"start": key}), flush=True)
            rows = len(run_select(store, catalog, spec.name, params).rows)  # warm-up
            times = []
            for _ in range(runs):
                mark = time.perf_counter()
                run_select(store, catalog, spec.name, params)
                times.append((time.perf_counter() - mark) * 1000)
            result = {"p50_ms": statistics.median(times), "max_ms": max(times), "rows": rows}
            print(json.dumps({"query": key, **result}), flush=True)
    return {"peak_mib": peak_mib()}


def _variants(spec: Any) -> list[tuple[str, dict[str, str]]]:
    names = {p.name for p in spec.params}
    default = {k: v for k, v in REQUIRED.items() if k in names}
    variants = [("default", default)]
    if "plan" in names:
        variants.append(("national", {**default, "plan": NATIONAL_PLAN}))
    return variants


def queries(kind: str, dist: Path, location: Path, runs: int, limit: float) -> dict[str, Any]:
    """Every catalogue query in a child process; a query still running after ``limit``
    seconds is recorded as timed out, and a fresh child goes on with the rest."""
    results: dict[str, Any] = {}
    answer: dict[str, Any] = {"queries": results}
    finished: list[str] = []
    while True:
        command = [
            sys.executable,
            str(Path(__file__)),
            "_step",
            "queries",
            kind,
            str(dist),
            str(location),
            str(runs),
            ",".join(finished),
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE)
        assert process.stdout is not None
        fd = process.stdout.fileno()
        current, deadline, timed_out, pending, eof = None, None, False, b"", False
        while not eof:
            # os.read, not readline: a buffered reader would hide lines from select().
            ready, _, _ = select.select([fd], [], [], 1.0)
            lines: list[bytes] = []
            if ready:
                chunk = os.read(fd, 1 << 16)
                eof = not chunk
                pending += chunk
                *lines, pending = pending.split(b"\n")
            for line in filter(None, (raw.strip() for raw in lines)):
                record = json.loads(line)
                if "open_s" in record:
                    answer.setdefault("open_s", record["open_s"])
                elif "start" in record:
                    current, deadline = record["start"], time.monotonic() + limit
                elif "query" in record:
                    name, variant = record.pop("query").split("|")
                    results.setdefault(name, {})[variant] = record
                    finished.append(f"{name}|{variant}")
                    current = None
                elif "peak_mib" in record:
                    answer["peak_mib"] = max(answer.get("peak_mib", 0.0), record["peak_mib"])
            if current is not None and deadline is not None and time.monotonic() > deadline:
                process.kill()
                name, variant = current.split("|")
                results.setdefault(name, {})[variant] = {"p50_ms": None, "timeout_s": limit}
                finished.append(current)
                timed_out = True
                break
        process.wait()
        if not timed_out:
            if process.returncode != 0:
                raise RuntimeError(f"queries ({kind}) failed with exit code {process.returncode}")
            return answer


def step_report(dist: Path) -> dict[str, Any]:
    from aspen_graph.config import get_settings
    from aspen_graph.queries import QueryCatalog
    from aspen_graph.report import build_report

    catalog = QueryCatalog(get_settings().sparql_dir)
    store = _open("memory", dist, Path())
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(2):  # the first run pays for matplotlib's imports and font cache
            mark = time.perf_counter()
            build_report(store, catalog, out_dir=Path(out))
            times.append(time.perf_counter() - mark)
    return {"first_s": times[0], "seconds": times[-1], "peak_mib": peak_mib()}


STEPS = {
    "build": lambda a: step_build(int(a[0]), Path(a[1]), Path(a[2]), a[3]),
    "load-disk": lambda a: step_load_disk(Path(a[0]), Path(a[1])),
    "queries": lambda a: step_queries(a[0], Path(a[1]), Path(a[2]), int(a[3]), a[4]),
    "report": lambda a: step_report(Path(a[0])),
}


def child(step: str, *args: object) -> dict[str, Any]:
    """Run a step in a fresh interpreter; its JSON answer is the last line of its output."""
    command = [sys.executable, str(Path(__file__)), "_step", step, *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"step {step} failed:\n{done.stderr[-4000:]}")
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


# --- steps with servers, run from the parent ------------------------------------------------


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def serve_starts(dist: Path, location: Path, times: int = 2) -> list[float]:
    """Seconds from ``aspen serve --store DIR`` starting until /health answers, per start."""
    seconds = []
    for _ in range(times):
        port = free_port()
        started = time.perf_counter()
        process = spawn(
            [str(BIN / "aspen"), "serve", "--store", str(location), "--port", str(port)],
            {"ASPEN_DIST_DIR": str(dist), "ASPEN_LOG_LEVEL": "warning"},
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/health", timeout=300)
            seconds.append(time.perf_counter() - started)
        finally:
            stop(process)
    return seconds


def load_remote(dist: Path) -> dict[str, Any]:
    """A fresh on-disk Oxigraph server, loaded by an HTTP POST of the release's N-Quads."""
    location = Path(tempfile.mkdtemp(prefix="oxigraph-", dir=CACHE))
    port = free_port()
    process = spawn(
        [
            str(BIN / "oxigraph"),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ]
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        started = time.perf_counter()
        with (dist / "aspen.nq").open("rb") as body:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/store",
                data=body,
                method="POST",
                headers={
                    "Content-Type": "application/n-quads",
                    "Content-Length": str((dist / "aspen.nq").stat().st_size),
                },
            )
            with urllib.request.urlopen(request, timeout=1800) as response:
                response.read()
        seconds = time.perf_counter() - started
        return {"seconds": seconds, "server_rss_mib": _rss_mib(process.pid)}
    finally:
        stop(process)
        shutil.rmtree(location, ignore_errors=True)


# --- one size ------------------------------------------------------------------------------


def measure(size: int, runs: int, engine: str, skip_remote: bool, limit: float) -> dict[str, Any]:
    CACHE.mkdir(exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n", encoding="utf-8")
    workload = CACHE / f"synthetic-{size}.nq"
    dist = CACHE / f"dist-{size}"
    location = CACHE / f"store-{size}"
    figures: dict[str, Any] = {"size": size}
    started = time.perf_counter()
    if not workload.exists():
        subprocess.run(
            [sys.executable, str(HERE / "synthetic.py"), "--triples", str(size), "--out", workload],
            check=True,
        )
    figures["generate_s"] = time.perf_counter() - started
    figures["workload_quads"] = sum(1 for _ in workload.open("rb"))
    print(f"[{size:,}] build …", flush=True)
    figures["build"] = child("build", size, workload, dist, engine)
    print(f"[{size:,}] load into the on-disk store …", flush=True)
    figures["load_disk"] = child("load-disk", dist, location)
    if not skip_remote:
        print(f"[{size:,}] load into an Oxigraph server …", flush=True)
        figures["load_remote"] = load_remote(dist)
    print(f"[{size:,}] aspen serve --store: start and restart …", flush=True)
    figures["serve_starts_s"] = serve_starts(dist, location)
    for kind in ("memory", "disk"):
        print(f"[{size:,}] catalogue queries ({kind}) …", flush=True)
        figures[f"queries_{kind}"] = queries(kind, dist, location, runs, limit)
    print(f"[{size:,}] report …", flush=True)
    figures["report"] = child("report", dist)
    return figures


# --- the table --------------------------------------------------------------------------------


def rows_of(figures: dict[str, Any]) -> dict[str, float]:
    """The figures of one size, flat: name → number."""
    build = figures["build"]
    flat: dict[str, float] = {
        "triples in the store": build["triples"],
        "build: parse (incl. bulk load) s": build["timings"]["parse"],
        "build: derive s": build["timings"]["derive"],
        "build: validate (SHACL) s": build["timings"]["validate"],
        "build: reason (HermiT, sources) s": build["timings"].get("reason", 0.0),
        "build: write dist/ s": build["timings"].get("write", 0.0),
        "build: total s": build["timings"]["total"],
        "build: peak RSS MiB": build["peak_mib"],
        "load on-disk store s": figures["load_disk"]["seconds"],
        "load on-disk store: peak RSS MiB": figures["load_disk"]["peak_mib"],
        "on-disk store MiB": figures["load_disk"]["disk_mib"],
    }
    if "load_remote" in figures:
        flat["load Oxigraph server (HTTP POST) s"] = figures["load_remote"]["seconds"]
        flat["Oxigraph server RSS after load MiB"] = figures["load_remote"]["server_rss_mib"]
    starts = figures["serve_starts_s"]
    flat["aspen serve --store: first start s"] = starts[0]
    flat["aspen serve --store: restart s"] = starts[-1]
    flat["in-memory store: load aspen.nq s"] = figures["queries_memory"]["open_s"]
    flat["in-memory store: peak RSS MiB"] = figures["queries_memory"].get("peak_mib", 0.0)
    for kind in ("memory", "disk"):
        for name, variants in sorted(figures[f"queries_{kind}"]["queries"].items()):
            for variant, result in variants.items():
                suffix = "" if variant == "default" else f" [{NATIONAL_PLAN}]"
                value = result["p50_ms"]
                flat[f"query {name}{suffix} ({kind}) p50 ms"] = (
                    value if value is not None else float("inf")
                )
    flat["report (HTML) s"] = figures["report"]["seconds"]
    return flat


def table(results: list[dict[str, Any]]) -> str:
    """Markdown: one row per figure, one column per size, growth factor last-size/first-size."""
    flats = [rows_of(r) for r in results]
    sizes = [f"~{r['size']:,}" for r in results]
    lines = [
        "| figure | " + " | ".join(sizes) + " | growth |",
        "|---|" + "---:|" * (len(sizes) + 1),
    ]
    for name in flats[0]:
        values = [flat.get(name) for flat in flats]
        cells = [_cell(v) for v in values]
        first, last = values[0], values[-1]
        growth = ""
        if first and last is not None and len(values) > 1 and float("inf") not in values:
            growth = f"{last / first:.1f}×"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth} |")
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    if value is None:
        return ""
    if value == float("inf"):
        return "timeout"
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_step":
        print(json.dumps(STEPS[argv[1]](argv[2:])))
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 2_000_000])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (p50)")
    parser.add_argument(
        "--shacl-engine",
        default="sparql",
        choices=("auto", "pyshacl", "sparql"),
        help="SHACL engine of the build (sparql at every size: comparable growth factors)",
    )
    parser.add_argument(
        "--query-limit", type=float, default=120.0, help="seconds before a query is given up"
    )
    parser.add_argument("--skip-remote", action="store_true", help="no Oxigraph server")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "scale.json")
    args = parser.parse_args(argv)
    results = []
    for size in args.sizes:
        results.append(
            measure(size, args.runs, args.shacl_engine, args.skip_remote, args.query_limit)
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print()
    print(table(results))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
