"""Hostile and careless input to ``aspen import``: one line, exit 2 (or rows refused, exit 1),
nothing read from outside the file, nothing written, memory bounded."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from tests.cli_runner import run_app
from tests.imports.conftest import tree_hash, write_csv
from tests.imports.hostile import HWM, SHEET, huge_shared_string, sheet_xml, workbook

from aspen_graph.sources.tables.kinds import FOCAL_AREAS
from aspen_graph.sources.tables.screen import MAX_CELL_CHARS
from aspen_graph.sources.workbook import MAX_COLUMNS, MAX_PART_BYTES, MAX_ROWS

DRAFT_2 = "plan-version:example-plan-draft-2"
HEADER = list(FOCAL_AREAS.columns)


def good_row(code: str = "P5.FA1", **cells: str) -> list[str]:
    row = {
        **dict.fromkeys(HEADER, ""),
        "code": code,
        "priority": "P5",
        "label_en": f"Focal area {code} (example)",
        "label_vi": "",
        "sequence": "1",
        "source": "document:example-data",
        **cells,
    }
    return [row[column] for column in HEADER]


def refused(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    path: Path,
    code: int = 2,
) -> str:
    """Import ``path``; assert exit ``code``, no traceback, ``data/`` unchanged; the output."""
    before = tree_hash(project / "data")
    got, out, err = run_app(monkeypatch, capsys, "import", str(path), "--into", DRAFT_2)
    assert got == code, out + err
    assert "Traceback" not in out + err
    assert tree_hash(project / "data") == before
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {path}"), err
        return lines[0]
    return out + err


def test_an_external_entity_reads_no_local_file(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a")
    doctype = f'<!DOCTYPE worksheet [<!ENTITY leak SYSTEM "file://{secret}">]>'
    sheet = sheet_xml([HEADER, good_row()], doctype=doctype, extra=cell_with("&leak;"))
    path = workbook(tmp_path / "focal-areas.xlsx", {SHEET: sheet})
    line = refused(project, monkeypatch, capsys, path)
    assert f"part {SHEET}: declares a DTD or entities" in line
    assert "TOP-SECRET" not in line


def cell_with(raw: str) -> str:
    return f'<c r="G2" t="inlineStr"><is><t>{raw}</t></is></c>'


def test_an_external_entity_fetches_nothing(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        doctype = f'<!DOCTYPE w [<!ENTITY net SYSTEM "http://127.0.0.1:{port}/x">]>'
        sheet = sheet_xml([HEADER, good_row()], doctype=doctype, extra=cell_with("&net;"))
        path = workbook(tmp_path / "focal-areas.xlsx", {SHEET: sheet})
        refused(project, monkeypatch, capsys, path)
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected


def test_billion_laughs_is_refused(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)
    )
    sheet = sheet_xml(
        [HEADER, good_row()], doctype=f"<!DOCTYPE w [{entities}]>", extra=cell_with("&l9;")
    )
    path = workbook(tmp_path / "focal-areas.xlsx", {SHEET: sheet})
    assert "declares a DTD or entities" in refused(project, monkeypatch, capsys, path)


def test_a_truncated_sheet_names_its_part(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = sheet_xml([HEADER, good_row()])
    path = workbook(tmp_path / "focal-areas.xlsx", {SHEET: sheet[: len(sheet) // 2]})
    line = refused(project, monkeypatch, capsys, path)
    assert f"part {SHEET}: not well-formed XML (line 1, column " in line


def test_a_damaged_zip_is_one_line(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = workbook(tmp_path / "good.xlsx", {SHEET: sheet_xml([HEADER, good_row()])})
    data = bytearray(good.read_bytes())
    start = data.index(b"xl/worksheets/sheet1.xml") + 40  # inside the packed sheet
    data[start : start + 8] = b"\xff" * 8
    path = tmp_path / "focal-areas.xlsx"
    path.write_bytes(bytes(data))
    refused(project, monkeypatch, capsys, path)


def test_a_formula_is_refused_where_it_is(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    formula = '<c r="C3"><f>A3&amp;" (example)"</f><v>P5.FA2 (example)</v></c>'
    rows = [HEADER, good_row(), good_row("P5.FA2", label_en="")]
    path = workbook(tmp_path / "focal-areas.xlsx", {SHEET: sheet_xml(rows, extra=formula)})
    before = tree_hash(project / "data")
    got, _out, err = run_app(monkeypatch, capsys, "import", str(path), "--into", DRAFT_2)
    assert got == 2 and "Traceback" not in err
    assert "row 3, column 'label_en': cell C3 holds a formula; formulas are not accepted" in err
    assert "(sheet focal-areas)" in err
    assert tree_hash(project / "data") == before


def test_a_part_that_unpacks_past_the_limit_is_refused_in_bounded_memory(
    project: Path, tmp_path: Path
) -> None:
    mebibytes = MAX_PART_BYTES // 2**20 + 36
    path = huge_shared_string(tmp_path / "focal-areas.xlsx", mebibytes)
    assert path.stat().st_size < 2**20
    before = tree_hash(project / "data")
    peak = tmp_path / "peak"
    script = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(peak)!r}, 'w').write("
        f"str({HWM})))\n"
        "from aspen_graph.cli import app\n"
        f"sys.argv = ['aspen', 'import', {str(path)!r}, '--into', {DRAFT_2!r}]\n"
        "app()\n"
    )
    env = {**os.environ, "ASPEN_ROOT": str(project)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        f"error: {path}: part xl/sharedStrings.xml unpacks to {mebibytes}.0 MiB; a part of a "
        f"workbook may unpack to at most {MAX_PART_BYTES // 2**20}.0 MiB"
    )
    assert int(peak.read_text()) < 400 * 1024  # KiB: far below the part it refused
    assert tree_hash(project / "data") == before


def test_too_many_rows_are_refused_before_reading_them(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    last = MAX_ROWS + 2  # the header and one row past the limit
    far = f'<row r="{last}">' + f'<c r="A{last}" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = sheet_xml([HEADER, good_row()]).replace("</sheetData>", far + "</sheetData>")
    path = workbook(tmp_path / "focal-areas.xlsx", {SHEET: sheet})
    line = refused(project, monkeypatch, capsys, path)
    assert f"{MAX_ROWS + 1} rows; an import takes at most {MAX_ROWS} rows per table" in line


def test_blank_formatted_rows_past_the_limit_are_not_rows(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    styled = f'<row r="{MAX_ROWS * 5}"><c r="A{MAX_ROWS * 5}" s="1"/></row>'
    sheet = sheet_xml([HEADER, good_row(sequence="x")]).replace(
        "</sheetData>", styled + "</sheetData>"
    )
    path = workbook(tmp_path / "focal-areas.xlsx", {SHEET: sheet})
    out = refused(project, monkeypatch, capsys, path, code=1)  # the row's own problem only
    assert "'x' is not a whole number from 1 up" in out


def test_a_value_past_the_last_column_is_refused(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    far = '<c r="XFD2" t="inlineStr"><is><t>far</t></is></c>'
    sheet = sheet_xml([HEADER, good_row()], extra=far)
    path = workbook(tmp_path / "focal-areas.xlsx", {SHEET: sheet})
    line = refused(project, monkeypatch, capsys, path)
    assert f"a value in column 16384 (row 2); a table has at most {MAX_COLUMNS} columns" in line


def test_control_characters_are_refused_with_row_and_column(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # XML cannot hold C0 controls but takes the C1 ones (U+0080 … U+009F) as they are.
    rows = [HEADER, good_row(), good_row("P5.FA2", label_vi="Lĩnh vực\u009b (ví dụ)")]
    path = workbook(tmp_path / "focal-areas.xlsx", {SHEET: sheet_xml(rows)})
    out = refused(project, monkeypatch, capsys, path, code=1)
    assert "3   │ label_vi │ holds the control character U+009B at character 9" in out
    csv_path = write_csv(
        tmp_path / "nul" / "focal-areas.csv",
        FOCAL_AREAS,
        [dict(zip(HEADER, good_row(definition="A NUL\x00 inside"), strict=True))],
    )
    out = refused(project, monkeypatch, capsys, csv_path, code=1)
    assert "holds the control character U+0000 at character 6" in out
    csv_path = write_csv(
        tmp_path / "focal-areas.csv",
        FOCAL_AREAS,
        [dict(zip(HEADER, good_row(label_en="Air\x1bquality (example)"), strict=True))],
    )
    out = refused(project, monkeypatch, capsys, csv_path, code=1)
    assert "2   │ label_en │ holds the control character U+001B at character 4" in out


def test_a_cell_past_the_length_limit_is_refused(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    long = "x" * (MAX_CELL_CHARS + 1)
    rows = [HEADER, good_row(label_vi=long)]
    path = workbook(tmp_path / "focal-areas.xlsx", {SHEET: sheet_xml(rows)})
    out = refused(project, monkeypatch, capsys, path, code=1)
    assert f"is {MAX_CELL_CHARS + 1} characters long; a cell holds at most" in out


def test_a_template_that_cannot_be_written_is_one_line(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "taken.xlsx"
    folder.mkdir()
    blocker = tmp_path / "file"
    blocker.write_text("")
    for out in (folder, blocker / "under-a-file.csv"):
        code, _out, err = run_app(monkeypatch, capsys, "template", "focal-areas", "--out", str(out))
        assert code == 2
        assert err.strip().startswith(f"error: {out}: cannot write (")
        assert len(err.strip().splitlines()) == 1


def test_a_template_keeps_the_mode_of_the_file_it_replaces(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "templates" / "focal-areas.xlsx"
    previous = os.umask(0o022)
    try:
        assert run_app(monkeypatch, capsys, "template", "focal-areas", "--out", str(out))[0] == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.chmod(0o640)
        assert run_app(monkeypatch, capsys, "template", "focal-areas", "--out", str(out))[0] == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in out.parent.iterdir()] == ["focal-areas.xlsx"]  # no temporary left
