"""Suggested challenge relevance: SDG and GBF targets ranked for a challenge they are not yet
tagged for (``aspen suggest --challenge``), fused from four lists like :mod:`.rank`:

1. **words** — BM25 of the challenge's label and definition (English; Vietnamese carried to
   English by the :class:`~.lexicon.Lexicon`) against the targets' texts (:meth:`Suggester.match`).
2. **centroid** — cosine of each target's TF-IDF vector with the centroid of the vectors of the
   targets already tagged for the challenge: the words the tagged targets share.
3. **neighbours** — the sum of the :data:`NEIGHBOURS` largest cosines to single tagged targets
   (kNN): a target close to one tagged target ranks even if it is far from the centroid.
4. **popular** — how many elements are aligned to a target and how many challenges it is
   tagged for (no text at all).

Targets already tagged for the challenge are never suggested; ``hidden`` takes tags out of the
evidence (the evaluation hides one tag this way).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from aspen_graph.analysis.suggest.corpus import ChallengeText
from aspen_graph.analysis.suggest.fusion import cosine, fuse, inverse_frequency, ordered, tfidf
from aspen_graph.analysis.suggest.rank import LANGUAGES, Query, Suggester
from aspen_graph.analysis.suggest.suggestion import Suggestion
from aspen_graph.analysis.suggest.text import english
from aspen_graph.errors import QueryParameterError, UnknownReferenceError

CHALLENGE_FRAMEWORKS = ("sdg", "gbf")
"""The frameworks the challenge-relevance table tags (``data/tables/challenge-relevance.csv``)."""
NEIGHBOURS = 3
"""How many of the nearest tagged targets add up in the neighbours list."""
MAX_EVIDENCE = 6
CHALLENGE_METHODS = ("fused", "bm25", "popular")


@dataclass(frozen=True, slots=True)
class ChallengeWeights:
    """The weight of each list in the fusion, and the rank offset ``k``."""

    words: float = 1.0
    centroid: float = 1.0
    neighbours: float = 0.5
    popular: float = 0.2
    k: float = 10.0


def _sum(vectors: Iterable[Mapping[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for vector in vectors:
        for key, value in vector.items():
            total[key] = total.get(key, 0.0) + value
    return total


class ChallengeSuggester:
    """Ranks SDG and GBF targets for a challenge over the index of a :class:`Suggester`."""

    def __init__(self, suggester: Suggester, weights: ChallengeWeights | None = None) -> None:
        self.suggester = suggester
        self.weights = weights or ChallengeWeights()
        corpus = suggester.corpus
        self.challenges = {c.iri: c for c in corpus.challenges}
        self.targets = [c.iri for c in corpus.candidates if c.framework in CHALLENGE_FRAMEWORKS]
        bags = {
            c.iri: Counter(f.key for f in english(c.text) if f.key not in suggester.stop)
            for c in corpus.candidates
            if c.framework in CHALLENGE_FRAMEWORKS
        }
        idf = inverse_frequency(set(bag) for bag in bags.values())
        self.vectors = {iri: tfidf(bag, idf) for iri, bag in bags.items()}

    def find(self, name: str) -> ChallengeText:
        """The challenge named by key (``pollution``), CURIE (``challenge:pollution``) or IRI."""
        key = name.strip().removeprefix("challenge:")
        for challenge in self.challenges.values():
            if key in (challenge.key, challenge.iri) or challenge.iri.endswith(f"/{key}"):
                return challenge
        known = ", ".join(sorted(c.key for c in self.challenges.values()))
        raise UnknownReferenceError(f"--challenge: {name!r} is no challenge (known: {known})")

    def tagged(self, challenge: str, hidden: Collection[str] = ()) -> set[str]:
        """The targets tagged as relevant to ``challenge``, less the ``hidden`` ones."""
        return {
            target
            for target, challenges in self.suggester.corpus.relevance.items()
            if challenge in challenges and target not in hidden and target in self.vectors
        }

    def lists(
        self, challenge: ChallengeText, lang: str = "en", hidden: Collection[str] = ()
    ) -> dict[str, dict[str, float]]:
        """Each list's scores (``words``, ``centroid``, ``neighbours``, ``popular``) over the
        targets not tagged for the challenge; plus ``matched`` evidence in :meth:`suggest`."""
        tagged = self.tagged(challenge.iri, hidden)
        open_targets = [t for t in self.targets if t not in tagged]
        words, _ = self._words(challenge, lang)
        # The centroid is left unnormalised: its length scales every cosine alike.
        centroid = _sum(self.vectors[t] for t in sorted(tagged))
        out: dict[str, dict[str, float]] = {
            "words": {t: words[t] for t in open_targets if t in words},
            "centroid": {},
            "neighbours": {},
            "popular": {},
        }
        for target in open_targets:
            vector = self.vectors[target]
            out["centroid"][target] = cosine(vector, centroid)
            sims = sorted((cosine(vector, self.vectors[t]) for t in tagged), reverse=True)
            out["neighbours"][target] = sum(sims[:NEIGHBOURS])
        popular: Counter[str] = Counter()
        for links in self.suggester.links.values():
            popular.update({link.target for link in links if link.score > 0})
        for target, challenges in self.suggester.corpus.relevance.items():
            popular[target] += len(challenges - {challenge.iri})
        out["popular"] = {t: float(popular[t]) for t in open_targets if popular[t]}
        return out

    def _words(
        self, challenge: ChallengeText, lang: str
    ) -> tuple[dict[str, float], dict[str, list[tuple[str, str]]]]:
        text = challenge.text_en if lang == "en" else challenge.text_vi
        if not text:
            return {}, {}
        features, _ = self.suggester.english_features(Query(text, lang))
        return self.suggester.match(features)

    def scores(
        self,
        challenge: ChallengeText,
        lang: str = "en",
        hidden: Collection[str] = (),
        method: str = "fused",
    ) -> dict[str, float]:
        """Each untagged target's score by ``method`` (``fused``, ``bm25``, ``popular``)."""
        lists = self.lists(challenge, lang, hidden)
        if method == "bm25":
            return lists["words"]
        if method == "popular":
            return lists["popular"]
        w = self.weights
        return fuse(
            (
                (w.words, lists["words"]),
                (w.centroid, lists["centroid"]),
                (w.neighbours, lists["neighbours"]),
                (w.popular, lists["popular"]),
            ),
            w.k,
        )

    def ranking(
        self,
        challenge: ChallengeText,
        lang: str = "en",
        hidden: Collection[str] = (),
        method: str = "fused",
    ) -> list[str]:
        """Every untagged SDG/GBF target, best first (those without a score last, by IRI)."""
        scores = self.scores(challenge, lang, hidden, method)
        ranked = ordered(scores)
        seen = set(ranked) | self.tagged(challenge.iri, hidden)
        return ranked + sorted(t for t in self.targets if t not in seen)

    def suggest(
        self, challenge: ChallengeText, *, lang: str = "en", top: int = 10
    ) -> list[Suggestion]:
        """The ``top`` best untagged targets with the words that support them (the
        challenge's words and the target's; the nearest tagged targets in ``neighbours``)."""
        if lang not in LANGUAGES:
            raise QueryParameterError(
                f"language {lang!r} is not supported; one of {', '.join(LANGUAGES)}"
            )
        scores = self.scores(challenge, lang)
        _, matched = self._words(challenge, lang)
        tagged = sorted(self.tagged(challenge.iri))
        candidates = self.suggester.candidates
        out = []
        for rank, target in enumerate(ordered(scores)[:top], start=1):
            pairs = matched.get(target, [])[:MAX_EVIDENCE]
            shared = self._shared(target, tagged)
            nearest = sorted(
                tagged, key=lambda t: (-cosine(self.vectors[target], self.vectors[t]), t)
            )[:NEIGHBOURS]
            out.append(
                Suggestion(
                    candidate=candidates[target],
                    rank=rank,
                    score=round(scores[target], 6),
                    source_words=tuple(dict.fromkeys(s for s, _ in pairs)),
                    target_words=tuple(dict.fromkeys([t for _, t in pairs] + shared)),
                    neighbours=tuple(candidates[t].curie for t in nearest),
                    challenges=(challenge.label_en or challenge.key,),
                )
            )
        return out

    def _shared(self, target: str, tagged: list[str]) -> list[str]:
        """The target's words that weigh most in the tagged targets' centroid."""
        centroid = _sum(self.vectors[t] for t in tagged)
        surface = self.suggester.target_surface[self.suggester.index[target]]
        weights = {k: centroid.get(k, 0.0) * v for k, v in self.vectors[target].items()}
        best = ordered(weights)[: MAX_EVIDENCE // 2]
        return [surface[k] for k in best if k in surface]


__all__ = [
    "CHALLENGE_FRAMEWORKS",
    "CHALLENGE_METHODS",
    "ChallengeSuggester",
    "ChallengeWeights",
]
