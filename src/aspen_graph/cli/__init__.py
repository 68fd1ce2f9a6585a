"""The ``aspen`` command line.

``aspen serve`` takes a fast path that imports only the serving command: the full app imports
every command's dependencies (pyshacl, openpyxl, networkx, …), 0.7 s of a restart that should
take under 3 s on a two-million-triple store.
"""

from __future__ import annotations

import sys


def app() -> None:
    """Entry point of the ``aspen`` script."""
    if sys.argv[1:2] == ["serve"]:
        from aspen_graph.cli.runner import run
        from aspen_graph.cli.serve import serve_app

        run(serve_app())
        return
    from aspen_graph.cli.main import app as full_app

    full_app()


__all__ = ["app"]
