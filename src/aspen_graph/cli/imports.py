"""``aspen template`` and ``aspen import``: spreadsheet data entry for a plan version."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table as RichTable

from aspen_graph.config import get_settings
from aspen_graph.errors import DataLoadError
from aspen_graph.pipeline import (
    ImportProblem,
    ImportResult,
    ReviewSummary,
    import_rows,
    version_codes,
)
from aspen_graph.sources import (
    FILE_KINDS,
    describe_columns,
    file_kind,
    template_kinds,
    write_template,
)

console = Console()
err = Console(stderr=True)


def template(
    kind: str = typer.Argument(None, help="Kind of table (see --list)."),
    out: Path = typer.Option(None, "--out", "-o", help="Where to write: FILE.xlsx or FILE.csv."),
    list_kinds: bool = typer.Option(False, "--list", help="List the kinds of table."),
    describe: bool = typer.Option(False, "--describe", help="Print the columns of KIND."),
    into: str = typer.Option(
        None,
        "--into",
        help="Make it for this plan version: its codes become the drop-downs of the columns "
        "that name a priority, focal area … (.xlsx).",
    ),
) -> None:
    """Write an empty, documented template for a kind of table (.xlsx with drop-downs, or .csv).

    Exit 0 when written, 2 for a wrong kind, file name or version.
    """
    if list_kinds or kind is None:
        table = RichTable("kind", "what a row is", "needs --into", title="Kinds of table")
        for each in template_kinds():
            table.add_row(each.name, each.summary, "yes" if each.needs_version else "no")
        console.print(table)
        if not list_kinds:
            err.print("give a KIND (and --out FILE.xlsx|csv) to write a template", style="red")
            raise typer.Exit(2)
        return
    chosen = file_kind(kind, "KIND")
    if describe or out is None:
        columns = RichTable(
            "column", "required", "description", "allowed values", title=f"{chosen.name} columns"
        )
        for row in describe_columns(chosen):
            columns.add_row(*row)
        console.print(columns)
        if out is None:
            if not describe:
                err.print("give --out FILE.xlsx|csv to write the template", style="red")
                raise typer.Exit(2)
            return
    codes = version_codes(get_settings(), into, chosen) if into else None
    written = write_template(chosen, out, codes=codes, version=into or "")
    console.print(f"wrote {written} ({chosen.name}, {len(chosen.columns)} columns)", style="green")


def _problem_table(title: str, problems: list[ImportProblem]) -> RichTable:
    sheets = any(problem.sheet for problem in problems)
    table = RichTable(*(["sheet"] if sheets else []), "row", "column", "reason", title=title)
    for problem in problems:
        row = str(problem.row) if problem.row is not None else "—"
        cells = [row, problem.column or "—", problem.reason]
        table.add_row(*([problem.sheet or "—"] if sheets else []), *cells)
    return table


def _report(result: ImportResult, path: Path) -> None:
    if result.warnings:
        console.print(_problem_table("Warnings (the rows are imported)", result.warnings))
    if not result.ok:
        rows = {(p.sheet, p.row) for p in result.problems if p.row is not None}
        targets = ", ".join(str(table.target) for table in result.tables)
        console.print(_problem_table(f"Rejected: {path}", result.problems))
        err.print(
            f"{len(result.problems)} problem(s) in {len(rows)} row(s); nothing was imported "
            f"({targets} unchanged)",
            style="red",
            highlight=False,
        )
        return
    if result.review is not None:
        _report_review(result.review)
    for table in result.tables:
        counts = f"{table.added} added, {table.changed} changed, {table.unchanged} unchanged"
        console.print(
            f"{table.kind} → {result.version}: {table.rows} row(s): {counts}", highlight=False
        )
        if table.written:
            console.print(f"wrote {table.target}", style="green", highlight=False)
    if result.dry_run:
        console.print("dry run: nothing written", style="yellow")
    elif result.rows == 0 and result.review is None:
        console.print("the file has no rows; nothing to import", style="yellow")
    elif not result.written:
        console.print("the version already holds these rows; nothing written", style="dim")


def _report_review(review: ReviewSummary) -> None:
    decided = f"{review.accepted} accepted, {review.edited} edited, {review.rejected} rejected"
    console.print(f"review: {decided}, {review.undecided} undecided (left out)", highlight=False)
    for pair in review.unrejected:
        console.print(f"{pair}: accepted now, so its earlier rejection is removed", highlight=False)
    for pair in review.not_recorded:
        console.print(
            f"{pair}: rejected, but already an alignment of the version; it stays, and the "
            "rejection is not recorded (set the alignment's status to rejected to reject it)",
            style="yellow",
            highlight=False,
        )
    new = f"{review.rejections_added} new rejection(s)"
    if review.written:
        console.print(f"{new}; wrote {review.target}", style="green", highlight=False)
    elif review.rejected:
        console.print(f"{new}; {review.target.name} already holds the others", highlight=False)


def import_file(
    file: Path = typer.Argument(..., help="The filled-in .xlsx or .csv file."),
    into: str = typer.Option(
        ...,
        "--into",
        help="The plan version: plan-version:<key>, its IRI, or its folder name.",
    ),
    kind: str = typer.Option(
        None, "--kind", help="Kind of table, when neither the file nor the sheet is named after it."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check everything; write nothing."),
    reviewer: str = typer.Option(
        None,
        "--reviewer",
        help="Agent key of the reviewer of a review file: asserts the accepted and edited rows "
        "whose asserted_by is empty.",
    ),
    examples: bool = typer.Option(
        False,
        "--examples",
        help="Build data/examples/ too (implied when --into names an example version) "
        "[ASPEN_EXAMPLES]",
    ),
) -> None:
    """Import a spreadsheet into a plan version: every row checked, all rows or none.

    A review file of suggested alignments (a decision column: accept, edit, reject) imports
    its accepted and edited rows as alignments and remembers its rejected pairs.

    Exit 0 when imported (or nothing changed), 1 when rows are rejected (all listed, with row,
    column and reason; nothing written) — review files included — and 2 for broken input
    (unreadable file, unknown kind, version or column).
    """
    if kind is not None and kind not in FILE_KINDS:
        raise DataLoadError(f"--kind: unknown kind {kind!r}; one of {', '.join(FILE_KINDS)}")
    settings = get_settings()
    if examples:
        settings = settings.model_copy(update={"examples": True})
    with console.status("checking rows and validating…"):
        result = import_rows(settings, file, into, kind=kind, dry_run=dry_run, reviewer=reviewer)
    _report(result, file)
    # Refused rows exit 1 for every kind, review files too, so scripts read one convention.
    raise typer.Exit(0 if result.ok else 1)
