"""``aspen template`` and ``aspen import`` through the real entry point: output and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli_runner import run_app
from tests.imports.conftest import tree_hash, write_csv

from aspen_graph.sources.tables.kinds import FOCAL_AREAS


def focal_area(code: str, priority: str = "P5", **cells: str) -> dict[str, str]:
    row = {
        "code": code,
        "priority": priority,
        "label_en": f"Focal area {code} (example)",
        "label_vi": f"Lĩnh vực trọng tâm {code} (ví dụ)",
        "source": "document:example-data",
    }
    row.update(cells)
    return row


def test_template_list_and_write(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_app(monkeypatch, capsys, "template", "--list")
    assert code == 0
    for kind in ("focal-areas", "interventions", "milestones", "mel-indicators", "alignments"):
        assert kind in out
    target = tmp_path / "out" / "milestones.xlsx"
    code, out, _ = run_app(monkeypatch, capsys, "template", "milestones", "--out", str(target))
    assert (code, target.is_file()) == (0, True)
    assert "wrote" in out
    for_version = tmp_path / "out" / "for-draft-2.xlsx"
    args = ("template", "interventions", "--into", "example-plan-draft-2", "--out")
    code, _, _ = run_app(monkeypatch, capsys, *args, str(for_version))
    assert (code, for_version.is_file()) == (0, True)
    code, _, err = run_app(monkeypatch, capsys, *args[:3], "nowhere-draft-1", "--out", "x.xlsx")
    assert code == 2
    assert "plan-version:nowhere-draft-1 is not an aspen:PlanVersion" in err
    code, out, _ = run_app(monkeypatch, capsys, "template", "milestones", "--describe")
    assert code == 0
    assert "milestone_of" in out and "required" in out
    code, _, err = run_app(monkeypatch, capsys, "template", "goals", "--out", str(target))
    assert code == 2
    assert "unknown table kind 'goals'" in err


def test_import_exit_codes(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = write_csv(
        tmp_path / "bad" / "focal-areas.csv",
        FOCAL_AREAS,
        [focal_area("P5.FA1", priority="P9"), focal_area("P5.FA2", sequence="zero")],
    )
    before = tree_hash(project)
    code, out, err = run_app(
        monkeypatch, capsys, "import", str(bad), "--into", "plan-version:example-plan-draft-2"
    )
    assert code == 1
    assert "no priority has code 'P9'" in out
    assert "'zero' is not a whole number from 1 up" in out
    assert "2 problem(s) in 2 row(s); nothing was imported" in err
    assert tree_hash(project) == before

    code, _, err = run_app(monkeypatch, capsys, "import", str(tmp_path / "x.xlsx"), "--into", "a")
    assert code == 2
    assert err.startswith("error: ") and "file not found" in err


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_import_good_then_again(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, [focal_area("P5.FA1")])
    args = ("import", str(good), "--into", "example-plan-draft-2")
    code, out, _ = run_app(monkeypatch, capsys, *args, "--dry-run")
    assert code == 0
    assert "1 added, 0 changed, 0 unchanged" in out and "dry run: nothing written" in out
    code, out, _ = run_app(monkeypatch, capsys, *args)
    assert code == 0
    assert "1 added, 0 changed, 0 unchanged" in out and "wrote" in out
    code, out, _ = run_app(monkeypatch, capsys, *args)
    assert code == 0
    assert "0 added, 0 changed, 1 unchanged" in out and "nothing written" in out
