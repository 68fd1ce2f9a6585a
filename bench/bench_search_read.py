"""The search index's read and build, one way per process: ``plain`` (the two plain queries of
``sparql/pages/search-labels.rq`` and ``search-facts.rq`` joined in Python, as served) or
``grouped`` (one earlier, grouped query given as a file), through a one-worker ``SandboxStore``
with the server's ``max_results``; prints rows, resources, read and total seconds, and the
peak RSS of this process and of the store's worker.

    git show 165e611:sparql/pages/search-labels.rq > /tmp/grouped.rq   # the query before
    for way in grouped plain plain grouped; do
        .venv/bin/python bench/bench_search_read.py $way /srv/aspen-store --grouped /tmp/grouped.rq
    done
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import time
from pathlib import Path

from aspen_graph.analysis.search import SearchIndex, iter_search_rows
from aspen_graph.config import get_settings
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import SandboxStore, Table


def _grouped_rows(table: Table) -> list[dict[str, str]]:
    """The rows as ``search_rows`` made them from the grouped query."""
    rows = []
    for record in table.records():
        text = record["text"]
        rows.append(
            {
                "resource": str(record["resource"]),
                "property": str(record["property"]),
                "text": str(text),
                "lang": str(getattr(text, "language", None) or ""),
                "plan": str(record["plan"] or ""),
                "types": str(record["types"] or ""),
            }
        )
    return rows


def _worker_peak_mib() -> int:
    """The highest peak RSS (VmHWM) of this process's live children: the store's worker."""
    peak = 0
    for child in multiprocessing.active_children():
        status = Path(f"/proc/{child.pid}/status").read_text()
        found = re.search(r"VmHWM:\s+(\d+)", status)
        peak = max(peak, int(found.group(1)) // 1024 if found else 0)
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("way", choices=("plain", "grouped"))
    parser.add_argument("store", type=Path, help="a release file (.nq) or an on-disk store")
    parser.add_argument("--grouped", type=Path, help="the grouped query (for 'grouped')")
    args = parser.parse_args()
    catalog = QueryCatalog(get_settings().sparql_dir)
    with SandboxStore(args.store, workers=1, timeout=10.0, max_results=100_000) as store:
        started = time.perf_counter()
        if args.way == "grouped":
            if args.grouped is None:
                parser.error("'grouped' needs --grouped FILE")
            table = store.select_all(args.grouped.read_text(encoding="utf-8"), timeout=3600.0)
            rows = _grouped_rows(table)
            del table
        else:
            rows = list(iter_search_rows(store, catalog))
        read = time.perf_counter() - started
        index = SearchIndex(rows)
        total = time.perf_counter() - started
        worker = _worker_peak_mib()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"{args.way}: {len(rows)} rows, {len(index.entries)} resources; read {read:.1f} s, "
        f"read and build {total:.1f} s; peak RSS {own} MiB (worker {worker} MiB)"
    )


if __name__ == "__main__":
    main()
