"""``aspen serve``: the HTTP API on uvicorn (one process; queries run in the worker pool)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from aspen_graph.config import Settings, get_settings

# One uvicorn process on purpose: concurrency comes from the query worker pool, and with several
# uvicorn workers requests on a reused connection got ~40 ms slower.


def serve_settings(settings: Settings, overrides: dict[str, Any]) -> Settings:
    """``settings`` with the options that were given (``None`` = keep the setting).

    Precedence: command-line option > ``ASPEN_*`` environment variable > default.

    >>> serve_settings(Settings(port=1), {"port": None, "host": "0.0.0.0"}).port
    1
    """
    given = {key: value for key, value in overrides.items() if value is not None}
    updated = settings.model_copy(update=given)
    # keep "was it set?" for the fields given here, so pool_size() honours --workers 1
    updated.__pydantic_fields_set__.update(given)
    return updated


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

    from aspen_graph.api import create_app
    from aspen_graph.api.main import release_source

    settings = serve_settings(
        get_settings(),
        {
            "host": host,
            "port": port,
            "workers": workers,
            "store": store,
            "query_timeout": query_timeout,
            "max_results": max_results,
            "result_cache": result_cache,
        },
    )
    release_source(settings)  # a clear error now, before uvicorn starts, if nothing is built
    app = create_app(settings)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        workers=1,
        log_level=log_level,
        timeout_graceful_shutdown=5,
    )


__all__ = ["serve", "serve_settings"]
