"""Connection limits for ``aspen serve``: what uvicorn's httptools protocol lacks.

uvicorn (0.55) bounds neither the size of a request's header block with httptools (llhttp
buffers a header of any length: three 100 MB headers cost 113-380 MB) nor the time a client may
take to send it or its body, and it arms its keep-alive timer only after a response, so a
connection that never sends a byte stays open for ever. :class:`LimitedHttpProtocol` adds,
per connection:

* a **header-size limit**: the request line and headers together may hold at most
  ``max_header_bytes``; past that the client gets 431 and the connection is closed (the parser
  is never fed more than the limit, so memory stays bounded);
* a **header deadline**: the header block must be complete ``header_timeout`` seconds after the
  connection opened (on a kept-alive one, after the next request's first byte); else 408 (or
  a silent close when nothing was sent at all) — slow-header clients (slowloris) and idle
  fresh connections are shed;
* a **body deadline**: the body must be complete ``body_timeout`` seconds after the headers;
  else 408, the app sees a disconnect, and the connection is closed;
* a **connection limit**: a connection opened while ``max_connections`` are open is answered
  503 at once and closed a moment later.

The keep-alive timeout is uvicorn's own (``timeout_keep_alive``). uvicorn's
``limit_concurrency`` is not used: it would also count the refused connections still closing,
and answer 503 on connections within the limit. :func:`raise_file_limit`
lifts the process's soft limit on open files so that the connection limit, not the kernel,
is what turns clients away: running out of descriptors makes the server reset connections.
"""

from __future__ import annotations

import asyncio
import resource
from dataclasses import dataclass
from typing import ClassVar

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from aspen_graph.config import Settings

FILE_RESERVE = 128
"""Descriptors kept for everything but client connections (listening socket, log files, the
worker pool's pipes, a remote store's connections)."""
LINGER_SECONDS = 1.0
"""After refusing a request, how long the rest of it is read and dropped before closing:
closing with unread data makes the kernel reset the connection, and the client may lose the
answer saying why."""


@dataclass(frozen=True)
class ConnectionLimits:
    """The per-connection limits (see the module docstring; defaults in :class:`Settings`)."""

    max_header_bytes: int
    header_timeout: float
    body_timeout: float
    keep_alive_timeout: int
    max_connections: int

    @classmethod
    def from_settings(cls, settings: Settings) -> ConnectionLimits:
        """The limits ``settings`` name.

        >>> ConnectionLimits.from_settings(Settings()).max_header_bytes
        65536
        """
        return cls(
            max_header_bytes=settings.max_header_bytes,
            header_timeout=settings.header_timeout,
            body_timeout=settings.body_timeout,
            keep_alive_timeout=settings.keep_alive_timeout,
            max_connections=settings.max_connections,
        )


def raise_file_limit(max_connections: int) -> int:
    """Raise the soft limit on open files to fit ``max_connections`` (never above the hard
    limit); return how many connections fit under the limit now in force.

    Without this, a process started with the common soft limit of 1,024 runs out of
    descriptors at ~1,000 idle connections and then resets every new one.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max_connections + FILE_RESERVE
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return max_connections
    return max(1, min(max_connections, soft - FILE_RESERVE))


def error_response(status: int, message: str, headers: list[tuple[bytes, bytes]]) -> bytes:
    """A complete ``Connection: close`` response in plain text (for answers given before the
    app has the request).

    >>> error_response(408, "too slow", []).split(b"\\r\\n")[0]
    b'HTTP/1.1 408 Request Timeout'
    """
    body = message.encode("ascii")
    content = [STATUS_LINE[status]]
    for name, value in headers:
        content += [name, b": ", value, b"\r\n"]
    content += [
        b"content-type: text/plain; charset=utf-8\r\n",
        b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
        b"connection: close\r\n\r\n",
        body,
    ]
    return b"".join(content)


class LimitedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header-size limit and header and body deadlines.

    Use :func:`protocol_for` to get one bound to a set of limits.
    """

    limits: ClassVar[ConnectionLimits]

    # One timer at a time: the header deadline until the headers are complete, then the body
    # deadline until the request is complete; none while the app answers or (uvicorn's own
    # keep-alive timer) while the connection waits for its next request.
    _deadline: asyncio.TimerHandle | None = None
    _header_bytes = 0
    """Bytes fed to the parser since the current header block began."""
    _headers_seen = 0
    """Header blocks completed on this connection."""
    _in_headers = True
    _refused = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            # Answered at once and closed soon: an idle crowd cannot hold descriptors that
            # the clients after it need, and they get a clean 503 rather than a reset.
            self._refuse(503, "Too many connections; try again shortly.")
            return
        self._arm(self.limits.header_timeout, self._header_timed_out)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # the rest of a refused request: read and dropped until the close
        if not self._in_headers:
            super().data_received(data)
            return
        if self._deadline is None:  # the first byte after a keep-alive wait
            self._arm(self.limits.header_timeout, self._header_timed_out)
        room = self.limits.max_header_bytes - self._header_bytes
        if len(data) <= room:
            self._header_bytes += len(data)
            super().data_received(data)
            return
        # Feed no more than the limit: if the header block ends inside it, go on with the
        # rest (a body, or a pipelined request); if not, it is too large.
        seen = self._headers_seen
        if room > 0:
            self._header_bytes += room
            super().data_received(data[:room])
        if self.transport.is_closing():
            return
        if self._headers_seen == seen:
            self._refuse(431, "Request header fields too large.")
            return
        self.data_received(data[room:])

    def on_headers_complete(self) -> None:
        self._headers_seen += 1
        self._in_headers = False
        self._arm(self.limits.body_timeout, self._body_timed_out)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        self._in_headers = True
        self._header_bytes = 0
        super().on_message_complete()

    def _arm(self, seconds: float, callback: object) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, callback)  # type: ignore[arg-type]

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _header_timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            # A pipelined request began while the previous one is still being answered:
            # its deadline counts from the end of that answer.
            self._arm(self.limits.header_timeout, self._header_timed_out)
            return
        if self._header_bytes == 0:
            self.transport.close()  # idle since it opened: nothing to answer
            return
        self._refuse(408, "Request header not received in time.")

    def _body_timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is not None and cycle.response_started:
            self.transport.close()  # answered already; the rest of the body is not awaited
            return
        self._refuse(408, "Request body not received in time.")

    def _refuse(self, status: int, message: str) -> None:
        """Answer ``status`` and close once the client had a moment to read it."""
        self.logger.warning("%s (%d)", message, status)
        self._disarm()
        self._refused = True
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True  # the app's receive() now says the client has gone
            cycle.message_event.set()
        headers = self.server_state.default_headers
        if status == 503:
            headers = [*headers, (b"retry-after", b"1")]
        self.transport.write(error_response(status, message, headers))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)


def protocol_for(limits: ConnectionLimits) -> type[LimitedHttpProtocol]:
    """A :class:`LimitedHttpProtocol` class bound to ``limits`` (uvicorn's ``http=``)."""

    class Limited(LimitedHttpProtocol):
        pass

    Limited.limits = limits
    return Limited


__all__ = [
    "ConnectionLimits",
    "LimitedHttpProtocol",
    "error_response",
    "protocol_for",
    "raise_file_limit",
]
