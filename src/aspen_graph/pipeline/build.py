"""The build: parse → derive → validate (SHACL) → check consistency (HermiT) → write dist/.

A build that fails at any step leaves the previous ``dist/`` untouched.

Two sizes of build share these steps. The sources of the repository are small and hand-written:
they are parsed with rdflib (the pipeline needs them as Graphs: table conversion, pyshacl,
HermiT, pyLODE). Datasets given with ``include`` (the scale workload, a member state's data)
can be millions of triples: they go straight into the store with pyoxigraph's bulk loader and
never become rdflib Graphs. Up to :data:`LARGE_BUILD_TRIPLES` the included graphs are copied
out as Graphs, so a small build validates and publishes exactly as before; above it, the build
validates and writes from the store (see :func:`run_build`).
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph, URIRef

from aspen_graph.analysis import ConsistencyResult, check_consistency, reasoning_view
from aspen_graph.config import Settings
from aspen_graph.pipeline.inputs import (
    DERIVED_GRAPH,
    ONTOLOGY_GRAPH,
    BuildInputs,
    gather_inputs,
    include_datasets,
    read_included_graphs,
)
from aspen_graph.pipeline.qc import qc_findings
from aspen_graph.publish import Stamp, build_release, plan_stamp, stamp_ontology
from aspen_graph.queries import QueryCatalog
from aspen_graph.sources import REJECTED_FILE, rejections_csv
from aspen_graph.store import OxigraphStore, open_store
from aspen_graph.validation import Finding, ValidationReport, validate_shapes

MAX_DERIVATION_ROUNDS = 10
LARGE_BUILD_TRIPLES = 150_000
"""Above this many triples in the store the build stays in the store: HermiT sees only the
sources and the RDF release files are written by pyoxigraph. (Which SHACL engine runs is
:func:`~aspen_graph.validation.engine.choose_engine`'s choice: SPARQL on the store at
every size unless ``ASPEN_SHACL_ENGINE`` says otherwise or a shape uses something the SPARQL
compiler refuses.) Measured: rdflib needs ~10 s per 200k
triples just to parse, and ~2 GiB per 2M triples (bench/README.md, "Scale")."""
DERIVED_TRIPLES_QUERY = "system/derived-triples"
GRAPHS_OF_SUBJECT_QUERY = "system/graphs-of-subject"

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
    notes: list[str] = field(default_factory=list)
    """What the build chose to do differently at this size (shown by ``aspen build``)."""

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


def derive_in_store(store: OxigraphStore, catalog: QueryCatalog) -> int:
    """Apply the CONSTRUCT rules of ``sparql/construct/`` inside the store, into the derived
    graph, until nothing new appears; return the size of the derived graph.

    Each rule sees what the rules before it added (the rules are monotone on derived triples,
    so the fixpoint is the same as applying them round by round).
    """
    rules = catalog.in_group("construct")
    store.replace_graph(DERIVED_GRAPH, Graph())  # derive afresh: no stale shortcuts survive
    size = 0
    for _ in range(MAX_DERIVATION_ROUNDS):
        for rule in rules:
            store.construct_into(rule.text, DERIVED_GRAPH)
        grown = store.graph_size(DERIVED_GRAPH)
        if grown == size:
            break
        size = grown
    return size


def derived_graph(store: OxigraphStore, catalog: QueryCatalog) -> Graph:
    """The derived graph as an rdflib Graph."""
    return store.construct(catalog.get(DERIVED_TRIPLES_QUERY).text)


def derive(store: OxigraphStore, catalog: QueryCatalog) -> Graph:
    """Derive the shortcuts into the store's derived graph and return them as a Graph."""
    derive_in_store(store, catalog)
    return derived_graph(store, catalog)


