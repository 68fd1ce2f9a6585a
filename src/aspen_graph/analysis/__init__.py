"""Analysis: reasoning (owlready2/HermiT) and graph analytics (networkx)."""

from __future__ import annotations

from aspen_graph.analysis.network import (
    AlignmentNetwork,
    Chain,
    ChallengeCoverage,
    Step,
    load_chain_base,
    load_chains,
    load_network,
    network_node,
    picker_targets,
)
from aspen_graph.analysis.reasoning import (
    ConsistencyResult,
    check_consistency,
    find_java,
    reasoning_view,
)
from aspen_graph.analysis.search import (
    MAX_QUERY,
    Hit,
    SearchIndex,
    code_key,
    fold,
    load_search_index,
)
from aspen_graph.analysis.suggest import (
    LANGUAGES,
    Corpus,
    Suggester,
    Suggestion,
    load_corpus,
    record,
)
from aspen_graph.analysis.suggest.challenge import ChallengeSuggester
from aspen_graph.analysis.suggest.review import (
    challenge_review_kind,
    challenge_review_rows,
    read_rejected,
    rejected_path,
    review_rows,
    write_review,
)
from aspen_graph.analysis.suggest.select import (
    MAX_TEXT,
    element_query,
    elements_of,
    find_element,
    find_version,
    text_query,
)
from aspen_graph.analysis.versions import diff_versions, version_reference

__all__ = [
    "LANGUAGES",
    "MAX_QUERY",
    "MAX_TEXT",
    "AlignmentNetwork",
    "Chain",
    "ChallengeCoverage",
    "ChallengeSuggester",
    "ConsistencyResult",
    "Corpus",
    "Hit",
    "SearchIndex",
    "Step",
    "Suggester",
    "Suggestion",
    "challenge_review_kind",
    "challenge_review_rows",
    "check_consistency",
    "code_key",
    "diff_versions",
    "element_query",
    "elements_of",
    "find_element",
    "find_java",
    "find_version",
    "fold",
    "load_chain_base",
    "load_chains",
    "load_corpus",
    "load_network",
    "load_search_index",
    "network_node",
    "picker_targets",
    "read_rejected",
    "reasoning_view",
    "record",
    "rejected_path",
    "review_rows",
    "text_query",
    "version_reference",
    "write_review",
]
