"""Why a query worker died: its last words on stderr, turned into one line for the user.

pyoxigraph is built with ``panic = "abort"``: a Rust panic inside the engine prints
``thread '…' panicked at FILE:LINE:COL:`` and the panic message to the process's stderr, then
aborts it (SIGABRT); no Python exception is raised, so only a separate process survives it
(:mod:`aspen_graph.store.sandbox`). Each worker's stderr goes to a file the parent reads when
the worker dies, and :func:`failure_error` says what failed and why — a known engine bug names
the document that explains it and how to avoid it.
"""

from __future__ import annotations

import re
import signal

import pyoxigraph as ox

from aspen_graph.errors import AspenError, QueryEngineError, StoreUnavailableError

ORDER_BY_DOC = "docs/oxigraph-order-by-panic.md"
"""The report of pyoxigraph's ORDER BY panic (what triggers it, how to avoid it)."""

_PANIC = re.compile(r"panicked at [^\n]*:\n(?P<message>[^\n]+)")
_KNOWN: tuple[tuple[str, str], ...] = (
    (
        "does not correctly implement a total order",
        "ORDER BY compared numbers with strings that look like numbers, which this engine "
        "version cannot order (a bug of the engine); order by one kind of value, e.g. "
        f"ORDER BY (isNumeric(?x)) ?x; see {ORDER_BY_DOC}",
    ),
)
STDERR_TAIL = 64 * 1024
"""Bytes read from the end of a dead worker's stderr (a Rust backtrace is a few KB)."""


def panic_message(stderr: str) -> str | None:
    """The message of the last Rust panic in a process's stderr, or ``None``.

    >>> panic_message("thread '<unnamed>' (7) panicked at src/x.rs:8:5:\\nboom\\nstack backtrace:")
    'boom'
    """
    found = list(_PANIC.finditer(stderr))
    return found[-1].group("message").strip() if found else None


def _signal_name(exitcode: int | None) -> str:
    if exitcode is None or exitcode >= 0:
        return f"exit code {exitcode}"
    try:
        return signal.Signals(-exitcode).name
    except ValueError:
        return f"signal {-exitcode}"


def failure_error(stderr: str, exitcode: int | None) -> AspenError:
    """The error to raise for a worker that died while running a query.

    A Rust panic is the engine failing on this query (:class:`QueryEngineError`: the same query
    fails again); anything else (the OOM killer, a stack overflow) may be the machine's state,
    so it stays :class:`StoreUnavailableError` (retry later).

    >>> str(failure_error("panicked at a.rs:1:1:\\nindex out of bounds\\n", -6))  # doctest: +ELLIPSIS
    'the query engine (pyoxigraph ...) failed on this query: Rust panic "index out of bounds"'
    >>> str(failure_error("", -9))
    'the query worker stopped while running this query (SIGKILL: it may be too complex for the engine, or out of memory); it is being replaced'
    """  # noqa: E501
    message = panic_message(stderr)
    if message is None:
        return StoreUnavailableError(
            f"the query worker stopped while running this query ({_signal_name(exitcode)}: "
            "it may be too complex for the engine, or out of memory); it is being replaced"
        )
    why = next((hint for key, hint in _KNOWN if key in message), None)
    engine = f"pyoxigraph {ox.__version__}"
    text = f'the query engine ({engine}) failed on this query: Rust panic "{message}"'
    return QueryEngineError(f"{text} — {why}" if why else text)


__all__ = ["ORDER_BY_DOC", "STDERR_TAIL", "failure_error", "panic_message"]
