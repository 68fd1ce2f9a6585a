"""The ``ASPEN`` namespace is closed and is exactly the ontology's terms; instance namespaces stay
open; the vocabularies rdflib ships are rdflib's own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib.namespace
from rdflib import Graph, URIRef

from aspen_graph import namespaces
from aspen_graph.namespaces import ASPEN, ASPENID, PREFIXES

ROOT = Path(__file__).resolve().parents[1]
ONT = "https://w3id.org/aspen/ont/"


def ontology_terms() -> set[str]:
    """Local names of the ``aspen:`` IRIs ontology/*.ttl describes, read straight from Turtle."""
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return {
        str(s)[len(ONT) :]
        for s in graph.subjects()
        if isinstance(s, URIRef) and str(s).startswith(ONT) and str(s) != ONT
    }


def test_aspen_lists_exactly_the_ontology_terms() -> None:
    members = {name for name in ASPEN.__annotations__ if not name.startswith("_")}
    expected = ontology_terms()
    assert {"Framework", "StrategicPlan", "contributesTo", "MELDataStructure"} <= expected
    assert members == expected


def test_regenerating_gives_the_same_file() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_namespaces.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_misspelt_term_fails_instead_of_minting_an_iri() -> None:
    assert ASPEN.Framework == URIRef(ONT + "Framework")
    assert ASPEN["contributesTo"] == URIRef(ONT + "contributesTo")
    with pytest.raises(AttributeError, match="Framwork"):
        _ = ASPEN.Framwork
    with pytest.raises(AttributeError, match="contributeTo"):
        _ = ASPEN["contributeTo"]
    assert str(ASPEN) == PREFIXES["aspen"] == ONT


def test_instance_namespaces_stay_open() -> None:
    assert ASPENID["priority/p1"] == URIRef("https://w3id.org/aspen/id/priority/p1")
    assert ASPENID.anything == URIRef("https://w3id.org/aspen/id/anything")


@pytest.mark.parametrize(
    ("ours", "rdflibs", "iri"),
    [
        ("FOAF", "FOAF", "http://xmlns.com/foaf/0.1/"),
        ("ORG", "ORG", "http://www.w3.org/ns/org#"),
        ("QB", "QB", "http://purl.org/linked-data/cube#"),
        ("VANN", "VANN", "http://purl.org/vocab/vann/"),
        ("SCHEMA", "SDO", "https://schema.org/"),
    ],
)
def test_shipped_vocabularies_are_rdflibs(ours: str, rdflibs: str, iri: str) -> None:
    assert getattr(namespaces, ours) is getattr(rdflib.namespace, rdflibs)
    assert PREFIXES[ours.lower()] == iri
