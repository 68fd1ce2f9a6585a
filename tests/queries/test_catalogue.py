"""Every named query of the catalogue, on a tiny fixture with exact expected rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from aspen_graph.curie import compress
from aspen_graph.errors import DataLoadError, QueryNotFoundError, QueryParameterError
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import OxigraphStore

NEW = "plan:new"


def rows(
    store: OxigraphStore, catalog: QueryCatalog, name: str, columns: tuple[str, ...], **params: str
) -> list[tuple[str, ...]]:
    """The chosen columns of a named query's result, IRIs as CURIEs, unbound as ''."""
    table = run_select(store, catalog, name, params)
    out = []
    for record in table.records():
        out.append(tuple("" if record[c] is None else compress(str(record[c])) for c in columns))
    return out


def test_every_api_query_has_a_test() -> None:
    """Each query of the REST catalogue has a test named after it somewhere under tests/."""
    tests_dir = Path(__file__).resolve().parents[1]
    source = "\n".join(p.read_text(encoding="utf-8") for p in tests_dir.rglob("test_*.py"))
    catalog = QueryCatalog(tests_dir.parent / "sparql")
    missing = {
        spec.name
        for spec in catalog.in_group("api")
        if f"def test_{spec.name.replace('-', '_')}" not in source
    }
    assert not missing, f"queries without a test: {sorted(missing)}"


