"""Run a command that the kernel kills when the process that started it dies (Linux).

``python deathsig_exec.py PARENT_PID COMMAND [ARG …]`` (or ``python -m
aspen_graph.deathsig_exec …``) asks Linux to SIGKILL this process when its parent goes
(``PR_SET_PDEATHSIG``, through ``prctl`` by :mod:`ctypes`), checks that its parent is still
``PARENT_PID``, then replaces itself with ``COMMAND`` (``os.execvp``: same process, so the
request holds for the command; the kernel keeps it across ``exec`` for any program that is not
set-user-ID, set-group-ID or given file capabilities).

Why a separate program: the request must be made in the child, between ``fork`` and ``exec``.
``subprocess.Popen(preexec_fn=…)`` could do it, but running Python code in a child forked from
a process with other threads (Rich's status spinner, the server's thread pool) can deadlock on
a lock a vanished thread held. Here the child is a fresh interpreter, which holds no such lock.

The check of ``PARENT_PID`` closes a race: a parent that died after forking this process but
before the request took effect would never signal it; this process would have been handed to
another parent (init, a subreaper) by then, so a different parent means: do not start.

``PR_SET_PDEATHSIG`` fires when the *thread* that forked the child ends, not only its process:
start the child from a thread that outlives it (see :mod:`aspen_graph.analysis.reasoning`).
Where there is no ``prctl`` (another libc) the command runs without the request; off Linux
:func:`command_line` leaves the shim out.

Also imported by the query workers' :mod:`aspen_graph.store.lifeline`: the standard library
only, and nothing else of the package (the reasoner runs this file with ``python -I -S``).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Sequence

PR_SET_PDEATHSIG = 1
"""``prctl`` option (linux/prctl.h): the signal this process gets when its parent thread ends."""
EXEC_FAILED = 127
"""The exit status when the command could not be started (as a shell's for "not found")."""
PARENT_GONE = 125
"""The exit status when the parent had died before the request took effect."""
CANNOT_RUN = "deathsig_exec: cannot run "
"""How the line on stderr starts when the command could not be started; the strerror follows
the last ": " (the caller quotes it: :func:`exec_failure`)."""


def ask_parent_death_signal(signum: int = signal.SIGKILL) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent thread ends; whether the
    request was made (``False`` off Linux or without ``prctl``)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0)) == 0
    except (OSError, AttributeError):  # no prctl in this libc
        return False


def command_line(parent: int, command: Sequence[str]) -> list[str]:
    """The argument list that runs ``command`` through this file for the process ``parent``
    (the caller's pid): this interpreter, isolated (``-I``: no environment variables, user
    site or script folder on the path; ``-S``: no site) since it needs the standard library
    only, so it starts in a few tens of milliseconds. Off Linux (no ``PR_SET_PDEATHSIG``), or
    in an interpreter that cannot name its own executable, ``command`` as it is."""
    if not sys.platform.startswith("linux") or not sys.executable:
        return list(command)
    return [sys.executable, "-I", "-S", os.path.abspath(__file__), str(parent), *command]


def exec_failure(stderr: str) -> str | None:
    """Why the command could not be started, from the stderr of a run that exited with
    :data:`EXEC_FAILED` (``None`` when the shim did not say so: the command's own status)."""
    for line in reversed(stderr.splitlines()):
        if line.startswith(CANNOT_RUN):
            return line.rsplit(": ", 1)[-1]
    return None


def main(argv: Sequence[str]) -> int:
    """Request the signal, check the parent, exec the command (returns only on failure)."""
    if len(argv) < 2 or not argv[0].isdigit():
        sys.stderr.write("usage: deathsig_exec PARENT_PID COMMAND [ARG ...]\n")
        return 2
    parent, command = int(argv[0]), list(argv[1:])
    ask_parent_death_signal()
    if os.getppid() != parent:
        sys.stderr.write(f"deathsig_exec: process {parent} (the parent) is gone; not starting\n")
        return PARENT_GONE
    try:
        os.execvp(command[0], command)
    except OSError as error:
        sys.stderr.write(f"{CANNOT_RUN}{command[0]}: {error.strerror or error}\n")
    return EXEC_FAILED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
