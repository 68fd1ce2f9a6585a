"""SHACL validation at scale: the SPARQL engine on the store vs pyshacl, time and peak memory.

The store holds what a build's store holds -- the ontology graph, every ``data/graph/*.ttl``
graph -- plus a synthetic workload (bench/synthetic.py). Each engine runs in its own process
(``--engine``), so the peak RSS printed is that engine's alone. Engines: ``sparql`` (the
project's compiler, validation/sparql/), ``pyshacl`` (on an rdflib copy, as run_shacl does) and
``pyshacl-oxigraph`` (pySHACL >= 0.40 given the pyoxigraph store itself, ``inplace``: the
store already holds the ontology graph, and the shapes have no rules to write back).

    python bench/synthetic.py --triples 2000000 --out /tmp/syn-2m.nq
    python bench/bench_validation.py --nq /tmp/syn-2m.nq --engine sparql
    python bench/bench_validation.py --nq /tmp/syn-200k.nq --engine pyshacl-oxigraph
    python bench/bench_validation.py --nq /tmp/syn-200k.nq --engine both   # also compares findings
    python bench/bench_validation.py --fixtures   # sparql vs pyshacl-oxigraph on every fixture

Prints one JSON object: triples, seconds per phase, peak RSS (MiB), findings (and a digest of
them, equal when two engines found the same), and for the SPARQL engine the slowest queries.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from pyshacl.rdfutil.inoculate import inoculate
from rdflib import BNode, Dataset, Graph
from rdflib.namespace import SH
from rdflib.term import Node

from aspen_graph.config import get_settings
from aspen_graph.store import OxigraphStore, open_store
from aspen_graph.validation.shacl import run_shacl
from aspen_graph.validation.sparql import compile_shapes, run_queries, to_findings
from aspen_graph.validation.sparql.program import ShaclResult
from aspen_graph.validation.sparql.shapes import ShapeReader

Key = tuple[str, ...]


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


def _term(node: Node | None) -> str:
    return "_:b" if isinstance(node, BNode) else str(node)


def _sparql_keys(results: list[ShaclResult]) -> dict[Key, set[str]]:
    """(focus, path as SPARQL text, value, shape, severity) -> messages, blank nodes as one."""
    found: dict[Key, set[str]] = {}
    for r in results:
        key = (_term(r.focus), str(r.path), _term(r.value), _term(r.shape), r.severity)
        found.setdefault(key, set()).update(r.messages)
    return found


def _pyshacl_keys(report: Graph) -> dict[Key, set[str]]:
    """The same keys from a pyshacl report (its paths written as the compiler writes them)."""
    paths = ShapeReader(report, canonical_integers=False)
    found: dict[Key, set[str]] = {}
    for result in report.objects(None, SH.result):
        path = report.value(result, SH.resultPath)
        key = (
            _term(report.value(result, SH.focusNode)),
            str(paths.path(result, path) if path is not None else None),
            _term(report.value(result, SH.value)),
            _term(report.value(result, SH.sourceShape)),
            str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        )
        found.setdefault(key, set()).update(
            str(m) for m in report.objects(result, SH.resultMessage)
        )
    return found


def _pyshacl_on_store(store: OxigraphStore, shapes: Graph) -> Graph:
    """pySHACL given the pyoxigraph store itself (options as run_shacl's, ontology in the store)."""
    _conforms, report, _text = pyshacl_validate(
        store.engine,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    assert isinstance(report, Graph)
    return report


def _digest(keys: dict[Key, set[str]]) -> str:
    text = "\n".join(sorted(repr((key, sorted(messages))) for key, messages in keys.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fixtures(root: Path) -> dict[str, object]:
    """The compiler and pySHACL-on-Oxigraph on every shape fixture (the store each test of
    tests/validation/test_sparql_shacl.py builds: fixture, concept schemes, ontology mixed in):
    the fixtures whose findings or messages differ, and each engine's total seconds."""
    shapes = _shapes(root)
    ontology = Graph()
    for path in sorted((root / "ontology").glob("*.ttl")):
        ontology.parse(path, format="turtle")
    program = compile_shapes(shapes)
    paths = sorted((root / "tests" / "fixtures" / "shapes").glob("*/*/*.ttl"))
    seconds = {"sparql": 0.0, "pyshacl-oxigraph": 0.0}
    differ: dict[str, dict[str, list[str]]] = {}
    results = 0
    for path in paths:
        data = Graph().parse(path, format="turtle")
        data.parse(root / "ontology" / "aspen-schemes.ttl", format="turtle")
        store = open_store()
        store.replace_graph("urn:test:data", inoculate(data, ontology))
        mark = time.perf_counter()
        compiled = _sparql_keys(run_queries(store, program))
        seconds["sparql"] += time.perf_counter() - mark
        mark = time.perf_counter()
        reference = _pyshacl_keys(_pyshacl_on_store(store, shapes))
        seconds["pyshacl-oxigraph"] += time.perf_counter() - mark
        results += len(reference)
        if compiled != reference:
            name = str(path.relative_to(root / "tests" / "fixtures" / "shapes"))
            differ[name] = {
                "pyshacl_only": sorted(map(str, set(reference) - set(compiled)))[:5],
                "sparql_only": sorted(map(str, set(compiled) - set(reference)))[:5],
                "messages_differ": [
                    str(k)
                    for k in compiled.keys() & reference.keys()
                    if compiled[k] != reference[k]
                ][:5],
            }
    return {
        "fixtures": len(paths),
        "results": results,
        "differ": len(differ),
        "differences": differ,
        "seconds": {engine: round(total, 1) for engine, total in seconds.items()},
    }


def _finish(report: dict[str, object], cpu: float) -> dict[str, object]:
    report["validate_cpu_s"] = round(time.process_time() - cpu, 2)
    report["peak_rss_mib"] = round(_peak_mib())
    return report


def run(nq: Path, engine: str, top: int, *, lenient: bool = False) -> dict[str, object]:
    root = get_settings().root
    report: dict[str, object] = {"engine": engine, "input": str(nq)}
    mark = time.perf_counter()
    store = _load(root, nq)
    report["triples"] = len(store)
    report["load_store_s"] = round(time.perf_counter() - mark, 2)
    report["rss_after_load_mib"] = round(_peak_mib())
    shapes = _shapes(root)
    # CPU seconds too: on a machine shared with other jobs they vary less than the wall clock.
    cpu = time.process_time()
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
        report["digest"] = _digest(_sparql_keys(results))
    elif engine == "pyshacl-oxigraph":
        mark = time.perf_counter()
        keys = _pyshacl_keys(_pyshacl_on_store(store, shapes))
        report["validate_s"] = round(time.perf_counter() - mark, 2)
        report["findings"] = len(keys)
        report["digest"] = _digest(keys)
        return _finish(report, cpu)
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
    return _finish(report, cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nq", type=Path, help="synthetic N-Quads workload")
    parser.add_argument(
        "--engine", choices=["sparql", "pyshacl", "pyshacl-oxigraph", "both"], default="sparql"
    )
    parser.add_argument(
        "--fixtures", action="store_true", help="compare the engines on every shape fixture"
    )
    parser.add_argument("--top", type=int, default=8, help="slowest queries to list")
    parser.add_argument(
        "--canonical-integers",
        action="store_true",
        help="accept an in-range xsd:integer where a shape names a subtype of it (for workloads "
        "written before whole numbers became xsd:integer); the default checks datatypes exactly, "
        "as pyshacl does",
    )
    args = parser.parse_args()
    if args.fixtures:
        print(json.dumps(fixtures(get_settings().root), indent=2))
        return
    if args.nq is None:
        parser.error("--nq is required (or --fixtures)")
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
