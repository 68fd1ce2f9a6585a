"""``aspen suggest`` on the release built with the example plans: bad input is one line and
exit 2, the review file has exactly the contract's columns, a rejected pair is not proposed
again."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from aspen_graph.cli import context
from aspen_graph.config import Settings, get_settings
from cli_runner import run_app

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
VERSION = "plan-version:aspen-2026-2035-draft-2026-03"
CONTRACT = [
    "source", "target", "interaction", "confidence", "rationale", "evidence", "asserted_by",
    "date", "status", "decision", "score", "rank", "framework", "evidence_source",
    "evidence_target", "method", "method_version", "suggested_at",
]  # fmt: skip


@pytest.fixture
def project(built_examples: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project root of its own (so a rejected-pairs file can be written) that reads the
    repository's queries and the release built with the examples."""
    root = tmp_path / "project"
    (root / "data" / "versions").mkdir(parents=True)
    for name in ("sparql", "ontology"):
        (root / name).symlink_to(ROOT / name)
    monkeypatch.setenv("ASPEN_ROOT", str(root))
    monkeypatch.setenv("ASPEN_DIST_DIR", str(built_examples.dist))
    get_settings.cache_clear()
    context.catalog.cache_clear()
    return root


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--element", "P9", "--version", VERSION], "'P9' is no element of"),
        (["--element", "P1", "--version", "plan-version:nope"], "names no plan version"),
        (["--text", "  ", "--lang", "en"], "the text is empty"),
        (["--text", "forests", "--lang", "fr"], "language 'fr' is not supported"),
        (["--text", "forests", "--version", VERSION], "not both"),
        ([], "give --element CODE --version V"),
        (["--text", "forests", "--out", "review.xlsx"], "--out needs --element or --version"),
        (["--challenge", "biodiversity"], "'biodiversity' is not a challenge; use one of"),
        (["--challenge", "pollution", "--text", "forests"], "give --challenge alone"),
        (
            ["--challenge", "pollution", "--element", "P1", "--version", VERSION],
            "--challenge alone",
        ),
        (["--challenge", "pollution", "--lang", "fr"], "'fr' is not supported"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    code, out, err = run_app(monkeypatch, capsys, "suggest", *args)
    assert code == 2, (args, out, err)
    lines = err.strip().splitlines()
    assert lines[0].startswith("error: ") and message in lines[0], err
    assert "Traceback" not in err


def _json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> list[dict[str, Any]]:
    code, out, err = run_app(monkeypatch, capsys, "suggest", *args, "--format", "json")
    assert code == 0, err
    answer: list[dict[str, Any]] = json.loads(out)
    return answer


def test_existing_alignments_are_flagged_and_the_rest_are_new(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (answer,) = _json(monkeypatch, capsys, "--element", "P4", "--version", VERSION, "--top", "5")
    curated = {
        row["target"]
        for row in csv.DictReader((ROOT / "data/tables/alignments.csv").open(encoding="utf-8"))
        if row["source"] == "priority:aspen-2026-2035-p4" and row["status"] != "rejected"
        and not row["target"].startswith(("goal:", "priority:", "ascc:"))
    }  # fmt: skip
    new = [s for s in answer["suggestions"] if not s["existing"]]
    existing = {s["target"] for s in answer["suggestions"] if s["existing"]}
    assert existing == curated
    assert [s["rank"] for s in new] == [1, 2, 3, 4, 5]
    assert not {s["target"] for s in new} & curated
    assert all(s["proposed_by"] == "machine" and s["confidence"] <= 0.6 for s in new)


def test_the_review_file_has_the_contract_columns(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out_csv, out_xlsx = tmp_path / "review.csv", tmp_path / "review.xlsx"
    for out in (out_csv, out_xlsx):
        code, _, err = run_app(
            monkeypatch, capsys, "suggest", "--version", VERSION, "--top", "3", "--out", str(out)
        )
        assert code == 0, err
    rows = list(csv.reader(out_csv.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == CONTRACT
    records = [dict(zip(CONTRACT, row, strict=True)) for row in rows[1:]]
    # Every element of the version (3 goals, 5 priorities), 3 candidates each.
    assert len(records) == 8 * 3
    assert {r["status"] for r in records} == {"proposed"}
    assert {r["decision"] for r in records} == {""}
    assert {r["asserted_by"] for r in records} == {""}
    assert {r["method"] for r in records} == {"aspen-suggest"}
    assert all(r["rationale"].startswith("Machine proposal") for r in records)
    assert all(r["evidence"].startswith("http") for r in records)
    assert {r["framework"] for r in records} <= {"sdg", "gbf", "paris", "asean2045"}
    sheet = load_workbook(out_xlsx).worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header == CONTRACT
    assert sheet.title == "alignments"
    assert sheet.max_row == 1 + len(records)
    lists = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert '"accept,edit,reject"' in lists  # the import's choices (ALIGNMENT_REVIEW)


def test_a_rejected_pair_is_not_proposed_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("--element", "P2", "--version", VERSION, "--top", "3")
    (before,) = _json(monkeypatch, capsys, *args)
    first, second = before["suggestions"][0], before["suggestions"][1]
    folder = project / "data" / "versions" / "aspen-2026-2035-draft-2026-03"
    folder.mkdir()
    (folder / "suggestions-rejected.csv").write_text(
        "source,target,rejected_by,date\n"
        f"priority:aspen-2026-2035-p2,{first['target']},analyst,2026-12-07\n",
        encoding="utf-8",
    )
    (after,) = _json(monkeypatch, capsys, *args)
    targets = [s["target"] for s in after["suggestions"]]
    assert first["target"] not in targets
    assert targets[0] == second["target"]
    shutil.rmtree(folder)


def _tagged(challenge: str) -> set[str]:
    table = ROOT / "data/tables/challenge-relevance.csv"
    rows = csv.DictReader(table.open(encoding="utf-8"))
    return {row["target"] for row in rows if row["challenge"] == challenge}


@pytest.mark.parametrize("challenge", ["climate-change", "biodiversity-loss", "pollution"])
def test_a_challenge_gets_untagged_sdg_and_gbf_targets(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    challenge: str,
) -> None:  # fmt: skip
    (answer,) = _json(monkeypatch, capsys, "--challenge", challenge, "--top", "7")
    assert answer["element"] == f"challenge:{challenge}"
    found = answer["suggestions"]
    assert [s["rank"] for s in found] == [1, 2, 3, 4, 5, 6, 7]
    assert not {s["target"] for s in found} & _tagged(challenge)
    assert {s["framework"] for s in found} <= {"sdg", "gbf"}
    assert all(s["evidence_target"] for s in found)


def test_the_challenge_review_file_is_the_relevance_template_plus_review_columns(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "review.csv"
    code, _, err = run_app(
        monkeypatch, capsys, "suggest", "--challenge", "pollution", "--top", "4", "--out", str(out)
    )
    assert code == 0, err
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == [
        "target", "challenge", "rationale", "evidence", "asserted_by", "date", "decision",
        "score", "rank", "framework", "evidence_source", "evidence_target", "method",
        "method_version", "suggested_at",
    ]  # fmt: skip
    assert [row[8] for row in rows[1:]] == ["1", "2", "3", "4"]
    assert {row[1] for row in rows[1:]} == {"pollution"}
    assert not {row[0] for row in rows[1:]} & _tagged("pollution")
