"""The sandbox's workers hold nothing of their caller's and do not outlive it.

Each test runs its command in a session of its own: what is left of it afterwards is every
process of that session (``/proc/*/stat``), whoever its parent has become. Reading the
command's stdout to EOF proves no process holds the pipe any more: a worker that did is what
kept ``aspen query … | head`` from ending.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aspen_graph.errors import QueryEngineError
from aspen_graph.store import SandboxStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PANIC_RELEASE = FIXTURES / "oxigraph-order-by-panic.nq"
"""168 quads over which pyoxigraph panics on an ORDER BY (docs/oxigraph-order-by-panic.md)."""
PANIC_QUERY = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY COALESCE(?o)"
HANG = 600.0
"""Seconds before a command that does not end is a failure: a guard, not a speed limit (a
fresh `aspen` took 75 s with four at once on a loaded 2-core machine)."""
AFTER_EXIT = 60.0
"""Seconds, once the command has exited, before a pipe still open or a process still alive
in its session is a failure (they go at once: a worker is killed with its parent)."""

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def session_processes(session: int) -> dict[int, str]:
    """The live processes of ``session`` (zombies left out: they hold nothing), by pid, each
    with its command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # ended meanwhile
            continue
        state, _ppid, _group, sid = stat[stat.rindex(")") + 2 :].split()[:4]
        if int(sid) == session and state != "Z":
            found[int(entry.name)] = command.strip()
    return found


