"""The exec shim: the command it runs is the same process, dies when the process that started it
is killed outright (``kill -9``: no Python code of the parent runs), and never starts when that
parent is already gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tests.fake_java import pid_writing_stand_in, read_pid, still_running

from aspen_graph import deathsig_exec

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")

START_PATIENCE = 60.0
"""Seconds a Python process may take to start the stand-in (long: a loaded test machine)."""

PARENT = """\
import os, subprocess, sys, time
from aspen_graph import deathsig_exec
command = sys.argv[2:]
if sys.argv[1] == "shim":
    command = deathsig_exec.command_line(os.getpid(), command)
subprocess.Popen(command)
time.sleep(120)
"""
"""A parent that starts ``argv[2:]`` (through the shim or not) and then sleeps until killed."""


def kill_parent_of_stand_in(tmp_path: Path, *, shim: bool) -> int:
    """Start :data:`PARENT` with a stand-in that writes its pid, SIGKILL the parent once the
    stand-in runs, and return the stand-in's pid."""
    stand_in, pid_file = pid_writing_stand_in(tmp_path, "long-job")
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, "shim" if shim else "plain", str(stand_in)]
    )
    try:
        child = read_pid(pid_file, patience=START_PATIENCE)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    return child


def test_the_command_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    child = kill_parent_of_stand_in(tmp_path, shim=True)
    assert not still_running(child)


def test_without_the_shim_the_command_outlives_its_parent(tmp_path: Path) -> None:
    """The check above can fail: a command started plainly is still running after the kill."""
    child = kill_parent_of_stand_in(tmp_path, shim=False)
    assert still_running(child, patience=1.0)  # (killed by still_running, so nothing is left)


def test_the_command_replaces_the_shim(tmp_path: Path) -> None:
    """``exec``, not a child: the pid the caller holds (and kills) is the command's."""
    stand_in, pid_file = pid_writing_stand_in(tmp_path)
    process = subprocess.Popen(deathsig_exec.command_line(os.getpid(), [str(stand_in)]))
    try:
        assert read_pid(pid_file, patience=START_PATIENCE) == process.pid
    finally:
        process.kill()
        process.wait()


def test_nothing_starts_when_the_parent_is_gone(tmp_path: Path) -> None:
    """A parent that died before the request took effect would never signal: the shim sees
    another parent than the one it was told of, and stops."""
    stand_in, pid_file = pid_writing_stand_in(tmp_path)
    not_the_parent = os.getpid() + 1 if os.getppid() != os.getpid() + 1 else os.getpid() + 2
    done = subprocess.run(
        deathsig_exec.command_line(not_the_parent, [str(stand_in)]),
        capture_output=True,
        text=True,
        timeout=START_PATIENCE,
        check=False,
    )
    assert done.returncode == deathsig_exec.PARENT_GONE
    assert done.stderr == (
        f"deathsig_exec: process {not_the_parent} (the parent) is gone; not starting\n"
    )
    assert not pid_file.exists()


def test_a_command_that_cannot_start_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-program"
    done = subprocess.run(
        deathsig_exec.command_line(os.getpid(), [str(missing), "--flag"]),
        capture_output=True,
        text=True,
        timeout=START_PATIENCE,
        check=False,
    )
    assert done.returncode == deathsig_exec.EXEC_FAILED
    assert done.stderr == f"deathsig_exec: cannot run {missing}: No such file or directory\n"
    assert deathsig_exec.exec_failure(done.stderr) == "No such file or directory"


def test_exec_failure_reads_only_the_shims_words() -> None:
    assert deathsig_exec.exec_failure("java: some error: No such file or directory\n") is None


def test_usage() -> None:
    assert deathsig_exec.main(["not-a-pid", "true"]) == 2
    assert deathsig_exec.main([]) == 2


def test_off_linux_the_command_runs_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert deathsig_exec.command_line(1234, ["java", "-version"]) == ["java", "-version"]


def test_through_this_interpreter_on_linux() -> None:
    line = deathsig_exec.command_line(1234, ["java", "-version"])
    assert line[:3] == [sys.executable, "-I", "-S"]
    assert line[3] == os.path.abspath(deathsig_exec.__file__)
    assert line[4:] == ["1234", "java", "-version"]
