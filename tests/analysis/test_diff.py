"""``aspen diff`` on the example drafts: the full expected text, the JSON shape, the route.

The expected text was worked out from data/examples/*/plan.ttl and alignments.csv by hand (and
cross-checked with rdflib and csv alone, no SPARQL): draft 2 adds P5 and drops P2.FA2, rewords
P3, adds P3 → 15.3, P5 → 3.9 and P5 → 11.6, drops P2 → 14.1 and P2.FA2's two alignments, and
moves P1 → 14.3 from +1 (enabling) to 0 (consistent, so no longer a contribution). Coverage
follows: SDG 14 reached 14.1-14.6 and keeps 14.1 (another element still serves it), 14.2 and
14.5: 6/10 → 3/10; SDG 11 gains 11.6, SDG 15 gains 15.3; the 2030 Agenda 12 → 11 targets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from aspen_graph.analysis.versions import diff_versions
from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import QueryCatalog
from aspen_graph.report import render_diff
from aspen_graph.store import OxigraphStore, SandboxStore

pytestmark = pytest.mark.slow  # a release build with the examples

D1 = "plan-version:example-plan-draft-1"
D2 = "plan-version:example-plan-draft-2"

EXPECTED = """\
Changes from plan-version:example-plan-draft-1 to plan-version:example-plan-draft-2
  plan-version:example-plan-draft-1: Example Regional Environment Plan 2026-2035, first draft (example) (2026-01-15)
  plan-version:example-plan-draft-2: Example Regional Environment Plan 2026-2035, second draft (example) (2026-04-20)

Elements added (1)
  + priority P5: "Air quality and transboundary haze (example)"

Elements removed (1)
  - focal area P2.FA2: "Sustainable fisheries (example)"

Elements reworded (1)
  ~ priority P3 label: "Forests and protected areas (example)" → "Forests, peatlands and protected areas (example)"

Alignments added (3)
  + priority P3 → sdg:15.3: score +2
  + priority P5 → sdg:3.9: score +2
  + priority P5 → sdg:11.6: score +3

Alignments removed (3)
  - priority P2 → sdg:14.1: score +1
  - focal area P2.FA2 → sdg:14.4: score +3
  - focal area P2.FA2 → sdg:14.6: score +2

Alignments re-scored (1)
  ~ priority P1 → sdg:14.3: score +1 → 0

Coverage per challenge
  biodiversity loss 7/44 → 6/44
  climate change 3/17 → 2/17
  pollution 3/9 → 4/9

Coverage per SDG goal and framework (changed only)
  SDG 11 coverage 0/10 → 1/10
  SDG 14 coverage 6/10 → 3/10
  SDG 15 coverage 2/12 → 3/12
  Transforming our world: the 2030 Agenda for Sustainable Development coverage 12/169 → 11/169
