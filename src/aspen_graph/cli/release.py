"""``aspen release --version X``: build, and stamp the release copies with the version."""

from __future__ import annotations

import typer

from aspen_graph.cli.build import (
    _exit,
    _print_findings,
    _print_summary,
    _settings,
    console,
    err,
    reasoner_timeout_option,
)
from aspen_graph.pipeline import run_build
from aspen_graph.publish import check_version, plan_stamp


def release(
    version: str = typer.Option(
        ..., "--version", help="The release's version, e.g. 1.0.0 (becomes …/ont/1.0.0/)."
    ),
    reason: bool = typer.Option(True, help="Check OWL consistency with HermiT."),
    limit: int = typer.Option(50, help="Show at most this many findings."),
    reasoner_timeout: float | None = reasoner_timeout_option(),
) -> None:
    """Build the graph and write a versioned release to dist/.

    The release's copies (never the sources) get owl:versionIRI <…/ont/VERSION/>,
    owl:versionInfo and owl:priorVersion (the version stamped before, from the old
    dist/manifest.json) on the ontology, and dcat:version on the dataset description; the
    manifest records the version. Exit 0 when it conforms, 1 when it does not (dist/ untouched),
    2 for broken input or a malformed version.
    """
    settings = _settings(False, reasoner_timeout)
    check_version(version)
    prior = plan_stamp(settings.dist, version).prior
    with console.status(f"building release {version}…") as status:
        result = run_build(settings, reason=reason, progress=status.update, version=version)
    _print_findings(result, limit)
    _print_summary(result)
    if result.dist is not None:
        after = f" (prior version {prior})" if prior else " (no prior version)"
        console.print(f"release {version} written to {result.dist}{after}", style="green")
    else:
        err.print("build failed validation; dist/ left as it was", style="red")
    _exit(result)
