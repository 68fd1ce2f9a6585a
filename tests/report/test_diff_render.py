"""The diff's text and Markdown layouts on a hand-made diff (no store): empty sections say so in
the language asked for, marks and counts as ``aspen diff`` prints them."""

from __future__ import annotations

from aspen_graph.model import PlanVersion
from aspen_graph.model.changes import AlignmentChange, CoverageChange, VersionDiff
from aspen_graph.report import render_diff


def _coverage(key: str, label: str, old: tuple[int, int], new: tuple[int, int]) -> CoverageChange:
    """Reached / total of one challenge or goal, before and after."""
    return CoverageChange(
        key=key,
        label=label,
        reached_old=old[0],
        total_old=old[1],
        reached_new=new[0],
        total_new=new[1],
    )


def _diff(lang: str) -> VersionDiff:
    old = PlanVersion(version="plan-version:a", plan="plan:p", label="A", issued="2026-01-01")
    new = PlanVersion(version="plan-version:b", plan="plan:p", label=None, issued=None)
    change = AlignmentChange(
        kind="StrategicPriority",
        code="P1",
        target="sdg:14.3",
        target_kind=None,
        target_label=None,
        old_score=1,
        new_score=0,
    )
    return VersionDiff(
        old=old,
        new=new,
        lang=lang,
        elements_added=[],
        elements_removed=[],
        elements_reworded=[],
        alignments_added=[],
        alignments_removed=[],
        alignments_rescored=[change],
        challenges=[_coverage("challenge:c", "pollution", (3, 9), (4, 9))],
        sdg_goals=[_coverage("sdg:14", "SDG 14", (6, 10), (6, 10))],
        frameworks=[],
    )


def test_empty_sections_say_none_in_english_text() -> None:
    assert render_diff(_diff("en"), "text") == (
        "Changes from plan-version:a to plan-version:b\n"
        "  plan-version:a: A (2026-01-01)\n"
        "  plan-version:b: \n"
        "\nElements added (0)\n  (none)\n"
        "\nElements removed (0)\n  (none)\n"
        "\nElements reworded (0)\n  (none)\n"
        "\nAlignments added (0)\n  (none)\n"
        "\nAlignments removed (0)\n  (none)\n"
        "\nAlignments re-scored (1)\n  ~ priority P1 → sdg:14.3: score +1 → 0\n"
        "\nCoverage per challenge\n  pollution 3/9 → 4/9\n"
        "\nCoverage per SDG goal and framework (changed only)\n  (none)\n"
    )


def test_empty_sections_say_none_in_vietnamese_markdown() -> None:
    text = render_diff(_diff("vi"), "md")
    assert text.startswith(
        "# Thay đổi từ `plan-version:a` đến `plan-version:b`\n\n"
        "- `plan-version:a`: A (2026-01-01)\n"
        "- `plan-version:b`: \n"
        "\n## Thành phần được thêm (0)\n\n- (không có)\n"
    )
    # Markdown bullets drop the text's ~ mark: the heading already says re-scored.
    assert "\n## Liên kết được chấm điểm lại (1)\n\n- ưu tiên P1 → sdg:14.3: điểm +1 → 0\n" in text
    assert text.endswith("(chỉ những thay đổi)\n\n- (không có)\n")
