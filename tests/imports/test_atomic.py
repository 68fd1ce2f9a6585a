"""An import writes a version folder in one step, one import at a time, keeping file modes.

The processes here are real: two ``aspen import`` commands at once, and an import killed
(``os._exit``) at each rename or directory exchange it makes.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]
from tests.imports.conftest import write_csv

from aspen_graph.config import Settings
from aspen_graph.errors import DataLoadError
from aspen_graph.pipeline.importer import import_rows
from aspen_graph.pipeline.inputs import gather_inputs
from aspen_graph.sources.folders import fingerprint
from aspen_graph.sources.tables.kinds import FOCAL_AREAS, INTERVENTIONS

DRAFT_2 = "plan-version:example-plan-draft-2"
FOLDER = Path("data") / "examples" / "example-plan-draft-2"


def focal_area(code: str, priority: str = "P5") -> dict[str, str]:
    return {
        "code": code,
        "priority": priority,
        "label_en": f"Focal area {code} (example)",
        "label_vi": f"Lĩnh vực trọng tâm {code} (ví dụ)",
        "sequence": code.rsplit("FA", 1)[-1],
        "source": "document:example-data",
    }


def intervention(code: str, focal: str) -> dict[str, str]:
    return {
        "code": code,
        "focal_area": focal,
        "label_en": f"Intervention {code} (example)",
        "label_vi": f"Can thiệp {code} (ví dụ)",
        "sequence": "1",
        "source": "document:example-data",
    }


def codes(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [row["code"] for row in csv.DictReader(io.StringIO(path.read_text("utf-8")))]


def workbook(path: Path) -> Path:
    """Two kind sheets: a focal area and an intervention under it."""
    book = Workbook()
    sheets = [
        (FOCAL_AREAS, [focal_area("P5.FA1")]),
        (INTERVENTIONS, [intervention("P5.FA1.I1", "P5.FA1")]),
    ]
    first = book.active
    for index, (kind, rows) in enumerate(sheets):
        sheet = first if index == 0 else book.create_sheet()
        sheet.title = kind.name
        sheet.append(list(kind.columns))
        for row in rows:
            sheet.append([row.get(column, "") for column in kind.columns])
    book.save(path)
    return path


def aspen(root: Path, *args: str, script: str = "") -> subprocess.Popen[str]:
    """``aspen ARGS`` in a new process on ``root``; ``script`` runs first (to patch)."""
    code = f"{script}\nimport sys\nfrom aspen_graph.cli import app\nsys.argv = ['aspen', *{args!r}]\napp()\n"
    env = {**os.environ, "ASPEN_ROOT": str(root), "COLUMNS": "200"}
    env.pop("ASPEN_EXAMPLES", None)
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow  # two imports, each validating the whole build
def test_two_imports_at_once_keep_both_rows(import_root: Path, tmp_path: Path) -> None:
    one = write_csv(tmp_path / "a" / "focal-areas.csv", FOCAL_AREAS, [focal_area("P5.FA1")])
    two = write_csv(tmp_path / "b" / "focal-areas.csv", FOCAL_AREAS, [focal_area("P5.FA2")])
    first = aspen(import_root, "import", str(one), "--into", DRAFT_2)
    second = aspen(import_root, "import", str(two), "--into", DRAFT_2)
    outcomes = [process.communicate(timeout=300) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outcomes
    assert codes(import_root / FOLDER / "focal-areas.csv") == ["P5.FA1", "P5.FA2"]


# Each rename an import makes (os.rename, os.replace, the directory exchange) is counted; the
# process is killed just before or just after the N-th.
CRASH = """
import os, sys
import aspen_graph.sources.folders as folders
WHEN, AT = {when!r}, {at}
FALLBACK = {fallback!r}
calls = [0]
def counted(real):
    def rename(*args, **kwargs):
        calls[0] += 1
        if calls[0] == AT and WHEN == "before":
            os._exit(9)
        out = real(*args, **kwargs)
        if calls[0] == AT and WHEN == "after":
            os._exit(9)
        return out
    return rename
os.rename = counted(os.rename)
os.replace = counted(os.replace)
if hasattr(folders, "exchange"):
    folders.exchange = counted((lambda a, b: False) if FALLBACK else folders.exchange)