"""


def test_diff_text_on_the_example_drafts(
    examples_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    assert render_diff(diff_versions(examples_store, catalog, D1, D2), "text") == EXPECTED


def test_diff_the_other_way_round_swaps_added_and_removed(
    examples_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    back = diff_versions(examples_store, catalog, D2, D1)
    assert [(e.kind, e.code) for e in back.elements_added] == [("FocalArea", "P2.FA2")]
    assert [(e.kind, e.code) for e in back.elements_removed] == [("StrategicPriority", "P5")]
    assert [(a.code, a.target, a.old_score, a.new_score) for a in back.alignments_rescored] == [
        ("P1", "sdg:14.3", 0, 1)
    ]
    sdg14 = next(c for c in back.sdg_goals if c.key == "sdg:14")
    assert (sdg14.reached_old, sdg14.reached_new, sdg14.total_new) == (3, 6, 10)


def test_diff_of_a_version_with_itself_is_empty(
    examples_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    same = diff_versions(examples_store, catalog, D2, D2)
    assert not (same.elements_added or same.elements_removed or same.elements_reworded)
    assert not (same.alignments_added or same.alignments_removed or same.alignments_rescored)
    assert not same.changed_goals()
    assert [c.label for c in same.challenges] == [
        "biodiversity loss",
        "climate change",
        "pollution",
    ]


def test_diff_json_shape(examples_store: OxigraphStore, catalog: QueryCatalog) -> None:
    data = json.loads(render_diff(diff_versions(examples_store, catalog, D1, D2), "json"))
    assert set(data) == {
        "old",
        "new",
        "lang",
        "elements_added",
        "elements_removed",
        "elements_reworded",
        "alignments_added",
        "alignments_removed",
        "alignments_rescored",
        "challenges",
        "sdg_goals",
        "frameworks",
    }
    assert data["old"] == {
        "version": D1,
        "plan": "plan:example-plan",
        "label": "Example Regional Environment Plan 2026-2035, first draft (example)",
        "issued": "2026-01-15",
    }
    assert data["elements_reworded"] == [
        {
            "kind": "StrategicPriority",
            "code": "P3",
            "old": "Forests and protected areas (example)",
            "new": "Forests, peatlands and protected areas (example)",
            "changes": [
                {
                    "field": "label",
                    "old": "Forests and protected areas (example)",
                    "new": "Forests, peatlands and protected areas (example)",
                }
            ],
        }
    ]
    rescored = data["alignments_rescored"]
    assert [(r["code"], r["target"], r["old_score"], r["new_score"]) for r in rescored] == [
        ("P1", "sdg:14.3", 1, 0)
    ]
    assert set(rescored[0]) == {
        "kind",
        "code",
        "target",
        "target_kind",
        "target_label",
        "old_score",
        "new_score",
    }
    assert [
        (c["key"], c["reached_old"], c["total_old"], c["reached_new"], c["total_new"])
        for c in data["sdg_goals"]
    ] == [("sdg:11", 0, 10, 1, 10), ("sdg:14", 6, 10, 3, 10), ("sdg:15", 2, 12, 3, 12)]
    assert [c["key"] for c in data["challenges"]] == [
        "challenge:biodiversity-loss",
        "challenge:climate-change",
        "challenge:pollution",
    ]


def test_diff_markdown_and_vietnamese(examples_store: OxigraphStore, catalog: QueryCatalog) -> None:
    text = render_diff(diff_versions(examples_store, catalog, D1, D2, lang="vi"), "md")
    assert text.startswith(f"# Thay đổi từ `{D1}` đến `{D2}`\n")
    assert "## Thành phần được viết lại (1)\n\n- ưu tiên P3 nhãn: " in text
    assert (
        '"Rừng và các khu bảo tồn (ví dụ)" → "Rừng, đất than bùn và các khu bảo tồn (ví dụ)"'
        in text
    )
    assert "- SDG 14 bao phủ 6/10 → 3/10\n" in text


def test_diff_rejects_what_is_not_a_version(
    examples_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    with pytest.raises(QueryParameterError, match="plan:example-plan is not a aspen:PlanVersion"):
        diff_versions(examples_store, catalog, D1, "plan:example-plan")
    with pytest.raises(QueryParameterError, match="names nothing"):
        diff_versions(examples_store, catalog, "example-plan-draft-9", D2)


def test_aspen_diff_command(built_examples: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from aspen_graph.cli.main import _app

    monkeypatch.setenv("ASPEN_DIST_DIR", str(built_examples.dist))
    runner = CliRunner()
    result = runner.invoke(_app, ["diff", "example-plan-draft-1", "example-plan-draft-2"])
    assert result.exit_code == 0, result.output
    assert result.output == EXPECTED
    bad = runner.invoke(_app, ["diff", D1, "plan:example-plan"])
    assert bad.exit_code != 0


@pytest.fixture(scope="module")
def client(built_examples: Settings) -> Iterator[TestClient]:
    with (
        SandboxStore(built_examples.dist / "aspen.nq", workers=1, timeout=20.0) as store,
        TestClient(create_app(built_examples, store)) as test_client,
    ):
        yield test_client


def test_diff_route(
    client: TestClient, examples_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    response = client.get("/diff", params={"from": D1, "to": "example-plan-draft-2"})
    assert response.status_code == 200, response.text
    assert response.json() == json.loads(
        render_diff(diff_versions(examples_store, catalog, D1, D2), "json")
    )
    assert client.get("/diff", params={"from": D1, "to": "plan:example-plan"}).status_code == 422
    assert client.get("/diff", params={"from": D1}).status_code == 422
    assert client.get("/diff", params={"from": D1, "to": D2, "x": "1"}).status_code == 422
