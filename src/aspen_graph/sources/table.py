"""Analyst tables (CSV, or rows read from a spreadsheet) → RDF, all rows or none.

Each kind of table has a fixed set of columns (each with a description and, where the column is
closed, its allowed values) and a row converter. Every bad row is reported with its row number
(the header is row 1, as in a spreadsheet), its column and the reason; a table with any bad row
yields no triples at all.

Two families of kinds:

- ``alignments`` and ``challenge-relevance`` name everything by CURIE and can live anywhere;
- the plan-content kinds (``focal-areas``, ``interventions``, ``milestones``,
  ``mel-indicators``, ``consultation-inputs``) belong to one plan version: a row gives a stable
  ``code`` and the version comes from the folder, so the converter gets a
  :class:`VersionContext` and mints ``id/{kind}/{plan-key}-{version-key}-{code}`` (see
  ``docs/model.md``, "Plan versions, examples and imports").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from aspen_graph.errors import DataLoadError, TableError, UnknownReferenceError
from aspen_graph.namespaces import ASPEN, ASPENID, QB
from aspen_graph.sources.curie import expand, is_valid_iri, slug

INTERACTIONS = {
    3: "indivisible",
    2: "reinforcing",
    1: "enabling",
    0: "consistent",
    -1: "constraining",
    -2: "counteracting",
    -3: "cancelling",
}
STATUSES = ("proposed", "accepted", "rejected")
CHALLENGES = ("climate-change", "biodiversity-loss", "pollution")
DISPOSITIONS = ("received", "integrated", "not-integrated")
EXAMPLE_SOURCE = ASPENID["document/example-data"]
"""The document every example fact cites (``docs/model.md``)."""
EXAMPLE_MARK = "(example)"
"""How the English label of every example subject ends."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")
_AGENT_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE = re.compile(r"^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$")
"""What a code of plan content looks like: letters and digits joined by ``.``, ``-`` or ``_``."""
MAX_CELL_CHARS = 10_000
"""Longest cell a table may hold, in characters (Excel's own limit is 32,767)."""
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Control characters (all but tab, LF and CR), lone surrogates and the two non-characters
XML cannot hold: a cell with one would make RDF/XML that no parser reads."""
_PLAN_ELEMENT_KINDS = ("goal", "priority", "focal-area", "intervention", "milestone")
_MEASURED_KINDS = _PLAN_ELEMENT_KINDS  # docs/mel.md: a goal … intervention or milestone


class RowError(ValueError):
    """One problem in one cell; collected, never raised past the table reader."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


Row = dict[str, str]


@dataclass
class VersionContext:
    """The plan version a folder's tables belong to, and the codes already in it.

    ``elements`` and ``previous`` map ``(kind, code.casefold())`` to the IRI of the element
    with that code in this version and in the version it revises; tables read later in the
    same folder see the elements of tables read before them (:func:`read_folder_tables`).
    """

    name: str
    version: URIRef
    plan: URIRef
    prefix: str
    example: bool = False
    mel_framework: URIRef | None = None
    elements: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    previous: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    units: dict[URIRef, str] = field(default_factory=dict)
    """The ``aspen:unit`` of each MEL indicator of the version (observation labels show it)."""

    def codes(self, kinds: tuple[str, ...]) -> list[str]:
        """The codes of this version's things of ``kinds`` (in upper case, as plans write them;
        the import compares codes without regard to case)."""
        return sorted({code.upper() for (kind, code) in self.elements if kind in kinds})

    @property
    def data_set(self) -> URIRef:
        """The plan's data set of MEL observations, ``dataset:{plan-key}-mel`` (docs/mel.md)."""
        return ASPENID[f"dataset/{str(self.plan).rsplit('/', 1)[-1]}-mel"]

    def element_iri(self, kind: str, code: str) -> URIRef:
        """The stable IRI of the element of ``kind`` with ``code`` in this version.

        >>> version, plan = ASPENID["plan-version/p-d2"], ASPENID["plan/p"]
        >>> str(VersionContext("p-d2", version, plan, "p-d2").element_iri("focal-area", "P2.FA1"))
        'https://w3id.org/aspen/id/focal-area/p-d2-p2.fa1'
        """
        return ASPENID[f"{kind}/{self.prefix}-{code.lower()}"]


RowConverter = Callable[[Row, Graph, Collection[URIRef], VersionContext | None], URIRef]


