"""Which SHACL engine validates a build or an import, and running it: the one place that decides.

Two engines give the same findings: the SPARQL compiler (:mod:`aspen_graph.validation.sparql`),
which runs on the store, and pyshacl (:func:`~aspen_graph.validation.shacl.run_shacl`), the
reference, which needs the triples as an rdflib graph. :func:`choose_engine` picks one;
:func:`validate_shapes` picks and runs it, and is what the build and the import call.

Measured (bench/bench_validation.py, this 2-core machine shared with other jobs): 241 queries
for the 30 shape files. 2.0M triples: 34 s (27 s queries, 7 s findings and labels) with 772k
findings (synthetic observations the new MEL shapes reject), peak RSS 1.4 GiB of which the store
is most. 210k triples: 3.8 s, 221 MiB (pyshacl: 554 s plus 31 s to build its rdflib graph,
1.3 GiB, same findings). 30k triples: 0.27 s (pyshacl 19.6 s). bench/README.md, "SHACL engine".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal as TypingLiteral

from rdflib import Graph
from rdflib.term import Node

from aspen_graph.store import GraphStore
from aspen_graph.validation.report import Finding
from aspen_graph.validation.shacl import run_shacl
from aspen_graph.validation.sparql import UnsupportedShapeError, compile_shapes, validate_store

Engine = TypingLiteral["pyshacl", "sparql"]

PYSHACL_MAX_TRIPLES = 100_000
"""Up to this many triples ``auto`` falls back to pyshacl when the shapes use something the
SPARQL compiler refuses (pyshacl took 19.6 s at 30k triples and 554 s at 210k)."""


def choose_engine(
    triples: int,
    setting: str = "auto",
    *,
    shapes: Graph | None = None,
    notes: list[str] | None = None,
) -> Engine:
    """Which SHACL engine validates a store of ``triples`` triples.

    ``setting`` is ``ASPEN_SHACL_ENGINE``: ``pyshacl`` or ``sparql`` force one. ``auto`` picks
    the SPARQL engine at every size: its findings are pyshacl's, and it is the only one that
    scales (210k triples: 3.8 s, against 554 s for pyshacl plus 31 s to build its rdflib graph,
    with 77k findings; 30k: 0.27 s against 19.6 s). Given the ``shapes``, ``auto`` first
    compiles them: if the compiler refuses one (:class:`UnsupportedShapeError`) and the graph
    has at most :data:`PYSHACL_MAX_TRIPLES` triples, the answer is pyshacl, with a line in
    ``notes`` saying why; above that the error is raised, with a hint to force pyshacl.
    Without ``shapes`` (the old call) the compile error comes later, from validate_store.

    >>> choose_engine(50_000), choose_engine(2_000_000), choose_engine(10, "pyshacl")
    ('sparql', 'sparql', 'pyshacl')
    """
    if setting == "pyshacl":
        return "pyshacl"
    if setting == "sparql":
        return "sparql"
    if setting != "auto":
        raise ValueError(f"unknown SHACL engine {setting!r} (use auto, pyshacl or sparql)")
    if shapes is None:
        return "sparql"
    try:
        compile_shapes(shapes)
    except UnsupportedShapeError as error:
        if triples > PYSHACL_MAX_TRIPLES:
            raise UnsupportedShapeError(
                error.shape,
                error.component,
                error.reason,
                name=error.name,
                hint=(
                    f"pyshacl can check it, but {triples:,} triples is above the "
                    f"{PYSHACL_MAX_TRIPLES:,} it is chosen for (it may take many minutes); "
                    "set ASPEN_SHACL_ENGINE=pyshacl to use it anyway"
                ),
            ) from None
        if notes is not None:
            notes.append(f"SHACL: pyshacl, because {error}.")
        return "pyshacl"
    return "sparql"


def validate_shapes(
    store: GraphStore,
    shapes: Graph,
    ontology: Graph,
    data: Callable[[], Graph],
    *,
    setting: str = "auto",
    origins: Mapping[Node, str] | None = None,
    notes: list[str] | None = None,
) -> tuple[Engine, list[Finding]]:
    """SHACL findings for everything in ``store``, by the engine :func:`choose_engine` picks.

    ``data`` gives the same triples as an rdflib graph; it is called only when pyshacl runs
    (rdflib needs ~10 s per 200k triples to build one). ``setting`` is
    ``ASPEN_SHACL_ENGINE``; ``origins`` maps subjects to their file; ``notes`` receives the
    reason when ``auto`` falls back to pyshacl.
    """
    engine = choose_engine(len(store), setting, shapes=shapes, notes=notes)
    if engine == "sparql":
        return engine, validate_store(store, shapes, origins=origins)
    return engine, run_shacl(data(), shapes, ontology, origins=origins)


__all__ = ["PYSHACL_MAX_TRIPLES", "Engine", "choose_engine", "validate_shapes"]
