"""Plan elements and plan versions, and the order a plan reads in."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

KINDS: tuple[str, ...] = (
    "StrategicGoal",
    "StrategicPriority",
    "FocalArea",
    "Intervention",
    "Milestone",
    "MELIndicator",
)
"""Element classes (local names in ``aspen:``) in the order a plan reads (goals first)."""

GOAL = "StrategicGoal"
ALIGNABLE_KINDS = frozenset(KINDS[:4])
"""The elements whose alignments count for coverage (goals, priorities, focal areas,
interventions)."""


def kind_rank(kind: str) -> int:
    """A kind's place in :data:`KINDS` (unknown kinds last)."""
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def natural_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting numbers in number order.

    >>> sorted(["P10", "P2", "P2.FA1", "sdg:14.10", "sdg:14.2"], key=natural_key)
    ['P2', 'P2.FA1', 'P10', 'sdg:14.2', 'sdg:14.10']
    """
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", code) if part
    )


TargetOrder = tuple[str, tuple[tuple[int, int | str], ...]]


def target_order(framework: str, code: str) -> TargetOrder:
    """Sort key of a target: by framework, then in natural code order (SDG 7.3 < 7.a < 13.1,
    GBF-TARGET-09 < GBF-TARGET-23), which SPARQL cannot sort by.

    >>> sorted([("sdg", "13.b"), ("gbf", "23"), ("sdg", "7.a"), ("gbf", "9")],
    ...        key=lambda t: target_order(*t))
    [('gbf', '9'), ('gbf', '23'), ('sdg', '7.a'), ('sdg', '13.b')]
    """
    return framework, natural_key(code)


class PlanElement(BaseModel):
    """One element of a plan version: its class and stable code (``dct:identifier``), which
    match it across versions (each version has its own element IRIs), and its texts."""

    model_config = ConfigDict(frozen=True)

    kind: str
    code: str
    label: str | None
    definition: str | None


class PlanVersion(BaseModel):
    """A version of a plan (CURIEs), with its label and issue date."""

    model_config = ConfigDict(frozen=True)

    version: str
    plan: str
    label: str | None
    issued: str | None


__all__ = [
    "ALIGNABLE_KINDS",
    "GOAL",
    "KINDS",
    "PlanElement",
    "PlanVersion",
    "TargetOrder",
    "kind_rank",
    "natural_key",
    "target_order",
]
