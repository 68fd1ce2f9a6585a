"""Each domain concept has one definition in ``aspen_graph.model``; the views of it in the
layers above (an API answer, a page's table row, a step of an explanation, a diff's match) take
their fields from it and add only what the view is about."""

from __future__ import annotations

from dataclasses import fields

from aspen_graph.analysis import Step
from aspen_graph.api.routes.element_sections import AlignmentRow
from aspen_graph.api.schemas import AlignmentList, ExplainStep
from aspen_graph.model import (
    Alignment,
    AlignmentChange,
    AlignmentEvidence,
    VersionedAlignment,
    VersionedAlignmentKey,
)

# What an alignment rests on, as the ontology's aspen:Alignment says it (score through its
# interaction level, confidence, rationale, dct:source) and its own IRI.
EVIDENCE = {"score", "confidence", "rationale", "sources", "alignment"}


def test_the_evidence_is_defined_once_and_the_alignment_extends_it() -> None:
    assert set(AlignmentEvidence.model_fields) == EVIDENCE
    assert issubclass(Alignment, AlignmentEvidence)
    assert AlignmentList.model_fields["data"].annotation == list[Alignment]


def test_the_page_row_shows_fields_of_the_alignment_and_no_others() -> None:
    shown = {f.name for f in fields(AlignmentRow)}
    assert shown <= set(Alignment.model_fields)
    assert shown >= EVIDENCE


def test_an_explanation_step_carries_the_evidence_of_its_alignment() -> None:
    evidence = AlignmentEvidence(
        score=2, confidence=0.8, rationale="why", sources=["http://e/1"], alignment="http://a/1"
    )
    step = Step("http://s", "http://t", "alignment", evidence)
    assert {name: getattr(step, name) for name in EVIDENCE} == {
        "score": 2,
        "confidence": 0.8,
        "rationale": "why",
        "sources": ("http://e/1",),
        "alignment": "http://a/1",
    }
    roll_up = Step("http://t", "http://g", "target-of")
    assert [getattr(roll_up, name) for name in sorted(EVIDENCE - {"sources"})] == [None] * 4
    assert roll_up.sources == ()
    # The API's step is the link (kind, ends with their labels) plus the same evidence fields.
    link = {"kind", "source", "source_label", "target", "target_label"}
    assert set(ExplainStep.model_fields) == link | EVIDENCE


def test_the_diff_matches_and_reports_alignments_by_one_key() -> None:
    key = {"kind", "code", "target", "target_kind", "target_label"}
    assert set(VersionedAlignmentKey.model_fields) == key
    assert set(VersionedAlignment.model_fields) == key | {"score"}
    assert set(AlignmentChange.model_fields) == key | {"old_score", "new_score"}
