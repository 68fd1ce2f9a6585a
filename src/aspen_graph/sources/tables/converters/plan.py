"""Rows of the plan content of one version: focal areas, interventions and milestones, and the
steps and triples every row of plan content shares (MEL indicators use them too)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from aspen_graph.namespaces import ASPEN
from aspen_graph.sources.tables import parsers as cell
from aspen_graph.sources.tables.model import (
    PLAN_ELEMENT_KINDS,
    Row,
    RowError,
    VersionContext,
)


def code_key(row: Row) -> str:
    return (row.get("code") or "").strip().upper()


def common_steps(
    row: Row, known: Collection[URIRef], context: VersionContext
) -> dict[str, Callable[[], object]]:
    return {
        "code": lambda: cell.code(row),
        "label_en": lambda: cell.label_en(row, context),
        "label_vi": lambda: cell.optional_text(row, "label_vi", "vi"),
        "definition": lambda: cell.optional_text(row, "definition", "en"),
        "source": lambda: cell.sources(row, "source"),
    }


def element_steps(
    row: Row, known: Collection[URIRef], context: VersionContext
) -> dict[str, Callable[[], object]]:
    return {
        **common_steps(row, known, context),
        "sequence": lambda: cell.positive(row, "sequence"),
        "lead_body": lambda: cell.body(row, "lead_body", known),
    }


def need(context: VersionContext | None) -> VersionContext:
    if context is None:  # pragma: no cover - convert_table refuses these tables without one
        raise RowError("", "this table belongs in a plan version's folder")
    return context


def add_common(
    graph: Graph,
    kind: str,
    cls: URIRef,
    values: dict[str, Any],
    context: VersionContext,
    *,
    element: bool = True,
) -> URIRef:
    """The triples every row of plan content has: type, labels, code, source, predecessor.

    Plan elements (``element``) also say their version and plan; MEL indicators do not (they
    hang off their framework and the elements they measure, as in ``docs/mel.md``).
    """
    code = values["code"]
    node = context.element_iri(kind, code)
    graph.add((node, RDF.type, cls))
    if context.example:
        graph.add((node, RDF.type, ASPEN.ExampleResource))
    graph.add((node, RDFS.label, values["label_en"]))
    for column, predicate in (("label_vi", RDFS.label), ("definition", SKOS.definition)):
        if values.get(column) is not None:
            graph.add((node, predicate, values[column]))
    graph.add((node, DCTERMS.identifier, Literal(code)))
    if element:
        graph.add((node, ASPEN.inVersion, context.version))
        graph.add((node, ASPEN.partOfPlan, context.plan))
    for iri in values["source"]:
        graph.add((node, DCTERMS.source, iri))
    for column, predicate in (("sequence", ASPEN.sequenceNumber), ("lead_body", ASPEN.leadBody)):
        if values.get(column) is not None:
            graph.add((node, predicate, values[column]))
    previous = context.previous.get((kind, code.casefold()))
    if previous is not None:
        graph.add((node, PROV.wasRevisionOf, previous))
    return node


def convert_focal_area(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = need(context)
    v = cell.collect(
        {
            **element_steps(row, known, ctx),
            "priority": lambda: cell.element(
                cell.required(row, "priority"), "priority", ("priority",), ctx, known
            ),
        }
    )
    node = add_common(graph, "focal-area", ASPEN.FocalArea, v, ctx)
    graph.add((node, ASPEN.underPriority, v["priority"]))
    return node


def convert_intervention(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = need(context)

    def optional(column: str, kinds: tuple[str, ...]) -> URIRef | None:
        text = (row.get(column) or "").strip()
        return cell.element(text, column, kinds, ctx, known) if text else None

    v = cell.collect(
        {
            **element_steps(row, known, ctx),
            "focal_area": lambda: optional("focal_area", ("focal-area",)),
            "priority": lambda: optional("priority", ("priority",)),
        }
    )
    if v["focal_area"] is None and v["priority"] is None:
        raise ExceptionGroup(
            "row", [RowError("focal_area", "give the focal area or the priority it sits under")]
        )
    node = add_common(graph, "intervention", ASPEN.Intervention, v, ctx)
    if v["focal_area"] is not None:
        graph.add((node, ASPEN.underFocalArea, v["focal_area"]))
    if v["priority"] is not None:
        graph.add((node, ASPEN.underPriority, v["priority"]))
    return node


def convert_milestone(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = need(context)
    marks = PLAN_ELEMENT_KINDS[:-1]
    v = cell.collect(
        {
            **element_steps(row, known, ctx),
            "milestone_of": lambda: cell.element(
                cell.required(row, "milestone_of"), "milestone_of", marks, ctx, known
            ),
            "due": lambda: cell.year(row, "due"),
        }
    )
    node = add_common(graph, "milestone", ASPEN.Milestone, v, ctx)
    graph.add((node, ASPEN.milestoneOf, v["milestone_of"]))
    graph.add((node, ASPEN.targetYear, v["due"]))
    return node


__all__ = [
    "add_common",
    "code_key",
    "common_steps",
    "convert_focal_area",
    "convert_intervention",
    "convert_milestone",
    "element_steps",
    "need",
]
