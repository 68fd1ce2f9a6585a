"""A real Oxigraph server for the tests (the ``oxigraph`` package's binary), on a loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from aspen_graph.store import RemoteStore

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class OxigraphServer:
    """``oxigraph serve`` on a loopback port with an on-disk location, which tests may stop and
    start again (same port, same data) to play a store that goes away and comes back."""

    def __init__(self, location: Path, *, port: int | None = None, union: bool = True) -> None:
        if not OXIGRAPH.is_file():
            pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
        self.location = location
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.union = union
        self.process: subprocess.Popen[bytes] | None = None
        self.log = location.parent / f"{location.name}.log"

    def start(self, *, timeout: float = 15.0) -> OxigraphServer:
        deadline = time.monotonic() + timeout
        while True:
            with self.log.open("ab") as log:
                command = [str(OXIGRAPH), "serve", "--location", str(self.location)]
                command += ["--bind", f"127.0.0.1:{self.port}"]
                command += ["--union-default-graph"] if self.union else []
                self.process = subprocess.Popen(
                    command,
                    stdout=log,
                    stderr=log,
                )
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break  # the port may still be held by the previous run: try again
                try:
                    if httpx.get(self.url + "/", timeout=1.0).status_code < 500:
                        return self
                except httpx.TransportError:
                    time.sleep(0.05)
            else:
                self.stop()
                raise RuntimeError(f"oxigraph did not start on {self.url}: see {self.log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph did not start on {self.url}: see {self.log}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def kill(self) -> None:
        """Stop it the hard way (SIGKILL), as a crash or a pulled plug would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        self.process = None

    def load_nquads(self, data: bytes) -> None:
        """Add a dataset through the Graph Store Protocol (test set-up for small fixtures)."""
        response = httpx.post(
            self.url + "/store",
            content=data,
            headers={"Content-Type": "application/n-quads"},
            timeout=60.0,
        )
        response.raise_for_status()

    def store(self, **options: object) -> RemoteStore:
        return RemoteStore(self.url + "/query", self.url + "/update", **options)  # type: ignore[arg-type]


def publish_with_cli(url: str, dist: Path) -> None:
    """``aspen publish --store URL --dist DIST``, as a user runs it."""
    from typer.testing import CliRunner

    from aspen_graph.cli.main import _app

    result = CliRunner().invoke(_app, ["publish", "--store", url, "--dist", str(dist)])
    assert result.exit_code == 0, (result.output, result.exception)
