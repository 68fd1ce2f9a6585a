"""``aspen coverage``, ``aspen gaps``, ``aspen explain`` and ``aspen export sssom``."""

from __future__ import annotations

from pathlib import Path

import typer
from rdflib import Literal
from rdflib.term import Node
from rich.console import Console

from aspen_graph.analysis import AlignmentNetwork, Step, load_network, version_reference
from aspen_graph.cli.choices import CHALLENGE, LANG, Language
from aspen_graph.cli.context import catalog, release_store
from aspen_graph.cli.output import Layout, OutputFormat, render, show_table
from aspen_graph.curie import compress, expand
from aspen_graph.errors import UnknownReferenceError
from aspen_graph.publish import write_sssom
from aspen_graph.queries import run_select

console = Console()
export_app = typer.Typer(help="Export the graph in other formats.", no_args_is_help=True)

PLAN = typer.Option(
    None, help="The plan whose elements count (default: plan:aspen-2026-2035, or the version's)."
)
VERSION = typer.Option(
    None,
    "--version",
    help="The plan version whose elements count (plan-version:… or its key; default: the plan's "
    "latest).",
)


def labelled(value: Node | None, lang: str) -> str:
    """A label, marked ``[en]`` when English stands in for the language asked for."""
    if value is None:
        return ""
    if isinstance(value, Literal) and value.language and value.language != lang:
        return f"{value} [{value.language}]"
    return str(value)


def _challenge_params(
    plan: str | None, version: str | None, challenge: str | None, lang: Language
) -> dict[str, str]:
    params = {"lang": lang.value}
    # Unset plan/version take the query's defaults: the default plan, or the version's plan.
    if plan:
        params["plan"] = plan
    if version:
        params["version"] = version_reference(version)
    if challenge:
        params["challenge"] = challenge  # already a CURIE (choices.check_challenge)
    return params


def _print_scope(records: list[dict[str, Node | None]]) -> None:
    """Which plan and version the numbers are of (the version may be the default, latest)."""
    if records and records[0]["version"] is not None:
        plan, version = (compress(str(records[0][key])) for key in ("plan", "version"))
        console.print(f"plan {plan}, version {version}", style="dim", highlight=False)


def coverage(
    plan: str | None = PLAN,
    version: str | None = VERSION,
    challenge: str | None = CHALLENGE,
    lang: Language = LANG,
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
) -> None:
    """Coverage per challenge: relevant targets, reached targets, ratio."""
    params = _challenge_params(plan, version, challenge, lang)
    result = run_select(release_store(), catalog(), "coverage-by-challenge", params)
    if fmt is not OutputFormat.table:
        render(result, fmt, console)
        return
    title = {"vi": "Mức độ bao phủ theo thách thức"}.get(lang, "Coverage by challenge")
    rows = [
        [
            labelled(row["challenge_label"], lang),
            str(row["relevant"]),
            str(row["reached"]),
            f"{float(str(row['ratio'])):.0%}",
            f"{row['sdg_reached']}/{row['sdg_relevant']}",
            f"{row['gbf_reached']}/{row['gbf_relevant']}",
        ]
        for row in result.records()
    ]
    columns = ["challenge", "relevant", "reached", "ratio", "SDG", "GBF"]
    if show_table(console, columns, rows, title=title) is Layout.csv:
        return
    _print_scope(result.records())


def gaps(
    plan: str | None = PLAN,
    version: str | None = VERSION,
    challenge: str | None = CHALLENGE,
    lang: Language = LANG,
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
) -> None:
    """The gap list: relevant targets no element reaches, with their official texts."""
    params = _challenge_params(plan, version, challenge, lang)
    result = run_select(release_store(), catalog(), "gaps-by-challenge", params)
    if fmt is not OutputFormat.table:
        render(result, fmt, console)
        return
    title = {"vi": "Chỉ tiêu chưa được bao phủ"}.get(lang, "Unreached targets")
    rows = [
        [
            labelled(row["challenge_label"], lang),
            str(row["framework"]),
            str(row["code"]),
            labelled(row["text"], lang),
        ]
        for row in result.records()
    ]
    columns = ["challenge", "framework", "target", "text"]
    if show_table(console, columns, rows, title=title, show_lines=True) is Layout.csv:
        return
    console.print(f"{len(result)} unreached target(s)", style="dim")
    _print_scope(result.records())


def explain(
    element: str = typer.Argument(..., help="The ASPEN element (priority:aspen-2026-2035-p2)."),
    target: str = typer.Argument(..., help="The target (14.1, sdg:14, gbf-target:3 …)."),
    lang: Language = LANG,
) -> None:
    """Why does ELEMENT reach TARGET? The chain of alignments and roll-ups, with evidence."""
    network = load_network(release_store(), catalog(), lang=lang)
    element_iri, target_iri = str(expand(element)), str(expand(target))
    for reference, iri in ((element, element_iri), (target, target_iri)):
        if iri not in network.graph:
            raise UnknownReferenceError(f"{reference!r} ({iri}) is not in the alignment network")
    chains = network.explain(element_iri, target_iri)
    head = f"{network.label(element_iri)} → {network.label(target_iri)}"
    if not chains:
        console.print(f"{head}: no chain of positive alignments found.", style="yellow")
        raise typer.Exit(1)
    console.print(head, style="bold")
    for number, chain in enumerate(chains, start=1):
        console.print(
            f"\nChain {number}: strength {chain.strength:+d}, "
            f"combined confidence {chain.confidence:.2f}",
            style="bold",
        )
        for step in chain.steps:
            _print_step(network, step)


def _print_step(network: AlignmentNetwork, step: Step) -> None:
    source, target = network.label(step.source), network.label(step.target)
    if step.kind == "target-of":
        console.print(f"  ↳ {target} — roll-up: {source} is a target of {target}")
        return
    if step.kind == "served-by":
        console.print(
            f"  ↳ {source} is served by {target} (score {step.score:+d}, "
            f"confidence {step.confidence}) — roll-up of the priority's contributions"
        )
    else:
        console.print(
            f"  ↳ {source} → {target}: score {step.score:+d}, confidence {step.confidence}"
        )
    if step.rationale:
        console.print(f"      why: {step.rationale}", highlight=False)
    for source_iri in step.sources:
        console.print(f"      source: {source_iri}", style="dim", highlight=False)
    if step.alignment:
        console.print(f"      alignment: {compress(step.alignment)}", style="dim")


@export_app.command("sssom")
def export_sssom(
    out: Path = typer.Option(None, "--out", "-o", help="File to write (default: standard output)."),
) -> None:
    """All alignments as an SSSOM/TSV mapping set."""
    mappings = release_store().select(catalog().get("export/sssom-mappings").text)
    text = write_sssom(mappings)
    if out is None:
        console.out(text, end="", highlight=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {len(mappings)} mapping(s) to {out}", style="green")
