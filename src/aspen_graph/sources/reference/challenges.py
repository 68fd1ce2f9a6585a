"""The challenges graph: the triple-planetary-crisis scheme and its three global challenges.

Reads ``triple_planetary_crisis.csv``; each challenge is matched to GEMET and, where the
Vietnamese source document names it, labelled in Vietnamese.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS

from aspen_graph.namespaces import ASPEN
from aspen_graph.sources.reference.iris import (
    GEMET_UTIL,
    TRIPLE_CRISIS_SCHEME,
    UNFCCC_TRIPLE_CRISIS,
    VNECONOMY_ASPEN,
)
from aspen_graph.sources.reference.rows import KEY_PATTERN, SourceRow, check_unique, read_rows
from aspen_graph.sources.reference.terms import describe, en, id_iri, new_graph

CHALLENGE_COLUMNS = ("key", "label_en", "gemet_iri", "gemet_match", "source")
CHALLENGE_LABELS_VI: dict[str, str] = {
    "climate-change": "biến đổi khí hậu",
    "biodiversity-loss": "suy giảm đa dạng sinh học",
    "pollution": "ô nhiễm môi trường",
}
"""Vietnamese wording of the three challenges in the source document (VNECONOMY_ASPEN)."""


def build_challenges(source_dir: Path) -> Graph:
    """The triple-planetary-crisis scheme and its three global challenges."""
    graph = new_graph()
    scheme = TRIPLE_CRISIS_SCHEME
    describe(graph, scheme, [SKOS.ConceptScheme], "Triple planetary crisis", [UNFCCC_TRIPLE_CRISIS])
    for label in (en("Triple planetary crisis"), Literal("Khủng hoảng ba hành tinh", lang="vi")):
        graph.add((scheme, SKOS.prefLabel, label))
    graph.add((scheme, RDFS.label, Literal("Khủng hoảng ba hành tinh", lang="vi")))
    definition = (
        "The three interlinked global crises that humanity faces: climate change, "
        "biodiversity loss and pollution."
    )
    graph.add((scheme, SKOS.definition, en(definition)))
    rows = read_rows(source_dir / "triple_planetary_crisis.csv", CHALLENGE_COLUMNS)
    check_unique(rows, "key")
    for row in rows:
        _add_challenge(graph, row)
    return graph


def _add_challenge(graph: Graph, row: SourceRow) -> None:
    """Add one global challenge with its GEMET match and, where the source has it, Vietnamese."""
    key = row.matching("key", KEY_PATTERN, "a key (lower-case letters, digits, hyphens)")
    challenge = id_iri("challenge", key)
    label = row.text("label_en")
    vietnamese = CHALLENGE_LABELS_VI.get(key)
    sources = [UNFCCC_TRIPLE_CRISIS, GEMET_UTIL]
    if vietnamese is not None:
        sources.append(VNECONOMY_ASPEN)
    describe(graph, challenge, [ASPEN.GlobalChallenge, SKOS.Concept], label, sources)
    graph.add((challenge, SKOS.prefLabel, en(label)))
    if vietnamese is not None:
        for prop in (RDFS.label, SKOS.prefLabel):
            graph.add((challenge, prop, Literal(vietnamese, lang="vi")))
    graph.add((challenge, SKOS.notation, Literal(key)))
    graph.add((challenge, SKOS.inScheme, TRIPLE_CRISIS_SCHEME))
    graph.add((challenge, SKOS.topConceptOf, TRIPLE_CRISIS_SCHEME))
    graph.add((TRIPLE_CRISIS_SCHEME, SKOS.hasTopConcept, challenge))
    gemet = row.optional_iri("gemet_iri")
    if gemet is not None:
        exact = row.text("gemet_match").startswith("exact")
        graph.add((challenge, SKOS.exactMatch if exact else SKOS.relatedMatch, gemet))
