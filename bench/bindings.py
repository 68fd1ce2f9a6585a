"""Parameters bound as pyoxigraph ``substitutions`` (what the embedded store does) against a
``VALUES`` block first in each ``WHERE`` group (what remote stores are sent,
``store/remote_standard.bind_values``), on one store, interleaved so the load is alike.

Each catalogue question runs with its parameters bound both ways (every answer compared: the
two must hold the same rows); the median of ``--repeat`` runs is printed with the ratio.

    .venv/bin/python bench/bindings.py                       # the shipped release (dist/aspen.nq)
    .venv/bin/python bench/bindings.py --store /tmp/store-2m # an on-disk store, opened read-only
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from aspen_graph.queries import QueryCatalog, bind_params
from aspen_graph.store import OxigraphStore
from aspen_graph.store.remote_standard import bind_values
from aspen_graph.store.terms import to_oxigraph

Substitutions = dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
ROOT = Path(__file__).resolve().parents[1]
CASES: tuple[tuple[str, dict[str, str]], ...] = (
    ("alignments-by-element", {"element": "goal:aspen-2026-2035-g1"}),
    ("elements-by-target", {"target": "14.1"}),
    ("elements-by-target", {"target": "gbf-target:3"}),
    ("coverage-by-challenge", {}),
    ("gaps-by-challenge", {}),
    ("sdg-reach-by-element", {}),
    ("pages/goal-targets", {"goal": "14"}),
    ("pages/plan-elements", {"plan": "plan:aspen-2026-2035"}),
    (
        "pages/resource-description",
        {"resource": "https://w3id.org/aspen/id/goal/aspen-2026-2035-g1"},
    ),
)


def timed(engine: ox.Store, text: str, substitutions: Substitutions) -> tuple[float, list[str]]:
    started = time.perf_counter()
    result = engine.query(
        text, use_default_graph_as_union=True, substitutions=substitutions or None
    )
    answer = rows(result)
    return time.perf_counter() - started, answer


def rows(result: object) -> list[str]:
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return sorted(repr([str(s[n]) if s[n] is not None else "" for n in names]) for s in result)
    if isinstance(result, ox.QueryTriples):
        return sorted(str(t) for t in result)
    return [str(bool(result))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an on-disk store (default: dist/aspen.nq)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.store is not None:
        store = OxigraphStore(args.store, read_only=True)
    else:
        store = OxigraphStore()
        store.load_dataset(ROOT / "dist" / "aspen.nq")
    engine = store.engine
    catalog = QueryCatalog(ROOT / "sparql")
    print(f"{'question':<34} {'substituted':>12} {'VALUES first':>13} {'ratio':>7}  rows")
    for name, given in CASES:
        spec = catalog.get(name)
        bindings = bind_params(spec, given, store=store, catalog=catalog)
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        inlined = bind_values(spec.text, bindings)
        old: list[float] = []
        new: list[float] = []
        for _ in range(args.repeat):
            seconds, before = timed(engine, spec.text, substitutions)
            old.append(seconds)
            seconds, after = timed(engine, inlined, {})
            new.append(seconds)
            if before != after:
                raise SystemExit(f"{name} {given}: the two bindings gave different answers")
        was, now = statistics.median(old), statistics.median(new)
        label = f"{name} {' '.join(given.values())}".strip()
        print(
            f"{label:<34} {was * 1000:10.1f} ms {now * 1000:11.1f} ms {now / was:7.2f}  {len(after)}"
        )


if __name__ == "__main__":
    main()
