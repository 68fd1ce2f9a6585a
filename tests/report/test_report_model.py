"""Every number of the report equals the answer of the named query it names."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from rdflib.term import Node

from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.report import Report, assemble_report, render_report_html
from aspen_graph.report.data import lexical
from aspen_graph.report.document import Bars, Flow, Grid
from aspen_graph.store import OxigraphStore, Table


def fresh(store: OxigraphStore, catalog: QueryCatalog, name: str, params: dict[str, str]) -> Table:
    return run_select(store, catalog, name, params)


def value(table: Table, row: int, column: str) -> Node | None:
    return table.rows[row][table.columns.index(column)]


def check_tables(report: Report, store: OxigraphStore, catalog: QueryCatalog) -> int:
    """Each table's run is the query's answer, and each cell shows its row and column."""
    checked = 0
    for table in report.tables():
        answer = fresh(store, catalog, table.run.name, dict(table.run.params))
        assert answer.columns == table.run.table.columns, table.key
        assert answer.rows == table.run.table.rows, table.key
        assert len(table.rows) == (len(table.indices) if not table.pivot else len(table.rows))
        for position, row in enumerate(table.rows):
            for cell in row:
                assert cell.row is not None and cell.column is not None, table.key
                assert cell.value == lexical(value(answer, cell.row, cell.column)), (
                    table.key,
                    cell,
                )
                if not table.pivot:
                    assert cell.row == table.indices[position]
                checked += 1
        if table.pivot:
            shown = {c.row for row in table.rows for c in row[1:]}
            assert shown == set(range(len(answer))), f"{table.key}: every query row is a cell"
    return checked


def check_figures(report: Report, store: OxigraphStore, catalog: QueryCatalog) -> None:
    """What each chart draws is the query's answer."""
    for figure in report.figures():
        answer = fresh(store, catalog, figure.run.name, dict(figure.run.params)).records()
        drawn = figure.drawn
        assert figure.png.startswith(b"\x89PNG\r\n\x1a\n") and len(figure.png) > 1024
        assert figure.alt and figure.caption
        if isinstance(drawn, Bars):
            assert list(drawn.reached) == [int(lexical(r["reached"])) for r in answer]
            assert list(drawn.relevant) == [int(lexical(r["relevant"])) for r in answer]
            assert [round(x, 6) for x in drawn.ratios] == [
                round(float(lexical(r["ratio"])), 6) for r in answer
            ]
        elif isinstance(drawn, Grid):
            column = "sdg_goal" if "sdg_goal" in answer[0] else "gbf_target"
            number = "targets_reached" if column == "sdg_goal" else "strongest"
            cells = {
                (lexical(r["element"]), lexical(r[column])): int(lexical(r[number])) for r in answer
            }
            assert len(cells) == len(drawn.row_keys) * len(drawn.column_keys)
            for i, row_key in enumerate(drawn.row_keys):
                for j, column_key in enumerate(drawn.column_keys):
                    assert drawn.values[i][j] == cells[(row_key, column_key)]
        else:
            assert isinstance(drawn, Flow)
            expected = [
                (
                    tuple(lexical(r[k]) for k in ("challenge", "goal", "priority", "sdg_goal")),
                    int(lexical(r["targets_reached"])),
                )
                for r in answer
                if r["sdg_goal"] is not None and lexical(r["targets_reached"]) != "0"
            ]
            assert list(drawn.paths) == expected


def check_filters(report: Report) -> None:
    """The tables that show part of a query's rows show exactly the rows their note names."""
    tables = {t.key: t for t in report.tables()}
    records = tables["gbf-unsupported"].run.records()
    assert tables["gbf-unsupported"].indices == tuple(
        i for i, r in enumerate(records) if str(r["reached"]) == "false"
    )
    records = tables["weak-evidence"].run.records()
    assert tables["weak-evidence"].indices == tuple(
        i
        for i, r in enumerate(records)
        if r["mean_confidence"] is not None and Decimal(str(r["mean_confidence"])) < Decimal("0.5")
    )
    gaps = [t for key, t in tables.items() if key.startswith("gaps-")]
    assert gaps, "one gap table per challenge"
    shown = sorted(i for t in gaps for i in t.indices)
    assert shown == list(range(len(gaps[0].run.table))), "every gap is listed exactly once"
    for table in gaps:
        assert len({lexical(table.run.table.rows[i][0]) for i in table.indices}) == 1


