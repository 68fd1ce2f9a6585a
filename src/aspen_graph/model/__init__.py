"""The domain model: one typed definition of each thing the layers above share.

The ontology (``ontology/*.ttl``) and the SHACL shapes say what the graph holds; this package
says what the code holds once a query has answered: a plan element and a plan version
(``plan.py``), an alignment and the evidence it rests on (``alignment.py``), what changed
between two versions (``changes.py``), and the plain values of RDF terms (``values.py``). Views
of a concept (an API answer, a page's table row, a step of an explanation) take its fields from
here. It imports nothing of the package but the layers below it, so every layer above can share
it; the layers above import it from here, not from its modules.
"""

from __future__ import annotations

from aspen_graph.model.alignment import Alignment, AlignmentEvidence, split_sources
from aspen_graph.model.changes import (
    AlignmentChange,
    CoverageChange,
    ElementChange,
    Rewording,
    VersionDiff,
    VersionedAlignment,
    VersionedAlignmentKey,
)
from aspen_graph.model.plan import (
    ALIGNABLE_KINDS,
    GOAL,
    KINDS,
    PlanElement,
    PlanVersion,
    TargetOrder,
    kind_rank,
    natural_key,
    target_order,
)
from aspen_graph.model.values import integer, number, text, whole, words

__all__ = [
    "ALIGNABLE_KINDS",
    "GOAL",
    "KINDS",
    "Alignment",
    "AlignmentChange",
    "AlignmentEvidence",
    "CoverageChange",
    "ElementChange",
    "PlanElement",
    "PlanVersion",
    "Rewording",
    "TargetOrder",
    "VersionDiff",
    "VersionedAlignment",
    "VersionedAlignmentKey",
    "integer",
    "kind_rank",
    "natural_key",
    "number",
    "split_sources",
    "target_order",
    "text",
    "whole",
    "words",
]
