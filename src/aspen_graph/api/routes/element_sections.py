"""The sections of a plan element's or a target's page: its alignments
(``alignments-by-element``), the elements reaching a target (``elements-by-target``), an SDG
goal's targets, a plan's elements, and the targets suggested for an element with few
alignments (:mod:`aspen_graph.analysis.suggest`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from rdflib import Literal, URIRef

from aspen_graph.analysis import Suggester, Suggestion, element_query
from aspen_graph.api.pages import Text, curie, resource_href
from aspen_graph.api.routes.page_links import Labeller, Link
from aspen_graph.errors import QueryParameterError
from aspen_graph.i18n import N_
from aspen_graph.model import split_sources, whole, words
from aspen_graph.store import Table

FEW_ALIGNMENTS = 3
"""An element with fewer alignments to candidate targets than this gets suggested targets."""
SUGGESTED = 5
"""Suggested targets shown on such an element's page."""
FRAMEWORK_NAMES = {
    "sdg": N_("SDG"),
    "gbf": N_("GBF"),
    "paris": N_("Paris Agreement"),
    "asean2045": N_("ASEAN 2045"),
}
"""The frameworks of :data:`aspen_graph.analysis.FRAMEWORKS`, as the pages name them."""


@dataclass(frozen=True, slots=True)
class AlignmentRow:
    """A row of an element's alignments table: a view of :class:`aspen_graph.model.Alignment`,
    some of its fields (no others) as the page shows them: links, texts in their language,
    numbers as the graph writes them."""

    target: Link
    score: int
    interaction: str
    confidence: str
    rationale: Text
    sources: tuple[Link, ...]
    status: str
    date: str
    alignment: Link


@dataclass(frozen=True, slots=True)
class ReachRow:
    element: Link
    how: str
    score: int | None
    confidence: str
    rationale: Text | None
    alignment: Link | None


@dataclass(frozen=True, slots=True)
class TargetRow:
    notation: str
    target: Link
    elements: int


@dataclass(frozen=True, slots=True)
class ElementRow:
    kind: str
    sequence: str
    element: Link


@dataclass(frozen=True, slots=True)
class SuggestedRow:
    """A machine-proposed target (:class:`aspen_graph.analysis.Suggestion`) as the pages show
    it: a link to the target's page, its framework, the ranking score, the proposed interaction
    and confidence, and the words of each side the proposal rests on."""

    rank: int
    target: Link
    framework: str
    score: float
    interaction: int
    confidence: float
    source_words: Text
    target_words: Text


def suggestion_rows(
    found: Sequence[Suggestion], base: str, lang: str, text_lang: str
) -> list[SuggestedRow]:
    """The ranked suggestions (not the element's existing alignments, rank 0) as table rows;
    the targets' texts are English (``lang`` is the page's), the source words ``text_lang``."""
    rows = []
    for s in found:
        if s.existing:
            continue
        c = s.candidate
        label = c.label if c.label.startswith(c.code) else f"{c.code} {c.label}"
        rows.append(
            SuggestedRow(
                rank=s.rank,
                target=Link(resource_href(base, c.iri), Text(label, "en", lang != "en"), c.curie),
                framework=FRAMEWORK_NAMES.get(c.framework, c.framework),
                score=s.score,
                interaction=s.interaction,
                confidence=s.confidence,
                source_words=Text(", ".join(s.source_words), text_lang),
                target_words=Text(", ".join(s.target_words), "en"),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class Review:
    """What ``aspen suggest`` needs to write the review file of one element."""

    code: str
    version: str
    few: int = FEW_ALIGNMENTS

    @property
    def command(self) -> str:
        return f"aspen suggest --element {self.code} --version {self.version} --out review.xlsx"


def element_suggestions(
    suggester: Suggester, iri: str, base: str, lang: str
) -> tuple[list[SuggestedRow], Review | None]:
    """The top :data:`SUGGESTED` targets for an element with fewer than
    :data:`FEW_ALIGNMENTS` alignments to candidate targets (the count ``aspen suggest
    --max-alignments`` uses), ranked for its own text; nothing for any other element."""
    element = suggester.elements.get(iri)
    if element is None or len(suggester.links.get(iri, [])) >= FEW_ALIGNMENTS:
        return [], None
    try:
        query = element_query(element)
    except QueryParameterError:  # an element without a label: nothing to rank for
        return [], None
    found = suggester.suggest(query, top=SUGGESTED)
    version = element.version.rsplit("/", 1)[-1]
    return suggestion_rows(found, base, lang, query.lang), Review(element.code, version)


def alignment_rows(labeller: Labeller, table: Table) -> list[AlignmentRow]:
    rows = []
    for row in table.records():
        label = row.get("target_label")
        sources = tuple(
            labeller.link(URIRef(s), Text(urlsplit(s).netloc or s))
            for s in split_sources(row.get("sources"))
        )
        rationale = row.get("rationale")
        rows.append(
            AlignmentRow(
                target=labeller.link(
                    row["target"],  # type: ignore[arg-type]
                    Text(str(label), label.language) if isinstance(label, Literal) else None,
                ),
                score=whole(row.get("score")) or 0,
                interaction=words(row.get("interaction")),
                confidence=words(row.get("confidence")),
                rationale=Text(
                    words(rationale), rationale.language if isinstance(rationale, Literal) else None
                ),
                sources=sources,
                status=words(row.get("status")),
                date=words(row.get("date")),
                alignment=labeller.link(row["alignment"], Text(curie(row["alignment"]))),  # type: ignore[arg-type]
            )
        )
    return rows


def reach_rows(labeller: Labeller, table: Table) -> list[ReachRow]:
    rows = []
    for row in table.records():
        label = row.get("element_label")
        rationale = row.get("rationale")
        alignment = row.get("alignment")
        rows.append(
            ReachRow(
                element=labeller.link(
                    row["element"],  # type: ignore[arg-type]
                    Text(str(label), label.language) if isinstance(label, Literal) else None,
                ),
                how=words(row.get("how")),
                score=whole(row.get("score")),
                confidence=words(row.get("confidence")),
                rationale=Text(words(rationale), rationale.language)
                if isinstance(rationale, Literal)
                else None,
                alignment=labeller.link(alignment, Text(curie(alignment)))
                if alignment is not None
                else None,
            )
        )
    return rows


__all__ = [
    "FEW_ALIGNMENTS",
    "FRAMEWORK_NAMES",
    "SUGGESTED",
    "AlignmentRow",
    "ElementRow",
    "ReachRow",
    "Review",
    "SuggestedRow",
    "TargetRow",
    "alignment_rows",
    "element_suggestions",
    "reach_rows",
    "suggestion_rows",
]
