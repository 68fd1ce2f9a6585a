"""What a query worker costs to start, by multiprocessing start method (``store/sandbox.py``).

``aspen query`` runs its query in one sandbox worker started with ``fork``; the server starts
its pool with ``forkserver``. Each run is a fresh interpreter that has imported the CLI (as
``aspen query`` has when it opens the sandbox), then opens a one-worker pool over the 168-quad
fixture and asks one query: the seconds until the worker is ready, median of the runs.

    .venv/bin/python bench/sandbox_start.py --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / "tests" / "fixtures" / "oxigraph-order-by-panic.nq"
ONE_RUN = """
import sys, time
import aspen_graph.cli
from aspen_graph.store import SandboxStore

started = time.perf_counter()
with SandboxStore(sys.argv[1], workers=1, start_method=sys.argv[2]) as store:
    ready = time.perf_counter() - started
    store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
print(ready)
"""


def start_seconds(method: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", ONE_RUN, str(RELEASE), method],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--methods", nargs="+", default=["fork", "forkserver", "spawn"])
    args = parser.parse_args()
    for method in args.methods:
        runs = [start_seconds(method) for _ in range(args.runs)]
        print(f"{method:<11} median {statistics.median(runs):.3f} s  runs {runs}")


if __name__ == "__main__":
    main()
