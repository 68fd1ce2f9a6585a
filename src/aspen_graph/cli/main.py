"""The Typer app; errors become one clear line on stderr and exit code 2."""

from __future__ import annotations

import typer

from aspen_graph.cli import (
    analysis,
    build,
    diff,
    imports,
    publish,
    query,
    release,
    report,
    serve,
    site,
    suggest,
    w3id,
)
from aspen_graph.cli.runner import run

_app = typer.Typer(
    name="aspen",
    help="Build, validate and question the ASPEN knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_app.command()(build.build)
_app.command()(build.validate)
_app.command()(build.generate)
_app.command()(query.query)
_app.command()(serve.serve)
_app.command()(analysis.coverage)
_app.command()(analysis.gaps)
_app.command()(analysis.explain)
_app.command()(suggest.suggest)
_app.command()(diff.diff)
_app.command()(report.report)
_app.command()(release.release)
_app.command()(publish.publish)
_app.command()(site.site)
_app.command()(imports.template)
_app.command("import")(imports.import_file)
_app.command()(w3id.w3id)
_app.add_typer(analysis.export_app, name="export")


def app() -> None:
    """Entry point: run the CLI, turning project errors into exit code 2 with the message."""
    run(_app)