def wait_for_no_process(session: int, bound: float) -> dict[int, str]:
    """Poll until ``session`` is empty or ``bound`` seconds pass; what is left."""
    deadline = time.monotonic() + bound
    while (left := session_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def read_to_eof(process: subprocess.Popen[bytes]) -> tuple[bytes, bytes, bool]:
    """Everything the command writes on stdout and stderr, and whether both pipes reached EOF
    (within :data:`HANG`, and :data:`AFTER_EXIT` once the command itself has exited)."""
    assert process.stdout is not None and process.stderr is not None
    chunks: dict[int, list[bytes]] = {process.stdout.fileno(): [], process.stderr.fileno(): []}
    deadline = time.monotonic() + HANG
    with selectors.DefaultSelector() as selector:
        for descriptor in chunks:
            selector.register(descriptor, selectors.EVENT_READ)
        while selector.get_map() and time.monotonic() < deadline:
            if process.poll() is not None:
                deadline = min(deadline, time.monotonic() + AFTER_EXIT)
            for key, _ in selector.select(timeout=0.5):
                data = os.read(key.fd, 65536)
                if data:
                    chunks[key.fd].append(data)
                else:
                    selector.unregister(key.fd)
        eof = not selector.get_map()
    out, err = (b"".join(parts) for parts in chunks.values())
    return out, err, eof


@contextlib.contextmanager
def in_own_session(command: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """``command`` with pipes for stdin, stdout and stderr, in a session of its own, all of
    which is killed at the end whatever the test found (so a failure leaves nothing behind)."""
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        for pid in session_processes(process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.kill()
        process.wait()
        for pipe in (process.stdin, process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()


LATE_REPLACEMENT = """
import atexit, sys, threading
from multiprocessing.process import BaseProcess

exiting, started = threading.Event(), threading.Event()


def at_exit():
    exiting.set()
    started.wait(60)  # the replacement starts now, while the interpreter exits


atexit.register(at_exit)  # the first registered: it runs after every other exit function
start, starts = BaseProcess.start, []


def late_start(process):
    starts.append(process)
    if len(starts) == 1:  # the first worker, the one that panics
        return start(process)
    exiting.wait(60)  # the replacement of the crashed worker waits for the exit
    try:
        start(process)
    finally:
        started.set()


BaseProcess.start = late_start
from aspen_graph.cli import app

sys.argv[0] = "aspen"
app()
"""
"""``aspen query`` with the crashed worker's replacement started as the interpreter exits:
after the pool was closed and after multiprocessing killed the children it knew of (what a
loaded machine did now and then, and left workers behind for good)."""


def panic_env(tmp_path: Path) -> dict[str, str]:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "aspen.nq").write_bytes(PANIC_RELEASE.read_bytes())
    return {**os.environ, "ASPEN_ROOT": str(tmp_path), "ASPEN_DIST_DIR": str(dist)}


@pytest.mark.slow
def test_aspen_query_ends_when_a_replacement_starts_at_exit(tmp_path: Path) -> None:
    command = [sys.executable, "-c", LATE_REPLACEMENT, "query", PANIC_QUERY]
    with in_own_session(command, panic_env(tmp_path)) as process:
        assert process.stdin is not None
        process.stdin.close()
        out, err, eof = read_to_eof(process)
        left = wait_for_no_process(process.pid, AFTER_EXIT)
        code = process.wait(AFTER_EXIT)
    assert eof, f"a process still holds the stdout or stderr of `aspen query`: {left}"
    assert left == {}
    assert code == 2, err.decode()
    assert out == b""
    assert err.decode().startswith("error: the query engine (pyoxigraph "), err.decode()


HOLDER = """
import json, multiprocessing, os, signal, sys
from aspen_graph.store import SandboxStore

store = SandboxStore(sys.argv[1], workers=2, start_method=sys.argv[2])
workers = [child.pid for child in multiprocessing.active_children()]
print(json.dumps({"workers": workers, "stdout": os.readlink("/proc/self/fd/1")}), flush=True)
sys.stdin.readline()  # the test looks at the workers meanwhile
os.kill(os.getpid(), signal.SIGKILL)  # no close, no exit function: as the OOM killer would
"""
"""A pool of two workers in a process that then dies without a word."""


def descriptors(pid: int) -> dict[int, str]:
    """What each open descriptor of process ``pid`` points to."""
    folder = Path(f"/proc/{pid}/fd")
    found = {}
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            found[int(entry.name)] = os.readlink(entry)
    return found


@contextlib.contextmanager
def holder(method: str) -> Iterator[tuple[subprocess.Popen[bytes], dict[str, Any]]]:
    """The :data:`HOLDER` process with its pool up, and what it said about it."""
    command = [sys.executable, "-c", HOLDER, str(PANIC_RELEASE), method]
    with in_own_session(command, dict(os.environ)) as process:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        assert len(info["workers"]) == 2
        yield process, info


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_workers_hold_none_of_the_callers_descriptors(method: str) -> None:
    with holder(method) as (_, info):
        held = {worker: descriptors(worker) for worker in info["workers"]}
    for worker, open_ in held.items():
        assert {open_[0], open_[1]} == {os.devnull}, (worker, open_)
        assert open_[2].endswith(".stderr"), open_  # where the pool reads why a worker died
        assert info["stdout"] not in open_.values(), open_
        others = sorted(v.split(":")[0] for d, v in open_.items() if d > 2 and v != os.devnull)
        # its end of its pipe to the pool (a socket pair), and the pipe that ends with the pool
        assert others == ["pipe", "socket"], open_


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_workers_die_with_their_parent(method: str) -> None:
    with holder(method) as (process, _):
        assert process.stdin is not None
        process.stdin.write(b"die\n")
        process.stdin.close()
        _out, _err, eof = read_to_eof(process)
        left = wait_for_no_process(process.pid, AFTER_EXIT)
    assert eof, f"a worker still holds its dead parent's stdout: {left}"
    assert left == {}


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_close_stops_the_replacement_being_started(method: str) -> None:
    """A close right after a crash (what ``aspen query`` does on an engine panic) returns
    with the crashed worker's replacement gone, not still loading in its thread."""
    before = set(multiprocessing.active_children())
    store = SandboxStore(PANIC_RELEASE, workers=1, timeout=60.0, start_method=method)
    with pytest.raises(QueryEngineError):
        store.select(PANIC_QUERY)  # the worker dies; a thread starts its replacement
    store.close()
    starting = [t for t in threading.enumerate() if t.name == "aspen-worker-start"]
    assert starting == []
    assert set(multiprocessing.active_children()) - before == set()
    assert (store.stats.workers, store.stats.starting) == (0, 0)


STUCK_LOADING = """
import multiprocessing, os, signal, sys, threading, time
from aspen_graph.store import SandboxStore


def die_once_the_worker_runs():
    while not multiprocessing.active_children():
        time.sleep(0.05)
    print(multiprocessing.active_children()[0].pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


threading.Thread(target=die_once_the_worker_runs, daemon=True).start()
SandboxStore(sys.argv[1], workers=1, start_method=sys.argv[2])  # waits for a ready never sent
"""
"""A pool whose worker loads a release from a FIFO no one writes to: it reads nothing from its
pipe, ever, and its parent dies meanwhile."""


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_a_worker_still_loading_dies_with_its_parent(tmp_path: Path, method: str) -> None:
    """Only the kernel can end a worker stuck in its load (in Rust, in a blocking read): the
    worker asks for SIGKILL when its parent goes (PR_SET_PDEATHSIG)."""
    release = tmp_path / "aspen.nq"
    os.mkfifo(release)
    command = [sys.executable, "-c", STUCK_LOADING, str(release), method]
    with in_own_session(command, dict(os.environ)) as process:
        assert process.stdin is not None
        process.stdin.close()
        out, err, eof = read_to_eof(process)
        left = wait_for_no_process(process.pid, AFTER_EXIT)
    assert out.strip().isdigit(), err.decode()  # the worker had started
    assert eof, f"a worker still holds its dead parent's stdout: {left}"
    assert left == {}
