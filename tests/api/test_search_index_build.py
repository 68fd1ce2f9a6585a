"""How the site's search index is built: by two queries past the serving store's result limit,
once per release however many requests arrive together, and a failure remembered (503) for a
while."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, URIRef

from aspen_graph.analysis import SearchIndex, load_search_index
from aspen_graph.analysis.search import search_rows
from aspen_graph.api import create_app, deps
from aspen_graph.api.release_info import ReleaseInfo
from aspen_graph.api.routes import search as search_route
from aspen_graph.config import Settings
from aspen_graph.errors import QueryRefusedError
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import SandboxStore, Table

ROOT = Path(__file__).resolve().parents[2]
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
GRAPH = "https://w3id.org/aspen/graph/test"
ANIMALS = {"otter": "1", "heron": "2", "dugong": "3", "gibbon": "4", "pangolin": "5"}
"""Each a resource with an English label and a notation: two label rows each."""
LABEL_PROPERTIES = (
    f"{RDFS}label",
    f"{SKOS}prefLabel",
    f"{SKOS}altLabel",
    f"{SKOS}notation",
    "http://purl.org/dc/terms/identifier",
    "http://purl.org/dc/terms/title",
)
"""What the index reads (``sparql/pages/search-labels.rq``)."""
MAX_RESULTS = 3
"""Fewer than the ten label rows: one answer cannot hold the index's query."""


def _iri(name: str) -> str:
    return f"https://w3id.org/aspen/id/test/{name}"


