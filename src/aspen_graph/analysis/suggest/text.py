"""Words of a text as the ranking compares them: English stems, Vietnamese folded syllables.

English: lower case, words of letters (a hyphen splits), Snowball English stems (the
``snowballstemmer`` wheel, BSD licence). There is no fixed stop list: the index drops the stems
that occur in most target texts (``the``, ``and``, ``by`` …), so what counts as a function word
is measured on the texts themselves.

Vietnamese: lower case, diacritics folded (``biến đổi`` → ``bien doi``, ``đ`` → ``d``), so
text typed without tone marks still matches; each syllable is a feature, and so is each pair of
neighbouring syllables (``bien_doi``), since Vietnamese words are mostly two syllables long.

Each feature keeps the surface form it came from first, for the evidence a reviewer reads.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

_STEMMERS = threading.local()
"""One English stemmer per thread: a stemmer keeps the word it works on in itself, so two
threads sharing one (a page request and a warm-up thread) read each other's words and fail
with an IndexError deep in snowballstemmer."""
_EN_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_VI_SYLLABLE = re.compile(r"[a-z0-9]+")
_MARKS = re.compile(r"\((?:example|ví dụ)\)", re.IGNORECASE)
"""The markers every example label ends with: they say nothing about the content."""
MIN_LENGTH = 3
"""English words shorter than this (``of``, ``to``, ``a``) are no evidence."""


@dataclass(frozen=True, slots=True)
class Feature:
    """One comparable unit of a text and the words it was read from."""

    key: str
    surface: str


def strip_marks(text: str) -> str:
    """A label without the ``(example)`` / ``(ví dụ)`` marker.

    >>> strip_marks("Marine protected areas (example)")
    'Marine protected areas'
    """
    return _MARKS.sub(" ", text).strip()


def english(text: str) -> list[Feature]:
    """The stems of an English text, in order.

    >>> [f.key for f in english("Protecting coastal and marine ecosystems")]
    ['protect', 'coastal', 'and', 'marin', 'ecosystem']
    """
    out: list[Feature] = []
    for match in _EN_WORD.finditer(strip_marks(text)):
        word = match.group(0).lower()
        if len(word) < MIN_LENGTH:
            continue
        out.append(Feature(str(_stemmer().stemWord(word)), match.group(0)))
    return out


def _stemmer() -> Any:
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return stemmer


def fold(text: str) -> str:
    """Vietnamese without its diacritics, in lower case.

    >>> fold("Biến đổi khí hậu")
    'bien doi khi hau'
    """
    lowered = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _syllables(text: str) -> Iterator[tuple[str, str]]:
    for chunk in re.split(r"[,;:.()\[\]!?\"“”]+", strip_marks(text)):
        words = chunk.split()
        for word in words:
            key = " ".join(_VI_SYLLABLE.findall(fold(word)))
            if key:
                yield key, word
        # An empty marker between chunks: no pair crosses a punctuation mark.
        yield "", ""


def vietnamese(text: str) -> list[Feature]:
    """Folded syllables and neighbouring pairs of syllables of a Vietnamese text.

    >>> [f.key for f in vietnamese("biến đổi khí hậu")]
    ['bien', 'doi', 'khi', 'hau', 'bien_doi', 'doi_khi', 'khi_hau']
    """
    singles: list[Feature] = []
    pairs: list[Feature] = []
    previous: tuple[str, str] | None = None
    for key, word in _syllables(text):
        if not key:
            previous = None
            continue
        singles.append(Feature(key, word))
        if previous is not None:
            pairs.append(Feature(f"{previous[0]}_{key}", f"{previous[1]} {word}"))
        previous = (key, word)
    return singles + pairs


def named_challenges(
    text: str, lang: str, labels: Mapping[str, tuple[str, str]]
) -> tuple[str, ...]:
    """The challenges (keys of ``labels``: challenge → English and Vietnamese label) that
    ``text`` in ``lang`` names: at least half of a label's English stems, or of its Vietnamese
    syllable pairs, occur in the text. Sorted by challenge.

    >>> labels = {"cc": ("Climate change", "Biến đổi khí hậu"), "w": ("Waste", "Chất thải")}
    >>> named_challenges("Adapt to climate change", "en", labels)
    ('cc',)
    >>> named_challenges("ung pho bien doi khi hau", "vi", labels)
    ('cc',)
    """
    named = []
    if lang == "en":
        stems = {f.key for f in english(text)}
    else:
        keys = {f.key for f in vietnamese(text)}
    for challenge, (en, vi) in sorted(labels.items()):
        if lang == "en":
            label = {f.key for f in english(en)}
            hit = bool(label) and len(label & stems) / len(label) >= 0.5
        else:
            label = {f.key for f in vietnamese(vi) if "_" in f.key}
            hit = bool(label) and len(label & keys) / len(label) >= 0.5
        if hit:
            named.append(challenge)
    return tuple(named)


__all__ = ["Feature", "english", "fold", "named_challenges", "strip_marks", "vietnamese"]
