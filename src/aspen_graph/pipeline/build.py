"""The build: parse → derive → validate (SHACL) → check consistency (HermiT) → write dist/.

A build that fails at any step leaves the previous ``dist/`` untouched.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from aspen_graph.analysis.reasoning import ConsistencyResult, check_consistency, reasoning_view
from aspen_graph.config import Settings
from aspen_graph.pipeline.sources import DERIVED_GRAPH, ONTOLOGY_GRAPH, BuildInputs, gather_inputs
from aspen_graph.publish import Stamp, build_release, plan_stamp, stamp_ontology
from aspen_graph.queries import QueryCatalog, run_construct
from aspen_graph.store import OxigraphStore, open_store
from aspen_graph.validation import ValidationReport, run_shacl

MAX_DERIVATION_ROUNDS = 10

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build did and found."""

    report: ValidationReport
    consistency: ConsistencyResult | None
    graph_sizes: dict[str, int]
    total_triples: int
    timings: dict[str, float] = field(default_factory=dict)
    dist: Path | None = None
    peak_memory_mib: float = 0.0

    @property
    def ok(self) -> bool:
        consistent = self.consistency is None or self.consistency.consistent
        return self.report.conforms and consistent


def _quiet(_: str) -> None:
    return None


def load_into_store(inputs: BuildInputs) -> OxigraphStore:
    """An in-memory store holding every input graph."""
    store = open_store()
    for graph_iri, graph in inputs.graphs.items():
        store.replace_graph(graph_iri, graph)
    return store


def derive(store: OxigraphStore, catalog: QueryCatalog) -> Graph:
    """Apply the CONSTRUCT rules of ``sparql/construct/`` until nothing new appears."""
    rules = catalog.in_group("construct")
    derived = Graph()
    for _ in range(MAX_DERIVATION_ROUNDS):
        before = len(derived)
        for rule in rules:
            derived += run_construct(store, rule)
        if len(derived) == before:
            break
        store.replace_graph(DERIVED_GRAPH, derived)
    return derived


def run_build(
    settings: Settings,
    *,
    reason: bool = True,
    write: bool = True,
    progress: Progress = _quiet,
    version: str | None = None,
) -> BuildResult:
    """Build the graph from ``settings.root``; write ``dist/`` only when all is well.

    With ``version``, the release's copy of the ontology is stamped (``owl:versionIRI``,
    ``owl:versionInfo``, ``owl:priorVersion``) and the description gets ``dcat:version``.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    stamp = plan_stamp(settings.dist, version)

    progress("parsing sources")
    inputs = gather_inputs(settings)
    timings["parse"] = time.perf_counter() - started

    progress("deriving shortcuts")
    mark = time.perf_counter()
    catalog = QueryCatalog(settings.sparql_dir)
    store = load_into_store(inputs)
    derived = derive(store, catalog)
    inputs.graphs[DERIVED_GRAPH] = derived
    timings["derive"] = time.perf_counter() - mark

    progress("validating with SHACL")
    mark = time.perf_counter()
    data = inputs.data_union()
    findings = run_shacl(data, inputs.shapes, inputs.ontology, origins=inputs.origins)
    report = ValidationReport(findings=findings, checked_files=len(inputs.files))
    timings["validate"] = time.perf_counter() - mark

    consistency = None
    if reason:
        progress("checking OWL consistency (HermiT)")
        mark = time.perf_counter()
        consistency = check_consistency(reasoning_view(inputs.ontology, data))
        timings["reason"] = time.perf_counter() - mark

    if stamp.stamped and ONTOLOGY_GRAPH in inputs.graphs:
        stamped = stamp_ontology(
            inputs.graphs[ONTOLOGY_GRAPH],
            base=settings.base_iri,
            version=stamp.version,
            prior=stamp.prior,
        )
        inputs.graphs[ONTOLOGY_GRAPH] = stamped  # the release's copy; sources stay as they are
        store.replace_graph(ONTOLOGY_GRAPH, stamped)
    sizes = store.graph_sizes()
    total = len(store)
    result = BuildResult(report, consistency, sizes, total, timings)
    if write and result.ok:
        progress("writing dist/")
        mark = time.perf_counter()
        result.dist = _write(settings, inputs, store, catalog, stamp)
        timings["write"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    result.peak_memory_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _write(
    settings: Settings,
    inputs: BuildInputs,
    store: OxigraphStore,
    catalog: QueryCatalog,
    stamp: Stamp,
) -> Path:
    manifest = {
        "triples": len(store),
        "graphs": store.graph_sizes(),
        "ontology_graph": ONTOLOGY_GRAPH,
        "derived_graph": DERIVED_GRAPH,
    }
    return build_release(
        settings.dist,
        inputs.graphs,
        store=store,
        nquads=store.dump_nquads(),
        catalog=catalog,
        base=settings.base_iri,
        stamp=stamp,
        manifest=manifest,
    )
