"""validate_shapes: the one place the build and the import get their SHACL findings from."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from aspen_graph.store import open_store
from aspen_graph.validation.engine import validate_shapes

EX = "http://example.org/"
SHAPES = f"""
@prefix sh: <{SH}> . @prefix ex: <{EX}> .
ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:message "needs ex:p"@en ;
    sh:property [ sh:path ex:p ; sh:minCount 1 ] .
"""
DATA = f"@prefix ex: <{EX}> . ex:a a ex:T ; ex:p 1 . ex:b a ex:T ."
CLOSED = f"""
@prefix sh: <{SH}> . @prefix ex: <{EX}> .
ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true ;
    sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) .
"""


@pytest.mark.parametrize(
    ("setting", "shapes", "engine", "rdflib_copies"),
    [
        ("auto", SHAPES, "sparql", 0),
        ("sparql", SHAPES, "sparql", 0),
        ("pyshacl", SHAPES, "pyshacl", 1),
        ("auto", CLOSED, "pyshacl", 1),  # sh:closed: the compiler refuses it, pyshacl checks it
    ],
)
def test_engine_and_findings(setting: str, shapes: str, engine: str, rdflib_copies: int) -> None:
    """Whichever engine runs, ex:b breaks the minCount shape (it has no ex:p) and ex:a the
    closed one (it has ex:p); the rdflib copy of the data is made only for pyshacl."""
    data = Graph().parse(data=DATA, format="turtle")
    store = open_store()
    store.replace_graph("urn:test:data", data)
    copies: list[Graph] = []

    def rdflib_data() -> Graph:
        copies.append(data)
        return data

    notes: list[str] = []
    chosen, findings = validate_shapes(
        store,
        Graph().parse(data=shapes, format="turtle"),
        Graph(),
        rdflib_data,
        setting=setting,
        origins={},
        notes=notes,
    )
    assert (chosen, len(copies)) == (engine, rdflib_copies)
    expected = {f"{EX}b"} if shapes is SHAPES else {f"{EX}a"}
    assert {f.focus for f in findings} == expected
    assert bool(notes) == (setting == "auto" and engine == "pyshacl")
