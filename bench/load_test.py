"""Load test: `aspen serve` under 60 s of wrk at concurrency 32, on loopback only.

A mix of catalogue REST calls and raw /sparql queries rotates request by request (a wrk Lua
script). Reports throughput, latency, errors (any non-2xx, socket error or timeout) and the
server's memory (parent + query workers) after a warm-up and at the end.

    python bench/load_test.py --seconds 60 --connections 32
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import start_aspen

from aspen_graph.config import get_settings

PATHS = [
    "/queries/coverage-by-challenge",
    "/queries/gaps-by-challenge?challenge=challenge:pollution",
    "/queries/alignments-by-element?element=priority:aspen-2026-2035-p2",
    "/queries/elements-by-target?target=14.1",
    "/queries/trade-offs",
    "/queries/continuity",
    "/queries/components-by-framework?framework=agreement:kmgbf",
    "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50"}),
    "/sparql?"
    + urllib.parse.urlencode(
        {"query": "DESCRIBE <https://w3id.org/aspen/id/priority/aspen-2026-2035-p2>"}
    ),
    "/health",
]

LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def _lua(paths: list[str]) -> str:
    return LUA % ", ".join(json.dumps(p) for p in paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--cache", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--release", type=Path, default=get_settings().dist, help="a built dist/ folder"
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    server = start_aspen(args.release, cache=args.cache)
    base = server.sparql.removesuffix("/sparql")
    try:
        for path in PATHS:  # every path answers before the load starts
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(_lua(PATHS))
        subprocess.run(
            ["wrk", "-t2", "-c32", "-d5s", "-s", script.name, base], capture_output=True, check=True
        )
        warm = server.rss_mib()
        started = time.perf_counter()
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.seconds}s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                script.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        elapsed = time.perf_counter() - started
        end = server.rss_mib()
        alive = urllib.request.urlopen(base + "/health", timeout=10).status == 200
    finally:
        server.stop()
    errors = sum(
        int(n)
        for n in re.findall(
            r"(?:Non-2xx or 3xx responses|timeout|connect|read|write) (\d+)", output
        )
    )
    print(output)
    print(
        f"elapsed {elapsed:.1f} s; errors {errors}; memory after warm-up {warm:.0f} MiB, "
        f"at the end {end:.0f} MiB ({(end - warm) / warm:+.1%}); server alive after: {alive}"
    )
    return 0 if errors == 0 and alive and end <= warm * 1.10 else 1


if __name__ == "__main__":
    sys.exit(main())
