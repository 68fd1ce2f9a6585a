"""``aspen suggest --challenge`` ranking on a tiny corpus whose right answers are plain from the
texts: the one untagged target that says "pollution", the one untagged target that shares the
words of the target already tagged, and what is never suggested (tagged targets, Paris)."""

from __future__ import annotations

from datetime import date

import pytest

from aspen_graph.analysis.suggest import Candidate, ChallengeText, Corpus, Pair, Suggester
from aspen_graph.analysis.suggest.challenge import ChallengeSuggester
from aspen_graph.analysis.suggest.review import (
    CHALLENGE_EXTRA_COLUMNS,
    challenge_review_kind,
    challenge_review_rows,
)
from aspen_graph.errors import UnknownReferenceError
from aspen_graph.sources.tables.kinds import TABLE_KINDS

SDG = "http://metadata.un.org/sdg/"
ID = "https://w3id.org/aspen/id/"
AIR, WATER, FOREST = f"{SDG}3.9", f"{SDG}6.3", f"{SDG}15.2"
PLANS, INVENTORY, JOBS = f"{SDG}13.2", f"{SDG}13.3", f"{SDG}8.5"
FILLERS = [f"{SDG}7.1", f"{SDG}4.1", f"{SDG}5.1"]
AREAS, PARIS = f"{ID}gbf-target/3", f"{ID}provision/paris-art-4"
POLLUTION, CLIMATE = f"{ID}challenge/pollution", f"{ID}challenge/climate-change"

CANDIDATES = [
    Candidate(AIR, "sdg", "3.9", "3.9", "Reduce air pollution and hazardous chemicals"),
    Candidate(WATER, "sdg", "6.3", "6.3", "Improve water quality by reducing pollution"),
    Candidate(FOREST, "sdg", "15.2", "15.2", "Halt deforestation and restore forests"),
    Candidate(PLANS, "sdg", "13.2", "13.2", "Integrate emission measures into national plans"),
    Candidate(INVENTORY, "sdg", "13.3", "13.3", "National emission inventories and plans"),
    Candidate(JOBS, "sdg", "8.5", "8.5", "Decent work and full employment"),
    Candidate(AREAS, "gbf", "3", "GBF Target 3", "Conserve land and sea areas"),
    Candidate(PARIS, "paris", "Article 4", "Article 4", "Air pollution and hazardous chemicals"),
    # More targets, so that "pollution" (in 3 of 11 texts) is no function word (STOP_SHARE).
    Candidate(FILLERS[0], "sdg", "7.1", "7.1", "Access to modern energy services"),
    Candidate(FILLERS[1], "sdg", "4.1", "4.1", "Free primary and secondary education"),
    Candidate(FILLERS[2], "sdg", "5.1", "5.1", "End discrimination against women"),
]  # fmt: skip
CHALLENGES = [
    ChallengeText(POLLUTION, "pollution", "pollution", "ô nhiễm"),
    # No target says "climate" or "change": only the tagged target's words can help.
    ChallengeText(CLIMATE, "climate-change", "climate change", "biến đổi khí hậu"),
]


def ranker() -> ChallengeSuggester:
    corpus = Corpus(
        candidates=list(CANDIDATES),
        relevance={AIR: {POLLUTION}, PLANS: {CLIMATE}},
        pairs=[Pair(POLLUTION, "pollution", "ô nhiễm"), Pair(f"{ID}goal/y", "forest", "rừng")],
        challenges=list(CHALLENGES),
    )
    return ChallengeSuggester(Suggester(corpus))


def test_the_untagged_target_with_the_challenges_word_comes_first() -> None:
    found = ranker().suggest(CHALLENGES[0], top=3)
    assert found[0].candidate.iri == WATER
    assert found[0].source_words == ("pollution",)
    assert "pollution" in found[0].target_words
    assert found[0].rank == 1 and not found[0].existing


def test_vietnamese_reaches_the_same_target_through_the_bilingual_label() -> None:
    found = ranker().suggest(CHALLENGES[0], lang="vi", top=1)
    assert found[0].candidate.iri == WATER
    assert found[0].source_words == ("ô nhiễm",)


def test_without_shared_words_the_tagged_targets_words_decide() -> None:
    (first,) = ranker().suggest(CHALLENGES[1], top=1)
    # 13.3 shares "national", "emission", "plans" with 13.2, the one target tagged.
    assert first.candidate.iri == INVENTORY
    assert first.source_words == ()
    assert {"National", "emission", "plans"} & set(first.target_words)
    assert first.neighbours == ("sdg:13.2",)


@pytest.mark.parametrize("challenge", CHALLENGES, ids=lambda c: c.key)
def test_tagged_targets_and_other_frameworks_are_never_suggested(challenge: ChallengeText) -> None:
    chooser = ranker()
    found = {s.candidate.iri for s in chooser.suggest(challenge, top=100)}
    tagged = {AIR} if challenge.iri == POLLUTION else {PLANS}
    assert not found & tagged
    assert PARIS not in found  # the relevance table tags SDG and GBF targets only
    assert set(chooser.ranking(challenge)) == {c.iri for c in CANDIDATES} - tagged - {PARIS}


def test_a_hidden_tag_is_ranked_again_and_lends_no_evidence() -> None:
    chooser = ranker()
    ranked = chooser.ranking(CHALLENGES[1], hidden={PLANS})
    assert PLANS in ranked
    # With 13.2 hidden nothing is tagged: no centroid, no neighbours to lean on.
    lists = chooser.lists(CHALLENGES[1], hidden={PLANS})
    assert not any(lists["centroid"].values()) and not any(lists["neighbours"].values())


def test_a_challenge_is_found_by_key_curie_or_iri_else_a_clear_error() -> None:
    chooser = ranker()
    assert chooser.find("pollution") == chooser.find("challenge:pollution") == CHALLENGES[0]
    assert chooser.find(CLIMATE) == CHALLENGES[1]
    with pytest.raises(UnknownReferenceError, match="'drought' is no challenge"):
        chooser.find("drought")


def test_review_rows_fill_the_challenge_relevance_template() -> None:
    kind = challenge_review_kind()
    template = list(TABLE_KINDS["challenge-relevance"].columns)
    assert list(kind.columns) == template + list(CHALLENGE_EXTRA_COLUMNS)
    found = ranker().suggest(CHALLENGES[0], top=2)
    rows = challenge_review_rows("pollution", found, date(2026, 12, 7))
    records = [dict(zip(kind.columns, row, strict=True)) for row in rows]
    assert records[0]["target"] == "sdg:6.3"
    assert {r["challenge"] for r in records} == {"pollution"}
    assert records[0]["rationale"].startswith("Machine proposal")
    assert '"pollution"' in records[0]["rationale"]
    assert records[0]["evidence_source"] == "pollution"
    assert records[0]["rank"] == "1" and records[0]["decision"] == ""
