"""What a suggestion says: the evidence gathered for a query (:class:`Signals`), a candidate
explained from it (:func:`explain`) with a machine-proposed alignment (:func:`propose`), and
the suggestion as plain JSON values (:func:`record`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from aspen_graph.analysis.suggest.corpus import Candidate, Corpus, Element
from aspen_graph.analysis.suggest.lexicon import Translation

MAX_EVIDENCE = 6
"""Words quoted per side of a candidate."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One ranked candidate with the evidence for it and a machine-proposed alignment."""

    candidate: Candidate
    rank: int
    score: float
    source_words: tuple[str, ...] = ()
    target_words: tuple[str, ...] = ()
    bridge: tuple[str, ...] = ()
    """``vietnamese → english`` links that carried the text to English."""
    neighbours: tuple[str, ...] = ()
    """Labels of similar elements aligned to this target."""
    challenges: tuple[str, ...] = ()
    interaction: int = 1
    confidence: float = 0.2
    existing: bool = False


@dataclass
class Signals:
    """The four lists for one query (target → score), and what explains them: the words each
    target shares with the text, the similar elements that voted for it, the challenges the
    text names, and the Vietnamese → English links that carried the text."""

    words: dict[str, float] = field(default_factory=dict)
    matched: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    transfer: dict[str, float] = field(default_factory=dict)
    voters: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    challenge: dict[str, float] = field(default_factory=dict)
    named: tuple[str, ...] = ()
    popular: dict[str, float] = field(default_factory=dict)
    bridge: list[Translation] = field(default_factory=list)


def explain(
    candidate: Candidate,
    rank: int,
    score: float,
    signals: Signals,
    corpus: Corpus,
    elements: Mapping[str, Element],
) -> Suggestion:
    """``candidate`` as a suggestion: the words, bridge links, similar elements (labelled from
    ``elements``) and challenges behind it, and the alignment a machine proposes."""
    matched = signals.matched.get(candidate.iri, [])[:MAX_EVIDENCE]
    voters = signals.voters.get(candidate.iri, [])
    neighbours = tuple(dict.fromkeys(_label(elements, e) for e, _ in voters))
    challenges = tuple(
        sorted(
            corpus.challenge_labels[c][0]
            for c in signals.named
            if c in corpus.relevance.get(candidate.iri, set())
        )
    )
    used = {source for source, _ in matched}
    bridge = tuple(f"{t.vietnamese} → {t.english}" for t in signals.bridge if t.vietnamese in used)
    interaction, confidence = propose(len(matched), [score for _, score in voters])
    return Suggestion(
        candidate=candidate,
        rank=rank,
        score=round(score, 6),
        source_words=tuple(dict.fromkeys(source for source, _ in matched)),
        target_words=tuple(dict.fromkeys(target for _, target in matched)),
        bridge=bridge,
        neighbours=neighbours,
        challenges=challenges,
        interaction=interaction,
        confidence=confidence,
    )


def _label(elements: Mapping[str, Element], element: str) -> str:
    found: Element | None = elements.get(element)
    return (found.label_en or found.label_vi or found.code) if found else element


def propose(words: int, neighbour_scores: list[int]) -> tuple[int, float]:
    """A machine-proposed interaction score and confidence from the evidence.

    The score is the median score of the similar elements' alignments to the target (capped at
    +2: a machine never proposes "indivisible"), else +1 (enabling). The confidence grows with
    the shared words and the agreeing neighbours and stays at most 0.6: a reviewer decides.

    >>> propose(0, []), propose(1, [2, 3, 2]), propose(5, [2, 2, 2, 2])
    ((1, 0.2), (2, 0.5), (2, 0.6))
    """
    if neighbour_scores:
        ordered = sorted(neighbour_scores)
        interaction = max(1, min(2, ordered[len(ordered) // 2]))
    else:
        interaction = 1
    confidence = 0.2 + 0.1 * min(words, 2) + 0.1 * min(len(neighbour_scores), 2)
    return interaction, round(min(confidence, 0.6), 1)


def record(suggestion: Suggestion) -> dict[str, object]:
    """A suggestion as plain JSON values (CLI ``--format json`` and ``GET /suggest``)."""
    s = suggestion
    return {
        "rank": s.rank,
        "target": s.candidate.curie,
        "iri": s.candidate.iri,
        "framework": s.candidate.framework,
        "code": s.candidate.code,
        "label": s.candidate.label,
        "score": s.score,
        "existing": s.existing,
        "interaction": s.interaction,
        "confidence": s.confidence,
        "proposed_by": "curated" if s.existing else "machine",
        "evidence_source": list(s.source_words),
        "evidence_target": list(s.target_words),
        "bridge": list(s.bridge),
        "similar_elements": list(s.neighbours),
        "challenges": list(s.challenges),
        "sources": list(s.candidate.sources),
    }


__all__ = ["MAX_EVIDENCE", "Signals", "Suggestion", "explain", "propose", "record"]
