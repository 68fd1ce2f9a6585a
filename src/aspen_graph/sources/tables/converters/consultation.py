"""Rows of consultation inputs made on a version, and what became of each."""

from __future__ import annotations

from collections.abc import Collection

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from aspen_graph.namespaces import ASPEN, ASPENID
from aspen_graph.sources.tables import parsers as cell
from aspen_graph.sources.tables.converters.plan import need
from aspen_graph.sources.tables.model import (
    DISPOSITIONS,
    PLAN_ELEMENT_KINDS,
    Row,
    RowError,
    VersionContext,
)


def event_key(text: str) -> str:
    text = text.strip()
    return text.split(":", 1)[1] if text.startswith("event:") else text


def input_key(row: Row) -> str:
    number = (row.get("number") or "").strip()
    return f"{event_key(row.get('event') or '')}-{int(number) if number.isdigit() else number}"


def _concerned(row: Row, context: VersionContext, known: Collection[URIRef]) -> list[URIRef]:
    found = []
    for part in cell.split(cell.required(row, "concerns")):
        if ":" in part and cell.expand_or_none(part) is not None:
            iri = cell.resolve(part, "concerns", known)
            if str(iri).startswith(str(ASPENID["alignment/"])):
                found.append(iri)
                continue
        found.append(cell.element(part, "concerns", PLAN_ELEMENT_KINDS, context, known))
    return found


def convert_input(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = need(context)

    def event() -> URIRef:
        return cell.resolve(f"event:{event_key(cell.required(row, 'event'))}", "event", known)

    def submitter() -> URIRef:
        text = cell.required(row, "submitted_by")
        return cell.resolve(text if ":" in text else f"agent:{text}", "submitted_by", known)

    def integrated_in() -> URIRef | None:
        text = (row.get("integrated_in") or "").strip()
        if not text:
            return None
        return cell.resolve(text if ":" in text else f"plan-version:{text}", "integrated_in", known)

    v = cell.collect(
        {
            "event": event,
            "number": lambda: cell.positive(row, "number") or cell.required(row, "number"),
            "label_en": lambda: cell.label_en(row, ctx),
            "label_vi": lambda: cell.optional_text(row, "label_vi", "vi"),
            "submitted_by": submitter,
            "concerns": lambda: _concerned(row, ctx, known),
            "proposal": lambda: cell.text(row, "proposal", minimum=10),
            "disposition": lambda: cell.choice(row, "disposition", DISPOSITIONS),
            "integrated_in": integrated_in,
            "disposition_reason": lambda: cell.optional_text(row, "disposition_reason", "en"),
            "source": lambda: cell.sources(row, "source"),
        }
    )
    if v["disposition"] == "integrated" and v["integrated_in"] is None:
        raise ExceptionGroup(
            "row", [RowError("integrated_in", "an integrated input names the version")]
        )
    if v["disposition"] == "not-integrated" and v["disposition_reason"] is None:
        raise ExceptionGroup(
            "row", [RowError("disposition_reason", "a not-integrated input gives the reason")]
        )
    node = ASPENID[f"input/{input_key(row)}"]
    graph.add((node, RDF.type, ASPEN.ConsultationInput))
    if ctx.example:
        graph.add((node, RDF.type, ASPEN.ExampleResource))
    graph.add((node, RDFS.label, v["label_en"]))
    if v["label_vi"] is not None:
        graph.add((node, RDFS.label, v["label_vi"]))
    for iri in v["source"]:
        graph.add((node, DCTERMS.source, iri))
    graph.add((node, ASPEN.inputTo, v["event"]))
    graph.add((node, ASPEN.sequenceNumber, v["number"]))
    graph.add((node, ASPEN.submittedBy, v["submitted_by"]))
    for concerned in v["concerns"]:
        graph.add((node, ASPEN.concerns, concerned))
    graph.add((node, ASPEN.proposal, v["proposal"]))
    graph.add((node, ASPEN.disposition, ASPENID[f"disposition/{v['disposition']}"]))
    if v["integrated_in"] is not None:
        graph.add((node, ASPEN.integratedIn, v["integrated_in"]))
    if v["disposition_reason"] is not None:
        graph.add((node, ASPEN.dispositionReason, v["disposition_reason"]))
    return node


__all__ = [
    "convert_input",
    "event_key",
    "input_key",
]
