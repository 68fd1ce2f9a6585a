"""The import under a bounded fuzz (tests/imports/fuzz_import.py), in a process of its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.imports.hostile import HWM

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("ASPEN_FUZZ_EXAMPLES", "30"))
"""Files fuzzed (derandomized: the same ones each run). 30 keeps ``make test`` short; a deeper
run: ``ASPEN_FUZZ_EXAMPLES=300 .venv/bin/python -m pytest tests/imports/test_fuzz.py``."""
PEAK_MIB = 600
"""The fuzzing process (interpreter, libraries, build inputs and every import) stays below."""


@pytest.mark.slow  # EXAMPLES imports; most are refused before SHACL, some go through it
def test_fuzzed_files_end_in_0_1_or_2_and_refusals_change_nothing(
    import_root: Path, tmp_path: Path
) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tests.imports.fuzz_import import run\n"
        f"run(Path({str(import_root)!r}), Path({str(tmp_path)!r}), {EXAMPLES})\n"
        f"print('peak', {HWM}, file=sys.stderr)\n"
    )
    env = {**os.environ, "ASPEN_ROOT": str(import_root), "COLUMNS": "200"}
    env.pop("ASPEN_EXAMPLES", None)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    assert "Traceback" not in done.stderr
    outcomes = re.search(r"outcomes (.*)", done.stderr)
    assert outcomes is not None
    peak = re.search(r"peak (\d+)", done.stderr)
    assert peak is not None
    assert int(peak[1]) < PEAK_MIB * 1024, f"peak RSS {int(peak[1]) // 1024} MiB"
