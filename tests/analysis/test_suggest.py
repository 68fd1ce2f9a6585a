"""The ranking of ``aspen suggest`` on a tiny corpus whose right answers are plain from the
texts: which target shares the rare words, which element the query resembles, which pair of
bilingual labels carries the Vietnamese words to English; and the command on that corpus
(handed to it: no build), naming the pairs it does not propose again."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from aspen_graph.analysis.suggest import (
    Candidate,
    Corpus,
    Element,
    Link,
    Pair,
    Query,
    Suggester,
    load_corpus,
    propose,
)
from aspen_graph.analysis.suggest.rank import REJECTED_CURATED, REJECTED_IN_REVIEW
from aspen_graph.analysis.suggest.review import (
    EXTRA_COLUMNS,
    read_rejected,
    rejected_path,
    review_rows,
)
from aspen_graph.analysis.suggest.select import element_query, find_element, text_query
from aspen_graph.cli import context
from aspen_graph.cli import suggest as suggest_cli
from aspen_graph.config import Settings, get_settings
from aspen_graph.errors import DataLoadError, QueryParameterError, UnknownReferenceError
from aspen_graph.queries import QueryCatalog
from aspen_graph.sources.tables.kinds import TABLE_KINDS
from aspen_graph.store import GraphStore
from cli_runner import run_app

SDG = "http://metadata.un.org/sdg/"
ID = "https://w3id.org/aspen/id/"
VERSION = f"{ID}plan-version/test-plan-v1"
MARINE, FOREST, CLIMATE = f"{SDG}14.1", f"{SDG}15.2", f"{SDG}13.1"
AREAS, ADAPT = f"{ID}gbf-target/3", f"{ID}provision/paris-art-7"
TWIN_A, TWIN_B = f"{SDG}6.3", f"{SDG}6.4"
REEF = f"{ID}priority/test-plan-v1-p1"
LITTER = f"{ID}priority/test-plan-v1-p2"
NEW = f"{ID}priority/test-plan-v1-p3"
POLLUTION = f"{ID}challenge/pollution"

CANDIDATES = [
    Candidate(MARINE, "sdg", "14.1", "14.1", "Prevent and reduce marine pollution and debris",
              ("https://unstats.un.org/sdgs/",)),
    Candidate(FOREST, "sdg", "15.2", "15.2", "Halt deforestation and restore degraded forests"),
    Candidate(CLIMATE, "sdg", "13.1", "13.1", "Strengthen resilience to climate hazards"),
    Candidate(TWIN_A, "sdg", "6.3", "6.3", "Improve water quality of rivers"),
    Candidate(TWIN_B, "sdg", "6.4", "6.4", "Improve water quality of rivers"),
    Candidate(AREAS, "gbf", "3", "GBF Target 3", "Conserve land and sea areas"),
    Candidate(ADAPT, "paris", "Article 7", "Article 7", "Adaptation to climate change"),
]  # fmt: skip
ELEMENTS = [
    Element(REEF, "StrategicPriority", "P1", VERSION, "", "Coral reef restoration",
            "Rạn san hô"),
    Element(LITTER, "StrategicPriority", "P2", VERSION, "", "Marine litter", "Rác thải biển"),
    Element(NEW, "StrategicPriority", "P3", VERSION, "", "Ocean debris clean-up"),
]  # fmt: skip
LINKS = [
    Link(REEF, AREAS, 2, 0.8),
    Link(LITTER, MARINE, 2, 0.7),
]
PAIRS = [
    Pair(f"{ID}goal/x", "Marine pollution", "ô nhiễm biển"),
    Pair(f"{ID}goal/y", "Forest protection", "bảo vệ rừng"),
    Pair(POLLUTION, "pollution", "ô nhiễm"),
]


def corpus(rejected: set[tuple[str, str]] | None = None) -> Corpus:
    return Corpus(
        candidates=list(CANDIDATES),
        elements=list(ELEMENTS),
        links=list(LINKS),
        relevance={MARINE: {POLLUTION}, TWIN_A: {POLLUTION}},
        pairs=list(PAIRS),
        challenge_labels={POLLUTION: ("pollution", "ô nhiễm")},
        rejected=rejected or set(),
    )


def targets(found: list[object]) -> list[str]:
    return [s.candidate.iri for s in found]  # type: ignore[attr-defined]


def test_the_target_sharing_the_rare_words_comes_first() -> None:
    found = Suggester(corpus()).suggest(Query("halting deforestation", "en"), top=3)
    assert targets(found)[0] == FOREST
    # Both words are in 15.2 only; equally rare, so in the order of their stems.
    assert found[0].source_words == ("deforestation", "halting")
    assert found[0].target_words == ("deforestation", "Halt")
    assert found[0].rank == 1 and not found[0].existing


def test_similar_elements_lend_their_alignments() -> None:
    """No target text says 'coral' or 'reef'; the element 'Coral reef restoration' does, and
    it is aligned to GBF Target 3."""
    suggester = Suggester(corpus())
    found = suggester.suggest(Query("coral reef programme", "en"), top=3)
    assert targets(found)[0] == AREAS
    assert found[0].neighbours == ("Coral reef restoration",)
    # Hidden (as the evaluation hides an element), the same element lends nothing.
    hidden = suggester.suggest(Query("coral reef", "en", exclude=frozenset({REEF})), top=3)
    assert AREAS not in targets(hidden)
    assert all(not s.neighbours for s in hidden)


def test_vietnamese_goes_through_the_bilingual_labels() -> None:
    """'ô nhiễm biển' is labelled 'Marine pollution': the words reach SDG 14.1, whose text
    says 'marine pollution'; without tone marks too."""
    suggester = Suggester(corpus())
    for text in ("giảm ô nhiễm biển", "giam o nhiem bien"):
        found = suggester.suggest(Query(text, "vi"), top=3)
        assert targets(found)[0] == MARINE, text
        assert {"marine", "pollution"} <= {w.lower() for w in found[0].target_words}
        assert any("→ marine" in link for link in found[0].bridge)
    # The challenge named in Vietnamese (ô nhiễm = pollution) is part of the evidence.
    assert Suggester(corpus()).suggest(Query("ô nhiễm", "vi"), top=1)[0].challenges == (
        "pollution",
    )


def test_existing_alignments_are_shown_not_suggested() -> None:
    query = Query("marine litter and debris", "en", element=LITTER)
    found = Suggester(corpus()).suggest(query, top=5)
    ranked = [s for s in found if not s.existing]
    existing = [s for s in found if s.existing]
    assert MARINE not in targets(ranked)
    assert targets(existing) == [MARINE]
    assert existing[0].rank == 0
    assert (existing[0].interaction, existing[0].confidence) == (2, 0.7)


def test_rejected_targets_are_not_proposed_again(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "versions" / "test-plan-v1"
    folder.mkdir(parents=True)
    (folder / "suggestions-rejected.csv").write_text(
        "source,target,rejected_by,date\npriority:test-plan-v1-p3,sdg:14.1,analyst,2026-12-01\n",
        encoding="utf-8",
    )
    path = rejected_path(Settings(root=tmp_path), VERSION)
    assert path == folder / "suggestions-rejected.csv"
    rejected = read_rejected(path)
    assert rejected == {(NEW, MARINE)}
    suggester = Suggester(corpus())
    plain = suggester.suggest(element_query(ELEMENTS[2]), top=5)
    assert targets(plain)[0] == MARINE  # "debris" is in 14.1's text only
    again = suggester.suggest(element_query(ELEMENTS[2], rejected), top=5)
    assert MARINE not in targets(again)
    assert rejected_path(Settings(root=tmp_path), f"{ID}plan-version/other") is None


def test_a_curated_rejected_alignment_is_not_proposed_again() -> None:
    """P3 'Ocean debris clean-up' has a curated alignment to 14.1 whose status is rejected: 14.1
    (the only target saying 'debris') is neither proposed nor shown as an existing alignment,
    and the reason is given; another element is still offered 14.1."""
    plain = Suggester(corpus()).suggest(element_query(ELEMENTS[2]), top=5)
    assert targets(plain)[0] == MARINE
    suggester = Suggester(corpus(rejected={(NEW, MARINE)}))
    query = element_query(ELEMENTS[2])
    found = suggester.suggest(query, top=5)
    assert MARINE not in targets(found)
    assert targets(found) == [t for t in targets(plain) if t != MARINE]
    assert suggester.refused(query) == {MARINE: REJECTED_CURATED}
    # Rejected in a review too (a pair rejected twice is named once), and another pair.
    both = element_query(ELEMENTS[2], {(NEW, MARINE), (NEW, FOREST), (REEF, CLIMATE)})
    assert suggester.refused(both) == {MARINE: REJECTED_CURATED, FOREST: REJECTED_IN_REVIEW}
    # The rejection is the pair's, not the target's: a free text still gets 14.1.
    assert targets(suggester.suggest(Query("ocean debris", "en"), top=1)) == [MARINE]


def test_the_corpus_reads_the_rejected_status(mini_store: GraphStore) -> None:
    """The catalogue fixture (tests/fixtures/catalogue/mini.ttl) has one alignment with the
    status rejected, new-p2 → SDG 13.2 ('13.2 Policies'); its other six are not rejected."""
    new_p2, new_p3 = f"{ID}priority/new-p2", f"{ID}priority/new-p3"
    policies = f"{SDG}13.2"
    found = load_corpus(mini_store, QueryCatalog(Path(__file__).parents[2] / "sparql"))
    assert found.rejected == {(new_p2, policies)}
    assert (new_p2, policies) not in {(link.source, link.target) for link in found.links}
    suggester = Suggester(found)
    for element, offered in ((new_p3, True), (new_p2, False)):
        query = Query("climate policies", "en", element=element)
        ranked = [s for s in suggester.suggest(query, top=3) if not s.existing]
        assert (targets(ranked)[:1] == [policies]) is offered, element
        assert policies not in targets(suggester.suggest(query, top=3)[len(ranked) :])


def test_a_malformed_rejected_file_names_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "suggestions-rejected.csv"
    path.write_text("source,target\npriority:x,nonsense\n", encoding="utf-8")
    with pytest.raises(DataLoadError, match=r"suggestions-rejected\.csv:2: "):
        read_rejected(path)
    path.write_text("element,target\n", encoding="utf-8")
    with pytest.raises(DataLoadError, match="no column source"):
        read_rejected(path)


def test_the_order_is_deterministic_and_ties_go_by_iri() -> None:
    """6.3 and 6.4 have the same text: the same score, so 6.3 (the smaller IRI) first."""
    runs = [Suggester(corpus()).suggest(Query("water quality of rivers", "en")) for _ in "ab"]
    assert runs[0] == runs[1]
    assert targets(runs[0])[:2] == [TWIN_A, TWIN_B]
    assert runs[0][0].score == runs[0][1].score


def test_the_proposal_grows_with_the_evidence() -> None:
    assert propose(0, []) == (1, 0.2)
    assert propose(1, [1]) == (1, 0.4)
    assert propose(3, [3, 3, 3]) == (2, 0.6)  # never +3, never above 0.6


def test_bad_input_is_refused() -> None:
    with pytest.raises(QueryParameterError, match="empty"):
        text_query("   ", "en")
    with pytest.raises(QueryParameterError, match="'fr' is not supported"):
        text_query("forests", "fr")
    with pytest.raises(UnknownReferenceError, match="'P9' is no element"):
        find_element(corpus(), "P9", VERSION)
    assert find_element(corpus(), "p2", VERSION).iri == LITTER


def test_review_rows_follow_the_contract() -> None:
    suggestions = Suggester(corpus()).suggest(element_query(ELEMENTS[1]), top=3)
    rows = review_rows(LITTER, suggestions, date(2026, 12, 7))
    columns = [*TABLE_KINDS["alignments"].columns, *EXTRA_COLUMNS]
    assert columns == [
        "source", "target", "interaction", "confidence", "rationale", "evidence",
        "asserted_by", "date", "status", "decision", "score", "rank", "framework",
        "evidence_source", "evidence_target", "method", "method_version", "suggested_at",
    ]  # fmt: skip
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    assert len(records) == len([s for s in suggestions if not s.existing])
    assert all(r["source"] == "priority:test-plan-v1-p2" for r in records)
    assert "sdg:14.1" not in {r["target"] for r in records}  # existing: not a suggestion
    first = records[0]
    assert first["status"] == "proposed" and first["decision"] == "" and first["asserted_by"] == ""
    assert first["rationale"].startswith("Machine proposal (aspen-suggest 1)")
    assert (first["method"], first["method_version"], first["suggested_at"]) == (
        "aspen-suggest", "1", "2026-12-07",
    )  # fmt: skip
    assert [r["rank"] for r in records] == [str(i) for i in range(1, len(records) + 1)]


ARGS = ("suggest", "--element", "P3", "--version", "test-plan-v1", "--top", "5")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project root whose version test-plan-v1 has sdg:15.2 rejected for P3 in a review; the
    graph's P3 → sdg:14.1 alignment has the status rejected."""
    folder = tmp_path / "data" / "versions" / "test-plan-v1"
    folder.mkdir(parents=True)
    (folder / "suggestions-rejected.csv").write_text(
        "source,target,rejected_by,date\npriority:test-plan-v1-p3,sdg:15.2,analyst,2026-12-01\n",
        encoding="utf-8",
    )
    (tmp_path / "sparql").symlink_to(Path(__file__).resolve().parents[2] / "sparql")
    monkeypatch.setenv("ASPEN_ROOT", str(tmp_path))
    get_settings.cache_clear()
    context.catalog.cache_clear()
    monkeypatch.setattr(suggest_cli, "release_store", lambda: None)
    monkeypatch.setattr(suggest_cli, "load_corpus", lambda *_: corpus(rejected={(NEW, MARINE)}))
    yield tmp_path
    get_settings.cache_clear()
    context.catalog.cache_clear()


def test_the_json_names_the_excluded_pairs_with_why(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_app(monkeypatch, capsys, *ARGS, "--format", "json")
    assert code == 0, err
    (answer,) = json.loads(out)
    assert not {"sdg:14.1", "sdg:15.2"} & {s["target"] for s in answer["suggestions"]}
    assert answer["excluded"] == [
        {"target": "sdg:14.1", "reason": "a curated alignment with status rejected"},
        {"target": "sdg:15.2", "reason": "rejected in a review (suggestions-rejected.csv)"},
    ]


def test_the_table_says_why_a_pair_is_not_proposed(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_app(monkeypatch, capsys, *ARGS)
    assert code == 0, err
    lines = [line.strip() for line in out.splitlines()]
    assert "sdg:14.1 not proposed: a curated alignment with status rejected" in lines
    assert "sdg:15.2 not proposed: rejected in a review (suggestions-rejected.csv)" in lines
