"""An import stays inside its version: alignments start from its elements, and a code its
Turtle already defines is named as such (issues 12 and 13)."""

from __future__ import annotations

from pathlib import Path

from tests.imports.conftest import tree_hash, write_csv

from aspen_graph.config import Settings
from aspen_graph.pipeline.importer import import_rows
from aspen_graph.sources.tables.kinds import ALIGNMENTS, FOCAL_AREAS

DRAFT_2 = "plan-version:example-plan-draft-2"


def alignment(source: str, target: str = "sdg:13.1") -> dict[str, str]:
    return {
        "source": source,
        "target": target,
        "interaction": "2",
        "confidence": "0.8",
        "rationale": "Example: early warning builds resilience to climate hazards.",
        "evidence": "https://w3id.org/aspen/id/document/example-data",
        "asserted_by": "aspen-graph",
        "date": "2026-04-20",
        "status": "proposed",
    }


def test_an_alignment_from_another_version_is_refused(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    rows = [
        alignment("focal-area:example-plan-draft-2-p2.fa1"),
        alignment("focal-area:example-plan-draft-1-p1.fa1", "sdg:15.1"),
    ]
    path = write_csv(tmp_path / "alignments.csv", ALIGNMENTS, rows)
    before = tree_hash(import_root)
    result = import_rows(settings, path, DRAFT_2)
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (
            3,
            "source",
            "'focal-area:example-plan-draft-1-p1.fa1' is not an element of version "
            "example-plan-draft-2; an alignment imported into a version starts from one of "
            "its own elements",
        )
    ]
    assert tree_hash(import_root) == before


def test_a_code_the_turtle_defines_is_named_with_its_file(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    row = {
        "code": "P1.FA1",
        "priority": "P1",
        "label_en": "Early warning again (example)",
        "source": "document:example-data",
    }
    path = write_csv(tmp_path / "focal-areas.csv", FOCAL_AREAS, [row])
    before = tree_hash(import_root)
    result = import_rows(settings, path, DRAFT_2)
    file = "data/examples/example-plan-draft-2/plan.ttl"
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (
            2,
            "code",
            f"code P1.FA1 already exists in the version's Turtle ({file}); to change it, "
            f"edit {file}; to add an element, use a new code",
        )
    ]
    assert tree_hash(import_root) == before
