"""``aspen query``: list the catalogue, run a named query, or run a file or query text.

Queries run the way the server runs them: through the guard (read-only; a misspelt query form
is named) and in a separate worker process (:class:`~aspen_graph.store.SandboxStore`), because
a Rust panic in pyoxigraph aborts the process that runs it (``docs/oxigraph-order-by-panic.md``);
the command then prints one line saying what failed and why, instead of dying with a backtrace.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console

from aspen_graph.cli.context import catalog, release_path
from aspen_graph.cli.hints import empty_answer
from aspen_graph.cli.output import OutputFormat, render, show_table
from aspen_graph.errors import QueryParameterError, QuerySyntaxError
from aspen_graph.queries import run_select
from aspen_graph.store import SandboxStore, check_form, check_query, syntax_message

console = Console()

CLI_TIMEOUT = 600.0
"""Seconds a query may run from the command line (the server's limit is for many users)."""
CLI_MAX_RESULTS = 1_000_000_000
"""Rows a query may return from the command line: no practical limit."""


@contextmanager
def _isolated() -> Iterator[SandboxStore]:
    """The release in one worker process, which a crash of the engine cannot take down."""
    path = release_path()
    # The sandbox logs a dead worker's whole stderr (a Rust backtrace) for servers; here the
    # one-line error is the message, so that log record has no handler to print it.
    logging.getLogger("aspen_graph.store.sandbox").addHandler(logging.NullHandler())
    logging.getLogger("aspen_graph.store.sandbox").propagate = False
    # fork: the child starts with the modules already imported (forkserver, the server's
    # choice, re-imports them: ~2 s more per command); this process runs no threads yet.
    with SandboxStore(
        path, workers=1, timeout=CLI_TIMEOUT, max_results=CLI_MAX_RESULTS, start_method="fork"
    ) as store:
        yield store


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryParameterError(f"--param {pair!r}: write key=value")
        params[key.strip()] = value
    return params


def _looks_like_file(text: str) -> bool:
    """Whether ``text`` names a query file rather than being SPARQL itself."""
    if "\n" in text or len(text) > 1024 or "{" in text:
        return False
    try:
        return text.endswith(".rq") or Path(text).is_file()
    except OSError:  # a name too long for the file system is query text
        return False


def _list() -> None:
    rows = [
        [
            spec.name,
            spec.summary,
            ", ".join(
                f"{p.name}: {p.type}" + ("" if p.required else f" = {p.default or '—'}")
                for p in spec.params
            ),
        ]
        for spec in catalog().in_group("api")
    ]
    show_table(console, ["name", "summary", "parameters"], rows, title="Query catalogue")


def query(
    args: list[str] = typer.Argument(
        ...,
        help="'list', 'run NAME', a .rq file, or SPARQL text",
        metavar="list | run NAME | FILE | TEXT",
    ),
    param: list[str] = typer.Option([], "--param", "-p", help="key=value for a named query."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
) -> None:
    """Ask the built graph a question.

    \b
    aspen query list                              the question catalogue
    aspen query run coverage-by-challenge         a named question
    aspen query run alignments-by-element -p element=priority:aspen-2026-2035-p2
    aspen query my-question.rq                    a query file
    aspen query 'SELECT * WHERE { ?s ?p ?o } LIMIT 5'
    """
    head, rest = args[0], args[1:]
    if head == "list" and not rest:
        _list()
        return
    if head == "run":
        if len(rest) != 1:
            raise QueryParameterError("write: aspen query run NAME [--param key=value …]")
        values = _parse_params(param)
        with _isolated() as store:
            result = run_select(store, catalog(), rest[0], values)
        if not len(result):
            for line in empty_answer(catalog().get(rest[0]), values):
                print(line, file=sys.stderr)
    else:
        text = " ".join(args)
        if _looks_like_file(text):
            text = Path(text).read_text(encoding="utf-8")
        check_query(text)  # refuses updates with the server's words, before the form check
        check_form(text)
        with _isolated() as store:
            try:
                result = store.select(text)
            except QuerySyntaxError as error:
                raise QuerySyntaxError(syntax_message(str(error))) from None
    render(result, fmt, console)
