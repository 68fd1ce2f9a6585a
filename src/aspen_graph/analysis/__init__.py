"""Analysis: reasoning (owlready2/HermiT) and graph analytics (networkx)."""

from __future__ import annotations

from aspen_graph.analysis.network import (
    AlignmentNetwork,
    Chain,
    ChallengeCoverage,
    Step,
    load_network,
)
from aspen_graph.analysis.reasoning import (
    ConsistencyResult,
    check_consistency,
    find_java,
    reasoning_view,
)

__all__ = [
    "AlignmentNetwork",
    "Chain",
    "ChallengeCoverage",
    "ConsistencyResult",
    "Step",
    "check_consistency",
    "find_java",
    "load_network",
    "reasoning_view",
]
