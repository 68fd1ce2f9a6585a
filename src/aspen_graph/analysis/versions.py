"""What changed between two plan versions (``aspen diff``, ``GET /diff``).

Elements are matched by class and stable code (``dct:identifier``), since each version has its
own element IRIs; alignments by element code and target (a target that is itself a plan
element, such as the goal a priority serves, by its class and code too). Rejected alignments do
not count, as in coverage. Coverage comes from the catalogue: ``coverage-by-challenge`` and
``coverage-by-framework`` with each version, and ``versions/sdg-goal-coverage`` per SDG goal.

Every list is sorted (kinds in plan order, codes in natural order: P2 before P10), so the same
two versions always give the same text. The text, Markdown and JSON renderings are in
:mod:`aspen_graph.report.diff`.
"""

from __future__ import annotations

from typing import Any

from aspen_graph.curie import compress
from aspen_graph.errors import QueryParameterError
from aspen_graph.model import (
    AlignmentChange,
    CoverageChange,
    ElementChange,
    PlanElement,
    PlanVersion,
    Rewording,
    VersionDiff,
    VersionedAlignment,
    integer,
    kind_rank,
    natural_key,
    text,
)
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import GraphStore


def version_reference(text: str) -> str:
    """A version as given on the command line: a CURIE or IRI, or a bare key.

    >>> version_reference("example-plan-draft-1"), version_reference("plan-version:x")
    ('plan-version:example-plan-draft-1', 'plan-version:x')
    """
    return text if ":" in text else f"plan-version:{text}"


def _version_info(store: GraphStore, catalog: QueryCatalog, version: str, lang: str) -> PlanVersion:
    # The query's parameter check says when the reference names nothing or no version.
    params = {"version": version_reference(version), "lang": lang}
    rows = run_select(store, catalog, "versions/version-of", params).records()
    if not rows:
        raise QueryParameterError(f"{version} is not a version of any plan (no aspen:versionOf)")
    return PlanVersion(
        version=compress(str(rows[0]["version"])),
        plan=compress(str(rows[0]["plan"])),
        label=text(rows[0]["label"]),
        issued=text(rows[0]["issued"]),
    )


def _elements(
    store: GraphStore, catalog: QueryCatalog, version: str, lang: str
) -> dict[tuple[str, str], PlanElement]:
    table = run_select(store, catalog, "versions/elements", {"version": version, "lang": lang})
    out: dict[tuple[str, str], PlanElement] = {}
    for row in table.records():
        element = PlanElement(
            kind=str(row["kind"]),
            code=str(row["code"]),
            label=text(row["label"]),
            definition=text(row["definition"]),
        )
        out.setdefault((element.kind, element.code), element)
    return out


def _alignments(
    store: GraphStore, catalog: QueryCatalog, version: str, lang: str
) -> dict[tuple[str, str, str, str], VersionedAlignment]:
    table = run_select(store, catalog, "versions/alignments", {"version": version, "lang": lang})
    out: dict[tuple[str, str, str, str], VersionedAlignment] = {}
    for row in table.records():
        # A plan element as target is named by its code: its IRI differs in every version.
        target_kind = text(row["target_kind"])
        code = text(row["target_code"])
        aligned = VersionedAlignment(
            kind=str(row["kind"]),
            code=str(row["code"]),
            target=code if target_kind and code else compress(str(row["target"])),
            target_kind=target_kind if code else None,
            target_label=text(row["target_label"]),
            score=integer(row["score"]),
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
        label = text(row[label_column]) or key
        out[key] = (label, integer(row[reached_column]), integer(row[total_column]))
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
            CoverageChange(
                key=key,
                label=label.format(name),
                reached_old=reached_old,
                total_old=total_old,
                reached_new=reached_new,
                total_new=total_new,
            )
        )
    return changes


def _element_order(kind: str, code: str) -> tuple[int, Any, str]:
    return (kind_rank(kind), natural_key(code), kind)


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
        ElementChange(kind=e.kind, code=e.code, old=None, new=e.label)
        for k, e in elements_new.items()
        if k not in elements_old
    ]
    removed = [
        ElementChange(kind=e.kind, code=e.code, old=e.label, new=None)
        for k, e in elements_old.items()
        if k not in elements_new
    ]
    reworded = []
    for key, after in elements_new.items():
        before = elements_old.get(key)
        if before is None:
            continue
        changes = [
            Rewording(field=name, old=getattr(before, name), new=getattr(after, name))
            for name in ("label", "definition")
            if getattr(before, name) != getattr(after, name)
        ]
        if changes:
            reworded.append(
                ElementChange(
                    kind=after.kind,
                    code=after.code,
                    old=before.label,
                    new=after.label,
                    changes=changes,
                )
            )

    aligned_old, aligned_new = (_alignments(store, catalog, v, lang) for v in (a, b))

    def alignment(
        before: VersionedAlignment | None, after: VersionedAlignment | None
    ) -> AlignmentChange:
        some = after or before
        assert some is not None
        return AlignmentChange(
            **some.model_dump(exclude={"score"}),
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


__all__ = ["diff_versions", "version_reference"]
