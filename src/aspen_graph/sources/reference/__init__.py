"""Reference CSVs (``data/source/*.csv``) → generated Turtle named graphs (``data/graph/*.ttl``).

The CSVs are verbatim copies of the shared reference set (see ``data/source/SOURCES.md``). Each
generated file is loaded into the named graph of the same key (``graph/sdg``, ``graph/gbf`` …).
Identifiers and patterns follow ``docs/model.md``.

This module builds every graph and writes the files; the graphs themselves are made by
:mod:`.sdg`, :mod:`.frameworks` (GBF, agreements, ASEAN 2045), :mod:`.asean` (bodies,
ASPEN 2016-2025) and :mod:`.challenges`, from rows read by :mod:`.rows` with the helpers of
:mod:`.terms` and the fixed IRIs of :mod:`.iris`. Their public names (builders, column lists,
fixed IRIs) are re-exported here with ``import X as X``, so everything the former single module
offered stays importable from this package; ``__all__`` lists the API proper.

Regenerate with ``aspen generate [--source DIR] [--out DIR]`` (the one command line for it).
The output is deterministic: the same inputs give byte-identical files, each written
atomically by :func:`~aspen_graph.sources.folders.write_file`. Malformed input raises
:class:`~aspen_graph.errors.DataLoadError` naming the file and the line of the CSV row (the
header is line 1), and then no file is written.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from aspen_graph.sources.folders import write_file
from aspen_graph.sources.reference.asean import BODY_COLUMNS as BODY_COLUMNS
from aspen_graph.sources.reference.asean import PRIORITY_COLUMNS as PRIORITY_COLUMNS
from aspen_graph.sources.reference.asean import build_asean_bodies as build_asean_bodies
from aspen_graph.sources.reference.asean import build_aspen_2016_2025 as build_aspen_2016_2025
from aspen_graph.sources.reference.asean import read_body_codes as read_body_codes
from aspen_graph.sources.reference.challenges import CHALLENGE_COLUMNS as CHALLENGE_COLUMNS
from aspen_graph.sources.reference.challenges import CHALLENGE_LABELS_VI as CHALLENGE_LABELS_VI
from aspen_graph.sources.reference.challenges import build_challenges as build_challenges
from aspen_graph.sources.reference.frameworks import ACV_2045_KEY as ACV_2045_KEY
from aspen_graph.sources.reference.frameworks import AGREEMENT_COLUMNS as AGREEMENT_COLUMNS
from aspen_graph.sources.reference.frameworks import ASCC_BLUEPRINT_KEY as ASCC_BLUEPRINT_KEY
from aspen_graph.sources.reference.frameworks import ASCC_COLUMNS as ASCC_COLUMNS
from aspen_graph.sources.reference.frameworks import ASCC_LEVELS as ASCC_LEVELS
from aspen_graph.sources.reference.frameworks import DOCUMENT_ALIASES as DOCUMENT_ALIASES
from aspen_graph.sources.reference.frameworks import DOCUMENT_COLUMNS as DOCUMENT_COLUMNS
from aspen_graph.sources.reference.frameworks import DOCUMENT_TYPES as DOCUMENT_TYPES
from aspen_graph.sources.reference.frameworks import GBF_GOAL_COLUMNS as GBF_GOAL_COLUMNS
from aspen_graph.sources.reference.frameworks import GBF_TARGET_COLUMNS as GBF_TARGET_COLUMNS
from aspen_graph.sources.reference.frameworks import build_agreements as build_agreements
from aspen_graph.sources.reference.frameworks import build_asean_2045 as build_asean_2045
from aspen_graph.sources.reference.frameworks import build_gbf as build_gbf
from aspen_graph.sources.reference.iris import AGENDA_2030 as AGENDA_2030
from aspen_graph.sources.reference.iris import ASPEN_2016_2025 as ASPEN_2016_2025
from aspen_graph.sources.reference.iris import GBF_SCHEME as GBF_SCHEME
from aspen_graph.sources.reference.iris import GEMET_UTIL as GEMET_UTIL
from aspen_graph.sources.reference.iris import KMGBF as KMGBF
from aspen_graph.sources.reference.iris import LOD4STATS as LOD4STATS
from aspen_graph.sources.reference.iris import OPEN_SDG_TRANSLATIONS as OPEN_SDG_TRANSLATIONS
from aspen_graph.sources.reference.iris import SCBD_WEBSITE as SCBD_WEBSITE
from aspen_graph.sources.reference.iris import SDG_SCHEME as SDG_SCHEME
from aspen_graph.sources.reference.iris import TRIPLE_CRISIS_SCHEME as TRIPLE_CRISIS_SCHEME
from aspen_graph.sources.reference.iris import UNFCCC_TRIPLE_CRISIS as UNFCCC_TRIPLE_CRISIS
from aspen_graph.sources.reference.iris import UNSD_INDICATOR_LIST as UNSD_INDICATOR_LIST
from aspen_graph.sources.reference.iris import VNECONOMY_ASPEN as VNECONOMY_ASPEN
from aspen_graph.sources.reference.rows import SourceRow, read_rows
from aspen_graph.sources.reference.sdg import SDG_GOAL_COLUMNS as SDG_GOAL_COLUMNS
from aspen_graph.sources.reference.sdg import SDG_GOAL_SHORT_TITLES as SDG_GOAL_SHORT_TITLES
from aspen_graph.sources.reference.sdg import SDG_GOAL_TITLES as SDG_GOAL_TITLES
from aspen_graph.sources.reference.sdg import SDG_INDICATOR_COLUMNS as SDG_INDICATOR_COLUMNS
from aspen_graph.sources.reference.sdg import SDG_INDICATOR_TITLES as SDG_INDICATOR_TITLES
from aspen_graph.sources.reference.sdg import SDG_TARGET_COLUMNS as SDG_TARGET_COLUMNS
from aspen_graph.sources.reference.sdg import TRANSLATION_COLUMNS as TRANSLATION_COLUMNS
from aspen_graph.sources.reference.sdg import build_sdg as build_sdg
from aspen_graph.sources.reference.terms import new_graph as new_graph

GRAPH_KEYS: tuple[str, ...] = (
    "sdg",
    "gbf",
    "agreements",
    "asean-bodies",
    "asean-2045",
    "aspen-2016-2025",
    "challenges",
)
"""The graphs this package makes, in output order; each is written to ``<key>.ttl``."""


def build_reference_graphs(source_dir: Path) -> dict[str, Graph]:
    """Build every reference graph from the CSVs in ``source_dir``, keyed as in GRAPH_KEYS."""
    builders = {
        "sdg": build_sdg,
        "gbf": build_gbf,
        "agreements": build_agreements,
        "asean-bodies": build_asean_bodies,
        "asean-2045": build_asean_2045,
        "aspen-2016-2025": build_aspen_2016_2025,
        "challenges": build_challenges,
    }
    return {key: builders[key](source_dir) for key in GRAPH_KEYS}


def serialize(graph: Graph) -> bytes:
    """The graph as deterministic long-form Turtle (UTF-8)."""
    return graph.serialize(format="longturtle", encoding="utf-8")


def write_reference_graphs(source_dir: Path, graph_dir: Path) -> list[Path]:
    """Build every reference graph, then write each to ``graph_dir/<key>.ttl``.

    All inputs are read and checked before the first file is written, so bad input changes
    nothing. Returns the paths written, in GRAPH_KEYS order.
    """
    graphs = build_reference_graphs(source_dir)
    graph_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for key, graph in graphs.items():
        path = graph_dir / f"{key}.ttl"
        write_file(path, serialize(graph))
        written.append(path)
    return written


__all__ = [
    "GRAPH_KEYS",
    "SourceRow",
    "build_reference_graphs",
    "read_rows",
    "write_reference_graphs",
]
