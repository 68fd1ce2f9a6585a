"""``python -m aspen_graph.sources.reference [SOURCE_DIR] [GRAPH_DIR]``: regenerate the graphs."""

from __future__ import annotations

from aspen_graph.sources.reference import main

if __name__ == "__main__":
    raise SystemExit(main())
