"""One caching rule for pages, resources and downloads (api/page_cache.py ``cached_answer``): an
answer's ETag is its cache key's, so two URLs whose bytes differ never share one (no 304 for a
neighbour's body) and the same bytes keep theirs; the /gaps, /coverage and /alignments
downloads are kept like the pages; a server stopped during its page warm-up waits for the page
in flight before closing its store.

Over a fixture release of this module's own (api_release, with the repository's page queries:
the resource pages need them). Renders are counted by a spy on the question's answer, never by
timing.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from api_release import EX, Release, write_release
from fastapi.testclient import TestClient

from aspen_graph.api import create_app, main, page_warm_up, report_memo
from aspen_graph.api.routes import coverage, search
from aspen_graph.api.schemas import Gap, GapList
from aspen_graph.config import Settings
from aspen_graph.store import SandboxStore

ROOT = Path(__file__).resolve().parents[2]
PAGE = {"accept": "text/html"}
THING = "/resource?iri=" + quote(f"{EX}thing3", safe="")


@pytest.fixture(scope="module")
def own_release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    release = write_release(tmp_path_factory.mktemp("rules"))
    shutil.copytree(ROOT / "sparql", release.root / "sparql", dirs_exist_ok=True)
    return release


@pytest.fixture(scope="module")
def pool(own_release: Release) -> Iterator[SandboxStore]:
    with SandboxStore(own_release.nquads, workers=1, timeout=10.0) as store:
        yield store


@pytest.fixture
def client(own_release: Release, pool: SandboxStore) -> Iterator[TestClient]:
    """A fresh app (an empty cache) over the module's pool."""
    with TestClient(create_app(own_release.settings(), pool)) as test_client:
        yield test_client


# -- 1. resource pages and their RDF -----------------------------------------------------------


@pytest.mark.parametrize("extra", ["format=html", "ref=newsletter"])
def test_resource_pages_differing_in_a_parameter_do_not_share_an_etag(
    client: TestClient, extra: str
) -> None:
    plain = client.get(THING, headers=PAGE)
    other = client.get(f"{THING}&{extra}", headers=PAGE)
    assert plain.status_code == other.status_code == 200
    # the bytes differ: the other page's links repeat its parameter, the plain page's do not
    link = f"{THING}&amp;{extra}&amp;lang=vi"  # the language switcher's link to Vietnamese
    assert link in other.text and link not in plain.text
    assert plain.headers["etag"] != other.headers["etag"]
    # the plain page's validator does not validate the other page: its own bytes come back
    crossed = client.get(
        f"{THING}&{extra}", headers={**PAGE, "if-none-match": plain.headers["etag"]}
    )
    assert crossed.status_code == 200 and crossed.content == other.content
    # each page's own validator still does
    for url, first in ((THING, plain), (f"{THING}&{extra}", other)):
        again = client.get(url, headers={**PAGE, "if-none-match": first.headers["etag"]})
        assert again.status_code == 304 and again.headers["etag"] == first.headers["etag"]


def test_a_resource_in_rdf_keeps_its_etag_for_the_same_bytes_only(client: TestClient) -> None:
    by_format = client.get(f"{THING}&format=ttl")
    by_accept = client.get(THING, headers={"accept": "text/turtle"})
    in_vietnamese = client.get(f"{THING}&format=ttl&lang=vi")
    assert by_format.content == by_accept.content == in_vietnamese.content
    assert "ns1:rank 3 ." in by_format.text  # thing 3 has rank 3
    assert by_format.headers["etag"] == by_accept.headers["etag"] == in_vietnamese.headers["etag"]
    triples = client.get(f"{THING}&format=nt")
    other_thing = client.get("/resource?format=ttl&iri=" + quote(f"{EX}thing4", safe=""))
    assert triples.content != by_format.content and other_thing.content != by_format.content
    etags = {r.headers["etag"] for r in (by_format, triples, other_thing)}
    assert len(etags) == 3
    turtle_etag = {"if-none-match": by_format.headers["etag"]}
    assert client.get(f"{THING}&format=nt", headers=turtle_etag).status_code == 200
    assert client.get(THING, headers={"accept": "text/turtle", **turtle_etag}).status_code == 304