@dataclass(frozen=True, slots=True)
class TableKind:
    """A kind of analyst table: its columns (with a description each) and its row converter.

    ``choices`` lists the allowed values of closed columns (spreadsheet drop-downs and the
    row check use the same tuple); ``optional`` names the columns that may be left empty;
    ``properties`` maps an RDF property (CURIE) to the column it comes from, so a SHACL finding
    can point at a cell; ``references`` names the columns holding one code of the version (a
    template for a version lists its codes there). ``iri_kind`` is the ``id/{kind}/`` segment
    of the things a row makes when it belongs to a plan version (``None`` for the kinds that
    need no version).
    """

    name: str
    columns: dict[str, str]
    convert: RowConverter
    key: Callable[[Row], str]
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    optional: frozenset[str] = frozenset()
    properties: Mapping[str, str] = field(default_factory=dict)
    iri_kind: str | None = None
    summary: str = ""
    references: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Columns that name one thing of the version by code, with the kinds it may be."""

    @property
    def needs_version(self) -> bool:
        return self.iri_kind is not None


def _required(row: Row, column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise RowError(column, "is empty")
    return value


def _reference(row: Row, column: str, known: Collection[URIRef]) -> URIRef:
    return _resolve(_required(row, column), column, known)


def _resolve(text: str, column: str, known: Collection[URIRef]) -> URIRef:
    try:
        iri = expand(text)
    except UnknownReferenceError as error:
        raise RowError(column, str(error)) from error
    if known and iri not in known:
        raise RowError(column, f"{text!r} names nothing in the graph ({iri})")
    return iri


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _iris(row: Row, column: str) -> list[URIRef]:
    parts = _split(_required(row, column))
    for part in parts:
        if not part.startswith(("http://", "https://")) or not is_valid_iri(part):
            raise RowError(column, f"{part!r} is not an http(s) IRI")
    return [URIRef(part) for part in parts]


def _sources(row: Row, column: str) -> list[URIRef]:
    """IRIs or CURIEs (``document:example-data``) of the sources, separated by ``;``."""
    found = []
    for part in _split(_required(row, column)):
        if part.startswith(("http://", "https://")):
            if not is_valid_iri(part):
                raise RowError(column, f"{part!r} is not a valid IRI")
            found.append(URIRef(part))
        else:
            found.append(_resolve(part, column, ()))
    return found


def _date(row: Row, column: str) -> Literal:
    text = _required(row, column)
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        date.fromisoformat(text)
    except ValueError as error:
        raise RowError(column, f"{text!r} is not a date (YYYY-MM-DD)") from error
    return Literal(text, datatype=XSD.date)


def _text(row: Row, column: str, minimum: int = 20, lang: str = "en") -> Literal:
    text = " ".join(_required(row, column).split())
    if len(text) < minimum:
        raise RowError(column, f"is shorter than {minimum} characters")
    return Literal(text, lang=lang)


def _optional_text(row: Row, column: str, lang: str) -> Literal | None:
    text = " ".join((row.get(column) or "").split())
    return Literal(text, lang=lang) if text else None


def _agent(row: Row, column: str) -> URIRef:
    key = _required(row, column)
    if not _AGENT_KEY.match(key):
        raise RowError(column, f"{key!r} is not an agent key (letters, digits, hyphens)")
    return ASPENID[f"agent/{key}"]


def _alignment_key(row: Row) -> str:
    return f"{slug(row['source'])}--{slug(row['target'])}"


def _collect(steps: dict[str, Callable[[], object]]) -> dict[str, Any]:
    """Run every cell check of a row, so one pass reports all of the row's problems."""
    values: dict[str, Any] = {}
    problems: list[RowError] = []
    for column, step in steps.items():
        try:
            values[column] = step()
        except RowError as error:
            problems.append(error)
    if problems:
        raise ExceptionGroup("row", problems)
    return values


def _alignment_source(
    row: Row, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    """The source element; in a version's folder, one of that version's elements (the row
    sits in the version and changes its coverage, never another version's)."""
    iri = _reference(row, "source", known)
    if context is not None and iri not in context.elements.values():
        raise RowError(
            "source",
            f"{row['source'].strip()!r} is not an element of version {context.name}; an "
            "alignment imported into a version starts from one of its own elements",
        )
    return iri


def _convert_alignment(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    v = _collect(
        {
            "source": lambda: _alignment_source(row, known, context),
            "target": lambda: _reference(row, "target", known),
            "interaction": lambda: _score(row),
            "confidence": lambda: _confidence(row),
            "rationale": lambda: _text(row, "rationale"),
            "evidence": lambda: _iris(row, "evidence"),
            "asserted_by": lambda: _agent(row, "asserted_by"),
            "date": lambda: _date(row, "date"),
            "status": lambda: _choice(row, "status", STATUSES),
        }
    )
    if v["source"] == v["target"]:
        raise ExceptionGroup("row", [RowError("target", "an element cannot be aligned to itself")])
    node = ASPENID[f"alignment/{_alignment_key(row)}"]
    label = f"{row['source'].strip()} → {row['target'].strip()}"
    graph.add((node, RDF.type, ASPEN.Alignment))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, ASPEN.alignmentSource, v["source"]))
    graph.add((node, ASPEN.alignmentTarget, v["target"]))
    graph.add((node, ASPEN.interaction, ASPENID[f"interaction/{INTERACTIONS[v['interaction']]}"]))
    graph.add((node, ASPEN.confidence, Literal(v["confidence"], datatype=XSD.decimal)))
    graph.add((node, ASPEN.rationale, v["rationale"]))
    _add_provenance(graph, node, v)
    graph.add((node, ASPEN.alignmentStatus, ASPENID[f"alignment-status/{v['status']}"]))
    return node


def _add_provenance(graph: Graph, node: URIRef, values: dict[str, Any]) -> None:
    for iri in values["evidence"]:
        graph.add((node, DCTERMS.source, iri))
    graph.add((node, PROV.wasAttributedTo, values["asserted_by"]))
    graph.add((node, PROV.generatedAtTime, values["date"]))


def _score(row: Row) -> int:
    text = _required(row, "interaction")
    if not _WHOLE_NUMBER.match(text):
        raise RowError("interaction", f"{text!r} is not a whole number from -3 to 3")
    score = int(text)
    if score not in INTERACTIONS:
        raise RowError("interaction", f"{score} is outside the scale -3 … +3")
    return score


def _confidence(row: Row) -> Decimal:
    text = _required(row, "confidence")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise RowError("confidence", f"{text!r} is not a number") from error
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
        raise RowError("confidence", f"{text} is outside 0 … 1")
    return value


