"""Rows that name everything by CURIE and may live anywhere: qualified alignments and the
relevance of a target to a global challenge."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from aspen_graph.curie import slug
from aspen_graph.namespaces import ASPEN, ASPENID
from aspen_graph.sources.tables import parsers as cell
from aspen_graph.sources.tables.converters.suggestion import add_suggestion, suggestion_steps
from aspen_graph.sources.tables.model import (
    CHALLENGES,
    INTERACTIONS,
    STATUSES,
    Row,
    RowError,
    VersionContext,
)


def alignment_key(row: Row) -> str:
    return f"{slug(row['source'])}--{slug(row['target'])}"


def alignment_source(row: Row, known: Collection[URIRef], context: VersionContext | None) -> URIRef:
    """The source element; in a version's folder, one of that version's elements (the row
    sits in the version and changes its coverage, never another version's)."""
    iri = cell.reference(row, "source", known)
    if context is not None and iri not in context.elements.values():
        raise RowError(
            "source",
            f"{row['source'].strip()!r} is not an element of version {context.name}; an "
            "alignment imported into a version starts from one of its own elements",
        )
    return iri


def convert_alignment(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    v = cell.collect(
        {
            "source": lambda: alignment_source(row, known, context),
            "target": lambda: cell.reference(row, "target", known),
            "interaction": lambda: _score(row),
            "confidence": lambda: _confidence(row),
            "rationale": lambda: cell.text(row, "rationale"),
            "evidence": lambda: cell.iris(row, "evidence"),
            "asserted_by": lambda: cell.agent(row, "asserted_by"),
            "date": lambda: cell.iso_date(row, "date"),
            "status": lambda: cell.choice(row, "status", STATUSES),
            **suggestion_steps(row),
        }
    )
    if v["source"] == v["target"]:
        raise ExceptionGroup("row", [RowError("target", "an element cannot be aligned to itself")])
    node = ASPENID[f"alignment/{alignment_key(row)}"]
    label = f"{row['source'].strip()} → {row['target'].strip()}"
    graph.add((node, RDF.type, ASPEN.Alignment))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, ASPEN.alignmentSource, v["source"]))
    graph.add((node, ASPEN.alignmentTarget, v["target"]))
    graph.add((node, ASPEN.interaction, ASPENID[f"interaction/{INTERACTIONS[v['interaction']]}"]))
    graph.add((node, ASPEN.confidence, Literal(v["confidence"], datatype=XSD.decimal)))
    graph.add((node, ASPEN.rationale, v["rationale"]))
    add_provenance(graph, node, v)
    graph.add((node, ASPEN.alignmentStatus, ASPENID[f"alignment-status/{v['status']}"]))
    add_suggestion(graph, node, alignment_key(row), label, v)
    return node


def add_provenance(graph: Graph, node: URIRef, values: dict[str, Any]) -> None:
    for iri in values["evidence"]:
        graph.add((node, DCTERMS.source, iri))
    graph.add((node, PROV.wasAttributedTo, values["asserted_by"]))
    graph.add((node, PROV.generatedAtTime, values["date"]))


def _score(row: Row) -> int:
    text = cell.required(row, "interaction")
    if not cell.WHOLE_NUMBER.match(text):
        raise RowError("interaction", f"{text!r} is not a whole number from -3 to 3")
    score = int(text)
    if score not in INTERACTIONS:
        raise RowError("interaction", f"{score} is outside the scale -3 … +3")
    return score


def _confidence(row: Row) -> Decimal:
    text = cell.required(row, "confidence")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise RowError("confidence", f"{text!r} is not a number") from error
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
        raise RowError("confidence", f"{text} is outside 0 … 1")
    return value


def relevance_key(row: Row) -> str:
    return f"{row['challenge'].strip()}--{slug(row['target'])}"


def convert_relevance(
    row: Row, graph: Graph, known: Collection[URIRef], _context: VersionContext | None
) -> URIRef:
    v = cell.collect(
        {
            "target": lambda: cell.reference(row, "target", known),
            "challenge": lambda: cell.choice(row, "challenge", CHALLENGES),
            "rationale": lambda: cell.text(row, "rationale"),
            "evidence": lambda: cell.iris(row, "evidence"),
            "asserted_by": lambda: cell.agent(row, "asserted_by"),
            "date": lambda: cell.iso_date(row, "date"),
        }
    )
    node = ASPENID[f"relevance/{relevance_key(row)}"]
    label = f"{row['target'].strip()} is relevant to {v['challenge']}"
    graph.add((node, RDF.type, ASPEN.ChallengeRelevance))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, ASPEN.relevanceTarget, v["target"]))
    graph.add((node, ASPEN.relevanceChallenge, ASPENID[f"challenge/{v['challenge']}"]))
    graph.add((node, ASPEN.rationale, v["rationale"]))
    add_provenance(graph, node, v)
    return node


__all__ = [
    "add_provenance",
    "alignment_key",
    "alignment_source",
    "convert_alignment",
    "convert_relevance",
    "relevance_key",
]
