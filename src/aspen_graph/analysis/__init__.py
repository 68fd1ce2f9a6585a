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
from aspen_graph.analysis.versions import diff_versions, version_reference

__all__ = [
    "AlignmentNetwork",
    "Chain",
    "ChallengeCoverage",
    "ConsistencyResult",
    "Step",
    "check_consistency",
    "diff_versions",
    "find_java",
    "load_network",
    "reasoning_view",
    "version_reference",
]
