"""The home page is kept in the result cache for its release: a second request runs no query,
a new release (or another language) is rendered afresh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.api.release_info import ReleaseInfo
from aspen_graph.api.routes import meta
from aspen_graph.config import Settings
from aspen_graph.store import SandboxStore

ROOT = Path(__file__).resolve().parents[2]
PAGE = {"Accept": "text/html"}
A = "https://w3id.org/aspen/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


@pytest.fixture(scope="module")
def plan_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxStore]:
    """The plan the home page shows and one version of it (the tables are empty)."""
    path = tmp_path_factory.mktemp("plan") / "aspen.nq"
    graph = f"<{A}graph/test>"
    path.write_text(
        f"<{A}id/plan/aspen-2026-2035> {TYPE} <{A}ont/StrategicPlan> {graph} .\n"
        f"<{A}id/plan-version/v1> {TYPE} <{A}ont/PlanVersion> {graph} .\n"
        f"<{A}id/plan-version/v1> <{A}ont/versionOf> <{A}id/plan/aspen-2026-2035> {graph} .\n",
        encoding="utf-8",
    )
    with SandboxStore(path, workers=1, timeout=30.0) as store:
        yield store


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the queries the home page runs (the real ones run too)."""
    ran: list[str] = []
    real = meta.run_select

    def counting(store: Any, catalog: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        ran.append(name)
        return real(store, catalog, name, *args, **kwargs)

    monkeypatch.setattr(meta, "run_select", counting)
    return ran


def test_second_request_runs_no_query(queries: list[str], plan_store: SandboxStore) -> None:
    app = create_app(Settings(sparql_dir=ROOT / "sparql"), plan_store)
    client = TestClient(app)
    first = client.get("/", headers=PAGE)
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/html")
    assert sorted(queries) == ["coverage-by-challenge", "pages/plan-elements"]
    again = client.get("/", headers=PAGE)
    assert again.content == first.content and len(queries) == 2
    # another language is another page
    vi = client.get("/?lang=vi", headers=PAGE)
    assert vi.status_code == 200 and 'lang="vi"' in vi.text and len(queries) == 4
    assert client.get("/?lang=vi", headers=PAGE).content == vi.content and len(queries) == 4
    # a new release is not served the old one's bytes
    app.state.aspen.release = ReleaseInfo(version="9.9.9", fingerprint="another")
    new = client.get("/", headers=PAGE)
    assert "<strong>9.9.9</strong>" in new.text and "9.9.9" not in first.text
    assert len(queries) == 6


def test_page_without_its_tables_is_not_kept(queries: list[str], sandbox: SandboxStore) -> None:
    """When the store cannot answer the tables (here: a release without the plan) the page
    is served without them and not kept: the next request asks again."""
    client = TestClient(create_app(Settings(sparql_dir=ROOT / "sparql"), sandbox))
    assert client.get("/", headers=PAGE).status_code == 200
    assert client.get("/", headers=PAGE).status_code == 200
    assert len(queries) == 4
