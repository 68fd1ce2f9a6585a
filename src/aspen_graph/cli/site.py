"""``aspen site``: the graph as a static linked-data site (docs/static-site.md)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from aspen_graph.cli.output import step_progress
from aspen_graph.config import get_settings
from aspen_graph.errors import DataLoadError
from aspen_graph.publish import check_base_url
from aspen_graph.site import SiteOptions, build_site, check_jobs, check_out_dir

console = Console(stderr=True)


def site(
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the site into."),
    base_url: str = typer.Option(
        None, "--base-url", help="Where the site will be hosted (for the w3id redirects)."
    ),
    sparql_endpoint: str = typer.Option(
        None,
        "--sparql-endpoint",
        help="A live SPARQL endpoint: pages that need a server (editor, forms) link to it.",
    ),
    release: Path = typer.Option(
        None, "--release", help="The built release folder (default: dist/)."
    ),
    jobs: int = typer.Option(
        None,
        "--jobs",
        "-j",
        help="Processes that render the pages (default: one per CPU; 1: this process only).",
    ),
) -> None:
    """The graph as a static linked-data site: every resource's page (English, Vietnamese)
    and RDF documents, the dataset description, the downloads, the report, the catalogue's
    answers and a client-side search. Rebuilding rewrites only what changed.

    \b
    aspen site --out site/
    aspen site --out site/ --base-url https://example.org/aspen --sparql-endpoint https://example.org/sparql
    """
    settings = get_settings()
    if release is not None:
        settings = settings.model_copy(update={"dist_dir": release})
    if base_url is not None:
        try:
            base_url = check_base_url(base_url)
        except ValueError as error:
            raise DataLoadError(f"--base-url: {error}") from None
    check_jobs(jobs)
    check_out_dir(out)
    if not (settings.dist / "aspen.nq").is_file():
        raise DataLoadError(
            "no built release here; run 'aspen build' first", path=str(settings.dist / "aspen.nq")
        )
    with step_progress(console, "site") as advance:
        summary = build_site(
            settings,
            SiteOptions(out=out, base_url=base_url, sparql_endpoint=sparql_endpoint, jobs=jobs),
            progress=advance,
        )
    counts = summary.counts
    print(
        f"site: {out}: {counts.files} files, {counts.bytes:,} bytes "
        f"({counts.written} written, {counts.unchanged} unchanged, {counts.removed} removed) "
        f"in {summary.seconds:.1f} s ({summary.jobs} rendering processes)"
    )
    if not summary.w3id:
        print(
            "no w3id/ redirect rules: give --base-url (where the site will be hosted) to write "
            "w3id/.htaccess and w3id/README.md for the w3id.org repository"
        )
    if summary.skipped_queries:
        print(
            "no answer for their default parameters (required ones): "
            + ", ".join(summary.skipped_queries)
        )


__all__ = ["site"]
