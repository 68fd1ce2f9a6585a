"""SHACL validation at scale: the SPARQL engine on the store vs pyshacl, time and peak memory.

The store holds what a build's store holds -- the ontology graph, every ``data/graph/*.ttl``
graph -- plus a synthetic workload (bench/synthetic.py). Each engine runs in its own process
(``--engine``), so the peak RSS printed is that engine's alone.

    python bench/synthetic.py --triples 2000000 --out /tmp/syn-2m.nq
    python bench/bench_validation.py --nq /tmp/syn-2m.nq --engine sparql
    python bench/bench_validation.py --nq /tmp/syn-200k.nq --engine pyshacl
    python bench/bench_validation.py --nq /tmp/syn-200k.nq --engine both   # also compares findings

Prints one JSON object: triples, seconds per phase, peak RSS (MiB), findings, and for the
SPARQL engine the slowest generated queries.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from rdflib import Dataset, Graph

from aspen_graph.config import get_settings
from aspen_graph.store import OxigraphStore, open_store
from aspen_graph.validation.shacl import run_shacl
from aspen_graph.validation.sparql import compile_shapes, run_queries, to_findings


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _shapes(root: Path) -> Graph:
    shapes = Graph()
    for path in sorted((root / "shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def _load(root: Path, nq: Path) -> OxigraphStore:
    """The ontology and reference graphs as a build loads them, plus the workload."""
    store = open_store()
    ontology = Graph()
    for path in sorted((root / "ontology").glob("*.ttl")):
        ontology.parse(path, format="turtle")
    store.replace_graph("https://w3id.org/aspen/graph/ontology", ontology)
    for path in sorted((root / "data" / "graph").glob("*.ttl")):
        store.replace_graph(f"https://w3id.org/aspen/graph/{path.stem}", Graph().parse(path))
    store.load_dataset(nq)
    return store


def run(nq: Path, engine: str, top: int, *, lenient: bool = False) -> dict[str, object]:
    root = get_settings().root
    report: dict[str, object] = {"engine": engine, "input": str(nq)}
    mark = time.perf_counter()
    store = _load(root, nq)
    report["triples"] = len(store)
    report["load_store_s"] = round(time.perf_counter() - mark, 2)
    report["rss_after_load_mib"] = round(_peak_mib())
    shapes = _shapes(root)
    if engine == "sparql":
        mark = time.perf_counter()
        program = compile_shapes(shapes, canonical_integers=lenient)
        report["compile_s"] = round(time.perf_counter() - mark, 3)
        report["queries"] = len(program)
        timings: dict[str, float] = {}
        mark = time.perf_counter()
        results = run_queries(store, program, timings=timings)
        report["queries_s"] = round(time.perf_counter() - mark, 2)
        findings = to_findings(store, results)
        report["validate_s"] = round(time.perf_counter() - mark, 2)
        slowest = sorted(timings.items(), key=lambda kv: -kv[1])[:top]
        report["slowest_queries"] = {name: round(seconds, 3) for name, seconds in slowest}
    else:
        mark = time.perf_counter()
        dataset = Dataset()
        dataset.parse(data=store.dump_nquads(), format="nquads")
        data = Graph()
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            data.add((s, p, o))
        del dataset
        report["rdflib_graph_s"] = round(time.perf_counter() - mark, 2)
        ontology = Graph()
        for path in sorted((root / "ontology").glob("*.ttl")):
            ontology.parse(path, format="turtle")
        mark = time.perf_counter()
        findings = run_shacl(data, shapes, ontology)
        report["validate_s"] = round(time.perf_counter() - mark, 2)
    report["findings"] = len({(f.focus, f.path, f.value, f.shape, f.severity) for f in findings})
    report["peak_rss_mib"] = round(_peak_mib())
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nq", type=Path, required=True, help="synthetic N-Quads workload")
    parser.add_argument("--engine", choices=["sparql", "pyshacl", "both"], default="sparql")
    parser.add_argument("--top", type=int, default=8, help="slowest queries to list")
    parser.add_argument(
        "--canonical-integers",
        action="store_true",
        help="accept an in-range xsd:integer where a shape names a subtype of it (for workloads "
        "written before whole numbers became xsd:integer); the default checks datatypes exactly, "
        "as pyshacl does",
    )
    args = parser.parse_args()
    if args.engine != "both":
        report = run(args.nq, args.engine, args.top, lenient=args.canonical_integers)
        print(json.dumps(report, indent=2))
        return
    # One process per engine, so each peak RSS is its own.
    reports = []
    for engine in ("sparql", "pyshacl"):
        command = [sys.executable, __file__, "--nq", str(args.nq), "--engine", engine]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        reports.append(json.loads(output))
    sparql, pyshacl = reports
    summary = {
        "sparql": sparql,
        "pyshacl": pyshacl,
        "same_number_of_findings": sparql["findings"] == pyshacl["findings"],
        "speedup_validate": round(float(pyshacl["validate_s"]) / float(sparql["validate_s"]), 1),
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
