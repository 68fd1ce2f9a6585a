"""The ASEAN graphs: ASEAN environment bodies, and the ASPEN 2016-2025 plan with its priorities.

Reads ``asean_bodies.csv`` (graph ``asean-bodies``) and ``aspen_2016_2025_priorities.csv``
(graph ``aspen-2016-2025``), whose lead bodies must be codes of ``asean_bodies.csv``.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS, XSD

from aspen_graph.namespaces import ASPEN, ORG
from aspen_graph.sources.reference.iris import (
    ASPEN_2016_2025,
    ASPEN_2016_2025_ADOPTED,
    VERSION_ADOPTED,
    VNECONOMY_ASPEN,
)
from aspen_graph.sources.reference.rows import check_unique, read_rows
from aspen_graph.sources.reference.terms import add_note, describe, en, id_iri, new_graph

BODY_COLUMNS = (
    "code", "name_en", "body_type", "parent_code", "established", "meets", "notes", "source",
)  # fmt: skip
PRIORITY_COLUMNS = ("code", "title_en", "lead_body", "source")

_BODY_CODE = re.compile(r"^[A-Z][A-Z0-9-]*$")


# --- ASEAN bodies ---------------------------------------------------------------------------


def _body_iri(code: str) -> URIRef:
    """The IRI of an ASEAN body from its code (``COP-AATHP`` → ``id/body/cop-aathp``)."""
    return id_iri("body", code.lower())


def read_body_codes(source_dir: Path) -> set[str]:
    """The codes of asean_bodies.csv."""
    rows = read_rows(source_dir / "asean_bodies.csv", BODY_COLUMNS)
    return {row.matching("code", _BODY_CODE, "an upper-case body code") for row in rows}


def build_asean_bodies(source_dir: Path) -> Graph:
    """ASEAN environment bodies (``id/body/{code}``) and which body each reports to."""
    graph = new_graph()
    rows = read_rows(source_dir / "asean_bodies.csv", BODY_COLUMNS)
    check_unique(rows, "code")
    codes = {row.matching("code", _BODY_CODE, "an upper-case body code") for row in rows}
    for row in rows:
        code = row.text("code")
        body = _body_iri(code)
        describe(
            graph,
            body,
            [ASPEN.AseanBody, ORG.Organization],
            row.text("name_en"),
            row.urls("source"),
        )
        graph.add((body, SKOS.altLabel, en(code)))
        graph.add((body, SKOS.notation, Literal(code)))
        graph.add((body, ASPEN.bodyType, Literal(row.text("body_type"))))
        for column, prop in (
            ("established", ASPEN.establishedIn),
            ("meets", ASPEN.meetingFrequency),
        ):
            value = row.optional(column)
            if value is not None:
                graph.add((body, prop, Literal(value)))
        parent = row.optional("parent_code")
        if parent is not None:
            if parent not in codes:
                raise row.fail(f"column 'parent_code': {parent!r} is not a body code of this file")
            graph.add((body, ORG.subOrganizationOf, _body_iri(parent)))
        add_note(graph, body, row, "notes")
    return graph


# --- ASPEN 2016-2025 ------------------------------------------------------------------------


def build_aspen_2016_2025(source_dir: Path) -> Graph:
    """ASEAN Strategic Plan on Environment 2016-2025, its adopted version, and its seven
    priorities (stable codes P1 … P7) with lead bodies."""
    graph = new_graph()
    rows = read_rows(source_dir / "aspen_2016_2025_priorities.csv", PRIORITY_COLUMNS)
    check_unique(rows, "code")
    bodies = read_body_codes(source_dir)
    plan_sources: list[URIRef] = []
    for row in rows:
        number = row.positive_int("code")
        lead = row.text("lead_body")
        if lead not in bodies:
            raise row.fail(f"column 'lead_body': {lead!r} is not a code of asean_bodies.csv")
        priority = id_iri("priority", f"aspen-2016-2025-p{number}")
        sources = row.urls("source")
        plan_sources += [source for source in sources if source not in plan_sources]
        describe(graph, priority, [ASPEN.StrategicPriority], row.text("title_en"), sources)
        graph.add((priority, ASPEN.sequenceNumber, Literal(number, datatype=XSD.integer)))
        graph.add((priority, ASPEN.partOfPlan, ASPEN_2016_2025))
        graph.add((priority, ASPEN.inVersion, ASPEN_2016_2025_ADOPTED))
        graph.add((priority, DCTERMS.identifier, Literal(f"P{number}")))
        graph.add((priority, ASPEN.leadBody, _body_iri(lead)))
    describe(
        graph,
        ASPEN_2016_2025,
        [ASPEN.StrategicPlan],
        "ASEAN Strategic Plan on Environment 2016-2025",
        [*plan_sources, VNECONOMY_ASPEN],
    )
    # Vietnamese wording as in the source document (VNECONOMY_ASPEN).
    vietnamese = "Kế hoạch Chiến lược ASEAN về môi trường giai đoạn 2016-2025"
    graph.add((ASPEN_2016_2025, RDFS.label, Literal(vietnamese, lang="vi")))
    graph.add((ASPEN_2016_2025, SKOS.altLabel, en("ASPEN 2016-2025")))
    # Its one version is the adopted text. "adopted", not "superseded": its successor is still a
    # draft. No dct:issued: the adoption date is not in the sources.
    describe(
        graph,
        ASPEN_2016_2025_ADOPTED,
        [ASPEN.PlanVersion],
        "ASPEN 2016-2025, adopted version",
        plan_sources,
    )
    adopted_vi = Literal(f"{vietnamese}, bản đã thông qua", lang="vi")
    graph.add((ASPEN_2016_2025_ADOPTED, RDFS.label, adopted_vi))
    graph.add((ASPEN_2016_2025_ADOPTED, ASPEN.versionOf, ASPEN_2016_2025))
    graph.add((ASPEN_2016_2025_ADOPTED, ASPEN.versionStatus, VERSION_ADOPTED))
    return graph
