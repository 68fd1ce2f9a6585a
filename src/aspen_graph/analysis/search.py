"""The site's search index: every label and code of every named resource, in every language.

An SQLite FTS5 table (Python's ``sqlite3`` ships FTS5) holds one row per label, alternative
label, notation, identifier or title (``sparql/pages/search-labels.rq``, joined with each
resource's types and plan from ``search-facts.rq``: :func:`iter_search_rows`). Text is folded
the same way when indexed and when asked for (:func:`fold`): NFD, combining marks dropped,
``đ`` → ``d``, case-folded, so "o nhiem" finds "ô nhiễm" (FTS5's ``remove_diacritics`` alone
keeps ``đ``). Codes are exact tokens beside the text: each notation, identifier and the resource's
CURIE reduced to a key (:func:`code_key`: "GBF-TARGET-07", "gbf-target:7" and "GBF 7" are all
``gbf 7``; "14.1" and "sdg:14.1" are ``14 1`` and ``sdg 14 1``). A query whose key equals a
code ranks that resource first; the rest follow by bm25 over the folded labels (all words
must occur, the last may be a prefix; when nothing has all of them and no code matched, any
of them), computed here over the candidates (:meth:`SearchIndex._bm25`). Work per query is
bounded at any size: FTS5 keeps a prefix index of the first 1-3 characters of every token (a
code's last part, "1" of "14.1", expands to few entries, not to every number starting with
1), and only the :data:`_RANKED` shortest matching labels are ranked
(:meth:`SearchIndex._ranked`; "example" is in 100,000 labels at 2M triples).

Limits: Khmer, Lao and Burmese are written without spaces, so their labels are one token per
run of letters and are found by a whole run or its beginning only.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from aspen_graph.curie import compress
from aspen_graph.errors import QueryRefusedError
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore, ServingStore, Table

MAX_QUERY = 200
"""Longest query text read (characters); the rest is ignored."""
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
CODE_PROPERTIES = frozenset({f"{_SKOS}notation", f"{_DCT}identifier"})
LABEL_ORDER = (f"{_SKOS}prefLabel", f"{_RDFS}label", f"{_DCT}title", f"{_SKOS}altLabel")
"""Which text names a resource on a results page, best first."""
GENERIC_TYPES = frozenset(
    {f"{_SKOS}Concept", f"{_OWL}NamedIndividual", f"{_OWL}Thing", f"{_RDFS}Resource"}
)
TERM_TYPES = frozenset(
    {
        f"{_OWL}Class",
        f"{_RDFS}Class",
        f"{_OWL}ObjectProperty",
        f"{_OWL}DatatypeProperty",
        f"{_OWL}AnnotationProperty",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
    }
)
TERM_KIND = "term"
SKIPPED_KINDS = frozenset(
    {"https://w3id.org/aspen/ont/Alignment", "https://w3id.org/aspen/ont/ChallengeRelevance"}
)
"""Reified links, labelled "x → y": found through the things they link, not listed."""
_CODE_NOISE = frozenset({"target", "goal", "indicator"})
"""Words a code may carry or not ("GBF Target 7", "GBF 7")."""
_RANKED = 500
"""Most label rows ranked per query: the shortest that match (see :meth:`SearchIndex.search`)."""
_COUNTED = 2_000
"""Most rows counted per prefix for its idf (see :meth:`SearchIndex._bm25`)."""
_K1, _B = 1.2, 0.75
"""FTS5's bm25 parameters."""
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"[^\W_]+")
"""A token as FTS5's unicode61 tokenizer cuts it (letters and digits; "_" separates)."""
_LAST_ROWID = 2**63 - 1
"""SQLite's largest rowid."""


def fold(text: str) -> str:
    """Text without diacritics, ``đ`` as ``d``, case-folded.

    >>> fold("Ô nhiễm ĐẤT")
    'o nhiem dat'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept).casefold()


def code_key(text: str) -> str:
    """A code as a comparable key: folded words, numbers without leading zeros, no "target".

    >>> code_key("GBF-TARGET-07"), code_key("gbf-target:7"), code_key("14.1")
    ('gbf 7', 'gbf 7', '14 1')
    """
    parts = []
    for word in _WORD.findall(fold(text)):
        if word in _CODE_NOISE:
            continue
        number = word.isascii() and word.isdigit()  # not int(): any length, ASCII digits only
        parts.append((word.lstrip("0") or "0") if number else word)
    return " ".join(parts)


def kind_of(types: Iterable[str]) -> str:
    """The type a resource is grouped by: its most specific type's IRI, ``term`` for the
    vocabulary's classes and properties, else its generic type (``skos:Concept``)."""
    given = sorted(t for t in types if t)
    if any(t in TERM_TYPES for t in given):
        return TERM_KIND
    specific = [t for t in given if t not in GENERIC_TYPES]
    return (specific or given or [""])[0]


