"""Response models of the JSON routes (documentation and validation at the edge).

Domain things are the model's own definitions (:mod:`aspen_graph.model`), answered as they are.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from aspen_graph.model import Alignment


class ParameterInfo(BaseModel):
    name: str
    type: str = Field(description="iri, string, integer, decimal, date or language")
    required: bool
    default: str | None = None
    classes: list[str] = Field(default_factory=list, description="rdf:types an iri must have")
    doc: str = ""


class QueryInfo(BaseModel):
    name: str
    summary: str
    tags: list[str]
    form: str
    parameters: list[ParameterInfo]
    href: str


class QueryList(BaseModel):
    data: list[QueryInfo]
    count: int


class Cell(BaseModel):
    type: Literal["uri", "literal", "bnode"]
    value: str
    lang: str | None = None
    datatype: str | None = None
    curie: str | None = None


class QueryResult(BaseModel):
    columns: list[str]
    rows: list[dict[str, Cell]]
    count: int
    query: str


class Health(BaseModel):
    status: Literal["ok", "degraded", "down"]
    workers: int
    pool: int
    starting: int
    quads: int
    queries: int
    timeouts: int
    crashes: int
    """Query workers that died (embedded store)."""
    store_unavailable: int = 0
    """Requests that found the remote store unreachable or failing."""
    last_worker_start_seconds: float
    cache_entries: int | None = None


class Version(BaseModel):
    version: str
    fingerprint: str
    api: str
    manifest: dict[str, Any]


class ErrorBody(BaseModel):
    """What every error answers (see ``api/errors.py``)."""

    error: str = Field(description="the kind of error, e.g. QueryParameterError")
    detail: str = Field(description="what was wrong, in words")


class AlignmentList(BaseModel):
    element: str
    curie: str | None = None
    lang: str
    data: list[Alignment]
    count: int


class GapTarget(BaseModel):
    """A relevant target no element of the plan reaches with a positive alignment."""

    target: str
    curie: str | None = None
    code: str = Field(description="the target's official notation")
    framework: str = Field(description="SDG or GBF")
    text: str | None = Field(None, description="the official text")
    text_lang: str | None = None


class Gap(GapTarget):
    challenge: str
    challenge_label: str | None = None


class GapList(BaseModel):
    plan: str
    version: str | None = Field(None, description="the plan version whose elements count")
    lang: str
    data: list[Gap]
    count: int


class FrameworkSplit(BaseModel):
    relevant: int
    reached: int


class ChallengeCoverage(BaseModel):
    """Coverage of one challenge by the plan, and the targets it leaves out."""

    challenge: str
    curie: str | None = None
    label: str | None = None
    label_lang: str | None = None
    relevant: int = Field(description="targets relevant to the challenge")
    reached: int = Field(description="of those, targets an element reaches (score > 0)")
    ratio: float = Field(description="reached / relevant (0 when nothing is relevant)")
    sdg: FrameworkSplit
    gbf: FrameworkSplit
    gaps: list[GapTarget]


class CoverageList(BaseModel):
    plan: str
    version: str | None = Field(None, description="the plan version whose elements count")
    lang: str
    data: list[ChallengeCoverage]
    count: int


StepKind = Literal["alignment", "served-by", "target-of"]


class ExplainStep(BaseModel):
    """One link of a chain: an alignment (with evidence) or a roll-up."""

    kind: StepKind = Field(
        description="alignment: source serves target; served-by: a goal counts a priority "
        "that serves it; target-of: an SDG target rolls up to its goal"
    )
    source: str
    source_label: str
    target: str
    target_label: str
    score: int | None = None
    confidence: float | None = None
    rationale: str | None = None
    sources: list[str] = Field(default_factory=list)
    alignment: str | None = Field(None, description="IRI of the alignment resource")


class ExplainChain(BaseModel):
    strength: int = Field(description="the weakest alignment score on the chain")
    confidence: float = Field(description="the product of the chain's confidences")
    steps: list[ExplainStep]


class Explanation(BaseModel):
    element: str
    element_label: str
    target: str
    target_label: str
    lang: str
    chains: list[ExplainChain] = Field(description="strongest, then shortest first; may be empty")
    count: int


__all__ = [
    "Alignment",
    "AlignmentList",
    "Cell",
    "ChallengeCoverage",
    "CoverageList",
    "ErrorBody",
    "ExplainChain",
    "ExplainStep",
    "Explanation",
    "FrameworkSplit",
    "Gap",
    "GapList",
    "GapTarget",
    "Health",
    "ParameterInfo",
    "QueryInfo",
    "QueryList",
    "QueryResult",
    "StepKind",
    "Version",
]
