"""Consultation questions on the example dataset: exact rows."""

from __future__ import annotations

import pytest
from example_helpers import DRAFT_2, EVENT, rows, select

from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

INPUT = "input:example-plan-consultation-1-"
STATE = "agent:example-member-state-"
NETWORK = "agent:example-conservation-network"
INSTITUTE = "agent:example-ocean-institute"
P1_14_3 = "alignment:priority-example-plan-draft-1-p1--sdg-14.3"
P2_14_1 = "alignment:priority-example-plan-draft-1-p2--sdg-14.1"
REASON = (
    "Energy policy is outside the plan's mandate; the proposal was referred to the regional "
    "energy cooperation track."
)


def test_consultation_inputs(examples_store: GraphStore, catalog: QueryCatalog) -> None:
    got = rows(
        examples_store,
        catalog,
        "consultation-inputs",
        ("number", "input", "submitted_by", "concerns", "disposition", "integrated_in", "reason"),
        event=EVENT,
    )
    assert got == [
        ("1", INPUT + "1", STATE + "a", "goal:example-plan-draft-1-g3", "integrated", DRAFT_2, None),
        ("2", INPUT + "2", NETWORK, "priority:example-plan-draft-1-p3", "integrated", DRAFT_2, None),
        ("3", INPUT + "3", STATE + "b", "focal-area:example-plan-draft-1-p2.fa2", "integrated", DRAFT_2, None),
        ("4", INPUT + "4", INSTITUTE, P1_14_3, "integrated", DRAFT_2, None),
        ("5", INPUT + "5", INSTITUTE, P2_14_1, "integrated", DRAFT_2, None),
        ("6", INPUT + "6", STATE + "c", "priority:example-plan-draft-1-p1", "not integrated", None, REASON),
        ("7", INPUT + "7", NETWORK, "focal-area:example-plan-draft-1-p4.fa1", "received", None, None),
    ]  # fmt: skip


def test_consultation_inputs_labels_and_proposals(
    examples_store: GraphStore, catalog: QueryCatalog
) -> None:
    columns = ("submitter_label", "concerns_label", "proposal")
    english = rows(examples_store, catalog, "consultation-inputs", columns, event=EVENT)
    assert english[3] == (
        "Example Ocean Research Institute (example)",
        "priority:example-plan-draft-1-p1 → sdg:14.3",
        "Score the link from P1 to SDG 14.3 as consistent (0), not enabling: the priority does "
        "not address ocean acidification.",
    )
    # Vietnamese where the graph has it; proposals exist in English only and fall back.
    vietnamese = rows(
        examples_store, catalog, "consultation-inputs", columns, event=EVENT, lang="vi"
    )
    assert vietnamese[0] == (
        "Quốc gia thành viên mẫu A (ví dụ)",
        "Không khí, nước và đất sạch (ví dụ)",
        "Add a strategic priority on air quality and transboundary haze under goal G3.",
    )


def test_consultation_inputs_of_the_real_consultation(
    examples_store: GraphStore, catalog: QueryCatalog
) -> None:
    """The March 2026 consultation is real and its inputs are not public: no rows, no invention."""
    assert rows(examples_store, catalog, "consultation-inputs", ("input",)) == []


