"""Helpers for tests that run a Debian server program (nginx, apache2) on a loopback port: find
the program (skipped where missing, failed under CI, whose .ci/run installs it), a free port, and
waiting, bounded, for the program to listen."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

START_SECONDS = 30


def tool(name: str) -> str:
    """The path of ``name`` (also looked for in /usr/sbin, where Debian puts servers)."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {name} is missing: .ci/run must install it")
        pytest.skip(f"{name} is not installed (apt-get install {name})")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, name: str) -> None:
    """Return once ``127.0.0.1:port`` accepts; fail (with the log) if ``process`` exits first
    or does not listen within :data:`START_SECONDS`."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} exited: {log.read_text(errors='replace')[-4000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"{name} did not listen in {START_SECONDS} s")
