"""The bridge from Vietnamese to English: a word lexicon learnt from the graph's own bilingual
labels (the challenges and plan elements labelled in both languages, :class:`~.corpus.Pair`).

A Vietnamese feature (folded syllable or pair of syllables) is linked to an English stem by the
Dice coefficient of the labels they occur in: ``2·both / (vi + en)``. ``khi_hau`` occurs in the
labels of the climate goal, the climate priority and the challenge ``climate change``, so it is
linked to ``climat``; a syllable such as ``va`` (and) occurs in many labels and links to
nothing strongly. Nothing comes from outside the graph, so the bridge knows only the words its
labels use: that limit is measured in ``bench/eval_suggest.py``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from aspen_graph.analysis.suggest.corpus import Pair
from aspen_graph.analysis.suggest.text import Feature, english, vietnamese

MIN_DICE = 0.67
"""A link weaker than this is noise (a word shared by chance by two labels)."""


@dataclass(frozen=True, slots=True)
class Translation:
    """An English stem reached from Vietnamese words, and how strongly."""

    stem: str
    english: str
    vietnamese: str
    weight: float


class Lexicon:
    """Vietnamese features → English stems, from bilingual labels."""

    def __init__(self, pairs: Iterable[Pair], stop: Collection[str] = ()) -> None:
        self.vi_count: Counter[str] = Counter()
        self.en_count: Counter[str] = Counter()
        self.both: dict[str, Counter[str]] = defaultdict(Counter)
        self.surface: dict[str, str] = {}
        for pair in pairs:
            vi = {f.key for f in vietnamese(pair.vi)}
            en_features = [f for f in english(pair.en) if f.key not in stop]
            for feature in en_features:
                self.surface.setdefault(feature.key, feature.surface.lower())
            en = {f.key for f in en_features}
            self.vi_count.update(vi)
            self.en_count.update(en)
            for key in vi:
                self.both[key].update(en)

    def translate(self, features: Iterable[Feature]) -> list[Translation]:
        """The English stems the Vietnamese ``features`` link to, strongest first."""
        best: dict[str, Translation] = {}
        for feature in features:
            for stem, together in self.both.get(feature.key, Counter()).items():
                dice = 2 * together / (self.vi_count[feature.key] + self.en_count[stem])
                if dice < MIN_DICE:
                    continue
                # Pairs of syllables are the surer evidence: a whole word, not a syllable.
                weight = dice * (1.0 if "_" in feature.key else 0.5)
                if stem not in best or weight > best[stem].weight:
                    best[stem] = Translation(stem, self.surface[stem], feature.surface, weight)
        return sorted(best.values(), key=lambda t: (-t.weight, t.stem))


__all__ = ["MIN_DICE", "Lexicon", "Translation"]