@pytest.fixture(scope="module")
def small_limit_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxStore]:
    path = tmp_path_factory.mktemp("labels") / "aspen.nq"
    lines = []
    for name, code in ANIMALS.items():
        lines.append(f'<{_iri(name)}> <{RDFS}label> "The {name}"@en <{GRAPH}> .')
        lines.append(f'<{_iri(name)}> <{SKOS}notation> "T-{code}" <{GRAPH}> .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with SandboxStore(path, workers=1, timeout=30.0, max_results=MAX_RESULTS) as store:
        yield store


def _label_rows(path: Path) -> set[tuple[str, str, str]]:
    """The release's label, notation … triples, read by rdflib (not by the index's query)."""
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    names = {URIRef(p) for p in LABEL_PROPERTIES}
    return {(str(s), str(p), str(o)) for s, p, o, _ in dataset.quads() if p in names}


def _check_index(index: SearchIndex) -> None:
    for name, code in ANIMALS.items():
        (hit,) = index.search(name)
        assert hit.entry.iri == _iri(name) and hit.entry.labels == {"en": f"The {name}"}
        assert [h.entry.iri for h in index.search(f"T-{code}") if h.exact] == [_iri(name)]
    assert len(index.entries) == len(ANIMALS)


def test_index_is_read_whole_by_one_evaluation_per_query(small_limit_store: SandboxStore) -> None:
    """More label rows than the store's max_results: one evaluation of each of the two
    queries (labels; types and plans) all the same, every row."""
    catalog = QueryCatalog(ROOT / "sparql")
    wanted = _label_rows(Path(small_limit_store.source))
    assert len(wanted) > MAX_RESULTS
    before = small_limit_store.stats.queries
    rows = search_rows(small_limit_store, catalog)
    assert small_limit_store.stats.queries - before == 2
    assert {(r["resource"], r["property"], r["text"]) for r in rows} == wanted
    assert len(rows) == len(wanted)
    before = small_limit_store.stats.queries
    _check_index(load_search_index(small_limit_store, catalog))
    assert small_limit_store.stats.queries - before == 2


def test_index_is_read_in_pages_where_the_store_refuses(
    monkeypatch: pytest.MonkeyPatch, small_limit_store: SandboxStore
) -> None:
    """A store whose own row limit refuses the whole answer (Virtuoso's ResultSetMaxRows) is
    read sorted, in pages of max_results."""
    read_all = small_limit_store.select_all
    queries: list[str] = []

    def refusing(query: str, *, timeout: float | None = None) -> Table:
        queries.append(query)
        if not re.search(r"^LIMIT \d+ OFFSET \d+$", query, re.MULTILINE):
            raise QueryRefusedError("the store cut the answer")
        return read_all(query, timeout=timeout)

    monkeypatch.setattr(small_limit_store, "select_all", refusing)
    rows = search_rows(small_limit_store, QueryCatalog(ROOT / "sparql"))
    wanted = _label_rows(Path(small_limit_store.source))
    assert {(r["resource"], r["property"], r["text"]) for r in rows} == wanted
    pages = len(wanted) // MAX_RESULTS + 1  # the last one short (or empty)
    assert len(queries) == (1 + pages) + (1 + 1)  # types and plans: none, one empty page
    _check_index(SearchIndex(rows))


def _app(monkeypatch: pytest.MonkeyPatch, store: SandboxStore, build: Any) -> Any:
    """An app over ``store`` whose index builder is ``build`` (its lifespan not run here, and
    with a store given it starts no warm-up)."""
    monkeypatch.setattr(search_route, "load_search_index", build)
    return create_app(Settings(sparql_dir=ROOT / "sparql"), store=store)


def test_concurrent_first_requests_build_once(
    monkeypatch: pytest.MonkeyPatch, small_limit_store: SandboxStore
) -> None:
    calls: list[object] = []
    built = SearchIndex([])

    def slow_build(store: object, catalog: object) -> SearchIndex:
        calls.append(store)
        time.sleep(0.3)  # long enough for every reader to arrive while it runs
        return built

    app = _app(monkeypatch, small_limit_store, slow_build)
    request = SimpleNamespace(app=app)
    found: list[SearchIndex] = []
    readers = [
        threading.Thread(
            target=lambda: found.append(search_route.cached_index(request, "store", None))  # type: ignore[arg-type]
        )
        for _ in range(4)
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(10)
    assert calls == ["store"] and found == [built] * 4
    # a new release is indexed again
    app.state.aspen.release = ReleaseInfo(version="9.9", fingerprint="new")
    assert search_route.cached_index(request, "store", None) is built  # type: ignore[arg-type]
    assert len(calls) == 2


def test_failed_build_is_a_503_remembered_for_a_while(
    monkeypatch: pytest.MonkeyPatch, small_limit_store: SandboxStore
) -> None:
    calls: list[object] = []

    def failing_build(store: object, catalog: object) -> SearchIndex:
        calls.append(store)
        raise QueryRefusedError("the query returns more than 3 rows; add a LIMIT or narrow it")

    app = _app(monkeypatch, small_limit_store, failing_build)
    client = TestClient(app)  # no `with`: the lifespan (and its warm-up) is not run
    for path in ("/search?q=otter", "/search/suggest?q=ott", "/search?q=heron"):
        response = client.get(path)
        assert response.status_code == 503, response.text
        assert "search index is unavailable" in response.text and "3 rows" in response.text
        assert "Retry-After" in response.headers
    assert len(calls) == 1
    # once the time is up, the next request tries again
    later = time.monotonic() + search_route.INDEX_RETRY_SECONDS + 1
    monkeypatch.setattr(deps, "time", SimpleNamespace(monotonic=lambda: later))
    assert client.get("/search?q=otter").status_code == 503
    assert len(calls) == 2


def test_a_matched_code_skips_the_any_word_fallback() -> None:
    """ "GBF 7" names one target by its code; resources that merely hold "gbf" or a word
    starting with "7" are not results (ranking every such resource cost ~300 ms at 2M)."""
    code = "https://w3id.org/aspen/id/test/gbf-7"
    rows = [{"resource": code, "property": f"{SKOS}notation", "text": "GBF-TARGET-07"}]
    rows += [
        {
            "resource": f"https://w3id.org/aspen/id/test/n{n}",
            "property": f"{RDFS}label",
            "text": f"GBF note x{n}",
            "lang": "en",
        }
        for n in range(20)
    ]
    index = SearchIndex(rows)
    assert [hit.entry.iri for hit in index.search("GBF 7")] == [code]
    # with no code matched, any of the words still finds something
    assert len(index.search("GBF 99")) == len(rows)  # each holds "gbf" (a code is text too)


def _vm_steps(index: SearchIndex, query: str) -> int:
    """SQLite virtual-machine steps (in thousands) one search takes: a count of the work, not
    a time (the database is the index's own, read here only to count)."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    index._db.set_progress_handler(count, 1000)
    try:
        index.search(query)
    finally:
        index._db.set_progress_handler(None, 1000)
    return steps[0]


def _notes(count: int) -> list[dict[str, str]]:
    """``count`` resources labelled "note" and 1-9 other words (the shortest first when
    sorted by word count, then by number)."""
    return [
        {
            "resource": f"https://w3id.org/aspen/id/test/n{n:05d}",
            "property": f"{RDFS}label",
            "text": " ".join(["note", *(f"w{n}x{k}" for k in range(n % 9))]),
            "lang": "en",
        }
        for n in range(count)
    ]


def test_a_common_word_ranks_a_bounded_number_of_labels() -> None:
    """A word in every label (at 2M triples "example" is in 100,000) costs about the same
    however many labels hold it, and the results are still bm25's best: the shortest labels
    (each holds the word once), the earlier resource first among equals."""
    small, large = SearchIndex(_notes(2_000)), SearchIndex(_notes(20_000))
    assert _vm_steps(large, "note") < 2 * _vm_steps(small, "note")
    rows = _notes(20_000)
    wanted = sorted(rows, key=lambda r: (len(r["text"].split()), r["resource"]))[:50]
    assert [h.entry.iri for h in large.search("note")] == [r["resource"] for r in wanted]
    assert [h.entry.iri for h in large.search("no")] == [r["resource"] for r in wanted]


def test_order_is_bm25_order() -> None:
    """Below the ranked bound, results come in FTS5's bm25 order (ties by resource), whether
    or not the index computes it: against a plain FTS5 table of the same labels."""
    words = ("water", "river", "clean", "sea", "wetland")
    labels = [" ".join(words[(n * k) % 5] for k in range(1 + n % 6)) for n in range(60)]
    labels += ["water water river", "clean water", "sea_water river"]
    rows = [
        {
            "resource": f"https://w3id.org/aspen/id/test/r{n:03d}",
            "property": f"{RDFS}label",
            "text": label,
            "lang": "en",
        }
        for n, label in enumerate(labels)
    ]
    index = SearchIndex(rows)
    plain = sqlite3.connect(":memory:")
    plain.execute("CREATE VIRTUAL TABLE t USING fts5(text, doc UNINDEXED)")
    plain.executemany("INSERT INTO t VALUES (?, ?)", [(r["text"], r["resource"]) for r in rows])
    for query in ("water", "wat", "river water", "clean", "sea", "water sea", "river wa"):
        match = " ".join(f'"{w}"' for w in query.split()) + "*"
        wanted: list[str] = []
        for (iri,) in plain.execute(
            "SELECT doc FROM t WHERE t MATCH ? ORDER BY rank, doc", (match,)
        ):
            if iri not in wanted:
                wanted.append(iri)
        assert wanted, query
        assert [h.entry.iri for h in index.search(query, limit=500)] == wanted, query


def _indicators(count: int) -> list[dict[str, str]]:
    """Target 14.1's code, a label "14.1" and ``count`` indicators "14.1.k" with a note: in
    each label "1*" (the last word of "14.1") matches "14" and "1", so FTS5 would rank them
    by its bm25, which reads the whole list of rows holding a word starting with "1"."""
    base = "https://w3id.org/aspen/id/test"
    rows = [
        {"resource": f"{base}/t14-1", "property": f"{SKOS}notation", "text": "14.1"},
        {"resource": f"{base}/z-short", "property": f"{RDFS}label", "text": "14.1", "lang": "en"},
    ]
    rows += [
        {
            "resource": f"{base}/i{n:06d}",
            "property": f"{RDFS}label",
            "text": f"indicator 14.1.{2 + n % 8} note w{n}",
            "lang": "en",
        }
        for n in range(count)
    ]
    return rows


def test_a_code_with_a_repeated_prefix_word_costs_a_bounded_amount() -> None:
    """ "14.1" over 10× the labels costs about the same, and the order is still bm25's: the
    code first, then the shortest label (two tokens, "1*" in both), then the indicators,
    which all hold each word equally often and are equally long, by resource. FTS5's own
    rank is not asked for: its idf reads every row holding a word inside one VM step, work
    the step count cannot see (at 2M, 60-130 ms for "1*")."""
    small, large = SearchIndex(_indicators(2_500)), SearchIndex(_indicators(25_000))
    assert _vm_steps(large, "14.1") < 2 * _vm_steps(small, "14.1")
    statements: list[str] = []
    large._db.set_trace_callback(statements.append)
    try:
        large.search("14.1")
    finally:
        large._db.set_trace_callback(None)
    assert statements
    assert not [s for s in statements if re.search(r"\b(rank|bm25)\b", s)], statements
    base = "https://w3id.org/aspen/id/test"
    wanted = [f"{base}/t14-1", f"{base}/z-short", *(f"{base}/i{n:06d}" for n in range(48))]
    assert [h.entry.iri for h in large.search("14.1")] == wanted