def test_consultation_inputs_needs_an_event(
    examples_store: GraphStore, catalog: QueryCatalog
) -> None:
    with pytest.raises(QueryParameterError, match="is not a aspen:ConsultationEvent"):
        rows(examples_store, catalog, "consultation-inputs", ("input",), event=DRAFT_2)


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        # Reworded on input 2, made on its draft-1 namesake.
        (
            "priority:example-plan-draft-2-p3",
            [(INPUT + "2", "priority:example-plan-draft-1-p3", "earlier version", "integrated")],
        ),
        # Created in answer to input 1 (which concerned goal G3).
        (
            "priority:example-plan-draft-2-p5",
            [(INPUT + "1", "goal:example-plan-draft-1-g3", "derived from", "integrated")],
        ),
        (
            "goal:example-plan-draft-2-g3",
            [(INPUT + "1", "goal:example-plan-draft-1-g3", "earlier version", "integrated")],
        ),
        # Input 6 on P1 was not integrated, so it shaped nothing in draft 2; input 4 re-scored
        # one of P1's alignments.
        (
            "priority:example-plan-draft-2-p1",
            [(INPUT + "4", P1_14_3, "alignment of earlier version", "integrated")],
        ),
        (
            "priority:example-plan-draft-2-p2",
            [(INPUT + "5", P2_14_1, "alignment of earlier version", "integrated")],
        ),
        # On the draft-1 element itself every input made on it counts, whatever became of it.
        (
            "priority:example-plan-draft-1-p1",
            [
                (INPUT + "4", P1_14_3, "alignment", "integrated"),
                (INPUT + "6", "priority:example-plan-draft-1-p1", "element", "not integrated"),
            ],
        ),
        # Input 7 was only received: draft 2's P4.FA1 owes it nothing.
        ("focal-area:example-plan-draft-2-p4.fa1", []),
        ("focal-area:example-plan-draft-1-p4.fa1", [
            (INPUT + "7", "focal-area:example-plan-draft-1-p4.fa1", "element", "received"),
        ]),
        ("goal:example-plan-draft-2-g1", []),
    ],
)  # fmt: skip
def test_inputs_by_element(
    examples_store: GraphStore,
    catalog: QueryCatalog,
    element: str,
    expected: list[tuple[str, ...]],
) -> None:
    got = rows(
        examples_store,
        catalog,
        "inputs-by-element",
        ("input", "concerns", "via", "disposition"),
        element=element,
    )
    assert got == expected


def test_integrated_inputs_changed_what_they_concern(examples_store: GraphStore) -> None:
    """Each integrated input left a mark on draft 2 (the element or alignment it concerned is
    gone, reworded or re-scored, or an element derives from it); the others left none."""
    marks = select(
        examples_store,
        """
        SELECT ?input ?disposition (BOUND(?changed) AS ?marked) WHERE {
          ?input aspen:inputTo <https://w3id.org/aspen/id/event/example-plan-consultation-1> ;
            aspen:concerns ?about ; aspen:disposition ?disposition .
          OPTIONAL {
            { ?new prov:wasDerivedFrom ?input }
            UNION
            { ?about aspen:inVersion ?v . FILTER NOT EXISTS { ?next prov:wasRevisionOf ?about } }
            UNION
            { ?next prov:wasRevisionOf ?about ; rdfs:label ?l .
              FILTER NOT EXISTS { ?about rdfs:label ?l } }
            UNION
            { ?about aspen:alignmentSource ?old ; aspen:alignmentTarget ?t .
              ?next prov:wasRevisionOf ?old .
              FILTER NOT EXISTS { ?a2 aspen:alignmentSource ?next ; aspen:alignmentTarget ?t } }
            UNION
            { ?about aspen:alignmentSource ?old ; aspen:alignmentTarget ?t ;
                aspen:interaction ?level .
              ?next prov:wasRevisionOf ?old .
              ?a2 aspen:alignmentSource ?next ; aspen:alignmentTarget ?t ; aspen:interaction ?other .
              FILTER (?other != ?level) }
            BIND (true AS ?changed)
          }
        } GROUP BY ?input ?disposition ?changed ORDER BY ?input""",
    )
    assert [(i, d, m) for i, d, m in marks] == [
        (INPUT + "1", "disposition:integrated", "true"),
        (INPUT + "2", "disposition:integrated", "true"),
        (INPUT + "3", "disposition:integrated", "true"),
        (INPUT + "4", "disposition:integrated", "true"),
        (INPUT + "5", "disposition:integrated", "true"),
        (INPUT + "6", "disposition:not-integrated", "false"),
        (INPUT + "7", "disposition:received", "false"),
    ]
