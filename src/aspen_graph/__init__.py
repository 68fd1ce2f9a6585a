"""aspen-graph: the ASEAN Strategic Plan on Environment 2026-2035 as a linked-data graph."""

from __future__ import annotations

__version__ = "0.1.0"
