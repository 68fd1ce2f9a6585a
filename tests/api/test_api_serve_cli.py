"""``aspen serve``: options override settings and environment; one uvicorn process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer
import uvicorn
from api_release import Release
from typer.testing import CliRunner

from aspen_graph.cli.serve import serve
from aspen_graph.config import get_settings
from aspen_graph.errors import DataLoadError

cli = typer.Typer()
cli.command()(serve)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch, release: Release) -> Iterator[list[dict[str, Any]]]:
    recorded: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: recorded.append({"app": app, **kw}))
    monkeypatch.setenv("ASPEN_ROOT", str(release.root))
    monkeypatch.setenv("ASPEN_DIST_DIR", str(release.dist))
    monkeypatch.setenv("ASPEN_PORT", "8123")
    get_settings.cache_clear()
    yield recorded
    get_settings.cache_clear()


def test_options_override_environment(calls: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(
        cli,
        ["--host", "127.0.0.2", "--workers", "1", "--query-timeout", "2.5", "--no-result-cache"],
    )
    assert result.exit_code == 0, result.output
    (call,) = calls
    assert (call["host"], call["port"], call["workers"]) == ("127.0.0.2", 8123, 1)
    state = call["app"].state.aspen
    assert state.settings.query_timeout == 2.5
    assert state.settings.workers == 1
    assert state.cache is None
    assert state.store is None  # opened by the lifespan, when uvicorn starts


def test_defaults(calls: list[dict[str, Any]]) -> None:
    assert CliRunner().invoke(cli, []).exit_code == 0
    settings = calls[0]["app"].state.aspen.settings
    assert (settings.port, settings.query_timeout, settings.result_cache) == (8123, 10.0, True)


def test_missing_release_is_a_clear_error(
    calls: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, release: Release
) -> None:
    monkeypatch.setenv("ASPEN_DIST_DIR", str(release.root / "not-built"))
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, [])
    assert isinstance(result.exception, DataLoadError)
    assert "run 'aspen build' first" in str(result.exception)
    assert calls == []


def test_registered_in_the_main_cli() -> None:
    from aspen_graph.cli.main import _app

    result = CliRunner().invoke(_app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--query-timeout" in result.output
