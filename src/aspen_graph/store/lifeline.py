"""A query worker's ties to its parent: it holds nothing of the caller's, and dies with it.

A worker started with ``fork`` inherits every file descriptor of the process that started it:
the other end of its own pipe (so it never sees EOF when the parent dies, and waits on the pipe
for ever), the pipes of the other workers, and the caller's stdout and stderr (so a shell
pipeline such as ``aspen query … | head`` never ends while the worker lives). :func:`detach`
lets go of all of them; :func:`die_with_parent` asks Linux to kill the worker when its parent
goes (while the worker loads a release or runs a query it reads nothing, and pyoxigraph holds
the GIL, so no Python check could notice); :func:`parent_sentinel` is what the worker's loop
waits on beside its pipe.

Imported by the worker processes (:mod:`aspen_graph.store.worker`): the standard library only
(and :mod:`aspen_graph.deathsig_exec`, which is too).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from multiprocessing.connection import wait

from aspen_graph.deathsig_exec import ask_parent_death_signal


def parent_sentinel() -> int | None:
    """A descriptor that becomes readable (EOF) when the parent process ends, or ``None``
    outside a multiprocessing child. Every start method gives the child one: the read end of
    a pipe whose only write end the parent holds."""
    parent = multiprocessing.parent_process()
    return None if parent is None else parent.sentinel


def parent_gone(sentinel: int | None) -> bool:
    """Whether the parent behind ``sentinel`` has ended (without waiting)."""
    return sentinel is not None and bool(wait([sentinel], 0))


def _open_descriptors() -> list[int]:
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return sorted(int(name) for name in os.listdir(folder))
        except (OSError, ValueError):
            continue
    return []  # no way to list them here: nothing is detached


def detach(keep: Iterable[int], stderr_path: str | None) -> None:
    """Let go of every inherited descriptor but ``keep``: stdin and stdout become /dev/null,
    stderr ``stderr_path`` (where the parent reads why a worker died) or /dev/null.

    Each other descriptor is pointed at /dev/null rather than closed, so its number stays
    taken: objects copied from the parent (a :class:`~multiprocessing.connection.Connection`,
    a log file) that close "their" descriptor later close /dev/null, never a file this worker
    opened since under the same number.
    """
    kept = set(keep)
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for descriptor in _open_descriptors():
            if descriptor in kept or descriptor == null or descriptor <= 2:
                continue
            try:
                os.fstat(descriptor)  # the listing's own descriptor is closed by now
            except OSError:
                continue
            os.dup2(null, descriptor)
        os.dup2(null, 0)
        os.dup2(null, 1)
        if stderr_path is None:
            os.dup2(null, 2)
        else:
            with open(stderr_path, "ab") as file:
                os.dup2(file.fileno(), 2)
    finally:
        os.close(null)


def die_with_parent(sentinel: int | None) -> None:
    """Have the kernel SIGKILL this process when its parent ends (Linux; elsewhere the EOF of
    :func:`parent_sentinel` is the only notice), and end now if the parent already has.

    ``PR_SET_PDEATHSIG`` fires when the *thread* that started the process ends, not only the
    process: the pool starts every worker from one thread that lives as long as the process
    (:mod:`aspen_graph.store.starter`), or from the forkserver.
    """
    ask_parent_death_signal()  # without prctl, the sentinel's EOF still ends the worker's loop
    if parent_gone(sentinel):  # it died before the request above could take effect
        os._exit(0)


__all__ = ["detach", "die_with_parent", "parent_gone", "parent_sentinel"]
