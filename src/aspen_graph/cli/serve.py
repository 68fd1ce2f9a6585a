"""``aspen serve``: the HTTP API on uvicorn (one process; queries run in the worker pool).

The CLI and the API are sibling layers, so the app is handed to uvicorn by its import string
(``aspen_graph.api:create_app``, a factory) and the options reach it as ``ASPEN_*`` variables:
command-line option > environment variable > default.

Connections are bounded (header size, header/body/keep-alive deadlines, a connection limit):
see :mod:`aspen_graph.cli.limits` and docs/serving.md.

One uvicorn process on purpose: concurrency comes from the query worker pool, and with several
uvicorn workers requests on a reused connection got ~40 ms slower.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Annotated

import typer

from aspen_graph.config import Settings, get_settings
from aspen_graph.errors import DataLoadError
from aspen_graph.store import Endpoints

APP = "aspen_graph.api:create_app"


def option_environment(options: dict[str, object]) -> dict[str, str]:
    """The ``ASPEN_*`` variables for the options that were given (``None`` = not given).

    >>> option_environment({"port": 8001, "result_cache": False, "host": None})
    {'ASPEN_PORT': '8001', 'ASPEN_RESULT_CACHE': 'false'}
    """
    return {
        f"ASPEN_{key.upper()}": str(value).lower() if isinstance(value, bool) else str(value)
        for key, value in options.items()
        if value is not None
    }


def check_release(settings: Settings) -> None:
    """Fail now, with the fix, when there is nothing to serve (before uvicorn starts).

    A remote store needs no local dist/: only its URLs are checked here (credentials belong in
    the environment, never in the URL); whether it answers is the server's business, which
    serves 503 until it does.
    """
    if Endpoints.from_settings(settings) is not None:
        return
    path = settings.dist / "aspen.nq" if settings.store == "memory" else Path(settings.store)
    if not path.exists():
        fix = "aspen build" if settings.store == "memory" else "aspen publish --store DIR"
        raise DataLoadError(f"nothing to serve here; run '{fix}' first", path=str(path))


def serve(
    *,
    host: Annotated[str | None, typer.Option(help="Address to listen on [ASPEN_HOST].")] = None,
    port: Annotated[int | None, typer.Option(help="Port [ASPEN_PORT].")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Query worker processes [ASPEN_WORKERS; default 2]. Each holds a full "
            "in-memory copy of the graph."
        ),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            help="'memory' (load dist/aspen.nq into each worker), an on-disk store directory "
            "('aspen publish --store DIR' writes it), or a remote store's URL "
            "(http://host:7878 = Oxigraph server; see docs/remote-stores.md) [ASPEN_STORE]."
        ),
    ] = None,
    location: Annotated[
        Path | None, typer.Option(help="An on-disk store directory (the same as --store DIR).")
    ] = None,
    query_timeout: Annotated[
        float | None, typer.Option(help="Seconds before a query is stopped [ASPEN_QUERY_TIMEOUT].")
    ] = None,
    max_results: Annotated[
        int | None, typer.Option(help="Most rows or triples per answer [ASPEN_MAX_RESULTS].")
    ] = None,
    result_cache: Annotated[
        bool | None,
        typer.Option(
            "--result-cache/--no-result-cache", help="Cache answers [ASPEN_RESULT_CACHE]."
        ),
    ] = None,
    max_header_bytes: Annotated[
        int | None,
        typer.Option(help="Most bytes in a request's line and headers [ASPEN_MAX_HEADER_BYTES]."),
    ] = None,
    header_timeout: Annotated[
        float | None,
        typer.Option(help="Seconds to send a request's headers [ASPEN_HEADER_TIMEOUT]."),
    ] = None,
    body_timeout: Annotated[
        float | None, typer.Option(help="Seconds to send a request's body [ASPEN_BODY_TIMEOUT].")
    ] = None,
    keep_alive_timeout: Annotated[
        int | None,
        typer.Option(help="Seconds an idle connection stays open [ASPEN_KEEP_ALIVE_TIMEOUT]."),
    ] = None,
    max_connections: Annotated[
        int | None,
        typer.Option(help="Connections served at once; more get 503 [ASPEN_MAX_CONNECTIONS]."),
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the built release over HTTP: /sparql, /queries, /health, /docs.

    Needs the release in dist/ ('aspen build' writes it), a store directory, or a remote store
    that 'aspen publish' loaded.
    """
    import uvicorn

    from aspen_graph.cli.limits import ConnectionLimits, protocol_for, raise_file_limit

    if store is not None and location is not None:
        raise typer.BadParameter("give --store or --location, not both")
    if location is not None:
        store = str(location)

    environment = option_environment(
        {
            "host": host,
            "port": port,
            "workers": workers,
            "store": store,
            "query_timeout": query_timeout,
            "max_results": max_results,
            "result_cache": result_cache,
            "max_header_bytes": max_header_bytes,
            "header_timeout": header_timeout,
            "body_timeout": body_timeout,
            "keep_alive_timeout": keep_alive_timeout,
            "max_connections": max_connections,
        }
    )
    os.environ.update(environment)  # the factory below reads its settings from there
    get_settings.cache_clear()
    settings = get_settings()
    check_release(settings)
    limits = ConnectionLimits.from_settings(settings)
    connections = raise_file_limit(limits.max_connections)
    if connections < limits.max_connections:
        typer.echo(
            f"warning: only {connections} connections fit under this process's limit on open "
            f"files (ulimit -n); serving at most that many",
            err=True,
        )
        limits = dataclasses.replace(limits, max_connections=connections)
    uvicorn.run(
        APP,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=1,
        log_level=log_level,
        timeout_graceful_shutdown=5,
        http=protocol_for(limits),
        timeout_keep_alive=limits.keep_alive_timeout,
    )


def serve_app() -> typer.Typer:
    """A Typer app holding only ``serve`` (the start-up fast path of ``aspen serve``)."""
    single = typer.Typer(name="aspen", add_completion=False, pretty_exceptions_enable=False)
    # A callback makes it a group, so the command line stays ``aspen serve …``.
    single.callback()(_group)
    single.command()(serve)
    return single


def _group() -> None:
    """Build, validate and question the ASPEN knowledge graph."""


__all__ = ["check_release", "option_environment", "serve", "serve_app"]
