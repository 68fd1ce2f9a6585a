"""``aspen serve`` in a subprocess on a free 127.0.0.1 port, for tests that need the real server
(its connection handling, not just the app): start, wait for /health, stop."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from api_release import Release

from aspen_server import aspen, free_port, stop_process

__all__ = ["Served", "aspen", "free_port", "start", "stop_process"]  # helpers imported from here


@dataclass
class Served:
    """A running ``aspen serve``."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_kib(self) -> int:
        """Resident memory of the server process (not its query workers), in KiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")  # pragma: no cover

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=30)

    def stop(self) -> str:
        """Stop the server; its log."""
        stop_process(self.process)
        return self.log.read_text(errors="replace")


def start(
    release: Release,
    name: str,
    *,
    preexec: Callable[[], None] | None = None,
    **settings: str,
) -> Served:
    """Start ``aspen serve`` over ``release`` with ``ASPEN_<settings>``; wait for /health."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASPEN_")}
    env.update(
        ASPEN_ROOT=str(release.root),
        ASPEN_DIST_DIR=str(release.dist),
        ASPEN_WORKERS="1",
        ASPEN_RESULT_CACHE="false",
        **{f"ASPEN_{key.upper()}": value for key, value in settings.items()},
    )
    port = free_port()
    log = release.root / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            aspen("serve", "--host", "127.0.0.1", "--port", str(port)),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec,
        )
    served = Served(port, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"aspen serve exited: {log.read_text()}")
        try:
            if httpx.get(served.url + "/health", timeout=1).status_code == 200:
                return served
        except httpx.TransportError:
            time.sleep(0.05)
    served.stop()
    raise AssertionError("aspen serve did not start in 60 s")
