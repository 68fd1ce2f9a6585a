"""Starting and stopping the servers a benchmark compares, all on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, timeout: float = 180.0) -> float:
    """Seconds until ``url`` answers 2xx; raises when it never does."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if 200 <= response.status < 300:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {timeout:.0f} s")


@dataclass
class Server:
    """A server process with the /sparql URL that answers queries."""

    name: str
    sparql: str
    process: subprocess.Popen[bytes]
    workdir: Path | None = None
    startup_seconds: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    def rss_mib(self) -> float:
        """Resident memory of the process and its children, in MiB."""
        pids = [self.process.pid]
        try:
            children = subprocess.run(
                ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
            ).stdout.split()
            pids += [int(p) for p in children]
        except OSError:
            pass
        total = 0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def stop(self) -> None:
        stop(self.process)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


def stop(process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """Stop a process started by :func:`spawn` and its children: TERM, then KILL."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def spawn(command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start a server quietly in its own session (so :func:`stop` reaches its workers)."""
    return subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def start_aspen(dist: Path, *, cache: bool, workers: int = 2) -> Server:
    """``aspen serve`` on a release folder holding aspen.nq (and manifest.json)."""
    port = free_port()
    env = {
        "ASPEN_DIST_DIR": str(dist),
        "ASPEN_RESULT_CACHE": "true" if cache else "false",
        "ASPEN_WORKERS": str(workers),
        "ASPEN_QUERY_TIMEOUT": "60",
    }
    process = spawn(
        [str(BIN / "aspen"), "serve", "--port", str(port), "--log-level", "warning"], env
    )
    name = "aspen" if cache else "aspen-nocache"
    server = Server(name, f"http://127.0.0.1:{port}/sparql", process)
    server.startup_seconds = wait_until_up(f"http://127.0.0.1:{port}/health")
    return server


def start_oxigraph(nquads: Path) -> Server:
    """Oxigraph server (in memory, union default graph), loaded over the Graph Store protocol."""
    port = free_port()
    process = spawn(
        [str(BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    )
    server = Server("oxigraph", f"http://127.0.0.1:{port}/query", process)
    wait_until_up(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
    started = time.perf_counter()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/store",
        data=nquads.read_bytes(),
        method="POST",
        headers={"Content-Type": "application/n-quads"},
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
    server.startup_seconds = time.perf_counter() - started
    return server


def start_rdflib_endpoint(nquads: Path) -> Server:
    """rdflib-endpoint serving the same file with rdflib's own SPARQL engine."""
    port = free_port()
    process = spawn(
        [
            str(BIN / "rdflib-endpoint"),
            "serve",
            str(nquads),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
    )
    server = Server("rdflib-endpoint", f"http://127.0.0.1:{port}/", process)
    server.startup_seconds = wait_until_up(f"http://127.0.0.1:{port}/?query=ASK%7B%7D", timeout=900)
    return server
