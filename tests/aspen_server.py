"""``aspen serve`` over a built release in a subprocess on a free 127.0.0.1 port, for the browser
tests (tests/api/test_editor_browser.py's ``server`` fixture): started once per release and xdist
worker by the session fixture ``aspen_servers`` (tests/conftest.py), stopped at its end."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from aspen_graph.config import Settings

SCRIPT = Path(sys.executable).parent / "aspen"
START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def aspen(*args: str) -> list[str]:
    """The command line of the installed ``aspen`` script (what ``make run`` uses)."""
    if SCRIPT.is_file():
        return [str(SCRIPT), *args]
    return [sys.executable, "-c", "from aspen_graph.cli import app; app()", *args]


class AspenServer:
    """``aspen serve`` over ``settings``' root and dist (two query workers), logging to
    ``log_path``; :meth:`start` returns once ``/health`` answers (fails the test otherwise)."""

    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.settings = settings
        self.log_path = log_path
        self.url = ""
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> AspenServer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASPEN_")}
        env.update(
            ASPEN_ROOT=str(self.settings.root),
            ASPEN_DIST_DIR=str(self.settings.dist),
            ASPEN_WORKERS="2",
        )
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                aspen("serve", "--host", "127.0.0.1", "--port", str(port)),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_SECONDS
        while True:
            if self.process.poll() is not None:
                pytest.fail("the server stopped:\n" + self.log_path.read_text())
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the server did not start:\n" + self.log_path.read_text())
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate ``process``; kill it if it has not ended 10 s later."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a hung shutdown
        process.kill()
        process.wait()
