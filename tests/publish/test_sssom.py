"""The SSSOM export is valid under sssom-py and carries every alignment."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sssom.parsers import parse_sssom_table
from sssom.validators import validate

from aspen_graph.publish import write_sssom
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore


def test_sssom_validates_and_keeps_every_alignment(
    mini_store: OxigraphStore, catalog: QueryCatalog, tmp_path: Path
) -> None:
    mappings = mini_store.select(catalog.get("export/sssom-mappings").text)
    path = tmp_path / "alignments.sssom.tsv"
    path.write_text(write_sssom(mappings, today=date(2026, 11, 25)), encoding="utf-8")
    msdf = parse_sssom_table(path)
    reports = validate(msdf, fail_on_error=False)
    problems = [r for report in reports.values() for r in report.results]
    assert problems == []
    frame = msdf.df
    assert len(frame) == 7
    row = frame[(frame.subject_id == "priority:new-p2") & (frame.object_id == "sdg:14.1")].iloc[0]
    assert row.predicate_id == "aspen:hasTradeOffWith"
    assert row.mapping_justification == "semapv:ManualMappingCuration"
    assert float(row.confidence) == 0.3
    assert row.author_id == "agent:tester"
    assert "P2 may constrain 14.1." in row.comment
    positive = frame[frame.predicate_id == "aspen:contributesTo"]
    assert len(positive) == 6
