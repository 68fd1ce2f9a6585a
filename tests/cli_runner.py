"""Running the command line in process, as the CLI tests do."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner, Result

from aspen_graph.cli import main


def invoke(*args: str) -> Result:
    """Run the Typer app in process (project errors surface as ``result.exception``)."""
    return CliRunner().invoke(main._app, list(args))


def run_app(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run the real entry point ``app()`` in process (project errors → one line and exit 2):
    exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["aspen", *args])
    with pytest.raises(SystemExit) as caught:
        main.app()
    out = capsys.readouterr()
    code = caught.value.code
    return (code if isinstance(code, int) else 1), out.out, out.err
