"""The renderings of a plan-version diff (``aspen diff --format text|md|json``): the words, in
English and Vietnamese, and the text and Markdown layouts (``templates/diff.txt.j2``,
``templates/diff.md.j2``). The diff itself is computed by :mod:`aspen_graph.analysis.versions`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from aspen_graph.errors import QueryParameterError
from aspen_graph.model import AlignmentChange, CoverageChange, ElementChange, VersionDiff
from aspen_graph.report.render import _environment

FORMATS = ("text", "json", "md")

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Changes from {a} to {b}",
        "elements_added": "Elements added",
        "elements_removed": "Elements removed",
        "elements_reworded": "Elements reworded",
        "alignments_added": "Alignments added",
        "alignments_removed": "Alignments removed",
        "alignments_rescored": "Alignments re-scored",
        "coverage_challenges": "Coverage per challenge",
        "coverage_goals": "Coverage per SDG goal and framework (changed only)",
        "none": "none",
        "label": "label",
        "definition": "definition",
        "score": "score",
        "coverage": "coverage",
        "StrategicGoal": "goal",
        "StrategicPriority": "priority",
        "FocalArea": "focal area",
        "Intervention": "intervention",
        "Milestone": "milestone",
        "MELIndicator": "indicator",
    },
    "vi": {
        "title": "Thay đổi từ {a} đến {b}",
        "elements_added": "Thành phần được thêm",
        "elements_removed": "Thành phần bị bỏ",
        "elements_reworded": "Thành phần được viết lại",
        "alignments_added": "Liên kết được thêm",
        "alignments_removed": "Liên kết bị bỏ",
        "alignments_rescored": "Liên kết được chấm điểm lại",
        "coverage_challenges": "Mức độ bao phủ theo thách thức",
        "coverage_goals": "Mức độ bao phủ theo mục tiêu SDG và khung (chỉ những thay đổi)",
        "none": "không có",
        "label": "nhãn",
        "definition": "định nghĩa",
        "score": "điểm",
        "coverage": "bao phủ",
        "StrategicGoal": "mục tiêu",
        "StrategicPriority": "ưu tiên",
        "FocalArea": "lĩnh vực trọng tâm",
        "Intervention": "can thiệp",
        "Milestone": "mốc",
        "MELIndicator": "chỉ số",
    },
}


def _words(lang: str) -> dict[str, str]:
    return _WORDS.get(lang, _WORDS["en"])


def _quoted(text: str | None) -> str:
    return "—" if text is None else f'"{text}"'


def _score(score: int | None) -> str:
    """A signed score; 0 has no sign.

    >>> _score(2), _score(-1), _score(0), _score(None)
    ('+2', '-1', '0', '—')
    """
    if score is None:
        return "—"
    return f"{score:+d}" if score else "0"


@dataclass(frozen=True, slots=True)
class Item:
    """One line of a section: ``mark`` says added (+), removed (-) or changed (~); the text
    marks it, the Markdown does not (its heading says so)."""

    mark: str
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    items: list[Item]


def sections(diff: VersionDiff) -> list[Section]:
    """The sections in report order, shared by the text and Markdown renderings; the first six
    (elements and alignments) count their items in the heading."""
    w = _words(diff.lang)

    def element(kind: str, code: str) -> str:
        return f"{w[kind]} {code}"

    def aligned(item: AlignmentChange) -> str:
        target = f"{w[item.target_kind]} {item.target}" if item.target_kind else item.target
        return f"{element(item.kind, item.code)} → {target}"

    def changed(item: ElementChange) -> list[Item]:
        return [
            Item(
                "~",
                f"{element(item.kind, item.code)} {w[change.field]}: "
                f"{_quoted(change.old)} → {_quoted(change.new)}",
            )
            for change in item.changes
        ]

    def elements(mark: str, items: list[ElementChange], *, new: bool) -> list[Item]:
        return [
            Item(mark, f"{element(i.kind, i.code)}: {_quoted(i.new if new else i.old)}")
            for i in items
        ]

    def alignments(
        mark: str, items: list[AlignmentChange], scores: Callable[[AlignmentChange], str]
    ) -> list[Item]:
        return [Item(mark, f"{aligned(i)}: {w['score']} {scores(i)}") for i in items]

    def coverage(items: list[CoverageChange], word: str = "") -> list[Item]:
        return [
            Item(
                "", f"{c.label}{word} {c.reached_old}/{c.total_old} → {c.reached_new}/{c.total_new}"
            )
            for c in items
        ]

    listed = [
        (w["elements_added"], elements("+", diff.elements_added, new=True)),
        (w["elements_removed"], elements("-", diff.elements_removed, new=False)),
        (w["elements_reworded"], [line for i in diff.elements_reworded for line in changed(i)]),
        (
            w["alignments_added"],
            alignments("+", diff.alignments_added, lambda i: _score(i.new_score)),
        ),
        (
            w["alignments_removed"],
            alignments("-", diff.alignments_removed, lambda i: _score(i.old_score)),
        ),
        (
            w["alignments_rescored"],
            alignments(
                "~",
                diff.alignments_rescored,
                lambda i: f"{_score(i.old_score)} → {_score(i.new_score)}",
            ),
        ),
    ]
    out = [Section(f"{heading} ({len(items)})", items) for heading, items in listed]
    out.append(Section(w["coverage_challenges"], coverage(diff.challenges)))
    out.append(Section(w["coverage_goals"], coverage(diff.changed_goals(), f" {w['coverage']}")))
    return out


def _layout(diff: VersionDiff, template: str, code: str) -> str:
    w = _words(diff.lang)
    title = w["title"].format(
        a=f"{code}{diff.old.version}{code}", b=f"{code}{diff.new.version}{code}"
    )
    return (
        _environment(autoescape=False)
        .get_template(template)
        .render(
            title=title,
            versions=(diff.old, diff.new),
            sections=sections(diff),
            nothing=w["none"],
        )
    )


def render_text(diff: VersionDiff) -> str:
    """The diff as plain text, one item per line."""
    return _layout(diff, "diff.txt.j2", "")


def render_markdown(diff: VersionDiff) -> str:
    """The diff as Markdown: a heading per section, a bullet per item."""
    return _layout(diff, "diff.md.j2", "`")


def render_json(diff: VersionDiff) -> str:
    """The diff as JSON (see :meth:`VersionDiff.as_dict`)."""
    return json.dumps(diff.as_dict(), ensure_ascii=False, indent=2) + "\n"


def render_diff(diff: VersionDiff, fmt: str) -> str:
    """The diff as ``text``, ``md`` or ``json``."""
    if fmt not in FORMATS:
        raise QueryParameterError(f"diff format {fmt!r}: use one of {', '.join(FORMATS)}")
    return {"text": render_text, "md": render_markdown, "json": render_json}[fmt](diff)


__all__ = [
    "FORMATS",
    "Item",
    "Section",
    "render_diff",
    "render_json",
    "render_markdown",
    "render_text",
    "sections",
]