def run_build(
    settings: Settings,
    *,
    reason: bool = True,
    write: bool = True,
    progress: Progress = _quiet,
    version: str | None = None,
    include: Sequence[Path] = (),
    large_above: int = LARGE_BUILD_TRIPLES,
) -> BuildResult:
    """Build the graph from ``settings.root``; write ``dist/`` only when all is well.

    With ``version``, the release's copy of the ontology is stamped (``owl:versionIRI``,
    ``owl:versionInfo``, ``owl:priorVersion``) and the description gets ``dcat:version``.
    ``include`` adds datasets (N-Quads or TriG files, every triple in a named graph of its own
    that no source uses), bulk-loaded into the store. When the store holds more than
    ``large_above`` triples the build is *large*: SHACL validates the store, HermiT checks the
    ontology and the repository's sources only (the included data is too big for it and is in
    the shapes' reach), and pyoxigraph writes the RDF release files.
    """
    timings: dict[str, float] = {}
    notes: list[str] = []
    started = time.perf_counter()
    stamp = plan_stamp(settings.dist, version)

    progress("parsing sources")
    inputs = gather_inputs(settings)
    store = load_into_store(inputs)
    included = include_datasets(store, include, set(inputs.graphs))
    timings["parse"] = time.perf_counter() - started

    progress("deriving shortcuts")
    mark = time.perf_counter()
    catalog = QueryCatalog(settings.sparql_dir)
    derive_in_store(store, catalog)
    total = len(store)
    large = total > large_above
    if not large:
        inputs.graphs[DERIVED_GRAPH] = derived_graph(store, catalog)
        # Re-inserted as rdflib orders it, as builds always did: queries without a total
        # ORDER BY (the release's tables) then list rows in the same order as before.
        store.replace_graph(DERIVED_GRAPH, inputs.graphs[DERIVED_GRAPH])
        for graph_iri, graph in read_included_graphs(include).items():
            inputs.graphs[graph_iri] = graph
            for subject in set(graph.subjects()):
                inputs.origins.setdefault(subject, str(included[graph_iri]))
    timings["derive"] = time.perf_counter() - mark

    progress("validating with SHACL")
    mark = time.perf_counter()
    engine, findings = validate_shapes(
        store,
        inputs.shapes,
        inputs.ontology,
        (lambda: _everything_as_rdflib(store, inputs, catalog, included))
        if large
        else inputs.data_union,
        setting=settings.shacl_engine,
        origins=inputs.origins,
        notes=notes,
    )
    if engine == "sparql" or large:
        findings = [_with_file(store, catalog, finding, included) for finding in findings]
    if large:
        notes.append(_LARGE_SHACL_NOTES[engine])
    findings = [*findings, *qc_findings(store, catalog, origins=inputs.origins)]  # sparql/qc/
    report = ValidationReport(findings=findings, checked_files=len(inputs.files) + len(included))
    timings["validate"] = time.perf_counter() - mark

    consistency = None
    if reason:
        progress("checking OWL consistency (HermiT)")
        mark = time.perf_counter()
        # In a large build inputs.graphs holds the sources (no included data, no derived graph).
        consistency = check_consistency(
            reasoning_view(inputs.ontology, inputs.data_union()),
            timeout=settings.reasoner_timeout,
        )
        timings["reason"] = time.perf_counter() - mark
        if large and included:
            notes.append(
                f"HermiT checked the ontology and the repository's sources only: the "
                f"{sum(store.graph_size(g) for g in included):,} included triples are above "
                f"its size threshold ({large_above:,} triples in all) and were checked by SHACL."
            )

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
    result = BuildResult(report, consistency, sizes, total, timings, notes=notes)
    if write and result.ok:
        progress("writing dist/")
        mark = time.perf_counter()
        if large:
            notes.append("RDF release files written by pyoxigraph (JSON-LD expanded, no context).")
        result.dist = _write(settings, inputs, store, catalog, stamp, sizes, large=large)
        timings["write"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    result.peak_memory_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


_LARGE_SHACL_NOTES = {
    "sparql": "SHACL: the SPARQL engine, on the store.",
    "pyshacl": "SHACL: pyshacl over rdflib copies of everything (slow at this size).",
}


def _everything_as_rdflib(
    store: OxigraphStore, inputs: BuildInputs, catalog: QueryCatalog, included: dict[str, Path]
) -> Graph:
    """For pyshacl on a build too big for rdflib, when it is asked for (``ASPEN_SHACL_ENGINE``):
    the sources, the derived graph and the included files parsed again with rdflib, so pyshacl
    sees every literal exactly as written."""
    data = inputs.data_union()
    data += derived_graph(store, catalog)
    for graph in read_included_graphs(list(dict.fromkeys(included.values()))).values():
        data += graph
    return data


def _with_file(
    store: OxigraphStore, catalog: QueryCatalog, finding: Finding, included: dict[str, Path]
) -> Finding:
    """The finding with the included file its focus node comes from, when it has none."""
    if finding.source_file is not None or not included or not finding.focus.startswith("http"):
        return finding
    rows = store.select(
        catalog.get(GRAPHS_OF_SUBJECT_QUERY).text, bindings={"subject": URIRef(finding.focus)}
    ).rows
    files = [str(included[str(graph)]) for _subject, graph in rows if str(graph) in included]
    return replace(finding, source_file=files[0]) if files else finding


def _write(
    settings: Settings,
    inputs: BuildInputs,
    store: OxigraphStore,
    catalog: QueryCatalog,
    stamp: Stamp,
    sizes: dict[str, int],
    *,
    large: bool,
) -> Path:
    manifest = {
        "triples": sum(sizes.values()),
        "graphs": sizes,
        "ontology_graph": ONTOLOGY_GRAPH,
        "derived_graph": DERIVED_GRAPH,
    }
    return build_release(
        settings.dist,
        inputs.graphs,
        store=store,
        catalog=catalog,
        base=settings.base_iri,
        stamp=stamp,
        manifest=manifest,
        from_store=large,
        extra=review_rejections(inputs),
    )


def review_rejections(inputs: BuildInputs) -> dict[str, str]:
    """``suggestions-rejected.csv`` of the release (every version's pairs rejected in a
    review) when there are any: the served suggester reads it from the release, never from
    the project's data folder. Its bytes are in the release's fingerprint
    (:func:`~aspen_graph.api.release_info.read_release`)."""
    return {REJECTED_FILE: rejections_csv(inputs.rejections)} if inputs.rejections else {}
