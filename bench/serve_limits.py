"""Hostile clients against ``aspen serve`` (issue 13), with and without its connection limits.

Two servers over the same release, both started with the common soft limit of 1,024 open files:

- **aspen** — ``aspen serve`` with its defaults (header/body deadlines, 64 KiB headers, …);
- **uvicorn** — the same app on plain uvicorn with uvicorn's defaults (what ``aspen serve`` was).

Two attacks on each:

1. three requests with a 100 MB header each, held open together: the server's resident memory
   before and after, and the answers;
2. 1,100 connections opened and left idle: whether a normal request still gets an answer, and
   how many of the idle connections the server has closed after 5, 15 and 30 s.

Run after ``aspen build`` (it serves dist/)::

    .venv/bin/python bench/serve_limits.py
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

from servers import BIN, free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
BASELINE = (
    "import uvicorn; uvicorn.run('aspen_graph.api:create_app', factory=True, "
    "host='127.0.0.1', port={port}, log_level='warning')"
)


def soft_limit(files: int) -> None:
    """In the child before exec: the soft limit on open files most systems start with."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (files, hard))


def start(kind: str, dist: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASPEN_")}
    env.update(ASPEN_DIST_DIR=str(dist), ASPEN_WORKERS="1", ASPEN_PORT=str(port))
    if kind == "aspen":
        command = [str(BIN / "aspen"), "serve", "--port", str(port), "--log-level", "warning"]
    else:
        command = [sys.executable, "-c", BASELINE.format(port=port)]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: soft_limit(1024),
        start_new_session=True,  # servers.stop signals the process group
    )
    wait_until_up(f"http://127.0.0.1:{port}/health")
    return process, port


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def first_line(sock: socket.socket, timeout: float) -> str:
    sock.settimeout(timeout)
    try:
        data = sock.recv(200)
    except TimeoutError:
        return f"no answer in {timeout:g} s"
    except OSError as error:
        return type(error).__name__
    return data.split(b"\r\n", 1)[0].decode("latin-1") or "closed, no answer"


def oversize_headers(port: int, pid: int, size_mb: int = 100, count: int = 3) -> None:
    before = rss_mib(pid)
    sockets = []
    chunk = b"a" * (1 << 20)
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        sent = 0
        try:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
            for _ in range(size_mb):
                sock.sendall(chunk)
                sent += 1
            sock.sendall(b"\r\n\r\n")
        except OSError as error:
            print(f"  header {len(sockets) + 1}: server stopped reading after {sent} MB ({error})")
        sockets.append(sock)
    time.sleep(1)
    after = rss_mib(pid)
    answers = [first_line(sock, 30) for sock in sockets]
    for sock in sockets:
        sock.close()
    print(f"  memory {before:.0f} MiB -> {after:.0f} MiB (+{after - before:.0f} MiB)")
    print(f"  answers: {answers}")


def idle_crowd(port: int, pid: int, count: int = 1100) -> None:
    before = rss_mib(pid)
    crowd: list[socket.socket] = []
    failed = 0
    for _ in range(count):
        try:
            crowd.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            failed += 1
    time.sleep(1)
    print(
        f"  {len(crowd)} idle connections open ({failed} failed to connect); "
        f"memory {before:.0f} -> {rss_mib(pid):.0f} MiB"
    )
    probe = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        probe.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = first_line(probe, 10)
    except OSError as error:
        answer = type(error).__name__
    probe.close()
    print(f"  a normal request meanwhile: {answer}")
    started = time.monotonic()
    poller = select.poll()  # select() stops at descriptor 1,024
    by_fd = {sock.fileno(): sock for sock in crowd}
    for fd in by_fd:
        poller.register(fd, select.POLLIN)
    closed = 0
    for mark in (5, 15, 30):
        while time.monotonic() - started < mark:
            for fd, _ in poller.poll(500):
                poller.unregister(fd)
                with contextlib.suppress(OSError):
                    by_fd[fd].recv(1)
                closed += 1  # readable while idle: an EOF, a reset or an answer, then closed
        print(f"  after {mark:>2} s: {closed} of {len(crowd)} closed by the server")
    for sock in crowd:
        sock.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--servers", nargs="+", default=["uvicorn", "aspen"])
    args = parser.parse_args()
    if not (args.dist / "aspen.nq").is_file():
        sys.exit(f"{args.dist / 'aspen.nq'}: not built; run 'aspen build' first")
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))  # this client's own
    for kind in args.servers:
        print(f"{kind} (soft limit on open files: 1024)")
        process, port = start(kind, args.dist)
        try:
            print(" three 100 MB headers:")
            oversize_headers(port, process.pid)
            print(" 1,100 idle connections:")
            idle_crowd(port, process.pid)
        finally:
            stop(process)


if __name__ == "__main__":
    main()
