"""What the suggestions are made from, read from the built graph with the
``sparql/analysis/suggest-*.rq`` queries: the candidate targets with their English texts, the
plan elements with their labels in both languages, the curated alignments (and the pairs whose
curated alignment is rejected), which targets belong to which challenge, and the graph's
bilingual labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aspen_graph.curie import compress
from aspen_graph.model import number, split_sources, words
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

TEXT_COLUMNS = ("label_en", "label_vi", "definition_en", "definition_vi")
FRAMEWORKS = ("sdg", "gbf", "paris", "asean2045")
"""The frameworks whose targets are suggested, in the order they are listed."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A target an element may be aligned to, with the English text it is ranked by."""

    iri: str
    framework: str
    code: str
    label: str
    text: str
    sources: tuple[str, ...] = ()

    @property
    def curie(self) -> str:
        return compress(self.iri)


def _joined(*parts: str) -> str:
    return " ".join(part for part in parts if part)


class _Texts:
    """The texts an element or a challenge is ranked by (mixed into their dataclasses)."""

    __slots__ = ()
    label_en: str
    label_vi: str
    definition_en: str
    definition_vi: str

    @property
    def text_en(self) -> str:
        """Label and definition: what the English ranking reads."""
        return _joined(self.label_en, self.definition_en)

    @property
    def text_vi(self) -> str:
        return _joined(self.label_vi, self.definition_vi)


@dataclass(frozen=True, slots=True)
class Element(_Texts):
    """A goal, priority, focal area or intervention of a plan version."""

    iri: str
    kind: str
    code: str
    version: str
    plan: str
    label_en: str = ""
    label_vi: str = ""
    definition_en: str = ""
    definition_vi: str = ""
    example: bool = False
    challenges: tuple[str, ...] = ()

    @property
    def curie(self) -> str:
        return compress(self.iri)


@dataclass(frozen=True, slots=True)
class ChallengeText(_Texts):
    """A global challenge (climate change …) with the words ``aspen suggest --challenge``
    ranks targets for."""

    iri: str
    key: str
    label_en: str = ""
    label_vi: str = ""
    definition_en: str = ""
    definition_vi: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """A curated alignment (not rejected) from an element to a target."""

    source: str
    target: str
    score: int
    confidence: float


@dataclass(frozen=True, slots=True)
class Pair:
    """A term of the graph labelled in both languages."""

    term: str
    en: str
    vi: str


@dataclass
class Corpus:
    """Everything the ranking reads, as plain values (no store needed once loaded)."""

    candidates: list[Candidate] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    relevance: dict[str, set[str]] = field(default_factory=dict)
    """Target IRI → the challenges it is relevant to."""
    pairs: list[Pair] = field(default_factory=list)
    challenge_labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Challenge IRI → (English, Vietnamese) label."""
    challenges: list[ChallengeText] = field(default_factory=list)
    rejected: set[tuple[str, str]] = field(default_factory=set)
    """(element IRI, target IRI) of the curated alignments whose status is rejected: a decision
    as final as a rejection in a review, so the pair is never proposed again."""

    def element(self, iri: str) -> Element | None:
        return next((e for e in self.elements if e.iri == iri), None)


def _candidate_text(row: Mapping[str, object]) -> str:
    parts = [words(row[key]) for key in ("label", "definition", "goal_label")]
    parts += words(row["indicators"]).split(" | ")
    return " ".join(part for part in parts if part)


def _texts(row: Mapping[str, object]) -> dict[str, str]:
    """The labels and definitions in both languages of an element or challenge row."""
    return {key: words(row[key]) for key in TEXT_COLUMNS}


def load_corpus(store: GraphStore, catalog: QueryCatalog) -> Corpus:
    """Read the corpus from ``store`` (the built release)."""
    corpus = Corpus()
    for row in store.select(catalog.get("analysis/suggest-candidates").text).records():
        iri = str(row["target"])
        corpus.candidates.append(
            Candidate(
                iri=iri,
                framework=str(row["framework"]),
                code=words(row["code"]) or compress(iri),
                label=words(row["label"]),
                text=_candidate_text(row),
                sources=tuple(sorted(split_sources(row["sources"]))),
            )
        )
    for row in store.select(catalog.get("analysis/suggest-elements").text).records():
        corpus.elements.append(
            Element(
                iri=str(row["element"]),
                kind=str(row["kind"]),
                code=str(row["code"]),
                version=str(row["version"]),
                plan=words(row["plan"]),
                **_texts(row),
                example=words(row["example"]) == "true",
                challenges=tuple(sorted(words(row["challenges"]).split())),
            )
        )
    for row in store.select(catalog.get("analysis/alignment-edges").text).records():
        corpus.links.append(
            Link(
                source=str(row["source"]),
                target=str(row["target"]),
                score=int(number(row["score"])),
                confidence=number(row["confidence"]),
            )
        )
    for row in store.select(catalog.get("analysis/suggest-rejected").text).records():
        corpus.rejected.add((str(row["source"]), str(row["target"])))
    for row in store.select(catalog.get("analysis/challenge-targets").text).records():
        corpus.relevance.setdefault(str(row["target"]), set()).add(str(row["challenge"]))
    for row in store.select(catalog.get("analysis/suggest-bilingual-labels").text).records():
        pair = Pair(str(row["term"]), words(row["en"]), words(row["vi"]))
        corpus.pairs.append(pair)
        if "/challenge/" in pair.term:
            corpus.challenge_labels.setdefault(pair.term, (pair.en, pair.vi))
    for row in store.select(catalog.get("analysis/suggest-challenges").text).records():
        corpus.challenges.append(
            ChallengeText(
                iri=str(row["challenge"]),
                key=words(row["key"]),
                **_texts(row),
            )
        )
    corpus.candidates.sort(key=lambda c: (FRAMEWORKS.index(c.framework), c.iri))
    corpus.links.sort(key=lambda link: (link.source, link.target))
    return corpus


__all__ = [
    "FRAMEWORKS",
    "Candidate",
    "ChallengeText",
    "Corpus",
    "Element",
    "Link",
    "Pair",
    "load_corpus",
]
