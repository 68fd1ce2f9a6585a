"""What an import found and did (per table and in total), and SHACL findings turned into
problems at the file's rows and columns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aspen_graph.curie import compress
from aspen_graph.sources import TABLE_KINDS, ConvertedTable, TableKind, kind_order
from aspen_graph.validation import Finding


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason a file was refused: its row (``None`` when no row of the file is to blame),
    column (``""`` when the whole row is) and the reason; ``sheet`` names the table when the
    file holds several."""

    row: int | None
    column: str
    reason: str
    sheet: str = ""


@dataclass
class TableImport:
    """What an import did to one kind's table of the version."""

    kind: str
    target: Path
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    written: bool = False


@dataclass
class ReviewSummary:
    """What the import of a review file decided: rows per decision, and the version's record
    of rejected suggestions (``target``)."""

    target: Path
    accepted: int = 0
    edited: int = 0
    rejected: int = 0
    undecided: int = 0
    rejections_added: int = 0
    unrejected: list[str] = field(default_factory=list)
    """Pairs accepted now whose earlier rejection was removed (the accept wins)."""
    not_recorded: list[str] = field(default_factory=list)
    """Pairs rejected now that are already alignments of the version (the alignment stands)."""
    written: bool = False


@dataclass
class ImportResult:
    """What an import found and did: per table, and in total."""

    version: str
    tables: list[TableImport] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    dry_run: bool = False
    review: ReviewSummary | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def kind(self) -> str:
        return ", ".join(table.kind for table in self.tables)

    @property
    def target(self) -> Path:
        return self.tables[0].target

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)

    @property
    def added(self) -> int:
        return sum(table.added for table in self.tables)

    @property
    def changed(self) -> int:
        return sum(table.changed for table in self.tables)

    @property
    def unchanged(self) -> int:
        return sum(table.unchanged for table in self.tables)

    @property
    def written(self) -> bool:
        review = self.review is not None and self.review.written
        return review or any(table.written for table in self.tables)


def map_findings(
    findings: list[Finding], incoming: list[ConvertedTable], *, several: bool
) -> tuple[list[ImportProblem], list[ImportProblem]]:
    """Violations (problems) and warnings about the import, each at its row where possible.

    A finding whose focus node one of the file's rows made names that row, and the column
    the property comes from; a violation anywhere else also refuses the import (the build
    would not conform), without a row. Warnings elsewhere are not the file's business.
    """
    rows_by_node = {
        str(subject): (table, row)
        for table in incoming
        for row in table.rows
        for subject in (row.node, *row.subjects)
    }
    problems: list[ImportProblem] = []
    warnings: list[ImportProblem] = []
    for finding in findings:
        hit = rows_by_node.get(finding.focus)
        column, sheet, number = "", "", None
        if hit is not None:
            table, row = hit
            number, sheet = row.number, table.kind.name if several else ""
            column = table.kind.properties.get(finding.path or "", "")
            if column == "label_en" and (finding.shape or "").endswith("-vi"):
                column = "label_vi"  # the shape of the Vietnamese label shares rdfs:label
        where = "" if hit else f"{compress(finding.focus)}: "
        reason = where + finding.message + (f" (value {finding.value})" if finding.value else "")
        problem = ImportProblem(number, column, reason, sheet)
        if finding.severity == "Violation":
            problems.append(problem)
        elif hit is not None:
            warnings.append(problem)
    # One problem once: a node can fail several constraints of one shape with the same message.
    order = _problem_order(incoming[0].kind if incoming and not several else None)
    return sorted(set(problems), key=order), sorted(set(warnings), key=order)


def _problem_order(
    single: TableKind | None,
) -> Callable[[ImportProblem], tuple[int, bool, int, int, str]]:
    """Sheets in reading order, rows in file order, a row's columns left to right; others last.

    ``single`` is the kind of a one-table file (its problems name no sheet)."""

    def key(problem: ImportProblem) -> tuple[int, bool, int, int, str]:
        kind = TABLE_KINDS.get(problem.sheet) or single
        columns = list(kind.all_columns) if kind else []
        column = columns.index(problem.column) if problem.column in columns else len(columns)
        place = kind_order(kind.name) if kind else len(TABLE_KINDS)
        return (place, problem.row is None, problem.row or 0, column, problem.reason)

    return key


__all__ = ["ImportProblem", "ImportResult", "ReviewSummary", "TableImport", "map_findings"]
