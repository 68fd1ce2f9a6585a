"""``aspen query``: list the catalogue, run a named query, or run a file or query text."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from aspen_graph.cli.context import catalog, release_store
from aspen_graph.cli.hints import empty_answer
from aspen_graph.cli.output import OutputFormat, render, show_table
from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import run_select

console = Console()


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
    store = release_store()
    if head == "run":
        if len(rest) != 1:
            raise QueryParameterError("write: aspen query run NAME [--param key=value …]")
        values = _parse_params(param)
        result = run_select(store, catalog(), rest[0], values)
        if not len(result):
            for line in empty_answer(catalog().get(rest[0]), values):
                print(line, file=sys.stderr)
    else:
        text = " ".join(args)
        if _looks_like_file(text):
            text = Path(text).read_text(encoding="utf-8")
        result = store.select(text)
    render(result, fmt, console)
