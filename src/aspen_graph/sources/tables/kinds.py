"""The declarations of the kinds of analyst table: columns (each with a description), closed
values, optional columns, the property each column feeds, and the converter of a row.

:data:`TABLE_KINDS` lists them in the order a folder's tables are read."""

from __future__ import annotations

from aspen_graph.errors import DataLoadError
from aspen_graph.sources.tables.converters.claims import (
    alignment_key,
    convert_alignment,
    convert_relevance,
    relevance_key,
)
from aspen_graph.sources.tables.converters.consultation import convert_input, input_key
from aspen_graph.sources.tables.converters.mel import (
    convert_mel_indicator,
    convert_observation,
    observation_key,
)
from aspen_graph.sources.tables.converters.plan import (
    code_key,
    convert_focal_area,
    convert_intervention,
    convert_milestone,
)
from aspen_graph.sources.tables.converters.review import convert_review
from aspen_graph.sources.tables.converters.suggestion import REVIEWS, SUGGESTION_COLUMNS
from aspen_graph.sources.tables.model import (
    CHALLENGES,
    DECISIONS,
    DISPOSITIONS,
    FRAMEWORKS,
    INTERACTIONS,
    PLAN_ELEMENT_KINDS,
    STATUSES,
    TableKind,
)

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
        "review": REVIEWS,
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
        "aspen:suggestionMethod": "method",
        "aspen:methodVersion": "method_version",
        "aspen:suggestionScore": "suggested_score",
    },
    extra_columns=SUGGESTION_COLUMNS,
    optional=frozenset(SUGGESTION_COLUMNS),
    convert=convert_alignment,
    key=alignment_key,
)

ALIGNMENT_REVIEW = TableKind(
    name="alignment-review",
    summary="machine-suggested alignments for a reviewer to accept, edit or reject "
    "(written by aspen suggest; imported as alignments)",
    columns={
        **ALIGNMENTS.columns,
        "asserted_by": "agent key of the reviewer, who asserts the accepted alignments "
        "(or aspen import --reviewer NAME)",
        "date": "date the reviewer asserted it, YYYY-MM-DD (empty: the day of the import)",
        "status": "proposed (empty: proposed), accepted or rejected",
        "decision": "the reviewer's decision: accept (import as proposed), edit (import as "
        "changed in this row: target, interaction, confidence, rationale), reject (never "
        "propose this pair again); empty: not decided yet, the row is left out",
        "score": "the method's score of the candidate (higher first)",
        "rank": "the candidate's place in the element's ranking, from 1",
        "framework": "the framework of the target: sdg, gbf, paris or asean2045",
        "evidence_source": "the element's words the suggestion rests on",
        "evidence_target": "the target's words the suggestion rests on",
        "method": "the method that proposed it (aspen-suggest)",
        "method_version": "the version of the method (1)",
        "suggested_at": "the date the method proposed it, YYYY-MM-DD",
    },
    choices={**ALIGNMENTS.choices, "decision": DECISIONS, "framework": FRAMEWORKS},
    optional=frozenset(
        {
            "asserted_by",
            "date",
            "status",
            "decision",
            "score",
            "rank",
            "framework",
            "evidence_source",
            "evidence_target",
            "suggested_at",
        }
    ),
    properties={
        **{p: c for p, c in ALIGNMENTS.properties.items() if c != "suggested_score"},
        "aspen:suggestionScore": "score",
    },
    convert=convert_review,
    key=alignment_key,
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
    convert=convert_relevance,
    key=relevance_key,
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
    convert=convert_focal_area,
    key=code_key,
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
    convert=convert_intervention,
    key=code_key,
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
    references={"milestone_of": PLAN_ELEMENT_KINDS[:-1]},
    iri_kind="milestone",
    convert=convert_milestone,
    key=code_key,
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
    convert=convert_mel_indicator,
    key=code_key,
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
    convert=convert_observation,
    key=observation_key,
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
    convert=convert_input,
    key=input_key,
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


FILE_KINDS: dict[str, TableKind] = {**TABLE_KINDS, ALIGNMENT_REVIEW.name: ALIGNMENT_REVIEW}
"""What a file to import (or a template) may be: a kind of table, or a review of suggested
alignments, which is imported into the version's alignments and is never a table of its own."""


def file_kind(name: str, where: str) -> TableKind:
    """The kind of file called ``name`` (:data:`FILE_KINDS`), or a clear error."""
    if name not in FILE_KINDS:
        raise DataLoadError(
            f"unknown table kind {name!r}; expected one of {', '.join(FILE_KINDS)}", path=where
        )
    return FILE_KINDS[name]


def table_kind(name: str, where: str) -> TableKind:
    """The kind called ``name``, or a clear error naming the file and the known kinds."""
    if name not in TABLE_KINDS:
        raise DataLoadError(
            f"unknown table kind {name!r}; expected one of {', '.join(TABLE_KINDS)}", path=where
        )
    return TABLE_KINDS[name]


def kind_order(name: str) -> int:
    """Where a kind comes in the reading order of a folder (what rows point at comes first)."""
    return list(TABLE_KINDS).index(name) if name in TABLE_KINDS else len(TABLE_KINDS)


__all__ = [
    "ALIGNMENTS",
    "ALIGNMENT_REVIEW",
    "CHALLENGE_RELEVANCE",
    "CONSULTATION_INPUTS",
    "FILE_KINDS",
    "FOCAL_AREAS",
    "INTERVENTIONS",
    "MEL_INDICATORS",
    "MEL_OBSERVATIONS",
    "MILESTONES",
    "TABLE_KINDS",
    "file_kind",
    "kind_order",
    "table_kind",
]