# -- 2. downloads ------------------------------------------------------------------------------

GAPS = [
    Gap(challenge=f"{EX}c1", challenge_label="Pollution", target=f"{EX}t2", code="14.2",
        framework="SDG", text="Oceans", text_lang="en"),
    Gap(challenge=f"{EX}c1", challenge_label="Pollution", target=f"{EX}t1", code="6.3",
        framework="SDG", text="Water", text_lang="en"),
]  # fmt: skip


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every time /gaps computes its answer: the parameters it was asked with."""
    calls: list[dict[str, Any]] = []

    def spy(params: Any, store: object, catalog: object) -> GapList:
        calls.append(params.model_dump())
        data = [gap.model_copy() for gap in GAPS]
        return GapList(plan=f"{EX}plan", lang=params.lang, data=data, count=len(data))

    question = dataclasses.replace(coverage.QUESTIONS["/gaps"], answer=spy)
    monkeypatch.setitem(coverage.QUESTIONS, "/gaps", question)
    return calls


def test_a_repeated_download_is_not_rendered_again(
    client: TestClient, renders: list[dict[str, Any]]
) -> None:
    first = client.get("/gaps?format=csv")
    second = client.get("/gaps?format=csv")
    assert first.status_code == second.status_code == 200
    assert len(renders) == 1 and second.content == first.content
    assert first.headers["content-type"] == "text/csv; charset=utf-8"
    assert first.headers["content-disposition"] == 'attachment; filename="gaps.csv"'
    assert second.headers["content-disposition"] == first.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(first.text)))
    assert [(r["code"], r["challenge_label"]) for r in rows] == [
        ("14.2", "Pollution"),
        ("6.3", "Pollution"),
    ]
    # the same URL validated: 304, nothing rendered
    etag = first.headers["etag"]
    again = client.get("/gaps?format=csv", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag and len(renders) == 1


def test_each_format_and_view_of_a_download_has_its_own_answer(
    client: TestClient, renders: list[dict[str, Any]]
) -> None:
    as_csv = client.get("/gaps?format=csv")
    as_json = client.get("/gaps")
    as_xlsx = client.get("/gaps?format=xlsx")
    assert len(renders) == 3
    assert as_json.headers["content-type"] == "application/json"
    assert "content-disposition" not in as_json.headers
    document = json.loads(as_json.content)
    assert [g["code"] for g in document["data"]] == ["14.2", "6.3"] and document["count"] == 2
    assert as_xlsx.content.startswith(b"PK")  # a zip: the workbook
    assert as_xlsx.headers["content-disposition"] == 'attachment; filename="gaps.xlsx"'
    assert len({r.headers["etag"] for r in (as_csv, as_json, as_xlsx)}) == 3
    # a neighbour's validator: the full answer
    crossed = client.get("/gaps?format=xlsx", headers={"if-none-match": as_csv.headers["etag"]})
    assert crossed.status_code == 200 and crossed.content == as_xlsx.content
    # another view (sorted by code, in natural order) is its own answer, rendered once
    for _ in range(2):
        ordered = client.get("/gaps?format=csv&sort=code")
    assert len(renders) == 4 and ordered.headers["etag"] != as_csv.headers["etag"]
    assert [r["code"] for r in csv.DictReader(io.StringIO(ordered.text))] == ["6.3", "14.2"]
    # asked by Accept: the same bytes as ?format=csv
    by_accept = client.get("/gaps", headers={"accept": "text/csv"})
    assert by_accept.content == as_csv.content
    assert by_accept.headers["content-type"] == "text/csv; charset=utf-8"


def test_a_download_error_is_not_kept(client: TestClient, renders: list[dict[str, Any]]) -> None:
    for _ in range(2):
        refused = client.get("/gaps?format=pdf")
        assert refused.status_code == 406 and "etag" not in refused.headers
    assert renders == []


# -- 3. a server stopped during its page warm-up -------------------------------------------------


class SlowStore(SandboxStore):
    """A pool whose queries take a while (until the store closes, or 0.2 s), and which notes a
    query sent after it closed — what the warm-up's page in flight did when cancelled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entered = threading.Event()
        self.closing = threading.Event()
        self.after_close: list[str] = []
        self.queries = 0
        self.finished = threading.Semaphore(0)

    def select(self, *args: Any, **kwargs: Any) -> Any:
        self.entered.set()
        self.closing.wait(0.2)
        try:
            if self.closing.is_set():
                self.after_close.append(str(args[0])[:60])
            self.queries += 1
            return super().select(*args, **kwargs)
        finally:
            self.finished.release()

    def close(self) -> None:
        self.closing.set()
        super().close()


