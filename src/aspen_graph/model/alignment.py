"""An alignment: a plan element serves (score > 0) or works against (score < 0) a target, on
stated evidence (``aspen:Alignment`` in the ontology).

Pydantic, so that the API answers it as it is (``GET /alignments``) and documents it in OpenAPI
from this one definition; the analysis layer reads the same fields.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from aspen_graph.model.values import words


class AlignmentEvidence(BaseModel):
    """What an alignment asserts and rests on: its score, how sure, why, and which documents say
    so. The evidence an explanation chain carries for each alignment it follows."""

    score: int = Field(description="interaction score, -3 (cancelling) … +3 (indivisible)")
    confidence: float = Field(description="how sure, from 0 to 1")
    rationale: str = Field(description="why: the words the alignment rests on")
    sources: list[str] = Field(description="evidence: the documents the rationale cites")
    alignment: str = Field(description="IRI of the alignment resource")


class Alignment(AlignmentEvidence):
    """One alignment of an element: what it serves (or works against), and on what evidence."""

    target: str = Field(description="IRI of the target (SDG target or goal, GBF target …)")
    curie: str | None = Field(None, description="the target as a CURIE")
    label: str | None = Field(None, description="the target's label in the language asked for")
    label_lang: str | None = Field(None, description="language of the label (en stands in)")
    interaction: str = Field(description="the interaction level's label")
    status: str = Field(description="proposed, reviewed, …")
    asserted_by: str | None = None
    date: str | None = None


def split_sources(value: object) -> list[str]:
    """The evidence documents of an alignment, as the queries join them (``" ; "``).

    >>> split_sources("https://a ; https://b"), split_sources(None)
    (['https://a', 'https://b'], [])
    """
    return [s for s in words(value).split(" ; ") if s]


__all__ = ["Alignment", "AlignmentEvidence", "split_sources"]