"""


def assert_wholly_old_or_new(folder: Path, old: str) -> None:
    new = (codes(folder / "focal-areas.csv"), codes(folder / "interventions.csv"))
    if fingerprint(folder) != old:
        assert new == (["P5.FA1"], ["P5.FA1.I1"])
    else:
        assert new == ([], [])


@pytest.mark.slow  # one full import per kill point
@pytest.mark.parametrize(
    ("when", "at", "fallback"),
    [
        ("before", 1, False),
        ("after", 1, False),
        ("before", 2, False),
        ("before", 1, True),
        ("after", 1, True),
        ("before", 2, True),
        ("after", 2, True),
        ("after", 3, True),
    ],
)
def test_a_killed_import_leaves_the_folder_wholly_old_or_wholly_new(
    import_root: Path, tmp_path: Path, when: str, at: int, fallback: bool
) -> None:
    folder = import_root / FOLDER
    old = fingerprint(folder)
    book = workbook(tmp_path / "plan.xlsx")
    script = CRASH.format(when=when, at=at, fallback=fallback)
    process = aspen(import_root, "import", str(book), "--into", DRAFT_2, script=script)
    out, err = process.communicate(timeout=300)
    assert process.returncode in (0, 9), (out, err)
    if not fallback:  # the exchange is one step: no state in between, even before recovery
        assert_wholly_old_or_new(folder, old)
    # The build does not see leftovers as versions; the next import removes them (and puts
    # back the old folder when the two-rename fallback was stopped between its renames).
    settings = Settings(root=import_root, dist_dir=import_root / "dist", examples=True)
    graphs = gather_inputs(settings).graphs
    assert not [iri for iri in graphs if "staged" in iri or "retired" in iri]
    again = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, [focal_area("P5.FA1")])
    import_rows(settings, again, DRAFT_2, dry_run=True)
    gather_inputs(settings)
    assert_wholly_old_or_new(folder, old)
    hidden = [p.name for p in folder.parent.iterdir() if p.name.startswith(".")]
    hidden += [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert hidden == []


def test_the_next_import_removes_stale_temporary_files(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    folder = import_root / FOLDER
    stale = folder / ".focal-areas.csv.k2j3h4.tmp"
    stale.write_text("half a table")
    staged = folder.parent / f".{folder.name}.staged-99999"
    staged.mkdir()
    (staged / "plan.ttl").write_text("# half a copy")
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, [focal_area("P5.FA1", "P9")])
    result = import_rows(settings, path, DRAFT_2)
    assert not result.ok  # refused rows still clean up what a crashed import left
    assert not stale.exists()
    assert not staged.exists()


@pytest.mark.slow  # two imports validating the whole build
def test_modes_are_kept(settings: Settings, import_root: Path, tmp_path: Path) -> None:
    folder = import_root / FOLDER
    previous = os.umask(0o022)
    try:
        path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, [focal_area("P5.FA1")])
        assert import_rows(settings, path, DRAFT_2).written
        table = folder / "focal-areas.csv"
        assert stat.S_IMODE(table.stat().st_mode) == 0o644  # a new file honours umask
        table.chmod(0o664)
        (folder / "plan.ttl").chmod(0o640)
        folder.chmod(0o751)
        path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, [focal_area("P5.FA2")])
        assert import_rows(settings, path, DRAFT_2).written
    finally:
        os.umask(previous)
    assert codes(table) == ["P5.FA1", "P5.FA2"]
    assert stat.S_IMODE(table.stat().st_mode) == 0o664
    assert stat.S_IMODE((folder / "plan.ttl").stat().st_mode) == 0o640
    assert stat.S_IMODE(folder.stat().st_mode) == 0o751


@pytest.mark.parametrize("into", ["..", ".example-plan-draft-2.staged-1", "plan-version:../x"])
def test_a_version_key_never_names_a_folder_outside_the_versions(
    settings: Settings, import_root: Path, tmp_path: Path, into: str
) -> None:
    (import_root / "data" / ".keep.tmp").write_text("not ours to remove")
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, [focal_area("P5.FA1")])
    with pytest.raises(DataLoadError, match="names no plan version"):
        import_rows(settings, path, into)
    assert (import_root / "data" / ".keep.tmp").exists()


def test_a_folder_saved_during_the_import_is_not_overwritten(
    settings: Settings, import_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = import_root / FOLDER
    plan = folder / "plan.ttl"

    def someone_saves(*_args: object) -> list[object]:
        plan.write_text(plan.read_text("utf-8") + "\n# saved by hand meanwhile\n", "utf-8")
        return []  # no findings

    monkeypatch.setattr("aspen_graph.pipeline.importer._validate", someone_saves)
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, [focal_area("P5.FA1")])
    with pytest.raises(DataLoadError, match="the folder changed while the import was checking"):
        import_rows(settings, path, DRAFT_2)
    assert plan.read_text("utf-8").endswith("# saved by hand meanwhile\n")
    assert not (folder / "focal-areas.csv").exists()
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".")] == []
