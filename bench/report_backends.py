"""Where the report's time goes per store: every query it sends (the report's own and the
parameter checks around them), timed, for the embedded store, an Oxigraph server and Virtuoso.

    .venv/bin/aspen build
    .venv/bin/python bench/report_backends.py [--stores embedded oxigraph virtuoso] [--runs 3]

The built release (``dist/``) is loaded into each store (the servers as the tests start them:
tests/oxigraph_server.py, tests/virtuoso_server.py, loaded with ``aspen publish``). Then
:func:`aspen_graph.report.assemble_report` runs ``--runs`` times per store (English), every
``store.select`` timed. Printed per store: the assembly time (median), the number of queries,
and one line per query text (the first line of its header comment), its calls and its median
seconds per call.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE.parent / "tests"))


def query_name(text: str) -> str:
    """A query's name for the table: its ``#+ summary`` opening, else its first line."""
    for line in text.splitlines():
        if line.startswith("#+ summary:"):
            return line.removeprefix("#+ summary:").strip()[:60]
    return " ".join(text.split())[:60]


def profile(store: Any, runs: int, lang: str) -> dict[str, Any]:
    """Assemble the report ``runs`` times, timing every select the store is sent."""
    from aspen_graph.config import get_settings
    from aspen_graph.queries import QueryCatalog
    from aspen_graph.report import assemble_report

    catalog = QueryCatalog(get_settings().root / "sparql")
    names = {catalog.get(name).text: name for name in catalog.names()}
    calls: dict[str, list[float]] = defaultdict(list)
    select = store.select

    def timed(query: str, **options: Any) -> Any:
        started = time.perf_counter()
        try:
            return select(query, **options)
        finally:
            calls[names.get(query) or query_name(query)].append(time.perf_counter() - started)

    store.select = timed
    totals = []
    for _ in range(runs):
        started = time.perf_counter()
        assemble_report(store, catalog, lang=lang)
        totals.append(time.perf_counter() - started)
    return {"total": statistics.median(totals), "totals": totals, "calls": dict(calls)}


def show(name: str, figures: dict[str, Any], runs: int) -> None:
    calls: dict[str, list[float]] = figures["calls"]
    count = sum(len(times) for times in calls.values()) // runs
    print(f"\n## {name}: report assembled in {figures['total']:.2f} s (median of {runs}),")
    print(f"   {count} queries per report\n")
    print("| query | calls/report | median s | total s/report |")
    print("|---|---|---|---|")
    for query, times in sorted(calls.items(), key=lambda item: -sum(item[1])):
        per = len(times) // runs
        print(f"| {query} | {per} | {statistics.median(times):.3f} | {sum(times) / runs:.3f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stores", nargs="+", default=["embedded", "oxigraph", "virtuoso"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    from aspen_graph.store import open_store
    from oxigraph_server import OxigraphServer, publish_with_cli
    from virtuoso_server import VirtuosoServer

    work = Path(tempfile.mkdtemp(prefix="report-backends-"))
    results: dict[str, dict[str, Any]] = {}
    for name in args.stores:
        if name == "embedded":
            store = open_store()
            store.load_dataset(args.dist / "aspen.nq")
            results[name] = profile(store, args.runs, args.lang)
        else:
            server = (OxigraphServer if name == "oxigraph" else VirtuosoServer)(work / name)
            server.start()
            try:
                publish_with_cli(server.url, args.dist)
                results[name] = profile(server.store(timeout=120.0), args.runs, args.lang)
            finally:
                server.stop()
        show(name, results[name], args.runs)
    if "embedded" in results:
        base = results["embedded"]["total"]
        print("\n| store | report s | × embedded |\n|---|---|---|")
        for name, figures in results.items():
            print(f"| {name} | {figures['total']:.2f} | {figures['total'] / base:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
