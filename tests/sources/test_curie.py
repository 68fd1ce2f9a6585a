"""CURIEs ↔ IRIs: every kind round-trips, bare SDG codes, unknown prefixes, full IRIs."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from aspen_graph.curie import compress, expand, slug
from aspen_graph.errors import AspenError, UnknownReferenceError
from aspen_graph.namespaces import ASPENID, ID_KINDS, SDG

KNOWN_KINDS = ", ".join(sorted([*ID_KINDS, "sdg"]))


@pytest.mark.parametrize("kind", ID_KINDS)
def test_every_kind_round_trips(kind: str) -> None:
    curie = f"{kind}:key-1.a"
    iri = URIRef(f"https://w3id.org/aspen/id/{kind}/key-1.a")
    assert expand(curie) == iri
    assert compress(str(iri)) == curie
    assert expand(compress(str(iri))) == iri
    assert slug(curie) == f"{kind}-key-1.a"
    assert slug(str(iri)) == f"{kind}-key-1.a"


@pytest.mark.parametrize(
    ("curie", "iri"),
    [
        # kinds that are prefixes of other kinds must not swallow them
        ("plan:aspen-2026-2035", "plan/aspen-2026-2035"),
        (
            "plan-version:aspen-2026-2035-draft-2026-03",
            "plan-version/aspen-2026-2035-draft-2026-03",
        ),
        ("alignment:priority-p2--sdg-14.1", "alignment/priority-p2--sdg-14.1"),
        ("alignment-status:proposed", "alignment-status/proposed"),
        ("mel-framework:aspen-2026-2035", "mel-framework/aspen-2026-2035"),
        ("gbf-goal:A", "gbf-goal/A"),
        ("gbf-target:23", "gbf-target/23"),
        ("ascc:C.1", "ascc/C.1"),
    ],
)
def test_documented_curies(curie: str, iri: str) -> None:
    assert expand(curie) == ASPENID[iri]
    assert compress(str(ASPENID[iri])) == curie


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("sdg:14.1", "14.1"),
        ("14.1", "14.1"),
        ("14", "14"),
        ("14.a", "14.a"),
        ("14.A", "14.a"),
        ("SDG 14.1", "14.1"),
        ("sdg 14", "14"),
        ("SDG14.1", "14.1"),
        ("sdg-14.b", "14.b"),
        ("SDG:14.1", "14.1"),
        ("  14.1  ", "14.1"),
        ("sdg:C140101", "C140101"),  # an indicator, through the ordinary CURIE path
    ],
)
def test_sdg_codes(text: str, code: str) -> None:
    assert expand(text) == URIRef(f"http://metadata.un.org/sdg/{code}")
    assert compress(str(expand(text))) == f"sdg:{code}"
    assert slug(text) == f"sdg-{code}"


@pytest.mark.parametrize("text", ["100", "14.100", "sdg  14.1", "SDG: 14.1", "14.1.1", "sdg_14"])
def test_not_sdg_codes(text: str) -> None:
    with pytest.raises(UnknownReferenceError):
        expand(text)


@pytest.mark.parametrize(
    "text", ["prio:aspen-2026-2035-p2", "Priority:p2", "priority:", "priority", "", "gbf:7"]
)
def test_unknown_prefix_lists_the_known_kinds(text: str) -> None:
    with pytest.raises(UnknownReferenceError) as caught:
        expand(text)
    assert str(caught.value) == (
        f"{text!r} is not a CURIE of a known kind; write kind:key with kind one of {KNOWN_KINDS}"
    )
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, AspenError)


@pytest.mark.parametrize(
    "iri",
    [
        "https://example.org/thing",
        "http://example.org/a:b",
        "https://w3id.org/aspen/id/priority/aspen-2026-2035-p2",
        "http://metadata.un.org/sdg/14.1",
    ],
)
def test_full_iris_pass_through(iri: str) -> None:
    assert expand(iri) == URIRef(iri)
    assert expand(f"  {iri} ") == URIRef(iri)


def test_compress_leaves_foreign_iris_alone() -> None:
    assert compress("https://example.org/thing") == "https://example.org/thing"
    # id/ with a kind that does not exist has no CURIE (aspenid: is deliberately not offered)
    unknown_kind = "https://w3id.org/aspen/id/no-such-kind/x"
    assert compress(unknown_kind) == unknown_kind


@pytest.mark.parametrize(
    ("curie", "iri"),
    [
        ("aspen:Alignment", "https://w3id.org/aspen/ont/Alignment"),
        ("sdgo:Target", "http://metadata.un.org/sdg/ontology#Target"),  # not sdg:ontology#Target
        ("owl:Class", "http://www.w3.org/2002/07/owl#Class"),
        ("skos:Concept", "http://www.w3.org/2004/02/skos/core#Concept"),
        ("prov:Agent", "http://www.w3.org/ns/prov#Agent"),
    ],
)
def test_vocabulary_prefixes(curie: str, iri: str) -> None:
    assert compress(iri) == curie
    assert expand(curie) == URIRef(iri)


def test_slug_of_foreign_iri_is_a_safe_key() -> None:
    assert slug("https://example.org/a~b/c?d=1") == "https-example.org-a-b-c-d-1"


def test_an_iri_with_a_space_is_refused() -> None:
    with pytest.raises(UnknownReferenceError, match="not a valid IRI"):
        expand("https://example.org/a b")


def test_slug_is_the_same_however_the_reference_is_written() -> None:
    forms = [
        "priority:aspen-2026-2035-p2",
        " priority:aspen-2026-2035-p2 ",
        "https://w3id.org/aspen/id/priority/aspen-2026-2035-p2",
    ]
    assert {slug(form) for form in forms} == {"priority-aspen-2026-2035-p2"}
    assert {slug(form) for form in ("sdg:14.1", "14.1", "SDG 14.1", str(SDG["14.1"]))} == {
        "sdg-14.1"
    }