def _frequencies(tokens: list[str], words: list[str], prefix: bool) -> list[int]:
    """How often each query word (the last as a prefix if ``prefix``) is among ``tokens``."""
    last = len(words) - 1 if prefix else -1
    return [
        sum(t.startswith(word) if number == last else t == word for t in tokens)
        for number, word in enumerate(words)
    ]


def _each_once(text: str, words: list[str], prefix: bool) -> bool:
    """Whether the folded ``text`` holds each query word (the last as a prefix if ``prefix``)
    once at most, words and text cut into tokens as FTS5 cuts them."""
    if any(_TOKEN.fullmatch(word) is None for word in words):
        return False  # FTS5 reads it as several tokens: leave the order to bm25
    return max(_frequencies(_TOKEN.findall(text), words, prefix)) <= 1


@dataclass(slots=True)
class Entry:
    """One resource of the index: what a result shows."""

    iri: str
    kind: str = ""
    plan: str = ""
    code: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    """language → the best label in it (:data:`LABEL_ORDER`)."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One result, best first: the resource and whether a code matched exactly."""

    entry: Entry
    exact: bool
    score: float
    """FTS5's bm25 rank (lower is better) where one was computed, else 0.0."""


def _label_rank(prop: str) -> int:
    return LABEL_ORDER.index(prop) if prop in LABEL_ORDER else len(LABEL_ORDER)


