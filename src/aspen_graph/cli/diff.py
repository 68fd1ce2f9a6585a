"""``aspen diff``: what changed between two versions of a plan."""

from __future__ import annotations

from enum import StrEnum

import typer
from rich.console import Console

from aspen_graph.analysis import diff_versions
from aspen_graph.cli.choices import LANG, Language
from aspen_graph.cli.context import catalog, release_store
from aspen_graph.report import render_diff

console = Console()


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


def diff(
    version_a: str = typer.Argument(
        ..., help="The earlier version (plan-version:example-plan-draft-1, or its key)."
    ),
    version_b: str = typer.Argument(..., help="The later version."),
    lang: Language = LANG,
    fmt: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f"),
) -> None:
    """What changed from VERSION_A to VERSION_B: elements added, removed and reworded;
    alignments added, removed and re-scored; coverage per challenge, SDG goal and framework.

    \b
    aspen diff plan-version:example-plan-draft-1 plan-version:example-plan-draft-2
    aspen diff example-plan-draft-1 example-plan-draft-2 --lang vi --format md
    """
    result = diff_versions(release_store(), catalog(), version_a, version_b, lang=lang.value)
    # Plain output: Rich would wrap long labels and read [..] as markup.
    console.out(render_diff(result, fmt.value), end="", highlight=False)
