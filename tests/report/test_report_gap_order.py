"""The report lists each challenge's gaps in natural code order (SDG 7.3 < 7.a < 13.1, GBF
target 9 < 23), not in the IRI order the query answers in. Expected gaps come from
``data/tables/*.csv``."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Literal

from aspen_graph.queries import QueryCatalog
from aspen_graph.report import assemble_report
from aspen_graph.report.tables import gap_order
from aspen_graph.store import OxigraphStore

pytestmark = pytest.mark.slow

TABLES = Path(__file__).resolve().parents[2] / "data" / "tables"


def expected_gaps(challenge: str, plan: str = "aspen-2026-2035") -> list[str]:
    """The challenge's relevant targets no positive alignment of ``plan`` reaches, as the
    report writes their codes, GBF first, then in number order."""
    with (TABLES / "challenge-relevance.csv").open(encoding="utf-8") as f:
        relevant = {r["target"] for r in csv.DictReader(f) if r["challenge"] == challenge}
    with (TABLES / "alignments.csv").open(encoding="utf-8") as f:
        reached = {
            r["target"]
            for r in csv.DictReader(f)
            if plan in r["source"] and int(r["interaction"]) > 0 and r["status"] != "rejected"
        }
    gbf = sorted(int(t.split(":")[1]) for t in relevant - reached if t.startswith("gbf-target:"))
    sdg = sorted(
        (tuple(int(p) if p.isdigit() else 1000 + ord(p) for p in t.split(":")[1].split(".")), t)
        for t in relevant - reached
        if t.startswith("sdg:")
    )
    return [f"GBF-TARGET-{n:02d}" for n in gbf] + [t.split(":")[1] for _, t in sdg]


def test_shipped_report_gaps_in_natural_order(
    shipped_data: OxigraphStore, catalog: QueryCatalog
) -> None:
    report = assemble_report(shipped_data, catalog, lang="en")
    tables = {t.key: t for t in report.tables()}
    shown = [r[0].text for r in tables["gaps-biodiversity-loss"].rows]
    assert shown == expected_gaps("biodiversity-loss")
    assert shown.index("GBF-TARGET-09") < shown.index("GBF-TARGET-23")
    assert [r[0].text for r in tables["gaps-climate-change"].rows] == expected_gaps(
        "climate-change"
    )


def test_gap_order_key() -> None:
    codes = ["13.b", "7.a", "13.1", "7.3", "7.10"]
    rows = [{"framework": Literal("SDG"), "code": Literal(c)} for c in codes]
    assert [str(r["code"]) for r in sorted(rows, key=gap_order)] == [
        "7.3",
        "7.10",
        "7.a",
        "13.1",
        "13.b",
    ]