class SearchIndex:
    """The index of one release (in memory; built once per served release)."""

    def __init__(self, rows: Iterable[Mapping[str, str]]) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE labels USING fts5(text, doc UNINDEXED,"
            " tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
        )
        self._db.execute("CREATE TABLE codes (key TEXT NOT NULL, doc INTEGER NOT NULL)")
        self._db.execute("CREATE INDEX codes_key ON codes (key)")
        self.entries: list[Entry] = []
        self._build(rows)
        self._by_iri = {entry.iri: entry for entry in self.entries}

    def entry(self, iri: str) -> Entry | None:
        """The resource ``iri`` in the index, if there."""
        return self._by_iri.get(iri)

    def _build(self, rows: Iterable[Mapping[str, str]]) -> None:
        """Index ``rows`` (:func:`search_rows`); resources are numbered in the order they first
        come, so rows sorted by resource give the same index however the store ordered them."""
        number: dict[str, int] = {}
        ranks: dict[tuple[int, str], tuple[int, str]] = {}
        texts: set[tuple[int, str]] = set()
        codes: set[tuple[str, int]] = set()
        for row in rows:
            iri = row["resource"]
            if kind_of(row.get("types", "").split()) in SKIPPED_KINDS:
                continue
            if iri not in number:
                number[iri] = len(self.entries)
                self.entries.append(Entry(iri=iri, kind=kind_of(row.get("types", "").split())))
                codes.add((code_key(compress(iri)), number[iri]))
            doc = number[iri]
            entry = self.entries[doc]
            plan = row.get("plan", "")
            if plan and (not entry.plan or plan < entry.plan):
                entry.plan = plan  # the least of several: the same whatever the rows' order
            prop, text, lang = row["property"], row["text"], row.get("lang", "")
            if prop in CODE_PROPERTIES:
                codes.add((code_key(text), doc))
                entry.code = min(entry.code, text) if entry.code else text
            else:
                best = (_label_rank(prop), text)  # ties by text: not by the rows' order
                if best < ranks.get((doc, lang), (len(LABEL_ORDER) + 1, "")):
                    ranks[doc, lang] = best
                    entry.labels[lang] = text
            texts.add((doc, fold(text)))
        # Shortest first: rowid order is then bm25's order for a match of each word once.
        tokens = {t: _TOKEN.findall(t) for _, t in texts}
        by_length = sorted((len(tokens[t]), d, t) for d, t in texts)
        self._rows = len(by_length)
        self._average = sum(n for n, _, _ in by_length) / max(self._rows, 1)
        self._holding = Counter(token for _, _, t in by_length for token in set(tokens[t]))
        """token → how many rows hold it (a whole word's idf, :meth:`_bm25`)."""
        self._db.executemany(
            "INSERT INTO labels (text, doc) VALUES (?, ?)", [(t, d) for _, d, t in by_length]
        )
        self._db.executemany("INSERT INTO codes VALUES (?, ?)", sorted(c for c in codes if c[0]))
        self._db.commit()

    def _ranked(self, words: list[str], prefix: bool, joiner: str) -> list[tuple[int, float]]:
        """The rows the query finds, best first: by bm25 among the :data:`_RANKED` shortest.

        A common word ("example", "in") is in 100,000 labels at 2M triples, and bm25 costs
        a read of each word's whole list of rows (its idf) and ~10 µs a row. Rows are stored
        shortest first (in tokens, then by resource). When every word must occur and no
        candidate holds a word twice, bm25 is the same function of the row's length for
        each of them, so the rowid order is bm25's order (ties by resource as well) and
        no rank is computed; else bm25's formula ranks the candidates (:meth:`_bm25`)."""
        quoted = [f'"{w}"' for w in words]
        if prefix:
            quoted[-1] += "*"
        match = joiner.join(quoted)
        rows = self._db.execute(
            "SELECT rowid, doc, text FROM labels WHERE labels MATCH ? ORDER BY rowid LIMIT ?",
            (match, _RANKED),
        ).fetchall()
        if not rows:
            return []
        if joiner == " " and all(_each_once(text, words, prefix) for _, _, text in rows):
            return [(doc, 0.0) for _, doc, _ in rows]
        if all(_TOKEN.fullmatch(w) for w in words):
            return self._bm25(rows, quoted, words, prefix)
        # a word FTS5 reads as a phrase of several tokens ("sea_water"): FTS5 ranks
        last = rows[-1][0] if len(rows) == _RANKED else _LAST_ROWID
        return self._db.execute(
            "SELECT doc, rank FROM labels WHERE labels MATCH ? AND rowid <= ? ORDER BY rank, doc",
            (match, last),
        ).fetchall()

    def _bm25(
        self, rows: list[tuple[int, int, str]], quoted: list[str], words: list[str], prefix: bool
    ) -> list[tuple[int, float]]:
        """``rows`` ranked by FTS5's bm25 formula (``fts5_aux.c``), computed here over them
        alone: FTS5's own bm25 first reads each word's whole list of rows for its idf
        (60-130 ms at 2M for "1*" of "14.1", which then holds "1" twice in "14.1.1").
        A whole word's rows are counted when the index is built; a prefix's are counted here,
        at most :data:`_COUNTED`: below that the order is bm25's exactly; a prefix in more
        rows is ranked as if in :data:`_COUNTED` (its weight beside the other words slightly
        over-rated)."""
        idfs = []
        for number, phrase in enumerate(quoted):
            if not prefix or number < len(words) - 1:
                hits = self._holding[words[number]]  # a whole word: counted when built
            else:
                (hits,) = self._db.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM labels WHERE labels MATCH ? LIMIT ?)",
                    (phrase, _COUNTED),
                ).fetchone()
            idf = math.log((self._rows - hits + 0.5) / (hits + 0.5))
            idfs.append(idf if idf > 0 else 1e-6)
        scored = []
        for _, doc, text in rows:
            tokens = _TOKEN.findall(text)
            norm = _K1 * (1 - _B + _B * len(tokens) / self._average)
            score = 0.0  # summed word by word, in FTS5's order: equal rows tie exactly
            for freq, idf in zip(_frequencies(tokens, words, prefix), idfs, strict=True):
                score += idf * ((freq * (_K1 + 1.0)) / (freq + norm))
            scored.append((-score, doc))
        return [(doc, score) for score, doc in sorted(scored)]

    def search(self, query: str, limit: int = 50, prefix: bool = True) -> list[Hit]:
        """The resources ``query`` finds, best first (see the module docstring)."""
        text = query[:MAX_QUERY]
        words = _WORD.findall(fold(text))
        if not words:
            return []
        hits: list[Hit] = []
        seen: set[int] = set()
        with self._lock:
            for (doc,) in self._db.execute(
                "SELECT DISTINCT doc FROM codes WHERE key = ? ORDER BY doc", (code_key(text),)
            ):
                seen.add(doc)
                hits.append(Hit(self.entries[doc], exact=True, score=0.0))
            for joiner in (" ", " OR "):
                found = self._ranked(words, prefix, joiner)
                if found or len(words) == 1 or hits:
                    break  # any of the words only when neither a code nor all words match
        for doc, score in found:
            if len(hits) >= limit:
                break
            if doc not in seen:
                seen.add(doc)
                hits.append(Hit(self.entries[doc], exact=False, score=float(score)))
        return hits[:limit]


