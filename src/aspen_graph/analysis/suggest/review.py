"""The review file: suggestions as rows of the alignments template, plus the columns a reviewer
and the import need (``decision``, ``score``, ``rank``, ``framework``, the evidence words, the
method and when it ran); and the pairs a reviewer rejected, which are never proposed again.

The contract with the import of reviewed files (``aspen import review.xlsx --into V``): the
alignments template's columns in their order, then :data:`EXTRA_COLUMNS`; rejected pairs live in
``suggestions-rejected.csv`` (``source,target,rejected_by,date``) in the version's folder.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from aspen_graph.analysis.suggest.suggestion import Suggestion
from aspen_graph.config import Settings
from aspen_graph.curie import compress, expand
from aspen_graph.errors import DataLoadError, UnknownReferenceError
from aspen_graph.namespaces import ASPENID
from aspen_graph.sources import (
    ALIGNMENT_REVIEW,
    REJECTED_COLUMNS,
    REJECTED_FILE,
    SUFFIXES,
    TABLE_KINDS,
    TableKind,
    read_text,
    write_template,
)

METHOD = "aspen-suggest"
METHOD_VERSION = "1"
EXTRA_COLUMNS: tuple[str, ...] = tuple(
    column for column in ALIGNMENT_REVIEW.columns if column not in TABLE_KINDS["alignments"].columns
)
"""The review file's columns after the alignments template's (declared once, with the import:
:data:`~aspen_graph.sources.tables.kinds.ALIGNMENT_REVIEW`)."""


def review_kind() -> TableKind:
    """The review table kind that ``aspen import`` reads, its sheet named like the alignments
    template so that a reviewer sees the familiar sheet."""
    return dataclasses.replace(ALIGNMENT_REVIEW, name="alignments")


def rationale(
    suggestion: Suggestion,
    subject: str = "element",
    similar: str = "elements with similar text are aligned to it",
) -> str:
    """A sentence that quotes the evidence and says it is a machine proposal."""
    parts = []
    if suggestion.source_words:
        source = ", ".join(f'"{w}"' for w in suggestion.source_words)
        target = ", ".join(f'"{w}"' for w in suggestion.target_words)
        parts.append(f"the {subject}'s words {source} match the target's words {target}")
    if suggestion.bridge:
        bridge = "; ".join(suggestion.bridge)
        parts.append(f"read through the graph's bilingual labels ({bridge})")
    if suggestion.neighbours:
        near = ", ".join(f'"{label}"' for label in suggestion.neighbours[:3])
        parts.append(f"{similar} ({near})")
    if suggestion.challenges and subject == "element":
        parts.append("it is relevant to " + ", ".join(suggestion.challenges))
    reasons = "; ".join(parts) or "it is often aligned to"
    return (
        f"Machine proposal ({METHOD} {METHOD_VERSION}), not yet reviewed: {reasons}. "
        f'Target: "{suggestion.candidate.label}".'
    )


def _machine_columns(s: Suggestion, day: str) -> list[str]:
    """``score`` … ``suggested_at``: what the method says of a suggestion, in both reviews."""
    return [
        f"{s.score:.6f}",
        str(s.rank),
        s.candidate.framework,
        "; ".join(s.source_words),
        "; ".join(s.target_words),
        METHOD,
        METHOD_VERSION,
        day,
    ]


def review_rows(element: str, suggestions: Sequence[Suggestion], when: date) -> list[list[str]]:
    """The rows for the suggestions of one element (its existing alignments are left out)."""
    day = when.isoformat()
    rows = []
    for s in suggestions:
        if s.existing:
            continue
        rows.append(
            [
                compress(element),
                s.candidate.curie,
                str(s.interaction),
                f"{s.confidence:g}",
                rationale(s),
                " ; ".join(s.candidate.sources),
                "",
                day,
                "proposed",
                "",
                *_machine_columns(s, day),
            ]
        )
    return rows


CHALLENGE_EXTRA_COLUMNS = (
    "decision", "score", "rank", "framework", "evidence_source", "evidence_target",
    "method", "method_version", "suggested_at",
)  # fmt: skip
"""The review columns after the challenge-relevance template's (no import reads them yet)."""


def challenge_review_kind() -> TableKind:
    """The challenge-relevance template plus :data:`CHALLENGE_EXTRA_COLUMNS`, described as in
    the alignment review (the challenge's words stand where the element's do)."""
    base = TABLE_KINDS["challenge-relevance"]
    extra = {column: ALIGNMENT_REVIEW.columns[column] for column in CHALLENGE_EXTRA_COLUMNS}
    extra["decision"] = "the reviewer's decision: accept, edit or reject; empty: not decided"
    extra["evidence_source"] = "the challenge's words the suggestion rests on"
    return dataclasses.replace(
        base,
        columns={**base.columns, **extra},
        choices={**base.choices, **{c: ALIGNMENT_REVIEW.choices[c] for c in ("decision",)}},
        optional=base.optional | {"asserted_by", "date", *extra},
    )


def challenge_review_rows(
    challenge: str, suggestions: Sequence[Suggestion], when: date
) -> list[list[str]]:
    """The review rows for the suggestions of one challenge (``climate-change``)."""
    day = when.isoformat()
    return [
        [
            s.candidate.curie,
            challenge,
            rationale(s, "challenge", "it is close to targets already tagged for it"),
            " ; ".join(s.candidate.sources),
            "",
            day,
            "",
            *_machine_columns(s, day),
        ]
        for s in suggestions
        if not s.existing
    ]


def write_review(path: Path, rows: Sequence[Sequence[str]], kind: TableKind | None = None) -> Path:
    """Write the review file (``.xlsx`` with the template's drop-downs, or ``.csv``),
    atomically: the alignment review, or ``kind``."""
    if path.suffix.lower() not in SUFFIXES:
        raise DataLoadError("a review file is .xlsx or .csv", path=str(path))
    return write_template(kind or review_kind(), path, rows=rows)


def rejected_path(settings: Settings, version: str) -> Path | None:
    """Where the rejected pairs of ``version`` (an IRI) are kept, if the file exists."""
    prefix = str(ASPENID["plan-version/"])
    name = version[len(prefix) :] if version.startswith(prefix) else ""
    if not name or "/" in name or name.startswith("."):
        return None
    for parent in (settings.versions_dir, settings.examples_dir):
        candidate = parent / name / REJECTED_FILE
        if candidate.is_file():
            return candidate
    return None


def read_rejected(path: Path) -> set[tuple[str, str]]:
    """The (source IRI, target IRI) pairs of a rejected-suggestions file."""
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    missing = [c for c in ("source", "target") if c not in (reader.fieldnames or [])]
    if missing:
        expected = ", ".join(REJECTED_COLUMNS)
        raise DataLoadError(f"no column {', '.join(missing)} (expected {expected})", path=str(path))
    pairs = set()
    for number, row in enumerate(reader, start=2):
        try:
            pairs.add((str(expand(row["source"] or "")), str(expand(row["target"] or ""))))
        except UnknownReferenceError as error:
            raise DataLoadError(f"{error}", path=str(path), line=number) from error
    return pairs


__all__ = [
    "CHALLENGE_EXTRA_COLUMNS",
    "EXTRA_COLUMNS",
    "METHOD",
    "METHOD_VERSION",
    "REJECTED_COLUMNS",
    "REJECTED_FILE",
    "challenge_review_kind",
    "challenge_review_rows",
    "read_rejected",
    "rejected_path",
    "review_kind",
    "review_rows",
    "write_review",
]
