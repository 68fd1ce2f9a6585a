"""Time the ``/explain`` page (HTML) at scale: the first request (cold) and the next (warm).

The app serves the given N-Quads files from the embedded store's worker pool, as ``aspen serve``
does (the files are concatenated into one first); each request is timed in full.

    .venv/bin/python bench/explain_page.py dist/aspen.nq bench/.cache/synthetic-2000000.nq

The release's ``aspen.nq`` plus the synthetic workload (``bench/synthetic.py``) is the 2M store of
bench/README.md without the derived graph, which the page does not read; building the 2M
release takes ~6 min alone and over 15 min on a loaded machine.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.store import SandboxStore

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = (
    ("form, cold", "/explain"),
    ("form, warm", "/explain"),
    ("target, first", "/explain?target=sdg:14.1"),
    ("target, warm", "/explain?target=sdg:14.1"),
    ("pair, warm", "/explain?target=sdg:14.1&element=priority:aspen-2026-2035-p2"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="N-Quads files to serve")
    parser.add_argument("--timeout", type=float, default=60.0, help="per query, seconds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        served = Path(folder) / "aspen.nq"
        with served.open("wb") as out:
            for file in args.files:
                with file.open("rb") as part:
                    shutil.copyfileobj(part, out)
        started = time.perf_counter()
        with (
            SandboxStore(served, workers=2, timeout=args.timeout) as store,
            TestClient(create_app(Settings(root=ROOT), store)) as client,
        ):
            print(f"store up in {time.perf_counter() - started:.1f} s", flush=True)
            for name, path in REQUESTS:
                started = time.perf_counter()
                response = client.get(path, headers={"accept": "text/html"})
                took = time.perf_counter() - started
                print(
                    f"{name:15} {response.status_code} {took:8.2f} s  {len(response.content):,} B"
                )
                sys.stdout.flush()


if __name__ == "__main__":
    main()
