"""Reading a remote store's answer: the response body as a stream with an overall deadline,
and the errors a failed exchange becomes."""

from __future__ import annotations

import io
import time
from typing import IO, Any, cast

import httpx
import pyoxigraph as ox

from aspen_graph.errors import (
    AspenError,
    QueryRefusedError,
    QueryTimeoutError,
    StoreUnavailableError,
)
from aspen_graph.store import formats
from aspen_graph.store.serializer import serialize_answer
from aspen_graph.store.types import AnswerFormat, SerializedResult
from aspen_graph.store.virtuoso import ask_table, boolean_rows, boolean_triples

SPARQL_RESULTS_JSON = formats.RESULTS_JSON.media_type


class ResponseStream(io.RawIOBase):
    """A response body as a file for pyoxigraph's parsers, with an overall deadline.

    A read past the deadline raises; the exception is kept so the caller can raise it again
    (pyoxigraph reports reader failures as its own OSError).
    """

    def __init__(self, response: httpx.Response, deadline: float, store: str) -> None:
        super().__init__()
        self._chunks = response.iter_raw() if is_identity(response) else response.iter_bytes()
        self._buffer = b""
        self._deadline = deadline
        self._store = store
        self.error: AspenError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            if time.monotonic() > self._deadline:
                self.error = timeout_error(self._store)
                raise self.error
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
            except httpx.TimeoutException:
                self.error = timeout_error(self._store)
                raise self.error from None
            except httpx.TransportError as error:
                self.error = unreachable_error(self._store, error)
                raise self.error from None
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def is_identity(response: httpx.Response) -> bool:
    encoding: str = response.headers.get("content-encoding", "identity")
    return encoding == "identity"


def timeout_error(store: str) -> QueryTimeoutError:
    return QueryTimeoutError(
        f"the store at {store} did not answer within the time limit; narrow the query or add a "
        "LIMIT (or the store is overloaded)"
    )


def unreachable_error(store: str, error: Exception) -> StoreUnavailableError:
    reasons: dict[type[Exception], str] = {
        httpx.ConnectError: "connection refused or host unreachable",
        httpx.ConnectTimeout: "no answer to the connection",
        httpx.RemoteProtocolError: "the connection was closed mid-answer",
        httpx.ReadError: "the connection broke",
    }
    reason = reasons.get(type(error), type(error).__name__)
    return StoreUnavailableError(f"the store at {store} cannot be reached ({reason})")


def media_type(response: httpx.Response) -> str:
    header: str = response.headers.get("content-type", "")
    return header.split(";")[0].strip().lower()


def read_answer(
    response: httpx.Response,
    wanted: AnswerFormat,
    deadline: float,
    *,
    store: str,
    form: str | None = None,
    virtuoso: bool = False,
) -> SerializedResult:
    """Parse a streaming answer and serialise it as ``wanted`` says (with the cap), by the
    writer every backend shares; Virtuoso's ASK tables and 0/1 booleans are read as what they
    mean."""
    media = media_type(response)
    cut = response.headers.get("x-sparql-maxrows")
    if cut is not None:  # Virtuoso's ResultSetMaxRows cut the answer (otherwise silently)
        response.close()
        raise _cut_answer(store, cut, wanted.max_results)
    stream = ResponseStream(response, deadline, store)
    source = cast(IO[bytes], stream)
    try:
        results = formats.read_format(media, formats.REMOTE_RESULT_FORMATS)
        graph = formats.read_format(media, formats.REMOTE_GRAPH_FORMATS)
        if isinstance(results, ox.QueryResultsFormat):
            parsed: Any = ox.parse_query_results(source, results)
            if form == "ASK" and isinstance(parsed, ox.QuerySolutions):
                parsed = ask_table(parsed)
            elif virtuoso and isinstance(parsed, ox.QuerySolutions):
                parsed = boolean_rows(parsed)
        elif isinstance(graph, ox.RdfFormat):
            parsed = (quad.triple for quad in ox.parse(source, graph))
            if virtuoso:
                parsed = boolean_triples(parsed)
        else:
            raise StoreUnavailableError(
                f"the store at {store} answered in {media or 'no media type'}, "
                "which is not a SPARQL result format"
            )
        return serialize_answer(parsed, wanted)
    except (SyntaxError, OSError, ValueError) as error:
        if stream.error is not None:
            raise stream.error from None
        if isinstance(error, AspenError):
            raise
        raise StoreUnavailableError(
            f"the store at {store} sent an answer that does not parse: {error}"
        ) from None
    finally:
        response.close()


def _cut_answer(store: str, cut: str, max_results: int) -> AspenError:
    rows = int(cut) if cut.strip().isdigit() else 0
    if rows > max_results:  # more rows than we serve anyway: the usual refusal
        return QueryRefusedError(
            f"the query returns more than {max_results:,} rows; add a LIMIT or narrow it"
        )
    return QueryRefusedError(
        f"the store at {store} cut the answer at {rows:,} rows (Virtuoso's "
        f"ResultSetMaxRows); set it above ASPEN_MAX_RESULTS ({max_results:,}), or add a LIMIT"
    )
