"""``aspen serve`` starts without importing the other commands' dependencies."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
sys.argv = ["aspen", "serve", "--help"]
from aspen_graph.cli import app
try:
    app()
except SystemExit as stop:
    assert stop.code in (0, None), stop.code
print(sorted(name for name in ("openpyxl", "pyshacl", "networkx", "matplotlib") if name in sys.modules))
"""


def test_serve_help_imports_none_of_the_heavy_dependencies() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    assert "aspen serve" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_other_commands_still_reach_the_full_app() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv=['aspen', '--help']\nfrom aspen_graph.cli import app\ntry:\n    app()\nexcept SystemExit:\n    pass",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    for command in ("build", "import", "diff", "publish", "serve"):
        assert command in done.stdout
