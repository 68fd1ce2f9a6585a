"""``aspen publish``: load the built release into a store that serves it.

``--store URL`` (a remote SPARQL store; ``http://host:7878`` is an Oxigraph server, other stores
take ``ASPEN_STORE_QUERY_URL`` / ``_UPDATE_URL``) or ``--store DIR`` (the embedded on-disk
store; ``--location DIR`` is the same). How each is kept safe from a publish that stops midway
is told in :mod:`aspen_graph.publish.to_store`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from aspen_graph.config import get_settings, load_settings
from aspen_graph.errors import DataLoadError
from aspen_graph.publish import PublishResult, publish_directory, publish_remote, read_manifest
from aspen_graph.store import Endpoints, RemoteStore, is_remote, store_auth


def publish(
    *,
    store: Annotated[
        str | None,
        typer.Option(
            help="Where to publish: a remote store's URL (http://host:7878 = Oxigraph server) "
            "or a directory for the embedded on-disk store [ASPEN_STORE]."
        ),
    ] = None,
    location: Annotated[
        Path | None, typer.Option(help="An on-disk store directory (the same as --store DIR).")
    ] = None,
    dist: Annotated[
        Path | None, typer.Option(help="The built release to publish [default: dist/].")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace every graph of a remote store, even those the previous publication "
            "left with the same content.",
        ),
    ] = False,
) -> None:
    """Publish the built release (dist/) into a store, graph by graph; the previous content
    keeps serving until each graph is replaced."""
    if store is not None and location is not None:
        raise typer.BadParameter("give --store or --location, not both")
    # The option overrides ASPEN_STORE for this command only (the environment is left alone).
    settings = (
        load_settings().model_copy(update={"store": store}) if store is not None else get_settings()
    )
    folder = dist if dist is not None else settings.dist
    target = str(location) if location is not None else settings.store
    console = Console(stderr=True)
    remote = location is None and (is_remote(target) or settings.store_query_url is not None)
    if not remote and target == "memory":
        raise DataLoadError(
            "nowhere to publish: give --store URL (a remote store) or --store DIR (a directory)"
        )
    version = read_manifest(folder).get("version", "unknown")
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    graphs = len(read_manifest(folder).get("graphs", {})) or None
    with progress:
        task = progress.add_task(f"publishing {version}", total=graphs)

        def advance(graph: str, triples: int, size: int) -> None:
            progress.update(
                task, advance=1, description=f"{graph.rsplit('/', 1)[-1]} ({triples:,})"
            )

        if remote:
            endpoints = Endpoints.from_settings(settings)
            assert endpoints is not None
            with RemoteStore(
                endpoints.query,
                endpoints.update,
                endpoints.graph_store,
                timeout=settings.store_timeout,
                auth=store_auth(settings),
                probe=False,
            ) as remote_store:
                result = publish_remote(
                    remote_store,
                    folder,
                    timeout=settings.store_timeout,
                    progress=advance,
                    force=force,
                )
        else:
            result = publish_directory(Path(target), folder, progress=advance)
    _report(console, result)


def _report(console: Console, result: PublishResult) -> None:
    triples = sum(result.graphs.values())
    console.print(
        f"published {result.version}: {len(result.graphs)} graphs, {triples:,} triples "
        f"into {result.target} in {result.seconds:.1f} s"
    )
    if result.unchanged:
        console.print(f"{len(result.unchanged)} graphs unchanged since the last publication")
    for graph in result.dropped:
        console.print(f"dropped {graph} (not in this release)")


__all__ = ["publish"]
