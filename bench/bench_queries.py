"""Catalogue queries at scale: every ``sparql/api/*.rq`` query on a release loaded in memory.

For each query: its default parameters (a required parameter gets the editor's example value,
``aspen_graph.api.routes.editor.example_value``; ``--set NAME=VALUE`` overrides any parameter a
query has), bound as the API binds them (pyoxigraph substitutions), one warm-up and ``--runs``
timed runs; it prints p50 and min (ms) and the row count.

``--compare OLD_DIR`` also runs the queries of another query folder (a whole ``sparql/`` copy,
or a folder of ``.rq`` files) with the same values, and checks that both give the same columns
and the same rows as multisets (each term compared by its N-Triples form, so ``1`` and
``1.0`` differ). ``--values`` also runs each query with its bindings written as a one-row
``VALUES`` block first in every ``WHERE`` group, exactly as the remote store sends them
(``aspen_graph.store.remote_standard.bind_values``), and checks the answer is the same: the two ways of
binding must agree, and a sub-SELECT that uses a parameter variable without projecting it is
where they part.

    git archive 87b6111 sparql | tar -x -C bench/.cache/sparql-orig   # the texts before
    .venv/bin/python bench/bench_queries.py bench/.cache/dist-2000000/aspen.nq \\
        --compare bench/.cache/sparql-orig/sparql --values
    .venv/bin/python bench/bench_queries.py bench/.cache/dist-200000/aspen.nq \\
        --set plan=plan:example-vn-nsep --queries challenge-flow gaps-by-challenge

Exit status 1 when an answer differs (or a query fails), 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib.term import Node

from aspen_graph.api.routes.editor import example_value
from aspen_graph.config import get_settings
from aspen_graph.queries import QueryCatalog, QuerySpec, bind_params
from aspen_graph.queries.catalog import parse_query_file
from aspen_graph.store import GraphStore, Table, open_store
from aspen_graph.store.remote_standard import bind_values

TARGET_MS = 100.0
"""Issue 8: every catalogue query answers in under 100 ms (p50) at ~2M triples."""


@dataclass
class Timing:
    p50_ms: float
    min_ms: float
    rows: int


@dataclass
class Result:
    name: str
    params: dict[str, str]
    new: Timing
    old: Timing | None = None
    same: bool | None = None
    same_order: bool | None = None
    values_same: bool | None = None
    problem: str = ""


def timed(run: Callable[[], Table], runs: int) -> tuple[Timing, Table]:
    """One warm-up (its answer is returned), then ``runs`` timed runs."""
    answer = run()
    times = []
    for _ in range(runs):
        mark = time.perf_counter()
        run()
        times.append((time.perf_counter() - mark) * 1000)
    return Timing(statistics.median(times), min(times), len(answer.rows)), answer


def _key(row: tuple[Node | None, ...]) -> tuple[str, ...]:
    return tuple("UNDEF" if term is None else term.n3() for term in row)


def difference(old: Table, new: Table) -> str:
    """Empty when both answers have the same columns and the same rows (as multisets)."""
    if old.columns != new.columns:
        return f"columns differ: {old.columns} vs {new.columns}"
    before, after = Counter(map(_key, old.rows)), Counter(map(_key, new.rows))
    if before == after:
        return ""
    lost, gained = before - after, after - before
    sample = next(iter(lost or gained))
    return (
        f"rows differ: {sum(lost.values())} only in old, {sum(gained.values())} only in new "
        f"(e.g. {'old' if lost else 'new'} {sample})"
    )


def params_for(spec: QuerySpec, overrides: dict[str, str]) -> dict[str, str]:
    """Text values: the overrides the query has a parameter for, and an example value for each
    required parameter without one (the editor's choice, so it names something shipped)."""
    values = {name: value for name, value in overrides.items() if spec.param(name)}
    for param in spec.params:
        if param.required and param.name not in values:
            example = example_value(spec, param)
            if example is None:
                raise SystemExit(f"{spec.name}: no example value for required {param.name!r}")
            values[param.name] = example
    return values


def old_spec(folder: Path, name: str) -> QuerySpec | None:
    for path in (folder / "api" / f"{name}.rq", folder / f"{name}.rq"):
        if path.is_file():
            return parse_query_file(path, "api")
    return None


def measure(
    store: GraphStore,
    catalog: QueryCatalog,
    spec: QuerySpec,
    overrides: dict[str, str],
    runs: int,
    old_dir: Path | None,
    check_values: bool,
) -> Result:
    params = params_for(spec, overrides)
    bindings = bind_params(spec, params, store=store, catalog=catalog)
    new, answer = timed(lambda: store.select(spec.text, bindings=bindings), runs)
    result = Result(spec.name, params, new)
    problems = []
    if check_values:
        inline = bind_values(spec.text, bindings)
        found = difference(answer, store.select(inline))
        result.values_same = not found
        if found:
            problems.append(f"VALUES binding: {found}")
    before = old_spec(old_dir, spec.name) if old_dir else None
    if before is not None:
        old_bindings = bind_params(before, params, store=store, catalog=catalog)
        result.old, old_answer = timed(
            lambda: store.select(before.text, bindings=old_bindings), runs
        )
        found = difference(old_answer, answer)
        result.same = not found
        result.same_order = result.same and list(map(_key, old_answer.rows)) == list(
            map(_key, answer.rows)
        )
        if found:
            problems.append(f"vs {old_dir}: {found}")
    result.problem = "; ".join(problems)
    return result


def _ms(value: float) -> str:
    text = f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"
    return f"**{text}**" if value >= TARGET_MS else text


def row_of(result: Result) -> str:
    cells = [result.name, str(result.new.rows), _ms(result.new.p50_ms), f"{result.new.min_ms:.1f}"]
    if result.old is not None:
        gain = result.old.p50_ms / result.new.p50_ms if result.new.p50_ms else float("inf")
        same = "yes" if result.same else "NO"
        if result.same and not result.same_order:
            same += " (order differs)"
        cells += [_ms(result.old.p50_ms), f"{gain:.1f}×", same]
    if result.values_same is not None:
        cells.append("yes" if result.values_same else "NO")
    return "| " + " | ".join(cells) + " |"


def header(compare: bool, values: bool) -> str:
    cells = ["query", "rows", "p50 ms", "min ms"]
    if compare:
        cells += ["old p50 ms", "gain", "same rows"]
    if values:
        cells.append("same with VALUES")
    align = ["---"] + ["---:"] * 3 + (["---:", "---:", "---"] if compare else [])
    align += ["---"] if values else []
    return "| " + " | ".join(cells) + " |\n|" + "|".join(align) + "|"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release", type=Path, help="a release's N-Quads (or TriG) file")
    parser.add_argument("--sparql", type=Path, default=get_settings().sparql_dir)
    parser.add_argument("--compare", type=Path, metavar="OLD_DIR", help="query folder to compare")
    parser.add_argument("--values", action="store_true", help="also check VALUES binding")
    parser.add_argument("--queries", nargs="*", default=[], help="only these (default: all)")
    parser.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE", dest="overrides")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    overrides = dict(item.split("=", 1) for item in args.overrides)

    catalog = QueryCatalog(args.sparql)
    store = open_store()
    mark = time.perf_counter()
    store.load_dataset(args.release)
    print(f"loaded {args.release} in {time.perf_counter() - mark:.1f} s", file=sys.stderr)
    print(header(args.compare is not None, args.values), flush=True)
    results = []
    for spec in catalog.in_group("api"):
        if args.queries and spec.name not in args.queries:
            continue
        result = measure(store, catalog, spec, overrides, args.runs, args.compare, args.values)
        results.append(result)
        print(row_of(result), flush=True)
        if result.problem:
            print(f"  {spec.name}: {result.problem}", file=sys.stderr, flush=True)
    slow = [r.name for r in results if r.new.p50_ms >= TARGET_MS]
    print(f"\n{len(slow)} of {len(results)} at or above {TARGET_MS:.0f} ms p50: {', '.join(slow)}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    return 1 if any(r.problem for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
