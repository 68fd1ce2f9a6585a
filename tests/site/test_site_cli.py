"""``aspen site`` on the command line: a bad --out is one line and exit code 2, before any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_runner import run_app


@pytest.mark.parametrize("case", ["file", "under-a-file", "not-creatable"])
def test_a_bad_out_folder_is_one_line_and_exit_2(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "site.txt"
    a_file.write_text("not a folder")
    out = {
        "file": a_file,
        "under-a-file": a_file / "site",
        "not-creatable": Path("/proc/aspen-site"),
    }[case]
    code, stdout, stderr = run_app(monkeypatch, capsys, "site", "--out", str(out))
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert str(out) in lines[0]
    assert "Traceback" not in stderr and stdout == ""
    assert a_file.read_text() == "not a folder"


def test_no_release_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, stderr = run_app(
        monkeypatch,
        capsys,
        "site",
        "--out",
        str(tmp_path / "site"),
        "--release",
        str(tmp_path / "none"),
    )
    assert code == 2
    assert stderr.strip().splitlines() == [
        f"error: {tmp_path / 'none' / 'aspen.nq'}: no built release here; run 'aspen build' first"
    ]


def test_a_bad_base_url_is_one_line_and_exit_2_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    code, stdout, stderr = run_app(
        monkeypatch, capsys, "site", "--out", str(out), "--base-url", "example.org/aspen"
    )
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --base-url: "), stderr
    assert "Traceback" not in stderr and stdout == ""
    assert not out.exists()


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_jobs_below_one_is_one_line_and_exit_2_before_any_work(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    code, stdout, stderr = run_app(monkeypatch, capsys, "site", "--out", str(out), "--jobs", jobs)
    assert code == 2
    assert stderr.strip().splitlines() == [
        f"error: --jobs must be 1 or more (1: render in this process), not {jobs}"
    ]
    assert stdout == "" and not out.exists()
