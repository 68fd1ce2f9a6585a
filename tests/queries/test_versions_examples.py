"""The version parameter on the example drafts, through every door: the catalogue, the CLI, the
HTTP API and the report. Draft-1 numbers were counted from data/examples/example-plan-draft-1
(alignments.csv against data/tables/challenge-relevance.csv)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.cli import main
from aspen_graph.config import Settings
from aspen_graph.curie import compress
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.report import assemble_report
from aspen_graph.store import OxigraphStore, SandboxStore

pytestmark = pytest.mark.slow  # a release build with the examples

PLAN = "plan:example-plan"
D1 = "plan-version:example-plan-draft-1"
# the plan's short title and the draft's label, as data/examples/example-plan-draft-1/plan.ttl
# gives them (the report names plans by title since its headings stopped showing CURIEs)
PLAN_TITLE = "EREP 2026-2035 (example)"
D1_TITLE = "Example Regional Environment Plan 2026-2035, first draft (example)"
D2 = "plan-version:example-plan-draft-2"
REAL = "plan-version:aspen-2026-2035-draft-2026-03"


def coverage(store: OxigraphStore, catalog: QueryCatalog, **params: str) -> list[tuple[str, ...]]:
    table = run_select(store, catalog, "coverage-by-challenge", params)
    return [
        (
            compress(str(r["challenge"])),
            compress(str(r["version"])),
            f"{r['reached']}/{r['relevant']}",
        )
        for r in table.records()
    ]


def test_default_is_the_latest_draft(examples_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert coverage(examples_store, catalog, plan=PLAN) == [
        ("challenge:biodiversity-loss", D2, "6/44"),
        ("challenge:climate-change", D2, "2/17"),
        ("challenge:pollution", D2, "4/9"),
    ]


def test_an_earlier_draft(examples_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert coverage(examples_store, catalog, version=D1) == [
        ("challenge:biodiversity-loss", D1, "7/44"),
        ("challenge:climate-change", D1, "3/17"),
        ("challenge:pollution", D1, "3/9"),
    ]


def test_the_real_plan_is_not_disturbed_by_the_examples(
    examples_store: OxigraphStore, shipped_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    """With the example drafts loaded, the real plan's default answers are those of the
    shipped build, and name its one version."""
    for name in ("coverage-by-challenge", "gaps-by-challenge", "coverage-by-element", "trade-offs"):
        with_examples = run_select(examples_store, catalog, name, {})
        shipped = run_select(shipped_store, catalog, name, {})
        assert with_examples.rows == shipped.rows, name
        assert {compress(str(v)) for v in shipped.column("version")} <= {REAL}


def test_every_catalogue_question_takes_the_version(
    examples_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    """Each plan question answers for draft 1 and names draft 1 in every row."""
    for spec in catalog.in_group("api"):
        if spec.param("version") is None or spec.param("plan") is None:
            continue
        params = {"version": D1}
        if spec.name == "components-by-framework":
            params["framework"] = "agreement:kmgbf"
        if spec.name == "elements-by-target":
            params["target"] = "sdg:14"
        table = run_select(examples_store, catalog, spec.name, params)
        if spec.name == "elements-by-target":
            assert table.rows, "draft 1 reaches SDG 14"
        assert {compress(str(v)) for v in table.column("version")} <= {D1}, spec.name
        assert {compress(str(p)) for p in table.column("plan")} <= {PLAN}, spec.name


def test_cli_coverage_version(
    built_examples: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASPEN_DIST_DIR", str(built_examples.dist))

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["aspen", *args])
        with pytest.raises(SystemExit) as caught:
            main.app()
        out = capsys.readouterr()
        return int(caught.value.code or 0), out.out, out.err

    code, out, _ = run("coverage", "--version", "example-plan-draft-1", "--format", "csv")
    assert code == 0
    assert "https://w3id.org/aspen/id/plan-version/example-plan-draft-1" in out
    code, _, err = run("gaps", "--version", D1, "--plan", "plan:aspen-2026-2035")
    assert code == 2
    assert f"{D1} is a version of {PLAN}, not of plan:aspen-2026-2035" in err


@pytest.fixture(scope="module")
def client(built_examples: Settings) -> Iterator[TestClient]:
    with (
        SandboxStore(built_examples.dist / "aspen.nq", workers=1, timeout=20.0) as store,
        TestClient(create_app(built_examples, store)) as test_client,
    ):
        yield test_client


def test_api_version(client: TestClient) -> None:
    answer = client.get("/queries/coverage-by-challenge", params={"version": D1})
    assert answer.status_code == 200, answer.text
    assert {row["version"]["curie"] for row in answer.json()["rows"]} == {D1}
    wrong = client.get(
        "/queries/coverage-by-challenge", params={"plan": "plan:aspen-2026-2035", "version": D1}
    )
    assert wrong.status_code == 422
    assert "is a version of plan:example-plan" in wrong.text
    body = client.get("/coverage", params={"version": D1}).json()
    assert (body["plan"], body["version"]) == (
        "https://w3id.org/aspen/id/plan/example-plan",
        "https://w3id.org/aspen/id/plan-version/example-plan-draft-1",
    )
    assert [c["reached"] for c in body["data"]] == [7, 3, 3]
    latest = client.get("/gaps", params={"plan": PLAN}).json()
    assert latest["version"].endswith("/example-plan-draft-2")
    assert client.get("/gaps", params={"plan": PLAN, "version": REAL}).status_code == 422
    assert client.get("/coverage", params={"version": "plan-version:nope"}).status_code == 404
    page = client.get("/report", params={"version": D1})
    assert page.status_code == 200
    assert f"{PLAN_TITLE} ({D1_TITLE})" in page.text  # titles, not CURIEs


def test_report_version(examples_store: OxigraphStore, catalog: QueryCatalog) -> None:
    report = assemble_report(examples_store, catalog, version=D1)
    assert report.subtitle.startswith(f"Plan {PLAN_TITLE} ({D1_TITLE}):")
    coverage_run = report.data.run("coverage")
    assert coverage_run is not None
    assert dict(coverage_run.params)["version"] == D1
    assert [str(r["reached"]) for r in coverage_run.records()] == ["7", "3", "3"]
