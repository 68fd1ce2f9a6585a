"""``aspen query`` on queries that fail: one clear line on stderr and exit code 2, never a
traceback, a Rust backtrace or an aborted process (issues 12 and 13)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli_runner import run_app

from aspen_graph.cli import context
from aspen_graph.config import get_settings

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "oxigraph-order-by-panic.nq"
ASPEN = Path(sys.executable).with_name("aspen")
HANG = 600
"""Seconds before a command that does not end is a failure (as long as aspen query lets a
query run: cli/query.py CLI_TIMEOUT)."""
PANIC = 'Rust panic "user-provided comparison function does not correctly implement a total order"'


@pytest.fixture
def panic_release(tiny_root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project whose built release is the 168 quads that make pyoxigraph 0.5.13 panic."""
    dist = tiny_root / "dist"
    dist.mkdir()
    shutil.copy(FIXTURE, dist / "aspen.nq")
    monkeypatch.setenv("ASPEN_ROOT", str(tiny_root))
    monkeypatch.setenv("ASPEN_DIST_DIR", str(dist))
    get_settings.cache_clear()
    context.catalog.cache_clear()
    yield tiny_root
    get_settings.cache_clear()
    context.catalog.cache_clear()


def test_engine_panic_is_one_line_not_an_abort(panic_release: Path, tmp_path: Path) -> None:
    env = {**os.environ, "ASPEN_ROOT": str(panic_release)}
    env["ASPEN_DIST_DIR"] = str(panic_release / "dist")
    env["RUST_BACKTRACE"] = "1"  # even then, no backtrace reaches the user
    # Output to files, and the command in a process group of its own, killed at the end: a
    # safety net (a replacement worker forked as `aspen` exited once outlived it, holding its
    # stdout; tests/store/test_sandbox_lifeline.py checks that none does any more).
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            # ORDER BY on an expression: the rewrite of store/order_by.py leaves it to the engine
            [str(ASPEN), "query", "SELECT ?o WHERE { ?s ?p ?o } ORDER BY COALESCE(?o)"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
        try:
            # a guard against a hang, not a speed limit: a fresh `aspen` took 75 s (2.4 s of
            # CPU) with four at once on a loaded 2-core machine
            code = process.wait(HANG)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert code == 2, err.read_text()
    assert out.read_text() == ""
    lines = err.read_text().splitlines()
    assert len(lines) == 1, err.read_text()
    assert lines[0].startswith("error: the query engine (pyoxigraph ")
    assert PANIC in lines[0] and "docs/oxigraph-order-by-panic.md" in lines[0]


def test_order_by_a_variable_is_rewritten_and_answers(
    panic_release: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    code, out, err = run_app(monkeypatch, capsys, "query", query, "-f", "csv")
    assert (code, err) == (0, "")
    values = out.splitlines()[1:]
    assert len(values) == 168
    # the three values of the cycle (-3 < -1 < "-2" < -3): the string, then numbers by value
    assert [v for v in values if v in ("-1", "-2", "-3")] == ["-2", "-3", "-1"]


def test_the_same_release_still_answers_other_queries(
    panic_release: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    code, out, err = run_app(monkeypatch, capsys, "query", query, "-f", "csv")
    assert (code, out, err) == (0, "n\n168\n", "")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "SELEC ?s WHERE { ?s ?p ?o }",
            "error: not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found "
            "'SELEC' (line 1, column 1)",
        ),
        (
            "PREFIX ex: <http://example.org/>\nSELCT ?s WHERE { ?s ?p ?o }",
            "error: not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found "
            "'SELCT' (line 2, column 1)",
        ),
        (
            "INSERT DATA { <http://a> <http://b> <http://c> }",
            "error: SPARQL Update (INSERT) is not allowed: this endpoint is read-only "
            "(line 1, column 1)",
        ),
        (
            "DELETE WHERE { ?s ?p ?o }",
            "error: SPARQL Update (DELETE) is not allowed: this endpoint is read-only "
            "(line 1, column 1)",
        ),
    ],
)
def test_bad_query_text_says_what_is_wrong(
    panic_release: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    query: str,
    message: str,
) -> None:
    code, out, err = run_app(monkeypatch, capsys, "query", query)
    assert (code, out) == (2, "")
    assert err.strip() == message
    assert "expected CONSTRUCT" not in err and "error: error" not in err


def test_syntax_error_is_said_once(
    panic_release: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_app(monkeypatch, capsys, "query", "SELECT ?s WHERE {\n ?s ?p }")
    assert (code, out) == (2, "")
    assert err.startswith("error: SPARQL syntax error at line 2, column ")  # the engine's words
    assert len(err.splitlines()) == 1 and "error at" not in err.replace("syntax error at", "")