def test_alignments_by_element(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    got = rows(
        mini_store,
        catalog,
        "alignments-by-element",
        ("target", "score", "interaction", "confidence", "status", "sources"),
        element="priority:new-p1",
    )
    assert got == [
        ("sdg:13.1", "2", "reinforcing", "0.8", "accepted", "http://example.org/e1"),
        ("goal:new-g1", "2", "reinforcing", "0.6", "proposed", "http://example.org/e5"),
        ("gbf-target:8", "1", "enabling", "0.4", "proposed", "http://example.org/e2"),
    ]


def test_alignments_by_element_label_language(
    mini_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    table = run_select(
        mini_store,
        catalog,
        "alignments-by-element",
        {"element": "priority:old-p1", "lang": "vi"},
    )
    labels = {compress(str(r["target"])): r["target_label"] for r in table.records()}
    assert str(labels["priority:new-p1"]) == "Ưu tiên một"
    assert labels["sdg:13.2"].language == "en"  # type: ignore[union-attr]  # English fallback


def test_alignments_by_element_rejects_unknown_and_wrong_kind(
    mini_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    with pytest.raises(QueryParameterError, match="names nothing"):
        run_select(mini_store, catalog, "alignments-by-element", {"element": "priority:nope"})
    with pytest.raises(QueryParameterError, match="is not a"):
        run_select(mini_store, catalog, "alignments-by-element", {"element": "14.1"})
    with pytest.raises(QueryParameterError, match="needs parameter 'element'"):
        run_select(mini_store, catalog, "alignments-by-element", {})
    with pytest.raises(QueryParameterError, match="no parameter colour"):
        run_select(
            mini_store,
            catalog,
            "alignments-by-element",
            {"element": "priority:new-p1", "colour": "x"},
        )


def test_elements_by_target(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert rows(
        mini_store,
        catalog,
        "elements-by-target",
        ("element", "how", "score"),
        target="13.1",
        plan=NEW,
    ) == [
        ("priority:new-p1", "direct", "2"),
        ("goal:new-g1", "roll-up", ""),
    ]
    # The rejected alignment of new-p2 to 13.2 is not listed; the old plan's is, but only when
    # the old plan is asked for: like every question, one plan's latest version at a time.
    assert (
        rows(
            mini_store,
            catalog,
            "elements-by-target",
            ("element", "how"),
            target="sdg:13.2",
            plan=NEW,
        )
        == []
    )
    assert rows(
        mini_store,
        catalog,
        "elements-by-target",
        ("element", "how", "version"),
        target="sdg:13.2",
        plan="plan:old",
    ) == [("priority:old-p1", "direct", "plan-version:old-adopted")]
    # An SDG goal is reached by roll-up from its targets.
    assert rows(
        mini_store, catalog, "elements-by-target", ("element", "how"), target="sdg:13", plan=NEW
    ) == [
        ("goal:new-g1", "roll-up"),
        ("priority:new-p1", "roll-up"),
    ]
    assert rows(
        mini_store,
        catalog,
        "elements-by-target",
        ("element",),
        target="sdg:13",
        version="plan-version:old-adopted",
    ) == [("priority:old-p1",)]


def test_elements_by_target_unknown_code(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    with pytest.raises(QueryParameterError, match=r"sdg:99\.9 names nothing"):
        run_select(mini_store, catalog, "elements-by-target", {"target": "99.9", "plan": NEW})


def test_coverage_by_challenge(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    columns = (
        "challenge",
        "relevant",
        "reached",
        "sdg_relevant",
        "sdg_reached",
        "gbf_relevant",
        "gbf_reached",
    )
    assert rows(mini_store, catalog, "coverage-by-challenge", columns, plan=NEW) == [
        ("challenge:climate-change", "3", "2", "2", "1", "1", "1"),
        ("challenge:pollution", "2", "0", "1", "0", "1", "0"),
    ]
    ratio = run_select(mini_store, catalog, "coverage-by-challenge", {"plan": NEW}).column("ratio")
    assert [round(float(str(r)), 4) for r in ratio] == [0.6667, 0.0]
    # The earlier plan reaches 13.2 (its alignment is not rejected) and nothing else.
    assert rows(
        mini_store,
        catalog,
        "coverage-by-challenge",
        ("challenge", "reached"),
        plan="plan:old",
        challenge="challenge:climate-change",
    ) == [("challenge:climate-change", "1")]


def test_gaps_by_challenge(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert rows(
        mini_store,
        catalog,
        "gaps-by-challenge",
        ("challenge", "framework", "code", "text"),
        plan=NEW,
    ) == [
        ("challenge:climate-change", "SDG", "13.2", "Integrate climate measures"),
        ("challenge:pollution", "GBF", "GBF-TARGET-07", "Reduce pollution risks."),
        ("challenge:pollution", "SDG", "14.1", "Reduce marine pollution"),
    ]
    assert rows(
        mini_store,
        catalog,
        "gaps-by-challenge",
        ("code",),
        plan=NEW,
        challenge="challenge:pollution",
    ) == [("GBF-TARGET-07",), ("14.1",)]


def test_coverage_by_element(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    columns = ("element", "kind", "sdg_targets", "gbf_targets", "alignments", "strongest")
    assert rows(mini_store, catalog, "coverage-by-element", columns, plan=NEW) == [
        ("intervention:new-i1", "Intervention", "0", "0", "0", ""),
        ("goal:new-g1", "StrategicGoal", "0", "0", "0", ""),
        ("priority:new-p1", "StrategicPriority", "1", "1", "3", "2"),
        ("priority:new-p2", "StrategicPriority", "0", "0", "0", ""),
        ("priority:new-p3", "StrategicPriority", "0", "0", "0", ""),
    ]


def test_coverage_by_framework(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert rows(
        mini_store,
        catalog,
        "coverage-by-framework",
        ("framework", "components", "reached_components", "ratio"),
        plan=NEW,
    ) == [("agreement:kmgbf", "2", "1", "0.5")]


def test_components_by_framework(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    got = rows(
        mini_store,
        catalog,
        "components-by-framework",
        ("component", "reached", "elements", "reached_by"),
        framework="agreement:kmgbf",
        plan=NEW,
    )
    # GROUP_CONCAT has no order in SPARQL: compare the concatenated IRIs as a sorted list.
    assert [(*row[:3], sorted(compress(i) for i in row[3].split(" ; ") if i)) for row in got] == [
        ("gbf-target:7", "false", "0", []),
        ("gbf-target:8", "true", "2", ["goal:new-g1", "priority:new-p1"]),
    ]


def test_elements_without_alignment(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert rows(mini_store, catalog, "elements-without-alignment", ("element",), plan=NEW) == [
        ("intervention:new-i1",),
        ("goal:new-g1",),
        ("priority:new-p3",),
    ]


def test_elements_without_interventions(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    # new-g1 is served by new-p1, which has an intervention.
    assert rows(mini_store, catalog, "elements-without-interventions", ("element",), plan=NEW) == [
        ("priority:new-p2",),
        ("priority:new-p3",),
    ]


def test_interventions_without_indicator(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert rows(
        mini_store, catalog, "interventions-without-indicator", ("intervention",), plan=NEW
    ) == [("intervention:new-i1",)]


def test_trade_offs(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert rows(
        mini_store,
        catalog,
        "trade-offs",
        ("element", "target", "score", "interaction", "rationale"),
        plan=NEW,
    ) == [("priority:new-p2", "sdg:14.1", "-1", "constraining", "P2 may constrain 14.1.")]


def test_continuity(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert rows(
        mini_store, catalog, "continuity", ("old", "new", "score"), earlier="plan:old", later=NEW
    ) == [("priority:old-p1", "priority:new-p1", "2"), ("priority:old-p2", "", "")]


def test_coverage_lost(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert rows(
        mini_store,
        catalog,
        "coverage-lost",
        ("target", "reached_before_by"),
        earlier="plan:old",
        later=NEW,
    ) == [("sdg:13.2", "priority:old-p1")]


def test_agreements_without_support(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert rows(mini_store, catalog, "agreements-without-support", ("agreement",), plan=NEW) == [
        ("agreement:unused",)
    ]


def test_targets_by_reach(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    assert rows(
        mini_store, catalog, "targets-by-reach", ("target", "elements", "strongest"), plan=NEW
    ) == [
        ("sdg:13.1", "1", "2"),
        ("gbf-target:8", "1", "1"),
    ]


def test_unknown_query_name(catalog: QueryCatalog) -> None:
    with pytest.raises(QueryNotFoundError, match="no query named 'coverage'"):
        catalog.get("coverage")


def test_malformed_header_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "bad.rq").write_text(
        "#+ summary: ok\n#+ param: x widget required -- nope\nSELECT * WHERE { ?s ?p ?x }\n"
    )
    with pytest.raises(DataLoadError, match=r"bad\.rq:2: parameter type 'widget'"):
        QueryCatalog(tmp_path)


def test_every_query_has_a_summary_and_parses(
    catalog: QueryCatalog, mini_store: OxigraphStore, store_backend: str
) -> None:
    for name in catalog.names():
        spec = catalog.get(name)
        assert spec.summary, name
        # The QC queries (sparql/qc/) run only in the build, on its embedded store; a served
        # store never sees them (Virtuoso 7.2 cannot compile the property path of one of them).
        served = spec.group != "qc" or store_backend == "embedded"
        if spec.form == "SELECT" and not spec.params and served:
            mini_store.select(spec.text)