def _choice(row: Row, column: str, allowed: tuple[str, ...]) -> str:
    value = _required(row, column).lower()
    if value not in allowed:
        raise RowError(column, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _relevance_key(row: Row) -> str:
    return f"{row['challenge'].strip()}--{slug(row['target'])}"


def _convert_relevance(
    row: Row, graph: Graph, known: Collection[URIRef], _context: VersionContext | None
) -> URIRef:
    v = _collect(
        {
            "target": lambda: _reference(row, "target", known),
            "challenge": lambda: _choice(row, "challenge", CHALLENGES),
            "rationale": lambda: _text(row, "rationale"),
            "evidence": lambda: _iris(row, "evidence"),
            "asserted_by": lambda: _agent(row, "asserted_by"),
            "date": lambda: _date(row, "date"),
        }
    )
    node = ASPENID[f"relevance/{_relevance_key(row)}"]
    label = f"{row['target'].strip()} is relevant to {v['challenge']}"
    graph.add((node, RDF.type, ASPEN.ChallengeRelevance))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, ASPEN.relevanceTarget, v["target"]))
    graph.add((node, ASPEN.relevanceChallenge, ASPENID[f"challenge/{v['challenge']}"]))
    graph.add((node, ASPEN.rationale, v["rationale"]))
    _add_provenance(graph, node, v)
    return node


# --- plan content of one version ----------------------------------------------------------------


def _code_key(row: Row) -> str:
    return (row.get("code") or "").strip().upper()


def _code(row: Row) -> str:
    code = _required(row, "code")
    if not CODE.match(code):
        raise RowError(
            "code", f"{code!r} is not a code (letters and digits, joined by '.', '-' or '_')"
        )
    return code


def _label_en(row: Row, context: VersionContext) -> Literal:
    label = _text(row, "label_en", minimum=3)
    if context.example and not str(label).endswith(EXAMPLE_MARK):
        raise RowError("label_en", f"an example's English label ends with ' {EXAMPLE_MARK}'")
    return label


def _positive(row: Row, column: str) -> Literal | None:
    text = (row.get(column) or "").strip()
    if not text:
        return None
    if not _WHOLE_NUMBER.match(text) or int(text) < 1:
        raise RowError(column, f"{text!r} is not a whole number from 1 up")
    # xsd:integer, not xsd:positiveInteger: pyoxigraph stores the subtypes as xsd:integer, so
    # the project writes every whole number so and the shapes state the range (sh:minInclusive).
    return Literal(str(int(text)), datatype=XSD.integer)


def _body(row: Row, column: str, known: Collection[URIRef]) -> URIRef | None:
    text = (row.get(column) or "").strip()
    if not text:
        return None
    return _resolve(text if ":" in text else f"body:{text.lower()}", column, known)


def _year(row: Row, column: str) -> Literal:
    text = _required(row, column)
    if not _YEAR.match(text):
        raise RowError(column, f"{text!r} is not a year (YYYY)")
    return Literal(text, datatype=XSD.gYear)


def _kinds_text(kinds: tuple[str, ...]) -> str:
    """``goal, priority or focal-area``."""
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"


def _element(
    text: str,
    column: str,
    kinds: tuple[str, ...],
    context: VersionContext,
    known: Collection[URIRef],
) -> URIRef:
    """The element a cell names: a code of this version (``P2``), or a CURIE/IRI of one."""
    if ":" in text:
        iri = _resolve(text, column, known)
        in_version = {node for (kind, _code), node in context.elements.items() if kind in kinds}
        if iri not in in_version:
            raise RowError(
                column, f"{text!r} is not a {_kinds_text(kinds)} of version {context.name}"
            )
        return iri
    found = [
        context.elements[(kind, text.casefold())]
        for kind in kinds
        if (kind, text.casefold()) in context.elements
    ]
    if not found:
        raise RowError(
            column, f"no {_kinds_text(kinds)} has code {text!r} in version {context.name}"
        )
    if len(found) > 1:
        raise RowError(column, f"code {text!r} is ambiguous here; write it as kind:key")
    return found[0]


def _elements(
    row: Row,
    column: str,
    kinds: tuple[str, ...],
    context: VersionContext,
    known: Collection[URIRef],
) -> list[URIRef]:
    return [
        _element(part, column, kinds, context, known) for part in _split(_required(row, column))
    ]


def _common_steps(
    row: Row, known: Collection[URIRef], context: VersionContext
) -> dict[str, Callable[[], object]]:
    return {
        "code": lambda: _code(row),
        "label_en": lambda: _label_en(row, context),
        "label_vi": lambda: _optional_text(row, "label_vi", "vi"),
        "definition": lambda: _optional_text(row, "definition", "en"),
        "source": lambda: _sources(row, "source"),
    }


def _element_steps(
    row: Row, known: Collection[URIRef], context: VersionContext
) -> dict[str, Callable[[], object]]:
    return {
        **_common_steps(row, known, context),
        "sequence": lambda: _positive(row, "sequence"),
        "lead_body": lambda: _body(row, "lead_body", known),
    }


def _need(context: VersionContext | None) -> VersionContext:
    if context is None:  # pragma: no cover - convert_table refuses these tables without one
        raise RowError("", "this table belongs in a plan version's folder")
    return context


