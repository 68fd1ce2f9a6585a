"""The ``aspen`` command line."""

from __future__ import annotations

from aspen_graph.cli.main import app

__all__ = ["app"]