LABELS_QUERY = "pages/search-labels"
FACTS_QUERY = "pages/search-facts"
PAGE_ORDERS = {
    LABELS_QUERY: "ORDER BY ?resource ?property ?text",
    FACTS_QUERY: "ORDER BY ?resource ?type ?plan",
}
"""The order of each query's rows when it is read in pages (a total order)."""
READ_SECONDS = 1800.0
"""How long each of the index's queries may run. They are the project's own, run once per
release in the background, not a visitor's: the store's timeout for requests (10 s by
default) is too short for them at 2M triples (14 s and 10 s; the one grouped query they
replace took 2.5 min, and 8.5 min on a machine loaded 10×)."""


def _pages(store: GraphStore, catalog: QueryCatalog, name: str) -> Iterator[Table]:
    """The answers of the query ``name``: one evaluation read whole, past the serving store's
    ``max_results`` (:meth:`~aspen_graph.store.base.ServingStore.select_all`). Only when the
    store still refuses (a remote store's own row limit, such as Virtuoso's ResultSetMaxRows)
    is it read sorted, in pages of ``max_results`` (LIMIT/OFFSET: one evaluation per page)."""
    text = catalog.get(name).text
    if not isinstance(store, ServingStore):
        yield store.select(text)  # the embedded store has no cap
        return
    timeout = max(store.timeout, READ_SECONDS)
    try:
        whole = store.select_all(text, timeout=timeout)
    except QueryRefusedError:
        pass
    else:
        yield whole
        return
    size = max(store.max_results, 1)
    offset = 0
    while True:
        page = store.select_all(
            f"{text}\n{PAGE_ORDERS[name]}\nLIMIT {size} OFFSET {offset}", timeout=timeout
        )
        yield page
        if len(page.rows) < size:
            return
        offset += size


def _facts(store: GraphStore, catalog: QueryCatalog) -> dict[str, tuple[str, str]]:
    """resource → (its types joined by spaces, sorted; its least plan), from
    ``search-facts.rq``."""
    types: dict[str, set[str]] = {}
    plans: dict[str, str] = {}
    for page in _pages(store, catalog, FACTS_QUERY):
        for resource, kind, plan in page.rows:
            iri = str(resource)
            if kind is not None:
                types.setdefault(iri, set()).add(str(kind))
            if plan is not None and (iri not in plans or str(plan) < plans[iri]):
                plans[iri] = str(plan)
    return {
        iri: (" ".join(sorted(types.get(iri, ()))), plans.get(iri, ""))
        for iri in types.keys() | plans.keys()
    }


def iter_search_rows(store: GraphStore, catalog: QueryCatalog) -> Iterator[dict[str, str]]:
    """The index's rows from the release, sorted by resource, property, text and language,
    each once: the text rows of ``sparql/pages/search-labels.rq`` joined here with each
    resource's types and plan (``search-facts.rq``). Two plain reads cost the engine a fifth
    of the one grouped query they replace (24 s against 85-120 s at 2M), but send twice its
    rows (bench/README.md: through the sandbox's pipe, about what the engine saves)."""
    texts: set[tuple[str, str, str, str]] = set()  # a set: a triple in two graphs comes twice
    for page in _pages(store, catalog, LABELS_QUERY):
        for subject, predicate, literal in page.rows:
            lang = str(getattr(literal, "language", None) or "")
            texts.add((str(subject), str(predicate), str(literal), lang))
    facts = _facts(store, catalog)
    for resource, prop, text, lang in sorted(texts):
        types, plan = facts.get(resource, ("", ""))
        yield {
            "resource": resource,
            "property": prop,
            "text": text,
            "lang": lang,
            "plan": plan,
            "types": types,
        }


def search_rows(store: GraphStore, catalog: QueryCatalog) -> list[dict[str, str]]:
    """:func:`iter_search_rows` as a list."""
    return list(iter_search_rows(store, catalog))


def load_search_index(store: GraphStore, catalog: QueryCatalog) -> SearchIndex:
    """The search index of the release in ``store``."""
    return SearchIndex(iter_search_rows(store, catalog))


__all__ = [
    "TERM_KIND",
    "Entry",
    "Hit",
    "SearchIndex",
    "code_key",
    "fold",
    "iter_search_rows",
    "kind_of",
    "load_search_index",
    "search_rows",
]
