"""``aspen serve`` under hostile and careless clients (issue 13): each attack is made for real,
over raw sockets, against a server with small limits, and must end in a clean HTTP answer or
a closed connection — not in memory growth, a connection held for ever, or a reset."""

from __future__ import annotations

import resource
import select
import socket
from collections.abc import Iterator

import httpx
import pytest
from api_release import write_release
from served import Served, start

MIB = 1024 * 1024
LIMITS = {
    "max_header_bytes": "8192",
    "header_timeout": "1",
    "body_timeout": "1",
    "keep_alive_timeout": "1",
    "max_connections": "64",
}
WAIT = 20.0
"""Seconds a test waits for the server to act on a 1 s limit (generous: no timing asserted)."""


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = start(write_release(tmp_path_factory.mktemp("limited")), "limited", **LIMITS)
    yield served
    log = served.stop()
    assert "Traceback" not in log


def read_until_closed(sock: socket.socket, timeout: float = WAIT) -> bytes:
    """Everything the server sends until it closes the connection (or ``timeout`` passes)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except TimeoutError:
        pytest.fail(f"the server kept the connection open for {timeout:g} s; got {data[:80]!r}")
    except ConnectionResetError:
        pass
    return data


def trickle(sock: socket.socket, piece: bytes, pause: float = 0.2, most: int = 100) -> bytes:
    """Send ``piece`` every ``pause`` seconds (a slow client) until the server answers or
    closes; what it sent."""
    for _ in range(most):
        readable, _, _ = select.select([sock], [], [], pause)
        if readable:
            return read_until_closed(sock)
        try:
            sock.sendall(piece)
        except OSError:
            return read_until_closed(sock)
    pytest.fail(f"the server waited {most * pause:g} s for a slow client")


def status(answer: bytes) -> int:
    """The status code of a raw HTTP/1.1 answer."""
    assert answer.startswith(b"HTTP/1.1 "), answer[:80]
    return int(answer.split(b" ", 2)[1])


def test_an_oversize_header_is_refused_without_growing_memory(limited: Served) -> None:
    before = limited.rss_kib()
    sockets = []
    for _ in range(3):  # three 4 MiB headers, held open together
        sock = limited.connect()
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
        try:
            for _ in range(64):
                sock.sendall(b"a" * 65536)
        except OSError:
            pass  # the server closed after refusing: the point
        sockets.append(sock)
    grown_kib = limited.rss_kib() - before
    answers = [read_until_closed(sock) for sock in sockets]
    for sock in sockets:
        sock.close()
    assert [status(answer) for answer in answers] == [431] * 3
    assert grown_kib < 4 * 1024  # 12 MiB were sent
    assert httpx.get(limited.url + "/health", timeout=10).status_code == 200


def test_a_header_block_at_the_limit_is_served(limited: Served) -> None:
    """The limit counts the request line and headers: a request just under it is answered."""
    head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Pad: "
    pad = 8192 - len(head) - len(b"\r\n\r\n")
    with limited.connect() as sock:
        sock.sendall(head + b"a" * pad + b"\r\n\r\n")
        assert status(read_until_closed(sock)) == 200
    with limited.connect() as sock:
        sock.sendall(head + b"a" * (pad + 1) + b"\r\n\r\n")
        assert status(read_until_closed(sock)) == 431


def test_a_request_with_a_body_in_one_packet_is_served(limited: Served) -> None:
    """Headers and a body larger than the header limit, in one write: only the headers count."""
    query = b"ASK { ?s ?p ?o }" + b" " * 20_000
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: application/sparql-query\r\nAccept: application/sparql-results+json\r\n"
        b"Content-Length: " + str(len(query)).encode() + b"\r\n\r\n" + query
    )
    with limited.connect() as sock:
        sock.sendall(request)
        answer = read_until_closed(sock)
    assert status(answer) == 200
    assert answer.endswith(b'"boolean":true}')


def test_a_slow_header_client_is_disconnected(limited: Served) -> None:
    with limited.connect() as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        answer = trickle(sock, b"X-Slow: 1\r\n")
    assert status(answer) == 408


def test_a_stalled_request_line_is_disconnected(limited: Served) -> None:
    with limited.connect() as sock:
        sock.sendall(b"GET /hea")
        assert status(read_until_closed(sock)) == 408


def test_a_slow_body_is_cut(limited: Served) -> None:
    with limited.connect() as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\nASK {"
        )
        answer = trickle(sock, b" ")
    assert status(answer) == 408
    assert b"body" in answer


def test_a_connection_that_never_sends_is_closed(limited: Served) -> None:
    with limited.connect() as sock:
        assert read_until_closed(sock) == b""


def test_an_idle_keep_alive_connection_is_closed(limited: Served) -> None:
    with limited.connect() as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = read_until_closed(sock)
    assert status(answer) == 200
    assert b"connection: close" not in answer.lower()  # kept alive, then closed when idle


def read_one_response(sock: socket.socket) -> bytes:
    """One whole answer (by its Content-Length) from a connection left open."""
    sock.settimeout(WAIT)
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, body = data.split(b"\r\n\r\n", 1)
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def test_a_stalled_second_request_on_a_kept_alive_connection_is_disconnected(
    limited: Served,
) -> None:
    """The header deadline also runs for the next request on a kept-alive connection (its
    first byte stops the keep-alive timer)."""
    with limited.connect() as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert status(read_one_response(sock)) == 200
        sock.sendall(b"GET /hea")
        assert status(read_until_closed(sock)) == 408


def _low_file_limit(soft: int, hard: int | None = None) -> None:
    _, current = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, current if hard is None else hard))


def _idle_crowd(served: Served, count: int) -> list[socket.socket]:
    crowd = []
    for _ in range(count):
        crowd.append(socket.create_connection(("127.0.0.1", served.port), timeout=30))
    return crowd


@pytest.mark.slow
def test_idle_connections_beyond_the_soft_file_limit_do_not_starve_requests(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Started with ``ulimit -Sn 256`` (the hard limit higher), 300 idle connections must not
    use up the server's descriptors: it raises its soft limit to fit ``max_connections``."""
    if resource.getrlimit(resource.RLIMIT_NOFILE)[1] < 1024:
        pytest.skip("this test needs a hard limit on open files of at least 1024")
    served = start(
        write_release(tmp_path_factory.mktemp("crowd")),
        "crowd",
        preexec=lambda: _low_file_limit(256),
        max_connections="400",
        header_timeout="60",
    )
    crowd = _idle_crowd(served, 300)
    try:
        response = httpx.get(served.url + "/health", timeout=10)
        assert response.status_code == 200
    finally:
        for sock in crowd:
            sock.close()
        assert "Traceback" not in served.stop()


@pytest.mark.slow
def test_connections_over_the_limit_get_a_clean_503(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """With the hard limit at 256 the server serves fewer connections than asked (256 less a
    reserve of 128); a request past them gets 503 with Retry-After, not a reset, and is
    served once the crowd has gone."""
    served = start(
        write_release(tmp_path_factory.mktemp("over")),
        "over",
        preexec=lambda: _low_file_limit(256, 256),
        max_connections="400",
        header_timeout="60",
    )
    early = served.connect()  # within the limit: still served while the crowd is refused
    crowd = _idle_crowd(served, 200)
    try:
        response = httpx.get(served.url + "/health", timeout=10)
        assert response.status_code == 503
        assert response.headers["retry-after"] == "1"
        early.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert status(read_until_closed(early)) == 200
    finally:
        early.close()
        for sock in crowd:
            sock.close()
    try:
        for _ in range(100):  # the server sees the crowd go within a few event-loop turns
            response = httpx.get(served.url + "/health", timeout=10)
            if response.status_code == 200:
                break
        assert response.status_code == 200
    finally:
        log = served.stop()
    assert "only 128 connections fit" in log
    assert "Traceback" not in log
