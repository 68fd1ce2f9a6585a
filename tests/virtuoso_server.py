"""A real Virtuoso (open-source edition, Debian's ``virtuoso-opensource-7-bin``) for the tests.

:class:`VirtuosoServer` writes a ``virtuoso.ini`` into a temporary database directory, starts
``virtuoso-t`` in the foreground on two free loopback ports (SQL and HTTP), waits until the
SPARQL endpoint answers a trivial ``ASK``, and grants SPARQL Update to the ``SPARQL`` account
(the account anonymous ``/sparql`` requests run as) with ``isql-vt``, as Virtuoso's documentation
says. Tests may stop and start it again (same ports, same database) or kill it (``SIGKILL``).

Where ``virtuoso-t`` is missing the tests that need it are skipped, except under CI (``CI``
set), where that is a failure: ``.ci/run`` installs the package.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from aspen_graph.store import RemoteStore
from aspen_graph.store.remote_updates import replace_graph_update
from oxigraph_server import free_port

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"
RESULT_SET_MAX_ROWS = 1_000_000
"""What the tests' Virtuoso cuts answers at (above the project's ``max_results``)."""
AFTER_IMAGE_LIMIT = 2_000_000_000
"""Bytes of roll-forward log one transaction may write (Virtuoso's default limit aborts the
one-request switch of a staged graph of ~1M triples: ``SR325 … log after image size went above
the limit``, measured at bench/stores.py --size 2000000)."""
PASSWORD = "dba"
"""The ``dba`` password of a fresh database (the tests' server listens on loopback only)."""

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadCleanupInterval = 0
ResourcesCleanupInterval = 0
DirsAllowed = {dir}
DefaultIsolation = 2
TransactionAfterImageLimit = {after_image_limit}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


START_TIMEOUT = 300.0
"""Seconds a server may take to answer after its launch: a guard against a hang (three start at
once; on a loaded 2-core machine running the suite on 2 workers 90 s was not always enough)."""


VIRTUOSO_PARTS = {"mini": ("mini",), "shipped": ("shipped", "examples")}
"""The ``[virtuoso]`` tests in two xdist groups (two workers), and the data sets (one Virtuoso
server each) the tests of each load: the catalogue fixture; the shipped and example releases."""
VIRTUOSO_SHIPPED_FIXTURES = frozenset(
    {"shipped_store", "shipped_serving_store", "virtuoso_built", "examples_store"}
)
"""Fixtures that load a release into Virtuoso: a test using one is in the ``shipped`` part."""


def virtuoso_part(item: pytest.Item) -> str:
    """The key of :data:`VIRTUOSO_PARTS` whose servers a ``[virtuoso]`` test uses."""
    names = set(getattr(item, "fixturenames", ()))
    return "shipped" if names & VIRTUOSO_SHIPPED_FIXTURES else "mini"


def require_virtuoso() -> None:
    """Skip (fail under CI) when Virtuoso is not installed."""
    if os.path.isfile(VIRTUOSO) and os.path.isfile(ISQL):
        return
    if os.environ.get("CI"):
        pytest.fail(
            "CI is set but virtuoso-t / isql-vt are missing: .ci/run installs "
            "virtuoso-opensource-7-bin"
        )
    pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin)")


class VirtuosoServer:
    """``virtuoso-t`` on two free loopback ports with its database in ``directory``."""

    def __init__(self, directory: Path, *, max_rows: int = RESULT_SET_MAX_ROWS) -> None:
        require_virtuoso()
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.sql_port = free_port()
        self.http_port = free_port()
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        """The SPARQL endpoint (queries and updates): what ``--store`` is given."""
        self.log = directory / "virtuoso.log"
        ini = INI.format(
            dir=directory,
            sql_port=self.sql_port,
            http_port=self.http_port,
            max_rows=max_rows,
            after_image_limit=AFTER_IMAGE_LIMIT,
        )
        (directory / "virtuoso.ini").write_text(ini, encoding="utf-8")
        self.process: subprocess.Popen[bytes] | None = None
        self._granted = False
        self._registered = False

    def launch(self) -> None:
        """Start the process (without waiting: see :meth:`wait`); it is stopped at the latest
        when the test process exits, even if a fixture's clean-up never ran."""
        if self.process is None and not self._registered:
            atexit.register(self.kill)
            self._registered = True
        with (self.directory / "stdout.log").open("ab") as out:
            self.process = subprocess.Popen(
                [VIRTUOSO, "+foreground", "+configfile", str(self.directory / "virtuoso.ini")],
                cwd=self.directory,
                stdout=out,
                stderr=out,
                stdin=subprocess.DEVNULL,
            )

    def wait(self, *, timeout: float = START_TIMEOUT) -> VirtuosoServer:
        """Wait until the port is open and ``ASK {}`` is answered; then grant SPARQL Update."""
        deadline = time.monotonic() + timeout
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"virtuoso-t exited ({self.process.returncode}) on start: see {self.log}"
                )
            try:
                answer = httpx.post(
                    self.url,
                    data={"query": "ASK {}"},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=2.0,
                )
                # Virtuoso 7.2 answers ASK as a one-row table (``__ASK_RETVAL``), not a boolean.
                if answer.status_code == 200 and "__ASK_RETVAL" in answer.text:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            self.kill()
            raise RuntimeError(f"virtuoso-t did not start on {self.url}: see {self.log}")
        if not self._granted:
            try:
                self.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
            except RuntimeError as error:  # a database started before: granted then
                if "already have role" not in str(error):
                    self.kill()
                    raise
            self._granted = True
        return self

    def start(self, *, timeout: float = START_TIMEOUT) -> VirtuosoServer:
        self.launch()
        return self.wait(timeout=timeout)

    def sql(self, statement: str) -> str:
        """Run SQL through ``isql-vt`` as ``dba`` (test set-up and inspection only)."""
        done = subprocess.run(
            [ISQL, str(self.sql_port), "dba", PASSWORD, f"exec={statement}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed on {statement!r}: {done.stdout}{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def kill(self) -> None:
        """Stop it the hard way (SIGKILL), as a crash or a pulled plug would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def load_nquads(self, data: bytes) -> None:
        """Add a dataset (test set-up for small fixtures), one update request per graph."""
        graphs: dict[str, list[ox.Triple]] = {}
        for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            graphs.setdefault(str(quad.graph_name.value), []).append(quad.triple)
        with self.store(probe=False) as store:
            for name, triples in sorted(graphs.items()):
                text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                store.update(replace_graph_update(name, text.decode("utf-8")), timeout=120.0)

    def store(self, **options: object) -> RemoteStore:
        return RemoteStore(self.url, self.url, **options)  # type: ignore[arg-type]


def start_all(servers: list[VirtuosoServer]) -> None:
    """Start several servers at once (each start spends seconds waiting, not computing)."""
    for server in servers:
        server.launch()
    errors: list[BaseException] = []

    def wait(server: VirtuosoServer) -> None:
        try:
            server.wait()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=wait, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        for server in servers:
            server.stop()
        raise errors[0]