def test_mini_report_numbers_are_the_queries(
    mini_report: Report, mini_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    assert check_tables(mini_report, mini_store, catalog) > 50
    check_figures(mini_report, mini_store, catalog)
    check_filters(mini_report)


def test_mini_report_expected_content(mini_report: Report) -> None:
    tables = {t.key: t for t in mini_report.tables()}
    assert set(tables) == {
        "coverage-by-challenge",
        "coverage-by-element",
        "sdg-reach-by-element",
        "gbf-reach-by-element",
        "challenge-flow",
        "gaps-climate-change",
        "gaps-pollution",
        "gbf-unsupported",
        "weak-evidence",
        "trade-offs",
        "continuity",
        "coverage-lost",
    }
    coverage = [[c.text for c in row] for row in tables["coverage-by-challenge"].rows]
    assert coverage == [
        ["climate change", "3", "2", "67%", "1", "2", "1", "1"],
        ["pollution", "2", "0", "0%", "0", "1", "0", "1"],
    ]
    assert [r[0].text for r in tables["gaps-pollution"].rows] == ["GBF-TARGET-07", "14.1"]
    assert [r[0].text for r in tables["gbf-unsupported"].rows] == ["gbf-target:7"]
    assert [r[0].text for r in tables["weak-evidence"].rows] == []  # new-p1: (0.8 + 0.4 + 0.6)/3
    assert [(r[0].text, r[3].text) for r in tables["trade-offs"].rows] == [("Priority two", "-1")]
    assert [(r[0].text, r[1].text) for r in tables["continuity"].rows] == [
        ("Old priority one", "Priority one"),
        ("Old priority two", "no successor"),
    ]
    assert [r[0].text for r in tables["coverage-lost"].rows] == ["sdg:13.2"]
    sdg = tables["sdg-reach-by-element"]
    assert [c.heading for c in sdg.columns] == ["Element", "13", "14"]
    assert [[c.text for c in row] for row in sdg.rows][2] == ["Priority one", "1", "0"]


def test_continuity_left_out_when_the_earlier_plan_is_missing(
    mini_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    report = assemble_report(mini_store, catalog, plan="plan:new", earlier="plan:nope")
    section = {s.key: s for s in report.sections}["continuity"]
    assert section.blocks == () and "plan:nope" in section.note


def test_a_report_sends_each_query_once_and_checks_its_parameters_once(
    mini_store: OxigraphStore, catalog: QueryCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a remote store every query is a round trip: the report's 11 queries, and the checks of
    # their parameters, once per value, not once per query (37 checks, before).
    names = {catalog.get(name).text: name for name in catalog.names()}
    sent: list[str] = []
    select = mini_store.select

    def counting(query: str, **options: Any) -> Table:
        sent.append(names.get(query, query))
        return select(query, **options)

    monkeypatch.setattr(mini_store, "select", counting)
    report = assemble_report(mini_store, catalog, plan="plan:new", earlier="plan:old")
    planned = [run.name for run in report.data.runs.values()]
    assert len(planned) == 11 and "continuity" in planned
    assert sorted(name for name in sent if name in planned) == sorted(planned)
    checks = Counter(name for name in sent if name not in planned)
    assert set(checks) <= {"system/resource-types", "system/latest-version", "versions/version-of"}
    # The plan's type and latest version for the report's scope (2); for the queries: the
    # plan's type, the version's type and plan (3), the framework's type (1), the earlier
    # plan's type and latest version (2).
    assert sum(checks.values()) <= 8, checks


def test_charts_are_deterministic(mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    first = render_report_html(mini_store, catalog, plan="plan:new")
    assert render_report_html(mini_store, catalog, plan="plan:new") == first


@pytest.mark.slow
def test_shipped_report_numbers_are_the_queries(
    shipped_data: OxigraphStore, catalog: QueryCatalog
) -> None:
    report = assemble_report(shipped_data, catalog, lang="vi")  # seconds: bench ``report``
    html = render_report_html(shipped_data, catalog, lang="en")
    assert check_tables(report, shipped_data, catalog) > 500
    check_figures(report, shipped_data, catalog)
    check_filters(report)
    sdg = next(f for f in report.figures() if f.key == "sdg-reach-by-element").drawn
    assert isinstance(sdg, Grid) and len(sdg.columns) == 17
    gbf = next(f for f in report.figures() if f.key == "gbf-reach-by-element").drawn
    assert isinstance(gbf, Grid) and len(gbf.columns) == 23
    assert len(html) > 100_000
