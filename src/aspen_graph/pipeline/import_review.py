"""Importing a review file (kind ``alignment-review``): the reviewer's decisions on suggested
alignments → rows of the version's ``alignments.csv`` and lines of its
``suggestions-rejected.csv``.

- ``accept`` and ``edit`` rows become alignments as the row stands (the reviewer edits the
  cells before writing ``edit``), with the suggestion's method, version, score and date kept
  in the alignments table's provenance columns (PROV in the graph); an empty ``asserted_by``
  takes ``--reviewer``, an empty ``date`` the date the pair was first imported (else today),
  an empty ``status`` ``proposed``;
- ``reject`` rows are remembered, one line per pair, so ``aspen suggest`` does not propose the
  pair again; a pair accepted now loses its earlier rejection (the accept wins);
- rows with no decision are left out and counted.

Every row is checked as the import checks an alignments row (all rows or none), at the review
file's row and column; importing the same file again changes nothing.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import URIRef

from aspen_graph.curie import compress, expand
from aspen_graph.errors import DataLoadError, TableError, UnknownReferenceError
from aspen_graph.namespaces import ASPENID
from aspen_graph.pipeline.import_result import ReviewSummary
from aspen_graph.sources import (
    ALIGNMENTS,
    REJECTED_FILE,
    Rejection,
    RowError,
    TableRows,
    VersionContext,
    agent,
    alignment_key,
    as_alignment,
    check_header,
    convert_table,
    read_rejections,
    rejections_csv,
)


@dataclass
class ReviewRows:
    """A converted review: its decided rows as alignments rows, and its rejections."""

    alignments: TableRows
    rejections: list[Rejection] = field(default_factory=list)
    accepted: list[tuple[str, str]] = field(default_factory=list)
    """The pairs accepted or edited (CURIEs as the rejections file writes them)."""


def check_reviewer(reviewer: str | None) -> None:
    """``--reviewer`` is an agent key, as the ``asserted_by`` column is."""
    if reviewer is None:
        return
    try:
        agent({"asserted_by": reviewer}, "asserted_by")
    except RowError as error:
        raise DataLoadError(f"--reviewer: {error.reason}") from None


def pair(row: dict[str, str]) -> tuple[str, str]:
    """(source, target) as CURIEs, however the row wrote them (``sdg:14.1``, an IRI …)."""
    return (compress(str(expand(row["source"]))), compress(str(expand(row["target"]))))


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _dates(existing: TableRows | None) -> dict[str, str]:
    """The date of each alignment the version's table holds, by key."""
    if existing is None or "date" not in existing.header:
        return {}
    where = {column: index for index, column in enumerate(existing.header)}
    dates = {}
    for _number, cells in existing.records:
        row = {column: cells[i].strip() if i < len(cells) else "" for column, i in where.items()}
        try:
            dates[alignment_key(row)] = row.get("date", "")
        except (KeyError, UnknownReferenceError):
            continue  # a broken row of the version's table is reported when it is converted
    return dates


def decided_rows(
    rows: TableRows, summary: ReviewSummary, reviewer: str | None, existing: TableRows | None
) -> TableRows:
    """The rows with a decision, with what the reviewer left empty filled in; rows without one
    are counted (``summary.undecided``) and left out."""
    check_header(rows)
    column = {name: index for index, name in enumerate(rows.header)}
    dates = _dates(existing)
    today = _today()
    kept: list[tuple[int, list[str]]] = []
    for number, cells in rows.records:
        if not any(cell.strip() for cell in cells):
            continue
        cells = [*cells, *[""] * (len(rows.header) - len(cells))]
        decision = cells[column["decision"]].strip().lower()
        if not decision:
            summary.undecided += 1
            continue
        cells[column["decision"]] = decision  # Accept as typed in a spreadsheet is accept
        fill = {"asserted_by": reviewer or "", "status": "proposed", "date": today}
        # A pair imported before keeps its date (a re-run changes nothing); a row whose
        # source or target is broken is reported when it is converted.
        with suppress(KeyError, UnknownReferenceError):
            key = alignment_key(dict(zip(rows.header, cells, strict=False)))
            fill["date"] = dates.get(key) or today
        for name, value in fill.items():
            if not cells[column[name]].strip():
                cells[column[name]] = value or ""
        kept.append((number, cells))
    return TableRows(rows.kind, rows.where, rows.header, kept)


def convert_review(
    rows: TableRows,
    summary: ReviewSummary,
    seen: set[URIRef],
    context: VersionContext | None,
    *,
    reviewer: str | None,
    existing: TableRows | None,
) -> ReviewRows:
    """Check every decided row (a :class:`TableError` lists each bad one) and split them."""
    decided = decided_rows(rows, summary, reviewer, existing)
    converted = convert_table(decided, seen, context)
    header = list(ALIGNMENTS.all_columns)
    folder_nodes = {ASPENID[f"alignment/{key}"] for key in _dates(existing)}
    review = ReviewRows(TableRows(ALIGNMENTS, rows.where, header, []))
    problems: list[tuple[int, str, str]] = []
    for row in converted.rows:
        choice = row.cells["decision"].lower()
        if choice == "reject":
            summary.rejected += 1
            by, when = row.cells["asserted_by"], row.cells["date"]
            review.rejections.append(Rejection(*pair(row.cells), by, when))
            continue
        if row.node in seen and row.node not in folder_nodes:
            problems.append(
                (
                    row.number,
                    "target",
                    f"{compress(str(row.node))} already exists outside this version's "
                    "alignments.csv (data/tables/ or another version); change it there",
                )
            )
            continue
        summary.accepted += choice == "accept"
        summary.edited += choice == "edit"
        cells = as_alignment(row.cells)
        review.alignments.records.append((row.number, [cells.get(c, "") for c in header]))
        review.accepted.append(pair(row.cells))
    if problems:
        raise TableError(rows.where, problems)
    return review


def rejections_file(
    folder: Path, review: ReviewRows, aligned: set[tuple[str, str]], summary: ReviewSummary
) -> bytes | None:
    """The version's rejections after the review (``None`` when the file stays as it is).

    A pair accepted now loses its earlier rejection; a pair rejected now that is already an
    alignment of the version is not recorded (``summary.not_recorded``), since the suggester
    does not propose existing alignments anyway and the alignment stands."""
    before = read_rejections(folder)
    accepted = set(review.accepted)
    kept = [each for each in before if each.pair not in accepted]
    summary.unrejected = sorted({f"{s} → {t}" for s, t in {e.pair for e in before} & accepted})
    known = {each.pair for each in kept}
    for each in review.rejections:
        if each.pair in aligned:
            summary.not_recorded.append(f"{each.source} → {each.target}")
        elif each.pair not in known:
            known.add(each.pair)
            kept.append(each)
            summary.rejections_added += 1
    path = folder / REJECTED_FILE
    if not kept and not path.is_file():
        return None
    data = rejections_csv(kept).encode("utf-8")
    return None if path.is_file() and path.read_bytes() == data else data


__all__ = [
    "ReviewRows",
    "check_reviewer",
    "convert_review",
    "decided_rows",
    "pair",
    "rejections_file",
]
