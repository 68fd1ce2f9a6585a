"""What changed between two plan versions (``aspen diff``, ``GET /diff``).

Elements are matched by class and stable code (``dct:identifier``), since each version has its
own element IRIs; alignments by element code and target (a target that is itself a plan
element, such as the goal a priority serves, by its class and code too). Rejected alignments do
not count, as in coverage. Coverage comes from the catalogue: ``coverage-by-challenge`` and
``coverage-by-framework`` with each version, and ``versions/sdg-goal-coverage`` per SDG goal.

Every list is sorted (kinds in plan order, codes in natural order: P2 before P10), so the same
two versions always give the same text.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.sources.curie import compress
from aspen_graph.store import GraphStore

KINDS: tuple[str, ...] = (
    "StrategicGoal",
    "StrategicPriority",
    "FocalArea",
    "Intervention",
    "Milestone",
    "MELIndicator",
)
"""Element classes in the order a plan reads (goals first)."""

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


def natural_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting numbers in number order.

    >>> sorted(["P10", "P2", "P2.FA1", "sdg:14.10", "sdg:14.2"], key=natural_key)
    ['P2', 'P2.FA1', 'P10', 'sdg:14.2', 'sdg:14.10']
    """
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", code) if part
    )


def _kind_rank(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a version, as matched across versions (by kind and code)."""

    kind: str
    code: str
    label: str | None
    definition: str | None


@dataclass(frozen=True, slots=True)
class Rewording:
    """A field of an element whose text changed."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class ElementChange:
    """An element added (``old`` is None), removed (``new`` is None) or reworded."""

    kind: str
    code: str
    old: str | None
    new: str | None
    changes: list[Rewording] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Aligned:
    """An alignment of a version: element code → target, with its score."""

    kind: str
    code: str
    target: str
    target_kind: str | None
    target_label: str | None
    score: int


@dataclass(frozen=True, slots=True)
class AlignmentChange:
    """An alignment added (``old_score`` is None), removed (``new_score`` is None) or
    re-scored. ``target`` is a CURIE, or a code when ``target_kind`` names a plan element."""

    kind: str
    code: str
    target: str
    target_kind: str | None
    target_label: str | None
    old_score: int | None
    new_score: int | None


@dataclass(frozen=True, slots=True)
class CoverageChange:
    """Reached / total of one challenge, SDG goal or framework, in the old and new version."""

    key: str
    label: str
    reached_old: int
    total_old: int
    reached_new: int
    total_new: int

    @property
    def changed(self) -> bool:
        return (self.total_old, self.reached_old) != (self.total_new, self.reached_new)


@dataclass(frozen=True, slots=True)
class VersionInfo:
    version: str
    plan: str
    label: str | None
    issued: str | None


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """Everything ``aspen diff`` reports, in report order."""

    old: VersionInfo
    new: VersionInfo
    lang: str
    elements_added: list[ElementChange]
    elements_removed: list[ElementChange]
    elements_reworded: list[ElementChange]
    alignments_added: list[AlignmentChange]
    alignments_removed: list[AlignmentChange]
    alignments_rescored: list[AlignmentChange]
    challenges: list[CoverageChange]
    sdg_goals: list[CoverageChange]
    frameworks: list[CoverageChange]

    def changed_goals(self) -> list[CoverageChange]:
        """SDG goals, then frameworks, whose coverage changed."""
        return [c for c in [*self.sdg_goals, *self.frameworks] if c.changed]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; like the text, it lists only the SDG goals and frameworks whose
        coverage changed, and every challenge."""
        data = asdict(self)
        data["sdg_goals"] = [asdict(c) for c in self.sdg_goals if c.changed]
        data["frameworks"] = [asdict(c) for c in self.frameworks if c.changed]
        return data


def _text(value: Node | None) -> str | None:
    return None if value is None else str(value)


def _int(value: Node | None) -> int:
    return int(value.toPython()) if isinstance(value, Literal) else 0


def version_reference(text: str) -> str:
    """A version as given on the command line: a CURIE or IRI, or a bare key.

    >>> version_reference("example-plan-draft-1"), version_reference("plan-version:x")
    ('plan-version:example-plan-draft-1', 'plan-version:x')
    """
    return text if ":" in text else f"plan-version:{text}"


def _version_info(store: GraphStore, catalog: QueryCatalog, version: str, lang: str) -> VersionInfo:
    # The query's parameter check says when the reference names nothing or no version.
    params = {"version": version_reference(version), "lang": lang}
    rows = run_select(store, catalog, "versions/version-of", params).records()
    if not rows:
        raise QueryParameterError(f"{version} is not a version of any plan (no aspen:versionOf)")
    return VersionInfo(
        version=compress(str(rows[0]["version"])),
        plan=compress(str(rows[0]["plan"])),
        label=_text(rows[0]["label"]),
        issued=_text(rows[0]["issued"]),
    )


def _elements(
    store: GraphStore, catalog: QueryCatalog, version: str, lang: str
) -> dict[tuple[str, str], Element]:
    table = run_select(store, catalog, "versions/elements", {"version": version, "lang": lang})
    out: dict[tuple[str, str], Element] = {}
    for row in table.records():
        element = Element(
            kind=str(row["kind"]),
            code=str(row["code"]),
            label=_text(row["label"]),
            definition=_text(row["definition"]),
        )
        out.setdefault((element.kind, element.code), element)
    return out


def _alignments(
    store: GraphStore, catalog: QueryCatalog, version: str, lang: str
) -> dict[tuple[str, str, str, str], Aligned]:
    table = run_select(store, catalog, "versions/alignments", {"version": version, "lang": lang})
    out: dict[tuple[str, str, str, str], Aligned] = {}
    for row in table.records():
        # A plan element as target is named by its code: its IRI differs in every version.
        target_kind = _text(row["target_kind"])
        code = _text(row["target_code"])
        aligned = Aligned(
            kind=str(row["kind"]),
            code=str(row["code"]),
            target=code if target_kind and code else compress(str(row["target"])),
            target_kind=target_kind if code else None,
            target_label=_text(row["target_label"]),
            score=_int(row["score"]),
        )
        key = (aligned.kind, aligned.code, aligned.target_kind or "", aligned.target)
        # Two alignments of one element to one target: the strongest counts.
        if key not in out or aligned.score > out[key].score:
            out[key] = aligned
    return out


def _coverage(
    store: GraphStore,
    catalog: QueryCatalog,
    name: str,
    params: dict[str, str],
    columns: tuple[str, str, str, str],
) -> dict[str, tuple[str, int, int]]:
    """{key: (label, reached, total)} from one coverage query."""
    key_column, label_column, total_column, reached_column = columns
    out = {}
    for row in run_select(store, catalog, name, params).records():
        key = compress(str(row[key_column]))
        label = _text(row[label_column]) or key
        out[key] = (label, _int(row[reached_column]), _int(row[total_column]))
    return out


def _compare(
    old: dict[str, tuple[str, int, int]],
    new: dict[str, tuple[str, int, int]],
    label: str = "{}",
) -> list[CoverageChange]:
    changes = []
    for key in old.keys() | new.keys():
        name = (new.get(key) or old[key])[0]
        _, reached_old, total_old = old.get(key, (name, 0, 0))
        _, reached_new, total_new = new.get(key, (name, 0, 0))
        changes.append(
            CoverageChange(key, label.format(name), reached_old, total_old, reached_new, total_new)
        )
    return changes


def _element_order(kind: str, code: str) -> tuple[int, Any, str]:
    return (_kind_rank(kind), natural_key(code), kind)


def diff_versions(
    store: GraphStore,
    catalog: QueryCatalog,
    old: str,
    new: str,
    *,
    lang: str = "en",
) -> VersionDiff:
    """The changes from version ``old`` to version ``new`` (CURIEs, IRIs or bare keys)."""
    infos = (_version_info(store, catalog, old, lang), _version_info(store, catalog, new, lang))
    a, b = infos[0].version, infos[1].version

    elements_old, elements_new = (_elements(store, catalog, v, lang) for v in (a, b))
    added = [
        ElementChange(e.kind, e.code, None, e.label)
        for k, e in elements_new.items()
        if k not in elements_old
    ]
    removed = [
        ElementChange(e.kind, e.code, e.label, None)
        for k, e in elements_old.items()
        if k not in elements_new
    ]
    reworded = []
    for key, after in elements_new.items():
        before = elements_old.get(key)
        if before is None:
            continue
        changes = [
            Rewording(name, getattr(before, name), getattr(after, name))
            for name in ("label", "definition")
            if getattr(before, name) != getattr(after, name)
        ]
        if changes:
            reworded.append(
                ElementChange(after.kind, after.code, before.label, after.label, changes)
            )

    aligned_old, aligned_new = (_alignments(store, catalog, v, lang) for v in (a, b))

    def alignment(before: Aligned | None, after: Aligned | None) -> AlignmentChange:
        some = after or before
        assert some is not None
        return AlignmentChange(
            kind=some.kind,
            code=some.code,
            target=some.target,
            target_kind=some.target_kind,
            target_label=some.target_label,
            old_score=before.score if before else None,
            new_score=after.score if after else None,
        )

    a_added = [alignment(None, r) for k, r in aligned_new.items() if k not in aligned_old]
    a_removed = [alignment(r, None) for k, r in aligned_old.items() if k not in aligned_new]
    a_rescored = [
        alignment(aligned_old[k], r)
        for k, r in aligned_new.items()
        if k in aligned_old and aligned_old[k].score != r.score
    ]

    def by_element(item: ElementChange) -> Any:
        return _element_order(item.kind, item.code)

    def by_alignment(item: AlignmentChange) -> Any:
        return (
            *_element_order(item.kind, item.code),
            item.target_kind or "",
            natural_key(item.target),
        )

    def compare(
        name: str, columns: tuple[str, str, str, str], *, labels: bool, label: str = "{}"
    ) -> list[CoverageChange]:
        extra = {"lang": lang} if labels else {}
        before, after = (
            _coverage(store, catalog, name, {"version": v, **extra}, columns) for v in (a, b)
        )
        return _compare(before, after, label)

    challenges = compare(
        "coverage-by-challenge",
        ("challenge", "challenge_label", "relevant", "reached"),
        labels=True,
    )
    sdg_goals = compare(
        "versions/sdg-goal-coverage",
        ("sdg_goal", "sdg_code", "targets", "reached"),
        labels=False,
        label="SDG {}",
    )
    frameworks = compare(
        "coverage-by-framework",
        ("framework", "framework_label", "components", "reached_components"),
        labels=False,
    )
    return VersionDiff(
        old=infos[0],
        new=infos[1],
        lang=lang,
        elements_added=sorted(added, key=by_element),
        elements_removed=sorted(removed, key=by_element),
        elements_reworded=sorted(reworded, key=by_element),
        alignments_added=sorted(a_added, key=by_alignment),
        alignments_removed=sorted(a_removed, key=by_alignment),
        alignments_rescored=sorted(a_rescored, key=by_alignment),
        challenges=sorted(challenges, key=lambda c: c.key),
        sdg_goals=sorted(sdg_goals, key=lambda c: natural_key(c.key)),
        frameworks=sorted(frameworks, key=lambda c: c.key),
    )


# --- rendering ------------------------------------------------------------------------------


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


def _lines(diff: VersionDiff) -> list[tuple[str, list[str]]]:
    """(heading, item lines) per section, shared by the text and Markdown renderings."""
    w = _words(diff.lang)

    def element(item: ElementChange) -> str:
        return f"{w[item.kind]} {item.code}"

    def target(item: AlignmentChange) -> str:
        return f"{w[item.target_kind]} {item.target}" if item.target_kind else item.target

    def aligned(item: AlignmentChange) -> str:
        return f"{element(ElementChange(item.kind, item.code, None, None))} → {target(item)}"

    reworded = []
    for item in diff.elements_reworded:
        for change in item.changes:
            old, new = _quoted(change.old), _quoted(change.new)
            reworded.append(f"~ {element(item)} {w[change.field]}: {old} → {new}")
    sections: list[tuple[str, list[str]]] = [
        (
            w["elements_added"],
            [f"+ {element(i)}: {_quoted(i.new)}" for i in diff.elements_added],
        ),
        (
            w["elements_removed"],
            [f"- {element(i)}: {_quoted(i.old)}" for i in diff.elements_removed],
        ),
        (w["elements_reworded"], reworded),
        (
            w["alignments_added"],
            [f"+ {aligned(i)}: {w['score']} {_score(i.new_score)}" for i in diff.alignments_added],
        ),
        (
            w["alignments_removed"],
            [
                f"- {aligned(i)}: {w['score']} {_score(i.old_score)}"
                for i in diff.alignments_removed
            ],
        ),
        (
            w["alignments_rescored"],
            [
                f"~ {aligned(i)}: {w['score']} {_score(i.old_score)} → {_score(i.new_score)}"
                for i in diff.alignments_rescored
            ],
        ),
        (
            w["coverage_challenges"],
            [
                f"{c.label} {c.reached_old}/{c.total_old} → {c.reached_new}/{c.total_new}"
                for c in diff.challenges
            ],
        ),
        (
            w["coverage_goals"],
            [
                f"{c.label} {w['coverage']} {c.reached_old}/{c.total_old} → "
                f"{c.reached_new}/{c.total_new}"
                for c in diff.changed_goals()
            ],
        ),
    ]
    return sections


def _counted(heading: str, items: list[str], counted: bool) -> str:
    return f"{heading} ({len(items)})" if counted else heading


def render_text(diff: VersionDiff) -> str:
    """The diff as plain text, one item per line."""
    w = _words(diff.lang)
    out = [w["title"].format(a=diff.old.version, b=diff.new.version)]
    for info in (diff.old, diff.new):
        out.append(
            f"  {info.version}: {info.label or ''}" + (f" ({info.issued})" if info.issued else "")
        )
    for number, (heading, items) in enumerate(_lines(diff)):
        out.append("")
        out.append(_counted(heading, items, number < 6))
        out += [f"  {item}" for item in items] or [f"  ({w['none']})"]
    return "\n".join(out) + "\n"


_MARKS = ("+ ", "- ", "~ ")


def render_markdown(diff: VersionDiff) -> str:
    """The diff as Markdown: a heading per section, a bullet per item."""
    w = _words(diff.lang)
    out = [f"# {w['title'].format(a=f'`{diff.old.version}`', b=f'`{diff.new.version}`')}", ""]
    for info in (diff.old, diff.new):
        out.append(
            f"- `{info.version}`: {info.label or ''}" + (f" ({info.issued})" if info.issued else "")
        )
    for number, (heading, items) in enumerate(_lines(diff)):
        out += ["", f"## {_counted(heading, items, number < 6)}", ""]
        # The heading says added, removed or changed: the text's +, - and ~ marks would nest.
        out += [
            f"- {item.removeprefix(item[:2]) if item[:2] in _MARKS else item}" for item in items
        ]
        if not items:
            out.append(f"- ({w['none']})")
    return "\n".join(out) + "\n"


def render_json(diff: VersionDiff) -> str:
    """The diff as JSON (see :meth:`VersionDiff.as_dict`)."""
    return json.dumps(diff.as_dict(), ensure_ascii=False, indent=2) + "\n"


def render(diff: VersionDiff, fmt: str) -> str:
    """The diff as ``text``, ``md`` or ``json``."""
    if fmt not in FORMATS:
        raise QueryParameterError(f"diff format {fmt!r}: use one of {', '.join(FORMATS)}")
    return {"text": render_text, "md": render_markdown, "json": render_json}[fmt](diff)


__all__ = [
    "FORMATS",
    "AlignmentChange",
    "CoverageChange",
    "ElementChange",
    "VersionDiff",
    "diff_versions",
    "render",
]
