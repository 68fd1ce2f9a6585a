"""A bad ``ASPEN_*`` value: one line naming the variable, the value and what it takes; exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli_runner import run_app

from aspen_graph.api import create_app
from aspen_graph.cli import context
from aspen_graph.config import SettingsError, get_settings

ASPEN = Path(sys.executable).parent / "aspen"

# What each setting takes, written out here from the settings' documented meaning.
BAD = [
    ("ASPEN_WORKERS", "abc", "must be a whole number above 0"),
    ("ASPEN_WORKERS", "0", "must be a whole number above 0"),
    ("ASPEN_REASONER_TIMEOUT", "0", "must be a number above 0"),
    ("ASPEN_QUERY_TIMEOUT", "nan", "must be a number above 0"),
    ("ASPEN_PORT", "99999", "must be a whole number from 1 to 65535"),
    ("ASPEN_MAX_RESULTS", "-5", "must be a whole number above 0"),
    ("ASPEN_RESULT_CACHE", "maybe", "must be true or false"),
    ("ASPEN_SHACL_ENGINE", "fast", "must be one of auto, pyshacl, sparql"),
]


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Settings read again from this test's environment, and forgotten after it."""
    monkeypatch.setenv("ASPEN_DIST_DIR", str(tmp_path / "dist"))
    get_settings.cache_clear()
    context.catalog.cache_clear()
    yield
    get_settings.cache_clear()
    context.catalog.cache_clear()


@pytest.mark.parametrize(("variable", "value", "wanted"), BAD)
def test_a_bad_variable_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    wanted: str,
) -> None:
    monkeypatch.setenv(variable, value)
    code, out, err = run_app(monkeypatch, capsys, "validate")
    assert code == 2
    assert err == f"error: {variable}='{value}': {wanted}\n"
    assert out == ""


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["query", "list"],
        ["serve"],
        ["site", "--out", "site"],
        ["release", "--version", "9.9.9"],
    ],
)
def test_every_command_reports_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASPEN_WORKERS", "abc")
    code, _out, err = run_app(monkeypatch, capsys, *command)
    assert (code, err) == (2, "error: ASPEN_WORKERS='abc': must be a whole number above 0\n")
    assert not (tmp_path / "site").exists()


def test_every_bad_variable_gets_its_own_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASPEN_WORKERS", "abc")
    monkeypatch.setenv("aspen_port", "0")  # names are case-insensitive; the value is as given
    code, _out, err = run_app(monkeypatch, capsys, "validate")
    assert code == 2
    assert err.splitlines() == [
        "error: 2 bad settings in the environment",
        "  ASPEN_PORT='0': must be a whole number from 1 to 65535",
        "  ASPEN_WORKERS='abc': must be a whole number above 0",
    ]


def test_a_serve_option_overrides_a_bad_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("ASPEN_PORT", "99999")
    code, _out, err = run_app(monkeypatch, capsys, "serve", "--port", "8001")
    # The settings were fine with --port; what stops it is the missing release.
    assert code == 2
    assert err.startswith("error: ") and "nothing to serve" in err
    assert "ASPEN_PORT" not in err
    assert os.environ["ASPEN_PORT"] == "8001"  # serve hands its options on in the environment


@pytest.mark.parametrize(("variable", "value", "wanted"), BAD[:5])
def test_aspen_serve_stops_before_listening(
    tmp_path: Path, variable: str, value: str, wanted: str
) -> None:
    environment = {key: val for key, val in os.environ.items() if not key.startswith("ASPEN_")}
    environment |= {"ASPEN_DIST_DIR": str(tmp_path), variable: value}
    # A server that started would listen until the timeout; exit 2 at once means it never did.
    done = subprocess.run(
        [str(ASPEN), "serve", "--host", "127.0.0.1"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"error: {variable}='{value}': {wanted}\n"
    assert "Traceback" not in done.stderr


def test_the_app_factory_raises_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASPEN_WORKERS", "abc")
    with pytest.raises(SettingsError) as raised:
        create_app()
    assert raised.value.problems == ["ASPEN_WORKERS='abc': must be a whole number above 0"]
