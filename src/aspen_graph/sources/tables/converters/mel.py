"""Rows of a version's monitoring, evaluation and learning: MEL indicators (with baseline and
targets) and their yearly observations (``docs/mel.md``)."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from aspen_graph.namespaces import ASPEN, ASPENID, QB
from aspen_graph.sources.tables import parsers as cell
from aspen_graph.sources.tables.converters.plan import add_common, common_steps, need
from aspen_graph.sources.tables.model import (
    EXAMPLE_MARK,
    PLAN_ELEMENT_KINDS,
    Row,
    RowError,
    VersionContext,
)


def _baseline(row: Row) -> tuple[Decimal, Literal] | None:
    value = (row.get("baseline_value") or "").strip()
    year = (row.get("baseline_year") or "").strip()
    if not value and not year:
        return None
    if not value:
        raise RowError("baseline_value", "is empty while baseline_year is given")
    if not year:
        raise RowError("baseline_year", "is empty while baseline_value is given")
    return cell.decimal(value, "baseline_value"), cell.year(row, "baseline_year")


def _targets(row: Row) -> list[tuple[str, Decimal]]:
    """``2030=10 ; 2035=15`` → [("2030", 10), ("2035", 15)]."""
    found: dict[str, Decimal] = {}
    for part in cell.split(row.get("targets") or ""):
        year, sep, value = (piece.strip() for piece in part.partition("="))
        if not sep or not cell.YEAR.match(year):
            raise RowError("targets", f"{part!r} is not YEAR=VALUE (2030=10)")
        if year in found:
            raise RowError("targets", f"year {year} is given twice")
        found[year] = cell.decimal(value, "targets")
    return sorted(found.items())


def _tracked(row: Row, known: Collection[URIRef]) -> list[URIRef]:
    return [cell.resolve(part, "tracks", known) for part in cell.split(row.get("tracks") or "")]


def convert_mel_indicator(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = need(context)
    v = cell.collect(
        {
            **common_steps(row, known, ctx),
            "measures": lambda: cell.elements(row, "measures", PLAN_ELEMENT_KINDS, ctx, known),
            "unit": lambda: (row.get("unit") or "").strip(),
            "baseline_value": lambda: _baseline(row),
            "targets": lambda: _targets(row),
            "tracks": lambda: _tracked(row, known),
        }
    )
    node = add_common(graph, "mel-indicator", ASPEN.MELIndicator, v, ctx, element=False)
    for element in v["measures"]:
        graph.add((node, ASPEN.measures, element))
    for tracked in v["tracks"]:
        graph.add((node, ASPEN.tracksIndicator, tracked))
    unit = v["unit"]
    if unit:
        graph.add((node, ASPEN.unit, Literal(unit)))
    if v["baseline_value"] is not None:
        value, year = v["baseline_value"]
        graph.add((node, ASPEN.baselineValue, Literal(value, datatype=XSD.decimal)))
        graph.add((node, ASPEN.baselineYear, year))
    if ctx.mel_framework is not None:
        graph.add((node, ASPEN.inMELFramework, ctx.mel_framework))
    code = v["code"]
    for year, value in v["targets"]:
        target = ASPENID[f"mel-target/{ctx.prefix}-{code.lower()}-{year}"]
        graph.add((node, ASPEN.indicatorTarget, target))
        graph.add((target, RDF.type, ASPEN.MELTarget))
        amount = f"{value} {unit}".strip()
        en, vi = f"{code} target for {year}: {amount}", f"Chỉ tiêu {code} năm {year}: {amount}"
        if ctx.example:
            graph.add((target, RDF.type, ASPEN.ExampleResource))
            en, vi = f"{en} {EXAMPLE_MARK}", f"{vi} (ví dụ)"
        graph.add((target, RDFS.label, Literal(en, lang="en")))
        graph.add((target, RDFS.label, Literal(vi, lang="vi")))
        for iri in v["source"]:
            graph.add((target, DCTERMS.source, iri))
        graph.add((target, ASPEN.targetValue, Literal(value, datatype=XSD.decimal)))
        graph.add((target, ASPEN.targetYear, Literal(year, datatype=XSD.gYear)))
    return node


def observation_key(row: Row) -> str:
    return f"{(row.get('indicator') or '').strip().upper()}@{(row.get('year') or '').strip()}"


def convert_observation(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = need(context)

    def data_set() -> URIRef:
        if known and ctx.data_set not in known:
            raise RowError("", f"the plan has no MEL data set ({ctx.data_set}) to add to")
        return ctx.data_set

    v = cell.collect(
        {
            "indicator": lambda: cell.element(
                cell.required(row, "indicator"), "indicator", ("mel-indicator",), ctx, known
            ),
            "year": lambda: cell.year(row, "year"),
            "value": lambda: cell.decimal(cell.required(row, "value"), "value"),
            "source": lambda: cell.sources(row, "source"),
            "": data_set,
        }
    )
    indicator: URIRef = v["indicator"]
    key = str(indicator).rsplit("/", 1)[-1]
    node = ASPENID[f"observation/{key}-{v['year']}"]
    code = next(
        (
            c
            for (kind, c), iri in ctx.elements.items()
            if kind == "mel-indicator" and iri == indicator
        ),
        key,
    ).upper()
    amount = f"{v['value']} {ctx.units.get(indicator, '')}".strip()
    en, vi = f"{code} in {v['year']}: {amount}", f"{code} năm {v['year']}: {amount}"
    graph.add((node, RDF.type, QB.Observation))
    if ctx.example:
        graph.add((node, RDF.type, ASPEN.ExampleResource))
        en, vi = f"{en} {EXAMPLE_MARK}", f"{vi} (ví dụ)"
    graph.add((node, RDFS.label, Literal(en, lang="en")))
    graph.add((node, RDFS.label, Literal(vi, lang="vi")))
    for iri in v["source"]:
        graph.add((node, DCTERMS.source, iri))
    graph.add((node, QB.dataSet, v[""]))
    graph.add((node, ASPEN.indicator, indicator))
    graph.add((node, ASPEN.observedValue, Literal(v["value"], datatype=XSD.decimal)))
    graph.add((node, ASPEN.refYear, v["year"]))
    return node


__all__ = [
    "convert_mel_indicator",
    "convert_observation",
    "observation_key",
]
