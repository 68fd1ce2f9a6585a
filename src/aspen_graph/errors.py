"""Every error the project raises derives from :class:`AspenError`.

Subclasses also inherit the matching builtin so callers can catch either. Data that does not
conform to the shapes is *not* an error: it is returned as a validation report.
"""

from __future__ import annotations


class AspenError(Exception):
    """Base of every aspen-graph error."""


class DataLoadError(AspenError, OSError):
    """An input file is missing, unreadable or malformed.

    The message names the file and, where known, the line (Turtle) or row (CSV).
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message)
        self.path = path
        self.line = line


class TableError(DataLoadError):
    """One or more rows of an analyst table are invalid; every bad row is listed."""

    def __init__(self, path: str, problems: list[tuple[int, str, str]]) -> None:
        self.problems = problems
        rows = len({row for row, _column, _reason in problems})
        lines = [f"{path}: {rows} bad row(s); nothing was loaded"]
        lines += [f"  row {row}, column {col!r}: {reason}" for row, col, reason in problems]
        AspenError.__init__(self, "\n".join(lines))
        self.path = path
        self.line = problems[0][0] if problems else None


class UnknownReferenceError(AspenError, LookupError):
    """A key, CURIE or code names nothing in the graph."""


class QueryNotFoundError(AspenError, LookupError):
    """No query of that name is in the catalogue."""


class QueryParameterError(AspenError, ValueError):
    """A query parameter is missing, unknown, or has a value of the wrong type."""


class QuerySyntaxError(AspenError, SyntaxError):
    """The SPARQL text does not parse."""


class QueryRefusedError(AspenError, PermissionError):
    """The query asks for something the server never does (update, SERVICE, remote FROM …)."""


class QueryTimeoutError(AspenError, TimeoutError):
    """The query ran past its time limit and was stopped."""


class StoreUnavailableError(AspenError, ConnectionError):
    """The store cannot be reached or answered with an error."""


class QueryEngineError(AspenError, RuntimeError):
    """The query engine itself failed on a query (a bug of the engine, not of the query or the
    data: e.g. pyoxigraph's ORDER BY panic, ``docs/oxigraph-order-by-panic.md``); the message
    says what failed and why, in one line. Retrying the same query fails the same way."""


class BuildError(AspenError, RuntimeError):
    """The build could not complete; the previous release is untouched."""


__all__ = [
    "AspenError",
    "BuildError",
    "DataLoadError",
    "QueryEngineError",
    "QueryNotFoundError",
    "QueryParameterError",
    "QueryRefusedError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "StoreUnavailableError",
    "TableError",
    "UnknownReferenceError",
]
