"""``aspen serve``: the HTTP API on uvicorn (one process; queries run in the worker pool).

The CLI and the API are sibling layers, so the app is handed to uvicorn by its import string
(``aspen_graph.api:create_app``, a factory) and the options reach it as ``ASPEN_*`` variables:
command-line option > environment variable > default.

One uvicorn process on purpose: concurrency comes from the query worker pool, and with several
uvicorn workers requests on a reused connection got ~40 ms slower.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from aspen_graph.config import Settings, get_settings
from aspen_graph.errors import DataLoadError

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
    """Fail now, with the fix, when there is nothing to serve (before uvicorn starts)."""
    if settings.store.startswith(("http://", "https://")):
        raise DataLoadError(
            "serving a remote store is not supported: use --store memory or a store directory",
            path=settings.store,
        )
    path = settings.dist / "aspen.nq" if settings.store == "memory" else Path(settings.store)
    if not path.exists():
        raise DataLoadError("no built release here; run 'aspen build' first", path=str(path))


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
            help="'memory' (load dist/aspen.nq into each worker) or an on-disk store "
            "directory [ASPEN_STORE]."
        ),
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
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the built release over HTTP: /sparql, /queries, /health, /docs.

    Needs the release in dist/ ('aspen build' writes it).
    """
    import uvicorn

    environment = option_environment(
        {
            "host": host,
            "port": port,
            "workers": workers,
            "store": store,
            "query_timeout": query_timeout,
            "max_results": max_results,
            "result_cache": result_cache,
        }
    )
    os.environ.update(environment)  # the factory below reads its settings from there
    get_settings.cache_clear()
    settings = get_settings()
    check_release(settings)
    uvicorn.run(
        APP,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=1,
        log_level=log_level,
        timeout_graceful_shutdown=5,
    )


__all__ = ["check_release", "option_environment", "serve"]
