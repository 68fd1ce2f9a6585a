"""Ranking candidate targets for a text: four ranked lists fused by reciprocal rank.

1. **words** — BM25 (``rank-bm25``) of the text's English stems against each target's English
   text (SDG target + its goal + its indicators; GBF target + short title; Paris provision;
   ASEAN 2045 document). A Vietnamese text is first carried to English stems by the
   :class:`~.lexicon.Lexicon` learnt from the graph's bilingual labels.
2. **transfer** — the curated alignments of the elements whose text is most like this one
   (cosine of TF-IDF vectors; English words, or folded Vietnamese syllables against the
   elements' Vietnamese labels): each of the nearest elements votes, by its similarity, for
   the targets it is aligned to with a positive score.
3. **challenge** — the targets relevant to a challenge the text names (``climate change``,
   ``biến đổi khí hậu`` …), most often aligned first.
4. **popular** — the targets most elements are aligned to (no text at all).

Fusion: ``Σ weight / (k + rank)`` over the lists a target is in. Everything is deterministic:
ties are broken by the target's IRI. Elements in ``exclude`` lend no alignments, votes or
labels (the evaluation hides an element this way).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from rank_bm25 import BM25Okapi  # type: ignore[import-untyped]

from aspen_graph.analysis.suggest.corpus import FRAMEWORKS, Corpus, Link
from aspen_graph.analysis.suggest.fusion import cosine, fuse, inverse_frequency, ordered, tfidf
from aspen_graph.analysis.suggest.lexicon import Lexicon, Translation
from aspen_graph.analysis.suggest.suggestion import Signals, Suggestion, explain
from aspen_graph.analysis.suggest.text import Feature, english, named_challenges, vietnamese

LANGUAGES = ("en", "vi")
STOP_SHARE = 0.3
"""English stems in more than this share of the target texts count as function words."""
NEIGHBOURS = 4
"""How many similar elements vote in the transfer list."""
METHODS = ("fused", "bm25", "popular")
REJECTED_IN_REVIEW = "rejected in a review (suggestions-rejected.csv)"
REJECTED_CURATED = "a curated alignment with status rejected"
"""Why a target is never proposed for an element (:meth:`Suggester.refused`)."""


@dataclass(frozen=True, slots=True)
class Weights:
    """The weight of each list in the fusion, and the rank offset ``k``."""

    words: float = 1.0
    transfer: float = 0.5
    challenge: float = 0.5
    popular: float = 0.3
    k: float = 10.0


@dataclass(frozen=True, slots=True)
class Query:
    """What to rank for: a text in a language, the element it is the text of (its existing
    alignments are shown, not suggested), and elements to leave out of the evidence."""

    text: str
    lang: str = "en"
    element: str | None = None
    exclude: frozenset[str] = frozenset()
    rejected: frozenset[str] = frozenset()
    """Targets a reviewer rejected for this element: never proposed again (nor are those of
    its curated alignments whose status is rejected: :attr:`Corpus.rejected`)."""


class Suggester:
    """The index over one corpus: built once, asked many times."""

    def __init__(
        self,
        corpus: Corpus,
        weights: Weights | None = None,
        reviewed: Collection[tuple[str, str]] = (),
    ) -> None:
        """``reviewed``: (element IRI, target IRI) pairs rejected in a review, never proposed
        for that element whatever the query says (the server's index carries the release's
        ``suggestions-rejected.csv`` this way; ``aspen suggest`` gives them per query)."""
        self.corpus = corpus
        self.weights = weights or Weights()
        self.candidates = {c.iri: c for c in corpus.candidates}
        self.index = {c.iri: i for i, c in enumerate(corpus.candidates)}
        self.elements = {e.iri: e for e in corpus.elements}
        features = [english(c.text) for c in corpus.candidates]
        share: Counter[str] = Counter()
        for doc in features:
            share.update({f.key for f in doc})
        total = max(1, len(features))
        self.stop = frozenset(k for k, n in share.items() if n / total > STOP_SHARE)
        self.target_surface: list[dict[str, str]] = []
        tokens: list[list[str]] = []
        for doc in features:
            kept = [f for f in doc if f.key not in self.stop]
            surface: dict[str, str] = {}
            for f in kept:
                surface.setdefault(f.key, f.surface)
            self.target_surface.append(surface)
            tokens.append([f.key for f in kept] or ["_"])
        self.bm25 = BM25Okapi(tokens)
        self.links: dict[str, list[Link]] = defaultdict(list)
        for link in corpus.links:
            if link.target in self.candidates:
                self.links[link.source].append(link)
        self.rejected: dict[str, set[str]] = defaultdict(set)
        for source, target in corpus.rejected:
            self.rejected[source].add(target)
        self.reviewed: dict[str, set[str]] = defaultdict(set)
        for source, target in reviewed:
            self.reviewed[source].add(target)
        self.voters = sorted(e for e in self.links if e in self.elements)
        self.en_bags = {e: self._en_bag(self.elements[e].text_en) for e in self.voters}
        self.vi_bags = {e: self._vi_bag(self.elements[e].text_vi) for e in self.voters}
        self.en_idf = inverse_frequency(set(bag) for bag in self.en_bags.values())
        self.vi_idf = inverse_frequency(set(bag) for bag in self.vi_bags.values() if bag)
        self.lexicon = Lexicon(corpus.pairs, self.stop)
        self._lexicons: dict[frozenset[str], Lexicon] = {frozenset(): self.lexicon}

    # -- features -------------------------------------------------------------------------
    def _en_bag(self, text: str) -> Counter[str]:
        return Counter(f.key for f in english(text) if f.key not in self.stop)

    @staticmethod
    def _vi_bag(text: str) -> Counter[str]:
        return Counter(f.key for f in vietnamese(text))

    def _lexicon(self, exclude: frozenset[str]) -> Lexicon:
        if exclude not in self._lexicons:
            pairs = [p for p in self.corpus.pairs if p.term not in exclude]
            self._lexicons[exclude] = Lexicon(pairs, self.stop)
        return self._lexicons[exclude]

    def english_features(self, query: Query) -> tuple[list[Feature], list[Translation]]:
        """The English stems of the query: its own words, or those the bridge reaches."""
        if query.lang == "en":
            return [f for f in english(query.text) if f.key not in self.stop], []
        bridge = self._lexicon(query.exclude).translate(vietnamese(query.text))
        return [Feature(t.stem, t.vietnamese) for t in bridge], bridge

    # -- the lists --------------------------------------------------------------------------
    def match(
        self, features: list[Feature]
    ) -> tuple[dict[str, float], dict[str, list[tuple[str, str]]]]:
        """BM25 of English ``features`` against every target: target → score, and target →
        the (query word, target word) pairs shared, rarest first."""
        signals = Signals()
        self._words(signals, features)
        return signals.words, signals.matched

    def _words(self, signals: Signals, features: list[Feature]) -> None:
        if not features:
            return
        stems = sorted({f.key for f in features})
        scores = self.bm25.get_scores(stems)
        where = {f.key: f.surface for f in reversed(features)}
        for index, candidate in enumerate(self.corpus.candidates):
            score = float(scores[index])
            if score <= 0:
                continue
            surface = self.target_surface[index]
            shared = [s for s in stems if s in surface]
            if not shared:
                continue
            shared.sort(key=lambda s: (-self.bm25.idf.get(s, 0.0), s))
            signals.words[candidate.iri] = score
            signals.matched[candidate.iri] = [(where[s], surface[s]) for s in shared]

    def _similar(self, query: Query, features: list[Feature]) -> list[tuple[float, str]]:
        en = tfidf(Counter(f.key for f in features), self.en_idf)
        vi = tfidf(self._vi_bag(query.text), self.vi_idf) if query.lang == "vi" else {}
        sims: list[tuple[float, str]] = []
        for element in self.voters:
            if element in query.exclude or element == query.element:
                continue
            sim = cosine(en, tfidf(self.en_bags[element], self.en_idf))
            if vi and self.vi_bags[element]:
                sim = max(sim, cosine(vi, tfidf(self.vi_bags[element], self.vi_idf)))
            if sim > 0:
                sims.append((sim, element))
        sims.sort(key=lambda pair: (-pair[0], pair[1]))
        return sims[:NEIGHBOURS]

    def _transfer(self, signals: Signals, query: Query, features: list[Feature]) -> None:
        for sim, element in self._similar(query, features):
            for link in self.links[element]:
                if link.score > 0:
                    signals.transfer[link.target] = signals.transfer.get(link.target, 0.0) + sim
                    signals.voters[link.target].append((element, link.score))

    def _popular(self, signals: Signals, exclude: Collection[str]) -> None:
        for element, links in self.links.items():
            if element in exclude:
                continue
            for target in {link.target for link in links if link.score > 0}:
                signals.popular[target] = signals.popular.get(target, 0.0) + 1

    def _challenge(self, signals: Signals, query: Query) -> None:
        signals.named = named_challenges(query.text, query.lang, self.corpus.challenge_labels)
        if not signals.named:
            return
        for target, challenges in self.corpus.relevance.items():
            hits = len(challenges & set(signals.named))
            if hits and target in self.candidates:
                signals.challenge[target] = hits + signals.popular.get(target, 0.0) / 1000

    # -- ranking --------------------------------------------------------------------------
    def signals(self, query: Query) -> Signals:
        signals = Signals()
        features, signals.bridge = self.english_features(query)
        exclude = query.exclude | ({query.element} if query.element else set())
        self._popular(signals, exclude)
        self._words(signals, features)
        self._transfer(signals, query, features)
        self._challenge(signals, query)
        return signals

    def scores(self, query: Query, method: str = "fused") -> dict[str, float]:
        """Each candidate's score by ``method`` (``fused``, ``bm25``, ``popular``)."""
        if method == "bm25":
            # The baseline reads the query text as English, whatever its language.
            plain = Query(query.text, "en", query.element, query.exclude)
            signals = Signals()
            self._words(signals, [f for f in english(plain.text) if f.key not in self.stop])
            return signals.words
        signals = self.signals(query)
        if method == "popular":
            return signals.popular
        return self._fuse(signals)

    def _fuse(self, signals: Signals) -> dict[str, float]:
        w = self.weights
        return fuse(
            (
                (w.words, signals.words),
                (w.transfer, signals.transfer),
                (w.challenge, signals.challenge),
                (w.popular, signals.popular),
            ),
            w.k,
        )

    def ranking(self, query: Query, method: str = "fused") -> list[str]:
        """Every candidate IRI, best first (those without any score last, by IRI)."""
        scores = self.scores(query, method)
        ranked = ordered(scores)
        seen = set(ranked)
        return ranked + sorted(c for c in self.candidates if c not in seen)

    def refused(self, query: Query) -> dict[str, str]:
        """The candidate targets never proposed for the query's element, each with why: a
        reviewer rejected the pair (``query.rejected``, or the index's ``reviewed``), or the
        element's curated alignment to it has the status rejected."""
        reasons = dict.fromkeys(query.rejected, REJECTED_IN_REVIEW)
        if query.element:
            reasons |= dict.fromkeys(self.reviewed.get(query.element, ()), REJECTED_IN_REVIEW)
            reasons |= dict.fromkeys(self.rejected.get(query.element, ()), REJECTED_CURATED)
        return {target: reasons[target] for target in sorted(reasons) if target in self.candidates}

    def suggest(
        self, query: Query, *, top: int = 10, frameworks: Collection[str] = FRAMEWORKS
    ) -> list[Suggestion]:
        """The ``top`` best candidates not yet aligned (nor rejected: :meth:`refused`), then
        the element's existing alignments (flag ``existing``, rank 0)."""
        signals = self.signals(query)
        scores = self._fuse(signals)
        existing = {
            link.target: link for link in self.links.get(query.element or "", []) if query.element
        }
        refused = self.refused(query)
        out: list[Suggestion] = []
        for target in ordered(scores):
            candidate = self.candidates[target]
            if target in existing or target in refused:
                continue
            if candidate.framework not in frameworks:
                continue
            out.append(
                explain(
                    candidate,
                    len(out) + 1,
                    scores[target],
                    signals,
                    self.corpus,
                    self.elements,
                )
            )
            if len(out) >= top:
                break
        for target, link in sorted(existing.items()):
            candidate = self.candidates[target]
            if candidate.framework in frameworks:
                out.append(
                    Suggestion(
                        candidate,
                        0,
                        round(scores.get(target, 0.0), 6),
                        interaction=link.score,
                        confidence=link.confidence,
                        existing=True,
                    )
                )
        return out


__all__ = [
    "LANGUAGES",
    "METHODS",
    "REJECTED_CURATED",
    "REJECTED_IN_REVIEW",
    "Query",
    "Suggester",
    "Weights",
]
