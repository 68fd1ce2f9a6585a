"""One query worker as the pool sees it: how it is started, what it holds, how it is killed.

The pool (:mod:`aspen_graph.store.sandbox`) decides when a worker starts, serves and goes;
this module is the process itself: its start method (forkserver on Linux, with the worker's
module preloaded), its pipe, the file its stderr goes to (read when it dies, to say why), and
a kill that leaves nothing behind. What runs inside the process is
:mod:`aspen_graph.store.worker`; the thread every start goes through,
:mod:`aspen_graph.store.starter`.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from aspen_graph.store import worker as worker_side
from aspen_graph.store.failure import STDERR_TAIL
from aspen_graph.store.starter import start_process


def start_context(method: str | None) -> Any:
    """The multiprocessing context workers start in (default: forkserver on Linux, else
    spawn)."""
    if method is None:
        method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([worker_side.__name__])
    return context


@dataclass(eq=False)
class Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    stderr: Path
    """Where the worker's stderr goes: read when it dies, to say why (a Rust panic)."""
    served: int = 0

    def last_words(self) -> str:
        """The end of the worker's stderr ('' when there is none)."""
        try:
            with self.stderr.open("rb") as file:
                file.seek(max(file.seek(0, os.SEEK_END) - STDERR_TAIL, 0))
                return file.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def kill(self) -> None:
        """Kill the process (if it still runs), close its pipe and remove its stderr file."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()
        self.stderr.unlink(missing_ok=True)


def spawn_worker(context: Any, source: Path, memory_mb: int | None) -> tuple[Worker, float]:
    """Start a worker that loads ``source`` (it says "ready" on its pipe when it has), and
    the monotonic time it was started at."""
    parent, child = context.Pipe(duplex=True)
    handle, name = tempfile.mkstemp(prefix="aspen-worker-", suffix=".stderr")
    os.close(handle)
    process = context.Process(
        target=worker_side.serve,
        args=(child, str(source), memory_mb, name),
        name="aspen-query-worker",
        daemon=True,
    )
    started = time.monotonic()
    try:
        start_process(process)
    except BaseException:
        parent.close()
        Path(name).unlink(missing_ok=True)
        raise
    finally:
        child.close()
    return Worker(process, parent, Path(name)), started


__all__ = ["Worker", "spawn_worker", "start_context"]
