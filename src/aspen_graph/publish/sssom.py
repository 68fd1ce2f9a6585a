"""Alignments as an SSSOM mapping set (TSV with a YAML metadata block)."""

from __future__ import annotations

import csv
import io
from datetime import date

from aspen_graph.curie import compress
from aspen_graph.model import integer, words
from aspen_graph.namespaces import ASPEN, ASPENID, ID_KINDS, SDG
from aspen_graph.publish.build_date import build_date
from aspen_graph.sources import safe_cell
from aspen_graph.store import Table

MAPPING_SET_ID = "https://w3id.org/aspen/mappings/aspen-alignments.sssom.tsv"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_label",
    "object_id",
    "object_label",
    "mapping_justification",
    "author_id",
    "mapping_date",
    "confidence",
    "see_also",
    "comment",
    "other",
)
# The seven-point score says how one thing affects another; SSSOM needs a predicate.
PREDICATES = {
    1: ("aspen:contributesTo", "contributes to"),
    0: ("skos:relatedMatch", "consistent with (no significant interaction)"),
    -1: ("aspen:hasTradeOffWith", "has trade-off with"),
}


def _curie_map() -> dict[str, str]:
    prefixes = {kind: f"{ASPENID}{kind}/" for kind in ID_KINDS}
    prefixes.update(
        {
            "aspen": str(ASPEN),
            "sdg": str(SDG),
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "semapv": "https://w3id.org/semapv/vocab/",
        }
    )
    return prefixes


def _header(today: date) -> str:
    lines = [
        "# curie_map:",
        *(f"#   {prefix}: {iri}" for prefix, iri in sorted(_curie_map().items())),
        f"# mapping_set_id: {MAPPING_SET_ID}",
        "# mapping_set_title: ASPEN 2026-2035 alignments to the SDGs, the GBF, the Paris"
        " Agreement and ASEAN 2045",
        "# mapping_set_description: Qualified alignments of the ASEAN Strategic Plan on Environment"
        " elements to the targets they serve or work against, scored on the International Science"
        " Council seven-point interaction scale. Proposals of the aspen-graph project, not ASEAN"
        " positions.",
        f"# license: {LICENSE}",
        f"# publication_date: {today.isoformat()}",
    ]
    return "\n".join(lines) + "\n"


def write_sssom(mappings: Table, *, today: date | None = None) -> str:
    """The SSSOM/TSV text for rows of the ``export/sssom-mappings`` query; no cell starts a
    spreadsheet formula (:func:`~aspen_graph.sources.cells.safe_cell`)."""
    buffer = io.StringIO()
    buffer.write(_header(today or build_date()))
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in mappings.records():
        score = integer(row["score"])
        predicate, predicate_label = PREDICATES[(score > 0) - (score < 0)]
        cells = [
            compress(str(row["subject"])),
            words(row["subject_label"]),
            predicate,
            predicate_label,
            compress(str(row["object"])),
            words(row["object_label"]),
            "semapv:ManualMappingCuration",
            compress(str(row["author"])),
            words(row["date"]),
            words(row["confidence"]),
            words(row["see_also"]),
            f"Interaction {score:+d} ({words(row['interaction'])}). {words(row['rationale'])}",
            f"interaction_score={score}|status={words(row['status'])}",
        ]
        writer.writerow([safe_cell(text) for text in cells])
    return buffer.getvalue()
