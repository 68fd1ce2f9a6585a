"""``aspen serve``: options override settings and environment; one uvicorn process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import typer
import uvicorn
from api_release import Release
from typer.testing import CliRunner

from aspen_graph.api import create_app
from aspen_graph.cli.serve import serve
from aspen_graph.config import Settings, get_settings
from aspen_graph.errors import AspenError, DataLoadError

cli = typer.Typer()
cli.command()(serve)


@pytest.fixture
def calls(release: Release) -> Iterator[list[dict[str, Any]]]:
    saved = dict(os.environ)
    recorded: list[dict[str, Any]] = []
    original = uvicorn.run
    uvicorn.run = lambda app, **kw: recorded.append({"app": app, **kw})  # type: ignore[assignment]
    for key in [k for k in os.environ if k.startswith("ASPEN_")]:
        del os.environ[key]
    os.environ.update(
        ASPEN_ROOT=str(release.root), ASPEN_DIST_DIR=str(release.dist), ASPEN_PORT="8123"
    )
    get_settings.cache_clear()
    try:
        yield recorded
    finally:
        uvicorn.run = original
        os.environ.clear()
        os.environ.update(saved)
        get_settings.cache_clear()


def test_options_override_environment(calls: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(
        cli,
        ["--host", "127.0.0.2", "--workers", "1", "--query-timeout", "2.5", "--no-result-cache"],
    )
    assert result.exit_code == 0, result.output
    (call,) = calls
    assert call["app"] == "aspen_graph.api:create_app"
    assert call["factory"] is True
    assert (call["host"], call["port"], call["workers"]) == ("127.0.0.2", 8123, 1)
    app = create_app()  # what uvicorn's factory call builds, from the same environment
    state = app.state.aspen
    assert state.settings.query_timeout == 2.5
    assert state.settings.workers == 1
    assert state.cache is None
    assert state.store is None  # opened by the lifespan, when uvicorn starts


def test_defaults(calls: list[dict[str, Any]]) -> None:
    assert CliRunner().invoke(cli, []).exit_code == 0
    settings = get_settings()
    assert (settings.port, settings.query_timeout, settings.result_cache) == (8123, 10.0, True)
    assert calls[0]["port"] == 8123


def test_connection_limits_reach_uvicorn(calls: list[dict[str, Any]]) -> None:
    os.environ["ASPEN_BODY_TIMEOUT"] = "7.5"
    options = ["--max-header-bytes", "4096", "--header-timeout", "3", "--keep-alive-timeout", "2"]
    result = CliRunner().invoke(cli, [*options, "--max-connections", "50"])
    assert result.exit_code == 0, result.output
    (call,) = calls
    limits = call["http"].limits
    assert (limits.max_header_bytes, limits.header_timeout, limits.body_timeout) == (4096, 3, 7.5)
    assert (limits.keep_alive_timeout, limits.max_connections) == (2, 50)
    assert call["timeout_keep_alive"] == 2
    assert "limit_concurrency" not in call  # the protocol counts connections (cli/limits.py)
    fields = Settings.model_fields  # the documented defaults (docs/serving.md)
    assert (fields["max_header_bytes"].default, fields["max_connections"].default) == (65536, 2048)


def test_missing_release_is_a_clear_error(calls: list[dict[str, Any]], release: Release) -> None:
    os.environ["ASPEN_DIST_DIR"] = str(release.root / "not-built")
    result = CliRunner().invoke(cli, [])
    assert isinstance(result.exception, DataLoadError)
    assert "run 'aspen build' first" in str(result.exception)
    assert calls == []
    # A remote store needs no local dist/ (what it serves comes from the store itself) …
    remote = CliRunner().invoke(cli, ["--store", "http://127.0.0.1:9"])
    assert remote.exit_code == 0, remote.output
    assert calls[-1]["port"] == 8123
    # … but credentials never go in its URL, and the message does not repeat them.
    leaky = CliRunner().invoke(cli, ["--store", "http://aspen:s3cret@127.0.0.1:9"])
    assert isinstance(leaky.exception, AspenError)
    assert "ASPEN_STORE_USER" in str(leaky.exception)
    assert "s3cret" not in str(leaky.exception)


def test_registered_in_the_main_cli() -> None:
    from aspen_graph.cli.main import _app

    result = CliRunner().invoke(_app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--query-timeout" in result.output
