"""Where the pool's worker processes are started: one thread of the process starts them all.

A worker asks Linux to kill it when its parent ends (``PR_SET_PDEATHSIG``,
:mod:`aspen_graph.store.lifeline`), but to the kernel the parent is the *thread* that started
the worker. The pool starts replacements from short-lived threads, and a server opens its pool
in a thread of its thread pool, so a worker started there would be killed as soon as that
thread ended. Every start therefore goes through one daemon thread, which lives as long as
the process (with ``forkserver`` the parent is the fork server, which ends with the process).
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import types
from concurrent.futures import Future
from multiprocessing.process import BaseProcess

_MAIN_LOCK = threading.Lock()


def _start_without_main(process: BaseProcess) -> None:
    """Start a worker without making it re-run the parent's main script.

    With spawn and forkserver, a child first re-imports the parent's ``__main__`` from its file
    (CPython 3.11 ignores a ``__main__`` forkserver preload). Under ``aspen serve`` that meant
    importing the whole CLI again, 0.6 s per replacement worker instead of ~0.03 s. The worker
    needs nothing from ``__main__`` (its target, :func:`aspen_graph.store.worker.serve`, lives
    in an importable module), so the main module is hidden for the instant of the start and put
    back at once.
    """
    with _MAIN_LOCK:
        main = sys.modules.get("__main__")
        if main is None or getattr(main, "__file__", None) is None:
            process.start()
            return
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            process.start()
        finally:
            sys.modules["__main__"] = main


class _Starter:
    """The thread that starts every worker process, started on first use (and again in a
    child of a ``fork``, which has none of its parent's threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[tuple[BaseProcess, Future[None]]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()

    def start(self, process: BaseProcess) -> None:
        with self._lock:
            if self._pid != os.getpid():  # a forked copy: the thread and queue were the parent's
                self._jobs, self._pid, self._thread = queue.SimpleQueue(), os.getpid(), None
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, args=(self._jobs,), name="aspen-worker-starter", daemon=True
                )
                self._thread.start()
            jobs = self._jobs
        done: Future[None] = Future()
        jobs.put((process, done))
        try:
            done.result()
        except BaseException:
            # interrupted while it was being started: no one will stop it but this
            done.add_done_callback(lambda _: process.kill() if process.pid else None)
            raise

    @staticmethod
    def _run(jobs: queue.SimpleQueue[tuple[BaseProcess, Future[None]]]) -> None:
        while True:
            process, done = jobs.get()
            try:
                _start_without_main(process)
            except BaseException as error:  # the caller's to raise
                done.set_exception(error)
            else:
                done.set_result(None)


_STARTER = _Starter()


def start_process(process: BaseProcess) -> None:
    """Start ``process`` from the process's starter thread (see the module's docstring)."""
    _STARTER.start(process)


__all__ = ["start_process"]