def test_stopping_during_the_page_warm_up_closes_the_store_after_the_page_in_flight(
    own_release: Release, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    stores: list[SlowStore] = []

    def open_store(settings: Settings) -> SlowStore:
        stores.append(SlowStore(own_release.nquads, workers=1, timeout=10.0))
        return stores[-1]

    monkeypatch.setattr(main, "open_serving_store", open_store)
    monkeypatch.setattr(main, "start_report_warm_up", lambda app: None)
    monkeypatch.setattr(search, "start_warm_up", lambda app: None)
    # the warm-up's pages: one question page (it runs the question's query), several times
    asked = [("/queries/things-ranked", f"min_rank={i}".encode(), b"en") for i in range(20)]
    monkeypatch.setattr(page_warm_up, "requests", lambda paths: asked)
    caplog.set_level(logging.INFO)
    with TestClient(create_app(own_release.settings())):
        assert stores and stores[0].entered.wait(10)  # a warm-up page is querying
    store = stores[0]
    store.finished.acquire(timeout=5)  # the query in flight has ended (it does before a close)
    assert store.after_close == []
    closed = [r for r in caplog.records if "store is closed" in r.getMessage()]
    assert closed == [], [r.getMessage() for r in closed]
    assert store.queries < len(asked)  # the warm-up stopped, it did not ask for every page


class ClosingStore(SandboxStore):
    """A pool whose first query waits for the store to close and then runs: the report warm-up's
    query that a stopping server's close overtakes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entered = threading.Event()
        self.closed = threading.Event()

    def select(self, *args: Any, **kwargs: Any) -> Any:
        if not self.entered.is_set():
            self.entered.set()
            self.closed.wait(10)
        return super().select(*args, **kwargs)

    def close(self) -> None:
        super().close()
        self.closed.set()


def test_a_report_warm_up_overtaken_by_the_close_logs_no_error(
    own_release: Release, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    stores: list[ClosingStore] = []
    threads: list[threading.Thread] = []

    def open_store(settings: Settings) -> ClosingStore:
        stores.append(ClosingStore(own_release.nquads, workers=1, timeout=10.0))
        return stores[-1]

    def start_report(app: Any) -> None:
        threads.append(report_memo.start_warm_up(app))

    monkeypatch.setattr(main, "open_serving_store", open_store)
    monkeypatch.setattr(main, "start_report_warm_up", start_report)
    monkeypatch.setattr(search, "start_warm_up", lambda app: None)
    monkeypatch.setattr(page_warm_up, "requests", lambda paths: [])
    caplog.set_level(logging.INFO)
    with TestClient(create_app(own_release.settings())):
        assert stores and stores[0].entered.wait(10)  # the report warm-up is querying
    assert threads
    threads[0].join(15)
    assert not threads[0].is_alive()
    failed = [r.getMessage() for r in caplog.records if "report warm-up" in r.getMessage()]
    assert failed == [], failed
