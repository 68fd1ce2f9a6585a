"""Suggested alignments: candidate targets ranked for an element's text (``aspen suggest``).

:mod:`.corpus` reads what the ranking needs from the built graph, :mod:`.text` turns texts into
comparable words, :mod:`.lexicon` bridges Vietnamese to English through the graph's own
bilingual labels, :mod:`.rank` ranks (with :mod:`.fusion`'s arithmetic), :mod:`.suggestion`
explains each candidate, :mod:`.review` writes the review file.
"""

from __future__ import annotations

from aspen_graph.analysis.suggest.corpus import (
    FRAMEWORKS,
    Candidate,
    ChallengeText,
    Corpus,
    Element,
    Link,
    Pair,
    load_corpus,
)
from aspen_graph.analysis.suggest.rank import LANGUAGES, METHODS, Query, Suggester, Weights
from aspen_graph.analysis.suggest.suggestion import Suggestion, propose, record

__all__ = [
    "FRAMEWORKS",
    "LANGUAGES",
    "METHODS",
    "Candidate",
    "ChallengeText",
    "Corpus",
    "Element",
    "Link",
    "Pair",
    "Query",
    "Suggester",
    "Suggestion",
    "Weights",
    "load_corpus",
    "propose",
    "record",
]
