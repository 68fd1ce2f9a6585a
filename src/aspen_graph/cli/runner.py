"""Running a Typer app: project errors become one clear line on stderr and exit code 2."""

from __future__ import annotations

import sys

import typer

from aspen_graph.cli.hints import unknown_name
from aspen_graph.errors import AspenError


def run(typer_app: typer.Typer) -> None:
    """Run ``typer_app``; an :class:`AspenError` prints ``error: …`` and exits with 2."""
    try:
        typer_app()
    except AspenError as error:
        # Plain print: a Rich console would wrap "file:line:" across lines in CI logs.
        print(f"error: {error}", file=sys.stderr)
        hint = unknown_name(str(error))
        if hint:
            print(hint, file=sys.stderr)
        sys.exit(2)


__all__ = ["run"]
