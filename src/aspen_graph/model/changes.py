"""What changed between two plan versions: computed by :mod:`aspen_graph.analysis.versions`,
rendered by :mod:`aspen_graph.report.diff` and answered by ``GET /diff``.

Elements are named by class and code, since each version has its own element IRIs.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from aspen_graph.model.plan import PlanVersion

_FROZEN = ConfigDict(frozen=True)


class Rewording(BaseModel):
    """A field of an element whose text changed."""

    model_config = _FROZEN

    field: str
    old: str | None
    new: str | None


class ElementChange(BaseModel):
    """An element added (``old`` is None), removed (``new`` is None) or reworded."""

    model_config = _FROZEN

    kind: str
    code: str
    old: str | None
    new: str | None
    changes: list[Rewording] = Field(default_factory=list)


class VersionedAlignmentKey(BaseModel):
    """An alignment named the same way in every version, so that two versions can be matched:
    the element by kind and code; the target by CURIE, or by code when ``target_kind`` names a
    plan element (its IRI differs in every version)."""

    model_config = _FROZEN

    kind: str
    code: str
    target: str
    target_kind: str | None
    target_label: str | None


class VersionedAlignment(VersionedAlignmentKey):
    """An alignment of one version as the diff matches it (the score of
    :class:`aspen_graph.model.Alignment`; rejected alignments do not count)."""

    score: int


class AlignmentChange(VersionedAlignmentKey):
    """An alignment added (``old_score`` is None), removed (``new_score`` is None) or
    re-scored."""

    old_score: int | None
    new_score: int | None


class CoverageChange(BaseModel):
    """Reached / total of one challenge, SDG goal or framework, in the old and new version."""

    model_config = _FROZEN

    key: str
    label: str
    reached_old: int
    total_old: int
    reached_new: int
    total_new: int

    @property
    def changed(self) -> bool:
        return (self.total_old, self.reached_old) != (self.total_new, self.reached_new)


class VersionDiff(BaseModel):
    """Everything ``aspen diff`` reports, in report order."""

    model_config = _FROZEN

    old: PlanVersion
    new: PlanVersion
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
        data = self.model_dump()
        data["sdg_goals"] = [c.model_dump() for c in self.sdg_goals if c.changed]
        data["frameworks"] = [c.model_dump() for c in self.frameworks if c.changed]
        return data


__all__ = [
    "AlignmentChange",
    "CoverageChange",
    "ElementChange",
    "Rewording",
    "VersionDiff",
    "VersionedAlignment",
    "VersionedAlignmentKey",
]
