"""An import runs the build's QC queries too: a row whose triples another graph already holds
(the union default graph would count them twice) is refused at its row, the graphs named, and
nothing is written, rather than written and then refused by the next build."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.imports.conftest import tree_hash, write_csv

from aspen_graph.config import Settings
from aspen_graph.pipeline.importer import import_rows
from aspen_graph.sources.tables.kinds import CHALLENGE_RELEVANCE

DRAFT_2 = "plan-version:example-plan-draft-2"
ROW = {
    "target": "sdg:14.1",
    "challenge": "pollution",
    "rationale": "Marine pollution of all kinds is what this target asks to cut.",
    "evidence": "https://example.org/evidence/sdg",
    "asserted_by": "aspen-graph",
    "date": "2026-11-25",
}


@pytest.mark.slow  # SHACL and QC over the whole build with the examples
def test_a_row_already_in_another_graph_is_refused(import_root: Path, tmp_path: Path) -> None:
    # the same statement in the project's own table (its own named graph, graph/challenge-relevance)
    write_csv(
        import_root / "data" / "tables" / "challenge-relevance.csv", CHALLENGE_RELEVANCE, [ROW]
    )
    settings = Settings(root=import_root, dist_dir=import_root / "dist", examples=True)
    path = write_csv(tmp_path / "challenge-relevance.csv", CHALLENGE_RELEVANCE, [ROW])
    before = tree_hash(import_root)
    result = import_rows(settings, path, DRAFT_2)
    twice = [p for p in result.problems if "triple-in-two-graphs" in p.reason]
    assert twice and {p.row for p in twice} == {2}, result.problems
    graphs = (
        "https://w3id.org/aspen/graph/challenge-relevance",
        "https://w3id.org/aspen/graph/example/example-plan-draft-2",
    )
    assert all(g in p.reason for p in twice for g in graphs), twice
    assert not result.ok and tree_hash(import_root) == before
