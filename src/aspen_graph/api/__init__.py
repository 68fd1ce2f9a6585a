"""The HTTP API: the SPARQL protocol (read-only), the named-query catalogue, health and version."""

from __future__ import annotations

from aspen_graph.api.main import create_app

__all__ = ["create_app"]
