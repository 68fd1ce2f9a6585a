"""Prototype rewrites of catalogue queries (bench/faster/*.rq) against the originals
(sparql/api/*.rq): same rows (as sets of strings), and the time of each (p50 of 5 after a
warm-up), on the release built by bench/scale.py (bench/.cache/dist-SIZE/aspen.nq).

    .venv/bin/python bench/faster/compare.py bench/.cache/dist-2000000
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from aspen_graph.config import get_settings
from aspen_graph.queries import QueryCatalog, bind_params
from aspen_graph.store import open_store

HERE = Path(__file__).resolve().parent
NATIONAL = {"plan": "plan:example-vn-nsep"}


def variants(catalog: QueryCatalog) -> dict[str, str]:
    """The rewritten text of each query that has a file in bench/faster/."""
    return {
        spec.name: (HERE / f"{spec.name}.rq").read_text(encoding="utf-8")
        for spec in catalog.in_group("api")
        if (HERE / f"{spec.name}.rq").exists()
    }


def timed(store: object, text: str, bindings: dict) -> tuple[float, set[str]]:
    rows = {str(row) for row in store.select(text, bindings=bindings).rows}  # type: ignore[attr-defined]
    times = []
    for _ in range(5):
        mark = time.perf_counter()
        store.select(text, bindings=bindings)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - mark) * 1000)
    return statistics.median(times), rows


def main() -> int:
    catalog = QueryCatalog(get_settings().sparql_dir)
    store = open_store()
    store.load_dataset(Path(sys.argv[1]) / "aspen.nq")
    only = set(sys.argv[2:])
    print("| query | plan | original p50 ms | rewrite p50 ms | gain | same rows |")
    print("|---|---|---:|---:|---:|---|")
    for name, text in variants(catalog).items():
        if only and name not in only:
            continue
        spec = catalog.get(name)
        names = {p.name for p in spec.params}
        for label, params in (("default", {}), ("national", NATIONAL)):
            if label == "national" and "plan" not in names:
                continue
            bindings = bind_params(spec, params, store=store, catalog=catalog)
            before, rows_before = timed(store, spec.text, bindings)
            after, rows_after = timed(store, text, bindings)
            same = (
                "yes"
                if rows_before == rows_after
                else f"NO ({len(rows_before)} vs {len(rows_after)})"
            )
            print(
                f"| {name} | {label} | {before:.1f} | {after:.1f} | {before / after:.1f}× | {same} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
