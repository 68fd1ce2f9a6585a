"""A stand-in for ``java`` (what HermiT's JVM does when it hangs or fails) and a look in /proc
for any process it left behind."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest

HANG_SECONDS = 60
"""How long a hanging stand-in sleeps: far past any limit a test sets, short enough that code
without a limit fails the test (the stand-in then exits 0 and says nothing) instead of hanging."""
MARKER = "ASPEN_TEST_FAKE_JAVA"
"""An environment variable every process the stand-in starts inherits: how /proc finds them."""


def fake_java(folder: Path, *, stderr: Sequence[str], hang: bool = True, status: int = 0) -> Path:
    """An executable ``folder/java`` that writes the ``stderr`` lines, then hangs (waiting on a
    child ``sleep``, so a process the JVM started must be stopped too) or exits with ``status``.

    A hanging one writes its lines after starting the child: an error quoting them proves the
    child was running."""
    say = "".join(f"printf '%s\\n' {shlex.quote(line)} >&2\n" for line in stderr)
    body = f"sleep {HANG_SECONDS} &\n{say}wait\n" if hang else f"{say}exit {status}\n"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "java"
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return path


def mark_children(monkeypatch: pytest.MonkeyPatch) -> str:
    """A marker every process started from now on in this test carries in its environment."""
    marker = uuid.uuid4().hex
    monkeypatch.setenv(MARKER, marker)
    return marker


def live_processes(marker: str) -> list[int]:
    """The processes (not zombies: they have no environment left) carrying ``marker``."""
    needle = f"{MARKER}={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environment = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or not ours
            continue
        if needle in environment.split(b"\0"):
            found.append(int(entry.name))
    return found


def left_behind(marker: str, *, patience: float = 10.0) -> list[int]:
    """The processes carrying ``marker`` that are still alive after ``patience`` seconds (a
    killed process needs a moment to be scheduled and exit)."""
    deadline = time.monotonic() + patience
    while (alive := live_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def pid_writing_stand_in(folder: Path, name: str = "java") -> tuple[Path, Path]:
    """An executable ``folder/name`` that writes its pid to ``folder/name.pid``, then becomes
    ``sleep`` (``exec``: the same process, so the pid is the sleeping process's); and that file."""
    folder.mkdir(parents=True, exist_ok=True)
    path, pid_file = folder / name, folder / f"{name}.pid"
    path.write_text(
        f"#!/bin/sh\necho $$ > {shlex.quote(str(pid_file))}.part\n"
        f"mv {shlex.quote(str(pid_file))}.part {shlex.quote(str(pid_file))}\n"
        f"exec sleep {HANG_SECONDS}\n",
        encoding="utf-8",
    )
    path.chmod(0o755)
    return path, pid_file


def read_pid(pid_file: Path, *, patience: float) -> int:
    """The pid in ``pid_file`` once it is there (written whole: see :func:`pid_writing_stand_in`)."""
    deadline = time.monotonic() + patience
    while not pid_file.exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"{pid_file} was not written within {patience:g} s")
        time.sleep(0.05)
    return int(pid_file.read_text(encoding="ascii"))


def running(pid: int) -> bool:
    """Whether process ``pid`` is alive (a zombie, dead but not yet reaped, is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def still_running(pid: int, *, patience: float = 10.0) -> bool:
    """Whether ``pid`` is still alive after ``patience`` seconds; one still alive is killed, so a
    failing test leaves nothing behind."""
    deadline = time.monotonic() + patience
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if running(pid):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        return True
    return False
