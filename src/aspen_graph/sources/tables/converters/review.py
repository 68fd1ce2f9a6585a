"""Rows of a review file (kind ``alignment-review``): machine-suggested alignments with the
reviewer's ``decision``.

``accept`` and ``edit`` rows are alignments, converted as an alignments row is, with the
suggestion's provenance (:mod:`.suggestion`); a ``reject`` row makes no triple, only its pair
(an element of the version, a target of the graph) is checked. Undecided rows never reach the
converter: the import leaves them out (``aspen_graph.pipeline.import_review``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from rdflib import Graph, URIRef

from aspen_graph.namespaces import ASPENID
from aspen_graph.sources.tables import parsers as cell
from aspen_graph.sources.tables.converters.claims import (
    alignment_key,
    alignment_source,
    convert_alignment,
)
from aspen_graph.sources.tables.model import (
    DECISIONS,
    FRAMEWORKS,
    Row,
    RowError,
    VersionContext,
)

TO_ALIGNMENT = {"score": "suggested_score", "decision": "review"}
"""Review columns kept under another name in the alignments table."""
FROM_ALIGNMENT = {name: column for column, name in TO_ALIGNMENT.items()}
_NO_REVIEWER = (
    "is empty: an accepted or edited suggestion is asserted by its reviewer; write the "
    "reviewer's agent key here, or pass --reviewer NAME"
)


def decision(row: Row) -> str:
    """The row's decision in lower case ("" when undecided); an unknown one is a RowError."""
    value = (row.get("decision") or "").strip().lower()
    if value and value not in DECISIONS:
        raise RowError(
            "decision", f"{value!r} is not a decision; write one of {', '.join(DECISIONS)}"
        )
    return value


def as_alignment(row: Row) -> Row:
    """The alignments-table cells of an accepted or edited review row."""
    return {TO_ALIGNMENT.get(name, name): value for name, value in row.items()}


def convert_review(
    row: Row, graph: Graph, known: Collection[URIRef], context: VersionContext | None
) -> URIRef:
    chosen = decision(row)
    if not chosen:
        raise RowError("decision", f"is empty; write one of {', '.join(DECISIONS)}")
    if chosen == "reject":
        cell.collect(
            {
                "source": lambda: alignment_source(row, known, context),
                "target": lambda: cell.reference(row, "target", known),
            }
        )
        return ASPENID[f"alignment/{alignment_key(row)}"]
    problems = _suggestion_problems(row)
    if (row.get("status") or "").strip().lower() == "rejected":
        done = "an accepted" if chosen == "accept" else "an edited"
        problems.append(
            RowError("status", f"{done} suggestion is not rejected; write decision reject")
        )
    try:
        node = convert_alignment(as_alignment(row), graph, known, context)
    except* RowError as group:
        problems += [
            RowError(
                FROM_ALIGNMENT.get(error.column, error.column),
                _NO_REVIEWER
                if error.column == "asserted_by" and error.reason == "is empty"
                else error.reason,
            )
            for error in group.exceptions
            if isinstance(error, RowError)
        ]
    if problems:
        raise ExceptionGroup("row", problems)
    return node


def _suggestion_problems(row: Row) -> list[RowError]:
    """What is wrong with the columns only a review file has (``framework``, ``rank``)."""
    checks: list[Callable[[], object]] = []
    if (row.get("framework") or "").strip():
        checks.append(lambda: cell.choice(row, "framework", FRAMEWORKS))
    checks.append(lambda: cell.positive(row, "rank"))
    problems = []
    for check in checks:
        try:
            check()
        except RowError as error:
            problems.append(error)
    return problems


__all__ = ["FROM_ALIGNMENT", "TO_ALIGNMENT", "as_alignment", "convert_review", "decision"]
