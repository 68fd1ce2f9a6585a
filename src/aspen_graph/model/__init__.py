"""The domain model: one typed definition of each thing the layers above share.

The ontology (``ontology/*.ttl``) and the SHACL shapes say what the graph holds; this package
says what the code holds once a query has answered: a plan element, a plan version, an
alignment, and the plain values of RDF terms (:mod:`aspen_graph.model.values`). It imports
nothing of the package but the layers below it, so every layer above can share it.
"""

from __future__ import annotations

from aspen_graph.model.alignment import Alignment
from aspen_graph.model.plan import (
    ALIGNABLE_KINDS,
    GOAL,
    KINDS,
    PlanElement,
    PlanVersion,
    kind_rank,
    natural_key,
)

__all__ = [
    "ALIGNABLE_KINDS",
    "GOAL",
    "KINDS",
    "Alignment",
    "PlanElement",
    "PlanVersion",
    "kind_rank",
    "natural_key",
]
