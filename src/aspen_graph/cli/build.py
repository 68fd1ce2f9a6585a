"""``aspen build``, ``aspen validate`` and ``aspen generate``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table as RichTable

from aspen_graph.config import REASONER_TIMEOUT, Settings, get_settings
from aspen_graph.curie import compress
from aspen_graph.pipeline import BuildResult, run_build
from aspen_graph.sources import write_reference_graphs
from aspen_graph.validation import Finding

console = Console()
err = Console(stderr=True)


def _print_findings(result: BuildResult, limit: int) -> None:
    """Violations one by one; warnings and info grouped by what they say, one line per node,
    so that a known gap in the data (many nodes, one message) reads as one finding."""
    shown = 0
    groups: dict[tuple[str, str, str | None, str | None], list[Finding]] = {}
    for finding in result.report.sorted():
        if finding.severity != "Violation":
            key = (finding.severity, finding.message, finding.path, finding.shape)
            groups.setdefault(key, []).append(finding)
        elif shown < limit:
            console.print(finding.describe(), style="red", highlight=False)
            shown += 1
    for (severity, message, path, shape), findings in groups.items():
        if shown >= limit:
            break
        where = ", ".join(filter(None, (path and f"property {path}", shape and f"shape {shape}")))
        console.print(
            f"[{severity}] {len(findings)} node(s): {message}" + (f" ({where})" if where else ""),
            style="yellow",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        for finding in findings[: limit - shown]:
            label = f' "{finding.focus_label}"' if finding.focus_label else ""
            place = f" ({finding.source_file})" if finding.source_file else ""
            value = f" value {finding.value}" if finding.value else ""
            console.print(
                f"    {compress(finding.focus)}{label}{value}{place}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
        shown += len(findings)
    hidden = len(result.report.findings) - limit
    if hidden > 0:
        console.print(f"… and {hidden} more (use --limit)", style="dim")


def _print_summary(result: BuildResult) -> None:
    table = RichTable("named graph", "triples", title="Graph")
    for graph, size in result.graph_sizes.items():
        table.add_row(graph.rsplit("/", 1)[-1], f"{size:,}")
    table.add_row("total", f"{result.total_triples:,}", style="bold")
    console.print(table)
    consistency = result.consistency
    if consistency is not None:
        style = "green" if consistency.consistent else "red"
        console.print(
            f"OWL (HermiT): {consistency.message} in {consistency.seconds:.1f} s", style=style
        )
    style = "green" if result.report.conforms else "red"
    console.print(f"SHACL: {result.report.summary()}", style=style)
    if result.report.count("Warning") or result.report.count("Info"):
        console.print(
            "  (warnings and info are advice, such as a label with no Vietnamese text published "
            "yet: they never fail a build; violations do)",
            style="dim",
            highlight=False,
            soft_wrap=True,
        )
    for note in result.notes:
        console.print(f"note: {note}", style="yellow", highlight=False)
    timing = ", ".join(f"{k} {v:.2f} s" for k, v in result.timings.items())
    console.print(f"time: {timing}; peak memory {result.peak_memory_mib:.0f} MiB", style="dim")


def _exit(result: BuildResult) -> None:
    raise typer.Exit(0 if result.ok else 1)


def _settings(examples: bool, reasoner_timeout: float | None = None) -> Settings:
    update: dict[str, object] = {"examples": True} if examples else {}
    if reasoner_timeout is not None:
        update["reasoner_timeout"] = reasoner_timeout
    return get_settings().model_copy(update=update) if update else get_settings()


def _positive_seconds(value: float | None) -> float | None:
    if value is not None and not value > 0:
        raise typer.BadParameter(f"must be more than 0 seconds, not {value:g}")
    return value


def reasoner_timeout_option() -> float | None:
    """``--reasoner-timeout`` of the commands that run HermiT (None: the setting)."""
    return typer.Option(  # type: ignore[no-any-return]
        None,
        "--reasoner-timeout",
        metavar="SECONDS",
        callback=_positive_seconds,
        help="Stop with an error when HermiT takes longer than this "
        f"[ASPEN_REASONER_TIMEOUT; default {REASONER_TIMEOUT:g}].",
    )


EXAMPLES_HELP = "Also build data/examples/ (fictional example plans, in their own graphs)."


INCLUDE_HELP = (
    "Add an N-Quads (.nq) or TriG (.trig) dataset, every triple in a named graph of its own "
    "(repeatable; e.g. the scale workload of bench/synthetic.py). Loaded straight into the store."
)


def build(
    reason: bool = typer.Option(True, help="Check OWL consistency with HermiT."),
    limit: int = typer.Option(50, help="Show at most this many findings."),
    examples: bool = typer.Option(False, "--examples", help=EXAMPLES_HELP + " [ASPEN_EXAMPLES]"),
    include: list[Path] = typer.Option([], "--include", help=INCLUDE_HELP),
    reasoner_timeout: float | None = reasoner_timeout_option(),
) -> None:
    """Build the graph: parse, derive, validate, check consistency, write dist/.

    Exit 0 when it conforms, 1 when it does not (dist/ untouched), 2 for broken input.
    """
    with console.status("building…") as status:
        result = run_build(
            _settings(examples, reasoner_timeout),
            reason=reason,
            progress=status.update,
            include=include,
        )
    _print_findings(result, limit)
    _print_summary(result)
    if result.dist is not None:
        console.print(f"release written to {result.dist}", style="green")
        _print_class_counts()
    else:
        err.print("build failed validation; dist/ left as it was", style="red")
    _exit(result)


def _print_class_counts() -> None:
    from aspen_graph.cli.context import catalog, release_store
    from aspen_graph.queries import run_select

    rows = run_select(release_store(), catalog(), "system/class-counts")
    table = RichTable("class", "instances", title="Instances per class")
    for cls, count in rows.rows:
        table.add_row(compress(str(cls)), str(count))
    console.print(table)


def validate(
    reason: bool = typer.Option(True, help="Check OWL consistency with HermiT."),
    limit: int = typer.Option(200, help="Show at most this many findings."),
    examples: bool = typer.Option(False, "--examples", help=EXAMPLES_HELP + " [ASPEN_EXAMPLES]"),
    reasoner_timeout: float | None = reasoner_timeout_option(),
) -> None:
    """Validate the sources (SHACL and OWL) without writing anything.

    Exit 0 when they conform, 1 when they do not, 2 for broken input.
    """
    with console.status("validating…") as status:
        result = run_build(
            _settings(examples, reasoner_timeout),
            reason=reason,
            write=False,
            progress=status.update,
        )
    _print_findings(result, limit)
    _print_summary(result)
    _exit(result)


def generate(
    source: Path = typer.Option(None, help="Folder of reference CSVs (default data/source)."),
    out: Path = typer.Option(None, help="Folder for the Turtle files (default data/graph)."),
) -> None:
    """Regenerate the reference graphs (SDG, GBF, agreements …) from data/source/*.csv."""
    settings = get_settings()
    written = write_reference_graphs(
        source or settings.data_dir / "source", out or settings.data_dir / "graph"
    )
    for path in written:
        console.print(f"wrote {path}")