def _add_common(
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


def _convert_focal_area(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = _need(context)
    v = _collect(
        {
            **_element_steps(row, known, ctx),
            "priority": lambda: _element(
                _required(row, "priority"), "priority", ("priority",), ctx, known
            ),
        }
    )
    node = _add_common(graph, "focal-area", ASPEN.FocalArea, v, ctx)
    graph.add((node, ASPEN.underPriority, v["priority"]))
    return node


def _convert_intervention(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = _need(context)

    def optional(column: str, kinds: tuple[str, ...]) -> URIRef | None:
        text = (row.get(column) or "").strip()
        return _element(text, column, kinds, ctx, known) if text else None

    v = _collect(
        {
            **_element_steps(row, known, ctx),
            "focal_area": lambda: optional("focal_area", ("focal-area",)),
            "priority": lambda: optional("priority", ("priority",)),
        }
    )
    if v["focal_area"] is None and v["priority"] is None:
        raise ExceptionGroup(
            "row", [RowError("focal_area", "give the focal area or the priority it sits under")]
        )
    node = _add_common(graph, "intervention", ASPEN.Intervention, v, ctx)
    if v["focal_area"] is not None:
        graph.add((node, ASPEN.underFocalArea, v["focal_area"]))
    if v["priority"] is not None:
        graph.add((node, ASPEN.underPriority, v["priority"]))
    return node


def _convert_milestone(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = _need(context)
    marks = _PLAN_ELEMENT_KINDS[:-1]
    v = _collect(
        {
            **_element_steps(row, known, ctx),
            "milestone_of": lambda: _element(
                _required(row, "milestone_of"), "milestone_of", marks, ctx, known
            ),
            "due": lambda: _year(row, "due"),
        }
    )
    node = _add_common(graph, "milestone", ASPEN.Milestone, v, ctx)
    graph.add((node, ASPEN.milestoneOf, v["milestone_of"]))
    graph.add((node, ASPEN.targetYear, v["due"]))
    return node


def _decimal(text: str, column: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise RowError(column, f"{text!r} is not a number") from error
    if not value.is_finite():
        raise RowError(column, f"{text!r} is not a number")
    return value


def _baseline(row: Row) -> tuple[Decimal, Literal] | None:
    value = (row.get("baseline_value") or "").strip()
    year = (row.get("baseline_year") or "").strip()
    if not value and not year:
        return None
    if not value:
        raise RowError("baseline_value", "is empty while baseline_year is given")
    if not year:
        raise RowError("baseline_year", "is empty while baseline_value is given")
    return _decimal(value, "baseline_value"), _year(row, "baseline_year")


def _targets(row: Row) -> list[tuple[str, Decimal]]:
    """``2030=10 ; 2035=15`` → [("2030", 10), ("2035", 15)]."""
    found: dict[str, Decimal] = {}
    for part in _split(row.get("targets") or ""):
        year, sep, value = (piece.strip() for piece in part.partition("="))
        if not sep or not _YEAR.match(year):
            raise RowError("targets", f"{part!r} is not YEAR=VALUE (2030=10)")
        if year in found:
            raise RowError("targets", f"year {year} is given twice")
        found[year] = _decimal(value, "targets")
    return sorted(found.items())


def _tracked(row: Row, known: Collection[URIRef]) -> list[URIRef]:
    return [_resolve(part, "tracks", known) for part in _split(row.get("tracks") or "")]


def _convert_mel_indicator(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = _need(context)
    v = _collect(
        {
            **_common_steps(row, known, ctx),
            "measures": lambda: _elements(row, "measures", _MEASURED_KINDS, ctx, known),
            "unit": lambda: (row.get("unit") or "").strip(),
            "baseline_value": lambda: _baseline(row),
            "targets": lambda: _targets(row),
            "tracks": lambda: _tracked(row, known),
        }
    )
    node = _add_common(graph, "mel-indicator", ASPEN.MELIndicator, v, ctx, element=False)
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


def _event_key(text: str) -> str:
    text = text.strip()
    return text.split(":", 1)[1] if text.startswith("event:") else text


def _input_key(row: Row) -> str:
    number = (row.get("number") or "").strip()
    return f"{_event_key(row.get('event') or '')}-{int(number) if number.isdigit() else number}"


def _concerned(row: Row, context: VersionContext, known: Collection[URIRef]) -> list[URIRef]:
    found = []
    for part in _split(_required(row, "concerns")):
        if ":" in part and _expand_or_none(part) is not None:
            iri = _resolve(part, "concerns", known)
            if str(iri).startswith(str(ASPENID["alignment/"])):
                found.append(iri)
                continue
        found.append(_element(part, "concerns", _PLAN_ELEMENT_KINDS, context, known))
    return found


def _expand_or_none(text: str) -> URIRef | None:
    """The IRI of a CURIE, or ``None`` when it is not one."""
    try:
        return expand(text)
    except UnknownReferenceError:
        return None


def _convert_input(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = _need(context)

    def event() -> URIRef:
        return _resolve(f"event:{_event_key(_required(row, 'event'))}", "event", known)

    def submitter() -> URIRef:
        text = _required(row, "submitted_by")
        return _resolve(text if ":" in text else f"agent:{text}", "submitted_by", known)

    def integrated_in() -> URIRef | None:
        text = (row.get("integrated_in") or "").strip()
        if not text:
            return None
        return _resolve(text if ":" in text else f"plan-version:{text}", "integrated_in", known)

    v = _collect(
        {
            "event": event,
            "number": lambda: _positive(row, "number") or _required(row, "number"),
            "label_en": lambda: _label_en(row, ctx),
            "label_vi": lambda: _optional_text(row, "label_vi", "vi"),
            "submitted_by": submitter,
            "concerns": lambda: _concerned(row, ctx, known),
            "proposal": lambda: _text(row, "proposal", minimum=10),
            "disposition": lambda: _choice(row, "disposition", DISPOSITIONS),
            "integrated_in": integrated_in,
            "disposition_reason": lambda: _optional_text(row, "disposition_reason", "en"),
            "source": lambda: _sources(row, "source"),
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
    node = ASPENID[f"input/{_input_key(row)}"]
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


def _observation_key(row: Row) -> str:
    return f"{(row.get('indicator') or '').strip().upper()}@{(row.get('year') or '').strip()}"


def _convert_observation(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    ctx = _need(context)

    def data_set() -> URIRef:
        if known and ctx.data_set not in known:
            raise RowError("", f"the plan has no MEL data set ({ctx.data_set}) to add to")
        return ctx.data_set

    v = _collect(
        {
            "indicator": lambda: _element(
                _required(row, "indicator"), "indicator", ("mel-indicator",), ctx, known
            ),
            "year": lambda: _year(row, "year"),
            "value": lambda: _decimal(_required(row, "value"), "value"),
            "source": lambda: _sources(row, "source"),
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


ALIGNMENTS = TableKind(
    name="alignments",
    summary="qualified alignments: which element serves which target, how strongly, why",
    columns={
        "source": "CURIE of the ASPEN element (goal:…, priority:…, focal-area:…, intervention:…)",
        "target": "CURIE of what it serves (sdg:14.1, gbf-target:3, provision:paris-art-7, …)",
        "interaction": "ISC seven-point score: 3, 2, 1, 0, -1, -2, -3",
        "confidence": "how sure, from 0 to 1",
        "rationale": "one or two sentences quoting the words the link rests on (English)",
        "evidence": "IRIs of the sources, separated by ' ; '",
        "asserted_by": "agent key of who asserts it (aspen-graph)",
        "date": "date asserted, YYYY-MM-DD",
        "status": "proposed, accepted or rejected",
    },
    choices={
        "interaction": tuple(str(score) for score in INTERACTIONS),
        "status": STATUSES,
    },
    properties={
        "aspen:alignmentSource": "source",
        "aspen:alignmentTarget": "target",
        "aspen:interaction": "interaction",
        "aspen:confidence": "confidence",
        "aspen:rationale": "rationale",
        "dct:source": "evidence",
        "prov:wasAttributedTo": "asserted_by",
        "prov:generatedAtTime": "date",
        "aspen:alignmentStatus": "status",
    },
    convert=_convert_alignment,
    key=_alignment_key,
)

CHALLENGE_RELEVANCE = TableKind(
    name="challenge-relevance",
    summary="which SDG and GBF targets belong to which global challenge",
    columns={
        "target": "CURIE of the target (sdg:3.9, gbf-target:7)",
        "challenge": "climate-change, biodiversity-loss or pollution",
        "rationale": "one line quoting the target's words",
        "evidence": "IRIs of the sources, separated by ' ; '",
        "asserted_by": "agent key of who asserts it (aspen-graph)",
        "date": "date asserted, YYYY-MM-DD",
    },
    choices={"challenge": CHALLENGES},
    properties={
        "aspen:relevanceTarget": "target",
        "aspen:relevanceChallenge": "challenge",
        "aspen:rationale": "rationale",
        "dct:source": "evidence",
    },
    convert=_convert_relevance,
    key=_relevance_key,
)

_CODE_DOC = "stable code of the {what} within the plan (e.g. {example}); the key of the row"
_COMMON_COLUMNS = {
    "label_en": "title in English (an example version's ends with ' (example)')",
    "label_vi": "title in Vietnamese (the build warns without it)",
    "definition": "what it is about, in English",
}
_ELEMENT_COLUMNS = {
    "sequence": "position among its siblings, a whole number from 1",
    "lead_body": "ASEAN body leading it: key (awgncb) or CURIE (body:awgncb)",
    "source": "IRIs or CURIEs of the sources, separated by ' ; ' (document:example-data)",
}
_COMMON_PROPERTIES = {
    "dct:identifier": "code",
    "rdfs:label": "label_en",
    "skos:definition": "definition",
    "dct:source": "source",
    "aspen:sequenceNumber": "sequence",
    "aspen:leadBody": "lead_body",
}
_OPTIONAL = frozenset({"label_vi", "definition", "sequence", "lead_body"})

FOCAL_AREAS = TableKind(
    name="focal-areas",
    summary="focal areas of one plan version, each under one strategic priority",
    columns={
        "code": _CODE_DOC.format(what="focal area", example="P2.FA1"),
        "priority": "code of the strategic priority it lies within (P2), in the same version",
        **_COMMON_COLUMNS,
        **_ELEMENT_COLUMNS,
    },
    optional=_OPTIONAL,
    properties={**_COMMON_PROPERTIES, "aspen:underPriority": "priority"},
    references={"priority": ("priority",)},
    iri_kind="focal-area",
    convert=_convert_focal_area,
    key=_code_key,
)

INTERVENTIONS = TableKind(
    name="interventions",
    summary="interventions of one plan version, under a focal area or a priority",
    columns={
        "code": _CODE_DOC.format(what="intervention", example="P2.FA1.I3"),
        "focal_area": "code of the focal area it falls under (P2.FA1), in the same version",
        "priority": "code of the priority it falls under (P2); needed when there is no focal area",
        **_COMMON_COLUMNS,
        **_ELEMENT_COLUMNS,
    },
    optional=_OPTIONAL | {"focal_area", "priority"},
    properties={
        **_COMMON_PROPERTIES,
        "aspen:underFocalArea": "focal_area",
        "aspen:underPriority": "priority",
    },
    references={"focal_area": ("focal-area",), "priority": ("priority",)},
    iri_kind="intervention",
    convert=_convert_intervention,
    key=_code_key,
)

MILESTONES = TableKind(
    name="milestones",
    summary="dated milestones of one plan version, each marking one plan element",
    columns={
        "code": _CODE_DOC.format(what="milestone", example="M2030-1"),
        "milestone_of": "code of the goal, priority, focal area or intervention it marks",
        "due": "the year by which it is to be reached (2030)",
        **_COMMON_COLUMNS,
        **_ELEMENT_COLUMNS,
    },
    optional=_OPTIONAL,
    properties={
        **_COMMON_PROPERTIES,
        "aspen:milestoneOf": "milestone_of",
        "aspen:targetYear": "due",
    },
    references={"milestone_of": _PLAN_ELEMENT_KINDS[:-1]},
    iri_kind="milestone",
    convert=_convert_milestone,
    key=_code_key,
)

MEL_INDICATORS = TableKind(
    name="mel-indicators",
    summary="MEL indicators of one plan version: what they measure, baseline, targets",
    columns={
        "code": _CODE_DOC.format(what="indicator", example="IND-3"),
        "measures": "codes of the goals, priorities, focal areas, interventions or milestones "
        "it measures, separated by ' ; ' (P2 ; P2.FA1)",
        **_COMMON_COLUMNS,
        "unit": "unit of every value, a UCUM code such as % or ug/m3",
        "baseline_value": "value in the baseline year, a number",
        "baseline_year": "the baseline year, YYYY (with baseline_value)",
        "targets": "targets as YEAR=VALUE, separated by ' ; ' (2030=10 ; 2035=15)",
        "tracks": "CURIEs of the SDG indicators or GBF targets it tracks (sdg:C140501 ; "
        "gbf-target:3)",
        "source": _ELEMENT_COLUMNS["source"],
    },
    optional=frozenset(
        {"label_vi", "definition", "unit", "baseline_value", "baseline_year", "targets", "tracks"}
    ),
    properties={
        **_COMMON_PROPERTIES,
        "aspen:measures": "measures",
        "aspen:unit": "unit",
        "aspen:baselineValue": "baseline_value",
        "aspen:baselineYear": "baseline_year",
        "aspen:indicatorTarget": "targets",
        "aspen:tracksIndicator": "tracks",
    },
    iri_kind="mel-indicator",
    convert=_convert_mel_indicator,
    key=_code_key,
)

MEL_OBSERVATIONS = TableKind(
    name="mel-observations",
    summary="yearly values of this version's MEL indicators (RDF Data Cube observations)",
    columns={
        "indicator": "code of the MEL indicator (IND-2), of this version",
        "year": "the year the value refers to, YYYY",
        "value": "the value, a number in the indicator's unit",
        "source": _ELEMENT_COLUMNS["source"],
    },
    properties={
        "aspen:indicator": "indicator",
        "aspen:refYear": "year",
        "aspen:observedValue": "value",
        "dct:source": "source",
    },
    references={"indicator": ("mel-indicator",)},
    iri_kind="observation",
    convert=_convert_observation,
    key=_observation_key,
)

CONSULTATION_INPUTS = TableKind(
    name="consultation-inputs",
    summary="inputs made at a consultation on this version, and what became of each",
    columns={
        "event": "CURIE or key of the consultation event (event:example-plan-consultation-1)",
        "number": "number of the input within the event, from 1; with the event, the row's key",
        "label_en": "short title in English (an example's ends with ' (example)')",
        "label_vi": "short title in Vietnamese",
        "submitted_by": "who made it: agent key or CURIE (agent:example-member-state-a)",
        "concerns": "codes of this version's elements (P3), or CURIEs of elements or "
        "alignments, separated by ' ; '",
        "proposal": "what it proposes, in its own words (English)",
        "disposition": "received, integrated or not-integrated",
        "integrated_in": "the plan version that integrated it (plan-version:example-plan-draft-2)"
        "; needed when integrated",
        "disposition_reason": "why it was or was not integrated (English); needed when "
        "not-integrated",
        "source": _ELEMENT_COLUMNS["source"],
    },
    choices={"disposition": DISPOSITIONS},
    optional=frozenset({"label_vi", "integrated_in", "disposition_reason"}),
    properties={
        "aspen:inputTo": "event",
        "aspen:sequenceNumber": "number",
        "rdfs:label": "label_en",
        "aspen:submittedBy": "submitted_by",
        "aspen:concerns": "concerns",
        "aspen:proposal": "proposal",
        "aspen:disposition": "disposition",
        "aspen:integratedIn": "integrated_in",
        "aspen:dispositionReason": "disposition_reason",
        "dct:source": "source",
    },
    iri_kind="input",
    convert=_convert_input,
    key=_input_key,
)

# Kinds in the order a folder's tables are read: what a row may point at comes first.
TABLE_KINDS: dict[str, TableKind] = {
    kind.name: kind
    for kind in (
        FOCAL_AREAS,
        INTERVENTIONS,
        MILESTONES,
        MEL_INDICATORS,
        MEL_OBSERVATIONS,
        ALIGNMENTS,
        CONSULTATION_INPUTS,
        CHALLENGE_RELEVANCE,
    )
}


# --- reading tables -----------------------------------------------------------------------------


@dataclass
class TableRows:
    """One table as read: its header and its records, numbered as a spreadsheet shows them."""

    kind: TableKind
    where: str
    header: list[str]
    records: list[tuple[int, list[str]]]


@dataclass(frozen=True, slots=True)
class ConvertedRow:
    """A good row: its number, its key, its cells (stripped), its node and every subject it made."""

    number: int
    key: str
    cells: Row
    node: URIRef
    subjects: frozenset[URIRef] = frozenset()


@dataclass
class ConvertedTable:
    """A converted table: the graph of all its rows, and each row."""

    kind: TableKind
    where: str
    graph: Graph
    rows: list[ConvertedRow]


def table_kind(name: str, where: str) -> TableKind:
    """The kind called ``name``, or a clear error naming the file and the known kinds."""
    if name not in TABLE_KINDS:
        raise DataLoadError(
            f"unknown table kind {name!r}; expected one of {', '.join(TABLE_KINDS)}", path=where
        )
    return TABLE_KINDS[name]


def parse_csv(text: str, kind: TableKind, where: str) -> TableRows:
    """Split CSV text into a header and numbered records (the header is row 1)."""
    records = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in next(records, [])]
        # Row numbers count every record, blank ones too, as a spreadsheet shows them.
        numbered = list(enumerate(records, start=2))
    except csv.Error as error:  # a cell over csv's size limit …
        line = records.line_num
        raise DataLoadError(f"not readable as CSV ({error})", path=where, line=line) from error
    return TableRows(kind, where, header, numbered)


def load_csv(path: Path, kind: str | None = None) -> TableRows:
    """Read one CSV table file (UTF-8, with or without a byte-order mark)."""
    table = table_kind(kind or path.stem, str(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as error:
        raise DataLoadError("file not found", path=str(path)) from error
    except UnicodeDecodeError as error:
        raise DataLoadError(f"not valid UTF-8 ({error.reason})", path=str(path)) from error
    return parse_csv(text, table, str(path))


def read_table(
    path: Path,
    known: Collection[URIRef] = (),
    *,
    kind: str | None = None,
    context: VersionContext | None = None,
) -> Graph:
    """Convert one analyst table to RDF; bad rows raise :class:`TableError` listing each."""
    return convert_table(load_csv(path, kind), known, context).graph


def convert_rows(
    table: TableKind,
    text: str,
    where: str,
    known: Collection[URIRef],
    context: VersionContext | None = None,
) -> Graph:
    """Convert CSV text of one table kind; every bad row is listed, and no triple escapes."""
    return convert_table(parse_csv(text, table, where), known, context).graph


def check_header(rows: TableRows) -> None:
    """Missing, unknown or repeated columns are one error on line 1."""
    table, header = rows.kind, rows.header
    missing = [column for column in table.columns if column not in header]
    extra = [column for column in header if column not in table.columns]
    repeated = sorted({column for column in header if header.count(column) > 1})
    if missing or extra or repeated:
        detail = []
        if missing:
            detail.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            detail.append(f"unknown column(s) {', '.join(extra)}")
        if repeated:
            detail.append(f"repeated column(s) {', '.join(repeated)}")
        raise DataLoadError("; ".join(detail), path=rows.where, line=1)


class _RowTriples(Graph):
    """One row's triples, kept in a list: the converters only add, and indexing each row's
    triples in a graph of its own before the table's took a third of an import's time."""

    def __init__(self) -> None:
        super().__init__()
        self.triples_added: list[tuple[Node, Node, Node]] = []

    def add(self, triple: tuple[Node, Node, Node]) -> _RowTriples:
        self.triples_added.append(triple)
        return self


def convert_table(
    rows: TableRows, known: Collection[URIRef], context: VersionContext | None = None
) -> ConvertedTable:
    """Convert numbered records; every bad row is listed (:class:`TableError`), all or none."""
    check_header(rows)
    table, header = rows.kind, rows.header
    if table.needs_version and context is None:
        raise DataLoadError(
            f"a {table.name} table belongs to a plan version: put it in the version's folder "
            "(data/versions/<plan>-<version>/) or import it with 'aspen import --into'",
            path=rows.where,
        )
    graph = Graph()
    converted: list[ConvertedRow] = []
    problems: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for number, cells in rows.records:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append((number, "", "more cells than columns"))
            continue
        padded = dict(zip(header, [*cells, *[""] * (len(header) - len(cells))], strict=True))
        unreadable = _cell_problems(number, padded)
        if unreadable:
            problems += unreadable
            continue
        clean = {column: value.strip() for column, value in padded.items()}
        row_problems: list[tuple[int, str, str]] = []
        node: URIRef | None = None
        # Each row into its own graph first: the subjects it made (the row's node, and the
        # target nodes of a MEL indicator) let a SHACL finding point back at the row.
        made = _RowTriples()
        try:
            node = table.convert(clean, made, known, context)
        except* RowError as group:
            row_problems = [
                (number, error.column, error.reason)
                for error in group.exceptions
                if isinstance(error, RowError)
            ]
        if row_problems or node is None:
            # In the order of the columns, as the user reads the row.
            order = list(table.columns)
            row_problems.sort(key=lambda p: order.index(p[1]) if p[1] in order else len(order))
            problems += row_problems
            continue
        key = table.key(clean)
        if key in seen:
            problems.append((number, "", f"duplicate of row {seen[key]} (same key {key})"))
            continue
        seen[key] = number
        graph.addN((*triple, graph) for triple in made.triples_added)
        subjects = frozenset(s for s, _p, _o in made.triples_added if isinstance(s, URIRef))
        converted.append(ConvertedRow(number, key, clean, node, subjects))
    if problems:
        raise TableError(rows.where, problems)
    return ConvertedTable(table, rows.where, graph, converted)


def _cell_problems(number: int, cells: Mapping[str, str]) -> list[tuple[int, str, str]]:
    """Cells no converter should see: too long, or holding a control character.

    >>> _cell_problems(3, {"code": "P1", "label_en": "Air\\x00quality"})
    [(3, 'label_en', 'holds the control character U+0000 at character 4; remove it')]
    """
    found = []
    for column, value in cells.items():
        if len(value) > MAX_CELL_CHARS:
            found.append(
                (
                    number,
                    column,
                    f"is {len(value)} characters long; a cell holds at most {MAX_CELL_CHARS}",
                )
            )
        elif (bad := _CONTROL.search(value)) is not None:
            character = f"U+{ord(bad[0]):04X}"
            where = f"at character {bad.start() + 1}"
            found.append(
                (number, column, f"holds the control character {character} {where}; remove it")
            )
    return found


# --- the tables of one version folder -----------------------------------------------------------


def _local_key(iri: URIRef) -> tuple[str, str] | None:
    """``id/{kind}/{key}`` → (kind, key)."""
    text = str(iri)
    if not text.startswith(str(ASPENID)):
        return None
    kind, sep, key = text[len(str(ASPENID)) :].partition("/")
    return (kind, key) if sep and key else None


def _elements_of(
    version: URIRef, graphs: list[Graph], prefix: str
) -> dict[tuple[str, str], URIRef]:
    """(kind, code) of every element of ``version``: by ``dct:identifier``, else by its IRI.

    An element is what says it is ``aspen:inVersion`` the version, or what has a code and the
    version's key prefix (MEL indicators carry no ``aspen:inVersion``).
    """
    members: set[URIRef] = set()
    for graph in graphs:
        members.update(s for s in graph.subjects(ASPEN.inVersion, version) if isinstance(s, URIRef))
        for subject in graph.subjects(DCTERMS.identifier, None):
            parts = _local_key(subject) if isinstance(subject, URIRef) else None
            if isinstance(subject, URIRef) and parts and parts[1].startswith(prefix + "-"):
                members.add(subject)
    found: dict[tuple[str, str], URIRef] = {}
    for subject in sorted(members):
        parts = _local_key(subject)
        if parts is None:
            continue
        kind, key = parts
        codes = [str(c) for g in graphs for c in g.objects(subject, DCTERMS.identifier)]
        if not codes and key.startswith(prefix + "-"):
            codes = [key[len(prefix) + 1 :]]
        for code in codes:
            found[(kind, code.casefold())] = subject
    return found


def version_context(
    name: str, graphs: Iterable[Graph], *, example: bool = False
) -> VersionContext | None:
    """The context of folder ``name`` (= the key of ``plan-version:{name}``), if it is one.

    ``graphs`` are every graph read so far (the folder's own Turtle included). The key prefix
    of new elements is ``{plan-key}-{version-key}`` (= ``name``), except for a version whose
    elements were published before versions had their own keys (``goal:aspen-2026-2035-g1``
    of ``plan-version:aspen-2026-2035-draft-2026-03``): it keeps the plan key alone.
    """
    graphs = list(graphs)
    version = ASPENID[f"plan-version/{name}"]
    if not any((version, RDF.type, ASPEN.PlanVersion) in graph for graph in graphs):
        return None
    plans = [p for g in graphs for p in g.objects(version, ASPEN.versionOf)]
    previous = [p for g in graphs for p in g.objects(version, PROV.wasRevisionOf)]
    plan = plans[0] if plans and isinstance(plans[0], URIRef) else None
    plan_parts = _local_key(plan) if plan is not None else None
    if plan is None or plan_parts is None:
        return None
    example = example or any((version, RDF.type, ASPEN.ExampleResource) in g for g in graphs)
    keys = [
        parts[1]
        for g in graphs
        for s in g.subjects(ASPEN.inVersion, version)
        if isinstance(s, URIRef) and (parts := _local_key(s)) is not None
    ]
    plan_key = plan_parts[1]
    prefix = name
    published_early = any(k.startswith(plan_key + "-") for k in keys)
    if published_early and not any(k.startswith(name + "-") for k in keys):
        prefix = plan_key
    frameworks = [f for g in graphs for f in g.objects(plan, ASPEN.hasMELFramework)]
    context = VersionContext(name, version, plan, prefix, example)
    if frameworks and isinstance(frameworks[0], URIRef):
        context.mel_framework = frameworks[0]
    context.elements = _elements_of(version, graphs, prefix)
    for (kind, _code), iri in context.elements.items():
        units = [str(u) for g in graphs for u in g.objects(iri, ASPEN.unit)]
        if kind == "mel-indicator" and units:
            context.units[iri] = units[0]
    if previous and isinstance(previous[0], URIRef):
        previous_parts = _local_key(previous[0])
        previous_prefix = previous_parts[1] if previous_parts else ""
        context.previous = _elements_of(previous[0], graphs, previous_prefix)
    return context


def kind_order(name: str) -> int:
    """Where a kind comes in the reading order of a folder (what rows point at comes first)."""
    return list(TABLE_KINDS).index(name) if name in TABLE_KINDS else len(TABLE_KINDS)


def folder_tables(folder: Path) -> dict[str, TableRows]:
    """Every ``{kind}.csv`` of a folder, read (not converted), by kind."""
    return {path.stem: load_csv(path) for path in sorted(folder.glob("*.csv"))}


def register(context: VersionContext | None, table: ConvertedTable) -> None:
    """Make the elements of ``table`` visible by code to the tables read after it."""
    if context is not None and table.kind.iri_kind is not None:
        for row in table.rows:
            context.elements[(table.kind.iri_kind, row.key.casefold())] = row.node
            if table.kind.iri_kind == "mel-indicator":
                context.units[row.node] = row.cells.get("unit", "")


def typed_subjects(graph: Graph) -> set[URIRef]:
    """Every IRI with a type in ``graph``: what later rows may refer to."""
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}


def read_folder_tables(
    folder: Path,
    known: Collection[URIRef],
    context: VersionContext | None,
    *,
    replace: Mapping[str, TableRows] | None = None,
) -> list[ConvertedTable]:
    """Convert every ``{kind}.csv`` of a version folder, in dependency order.

    Each table may refer to the things of the tables read before it (an intervention to a
    focal area of ``focal-areas.csv``, an alignment to an intervention). ``replace`` gives the
    rows to use instead of a kind's file (or in addition, when there is no such file yet):
    the importer validates the folder as it would be after the import.
    """
    sources = folder_tables(folder)
    sources.update(replace or {})
    seen = set(known)
    converted = []
    for name in sorted(sources, key=kind_order):
        table = convert_table(sources[name], seen if known else (), context)
        seen |= typed_subjects(table.graph)
        register(context, table)
        converted.append(table)
    return converted


__all__ = [
    "ALIGNMENTS",
    "CHALLENGE_RELEVANCE",
    "CODE",
    "CONSULTATION_INPUTS",
    "DISPOSITIONS",
    "EXAMPLE_SOURCE",
    "FOCAL_AREAS",
    "INTERVENTIONS",
    "MAX_CELL_CHARS",
    "MEL_INDICATORS",
    "MEL_OBSERVATIONS",
    "MILESTONES",
    "TABLE_KINDS",
    "ConvertedRow",
    "ConvertedTable",
    "TableKind",
    "TableRows",
    "VersionContext",
    "check_header",
    "convert_rows",
    "convert_table",
    "folder_tables",
    "kind_order",
    "load_csv",
    "parse_csv",
    "read_folder_tables",
    "read_table",
    "register",
    "table_kind",
    "typed_subjects",
    "version_context",
]
