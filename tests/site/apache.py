"""Debian's Apache httpd in the foreground on a free 127.0.0.1 port, serving one document root
with ``AllowOverride All`` (so the ``.htaccess`` files under test apply): start, wait for the
port, stop.

Only the modules the rules need are loaded (mod_rewrite, mod_headers, mod_mime, mod_alias, plus
mod_authz_core for ``Require`` and mod_dir for ``/`` paths). As root (CI), Apache's children
must run as another user: they run as ``nobody``, and the served tree is made world-readable in
a directory of its own (pytest's temporary directories are private to their owner).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from daemons import free_port, tool, wait_for_port

MODULES = Path("/usr/lib/apache2/modules")
LOADED = ("mpm_event", "authz_core", "mime", "rewrite", "headers", "alias", "dir")
STOP_SECONDS = 10


def apache_binary() -> str:
    """The path of apache2 (skipped where missing, failed under CI)."""
    found = tool("apache2")
    if not MODULES.is_dir():  # pragma: no cover - a partial install
        pytest.fail(f"apache2 is installed but {MODULES} is missing")
    return found


def config(root: Path, prefix: Path, port: int) -> str:
    """A whole httpd.conf: one listener, the modules above, ``root`` as the document root."""
    modules = "\n".join(f"LoadModule {m}_module {MODULES / f'mod_{m}.so'}" for m in LOADED)
    user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""
    return f"""ServerRoot {prefix}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {prefix / "httpd.pid"}
ErrorLog {prefix / "error.log"}
LogLevel warn
Mutex file:{prefix} default
DefaultRuntimeDir {prefix}
{modules}
{user}TypesConfig /etc/mime.types
DocumentRoot {root}
DirectoryIndex disabled
StartServers 1
ServerLimit 1
ThreadsPerChild 8
MaxRequestWorkers 8
MinSpareThreads 1
MaxSpareThreads 8
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {root}>
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
"""


def _open_up(tree: Path) -> None:
    """Let Apache's unprivileged children read every file (and traverse every directory)."""
    tree.chmod(0o755)
    for path in tree.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


@dataclass
class Apache:
    """A running apache2: its document root (write files there, then :meth:`ready`) and URL."""

    root: Path
    url: str
    log: Path

    def ready(self) -> None:
        """Make what was written under the root readable by Apache's children."""
        _open_up(self.root)


@contextmanager
def running_apache() -> Iterator[Apache]:
    """apache2 on a free loopback port over an empty document root, stopped (and its files
    removed) on exit. ``.htaccess`` files are read per request, so the tree may be filled in
    after the start."""
    binary = apache_binary()
    prefix = Path(tempfile.mkdtemp(prefix="aspen-apache-"))
    try:
        root = prefix / "www"
        root.mkdir()
        _open_up(prefix)
        port = free_port()
        conf = prefix / "httpd.conf"
        conf.write_text(config(root, prefix, port))
        checked = subprocess.run(
            [binary, "-f", str(conf), "-t"], capture_output=True, text=True, timeout=30
        )
        assert checked.returncode == 0, checked.stderr
        out = prefix / "apache.out"
        with out.open("wb") as sink:
            process = subprocess.Popen(
                [binary, "-f", str(conf), "-DFOREGROUND"], stdout=sink, stderr=subprocess.STDOUT
            )
        try:
            wait_for_port(port, process, prefix / "error.log", "apache2")
            yield Apache(root, f"http://127.0.0.1:{port}", prefix / "error.log")
        finally:
            process.terminate()  # SIGTERM: the parent stops its children and exits
            try:
                process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung shutdown
                process.kill()
                process.wait()
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
