"""``aspen report``: the coverage-gap report (HTML, Markdown or CSV) for people who do not
write SPARQL."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from aspen_graph.analysis import version_reference
from aspen_graph.cli.choices import Language
from aspen_graph.cli.context import catalog, release_store
from aspen_graph.cli.output import step_progress

console = Console()


class ReportFormat(StrEnum):
    """What the report is written as."""

    html = "html"
    md = "md"
    csv = "csv"


def report(
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the report into."),
    lang: Language = typer.Option(
        Language.en, "--lang", help="Language of the report (labels fall back to English)."
    ),
    fmt: ReportFormat = typer.Option(
        ReportFormat.html,
        "--format",
        "-f",
        help="html: one self-contained file; md: Markdown and PNG charts; csv: a file per table.",
    ),
    plan: str = typer.Option(
        None, help="The plan to report on (default: plan:aspen-2026-2035, or the version's)."
    ),
    version: str = typer.Option(
        None, "--version", help="The plan version to report on (default: the plan's latest)."
    ),
    earlier: str = typer.Option(
        "plan:aspen-2016-2025", help="The earlier plan to compare with (continuity)."
    ),
) -> None:
    """Coverage-gap report: summary, heatmaps, flow, gaps, trade-offs and continuity.

    \b
    aspen report --out report/
    aspen report --lang vi --format md --out report-vi/
    aspen report --version plan-version:aspen-2026-2035-draft-2026-03 --out report/
    """
    started = time.perf_counter()
    store = release_store()
    with step_progress(console, "report") as advance:
        from aspen_graph.report import build_report  # matplotlib: only when reporting

        files = build_report(
            store,
            catalog(),
            lang=lang.value,
            plan=plan,
            fmt=fmt.value,
            out_dir=out,
            progress=advance,
            earlier=earlier,
            version=version_reference(version) if version else None,
        )
    for path in files:
        console.print(f"wrote {path}", highlight=False)
    console.print(f"report made in {time.perf_counter() - started:.1f} s", style="dim")
