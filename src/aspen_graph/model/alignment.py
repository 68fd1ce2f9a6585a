"""An alignment: a plan element serves (score > 0) or works against (score < 0) a target, on
stated evidence (``aspen:Alignment`` in the ontology).

Pydantic, so that the API answers it as it is (``GET /alignments``) and documents it in OpenAPI
from this one definition; the analysis layer reads the same fields.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from aspen_graph.model.values import words


class Alignment(BaseModel):
    """One alignment of an element: what it serves (or works against), and on what evidence."""

    target: str = Field(description="IRI of the target (SDG target or goal, GBF target …)")
    curie: str | None = Field(None, description="the target as a CURIE")
    label: str | None = Field(None, description="the target's label in the language asked for")
    label_lang: str | None = Field(None, description="language of the label (en stands in)")
    score: int = Field(description="interaction score, -3 (cancelling) … +3 (indivisible)")
    interaction: str = Field(description="the interaction level's label")
    confidence: float
    rationale: str
    sources: list[str] = Field(description="evidence: the documents the rationale cites")
    status: str = Field(description="proposed, reviewed, …")
    asserted_by: str | None = None
    date: str | None = None
    alignment: str = Field(description="IRI of the alignment resource")


def split_sources(value: object) -> list[str]:
    """The evidence documents of an alignment, as the queries join them (``" ; "``).

    >>> split_sources("https://a ; https://b"), split_sources(None)
    (['https://a', 'https://b'], [])
    """
    return [s for s in words(value).split(" ; ") if s]


__all__ = ["Alignment", "split_sources"]
