"""The framework graphs: GBF goals and targets, agreements, ASEAN 2045 documents and ASCC areas.

Reads ``gbf_goals.csv``/``gbf_targets.csv`` (graph ``gbf``), ``agreements.csv`` with the
project's ``agreement_corrections.csv`` (graph ``agreements``), and ``asean_2045.csv`` with
``ascc_blueprint_2025.csv`` (graph ``asean-2045``, which also holds the 2030 Agenda).
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from aspen_graph.errors import DataLoadError
from aspen_graph.namespaces import ASPEN, FOAF
from aspen_graph.sources.reference.iris import (
    AGENDA_2030,
    AGENDA_2030_RESOLUTION,
    GBF_SCHEME,
    KMGBF,
    SCBD_WEBSITE,
)
from aspen_graph.sources.reference.rows import KEY_PATTERN, SourceRow, check_unique, read_rows
from aspen_graph.sources.reference.terms import add_note, describe, en, id_iri, new_graph

ACV_2045_KEY = "acv-2045"
ASCC_BLUEPRINT_KEY = "ascc-blueprint-2025"

GBF_GOAL_COLUMNS = ("code", "cbd_identifier", "title_en", "short_title_en", "text_en")
GBF_TARGET_COLUMNS = (*GBF_GOAL_COLUMNS, "page_url")
AGREEMENT_COLUMNS = (
    "key", "title_en", "short_name", "instrument_type", "adoption_date", "adoption_place",
    "entry_into_force_date", "untc_status_url", "ecolex_url", "informea_url", "date_sources",
    "notes",
)  # fmt: skip
AGREEMENT_CORRECTION_COLUMNS = (
    "key", "adoption_date", "adoption_place", "signature_date", "signature_place", "sources",
    "replaces_sources", "note",
)  # fmt: skip
"""``agreement_corrections.csv``, the project's own table (not a shared reference file): where the
reference row gives the opening for signature as the adoption, the date and place the text was
adopted, and the date and place it was opened for signature; where the row cites a secondary page
for which a primary document is known, that document (``sources``) in place of the page
(``replaces_sources``). Every row says why in ``note``."""
DOCUMENT_COLUMNS = ("key", "title_en", "doc_type", "adopted", "adopted_at", "relation", "source")
ASCC_COLUMNS = ("code", "title_en", "parent_code", "level", "source")

DOCUMENT_TYPES: dict[str, URIRef] = {
    "vision": ASPEN.Vision,
    "declaration": ASPEN.Declaration,
    "strategic plan": ASPEN.StrategicPlan,
    "vision (predecessor)": ASPEN.Vision,
    "blueprint (predecessor)": ASPEN.Blueprint,
}
DOCUMENT_ALIASES: dict[str, str] = {
    "ascc strategic plan": "ascc-sp",
    "acv 2045": ACV_2045_KEY,
}
"""Short names used in the ``relation`` column of asean_2045.csv → the key they name.

"ASEAN 2045" (the compendium "ASEAN 2045: Our Shared Future") is deliberately absent: the
compendium has no row of its own, and it is not the ACV 2045.
"""
ASCC_LEVELS = ("characteristic", "key result area")

_GBF_GOAL_CODE = re.compile(r"^[A-Z]$")
_GBF_TARGET_CODE = re.compile(r"^[1-9]\d?$")
_ASCC_CODE = re.compile(r"^[A-Z](?:\.\d{1,2})?$")
_YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


# --- GBF ------------------------------------------------------------------------------------


def build_gbf(source_dir: Path) -> Graph:
    """Goals and targets of the Kunming-Montreal Global Biodiversity Framework."""
    graph = new_graph()
    scheme_label = "Kunming-Montreal Global Biodiversity Framework goals and targets"
    describe(graph, GBF_SCHEME, [SKOS.ConceptScheme], scheme_label, [SCBD_WEBSITE])
    graph.add((GBF_SCHEME, SKOS.prefLabel, en(scheme_label)))
    goals = read_rows(source_dir / "gbf_goals.csv", GBF_GOAL_COLUMNS)
    check_unique(goals, "code")
    for row in goals:
        code = row.matching("code", _GBF_GOAL_CODE, "a GBF goal letter A-Z")
        _add_gbf_component(graph, row, id_iri("gbf-goal", code), f"GBF Goal {code}")
    targets = read_rows(source_dir / "gbf_targets.csv", GBF_TARGET_COLUMNS)
    check_unique(targets, "code")
    for row in targets:
        code = row.matching("code", _GBF_TARGET_CODE, "a GBF target number")
        subject = id_iri("gbf-target", code)
        _add_gbf_component(graph, row, subject, f"GBF Target {code}")
        graph.add((subject, FOAF.page, row.iri("page_url")))
    return graph


def _add_gbf_component(graph: Graph, row: SourceRow, subject: URIRef, name: str) -> None:
    """Add one GBF goal (``name`` "GBF Goal A") or target ("GBF Target 3")."""
    is_goal = name.startswith("GBF Goal")
    kind = ASPEN.FrameworkGoal if is_goal else ASPEN.FrameworkTarget
    title = row.text("title_en")
    describe(graph, subject, [kind, SKOS.Concept], f"{name}: {title}", [SCBD_WEBSITE])
    graph.add((subject, SKOS.prefLabel, en(title)))
    graph.add((subject, SKOS.altLabel, en(row.text("short_title_en"))))
    graph.add((subject, SKOS.definition, en(row.text("text_en"))))
    identifier = Literal(row.text("cbd_identifier"))
    graph.add((subject, SKOS.notation, identifier))
    graph.add((subject, DCTERMS.identifier, identifier))
    graph.add((subject, ASPEN.partOfFramework, KMGBF))
    graph.add((subject, SKOS.inScheme, GBF_SCHEME))


# --- agreements -----------------------------------------------------------------------------


def build_agreements(source_dir: Path) -> Graph:
    """International and regional agreements (``id/agreement/{key}``)."""
    graph = new_graph()
    rows = read_rows(source_dir / "agreements.csv", AGREEMENT_COLUMNS)
    check_unique(rows, "key")
    events = _read_agreement_corrections(source_dir, {row.text("key") for row in rows})
    for row in rows:
        key = row.matching("key", KEY_PATTERN, "a key (lower-case letters, digits, hyphens)")
        agreement = id_iri("agreement", key)
        event = events.get(key)
        sources = row.urls("date_sources")
        if event is not None:
            dropped = event.optional_urls("replaces_sources")
            for url in dropped:
                if url not in sources:
                    raise event.fail(f"column 'replaces_sources': {url} is not a source of {key}")
            kept = [url for url in sources if url not in dropped]
            sources = kept + [url for url in event.urls("sources") if url not in kept]
        describe(graph, agreement, [ASPEN.Agreement], row.text("title_en"), sources)
        graph.add((agreement, SKOS.altLabel, en(row.text("short_name"))))
        graph.add((agreement, ASPEN.instrumentType, Literal(row.text("instrument_type"))))
        adopted = event.optional_date("adoption_date") if event is not None else None
        graph.add((agreement, DCTERMS.issued, adopted or row.date("adoption_date")))
        place = (event.optional("adoption_place") if event is not None else None) or row.optional(
            "adoption_place"
        )
        if place is not None:
            graph.add((agreement, ASPEN.adoptedAt, Literal(place)))
        if event is not None:
            _add_signature(graph, agreement, event)
        in_force = row.optional_date("entry_into_force_date")
        if in_force is not None:
            graph.add((agreement, ASPEN.entryIntoForce, in_force))
        for column in ("untc_status_url", "ecolex_url", "informea_url"):
            page = row.optional_iri(column)
            if page is not None:
                graph.add((agreement, FOAF.page, page))
        add_note(graph, agreement, row, "notes")
    return graph


def _read_agreement_corrections(source_dir: Path, keys: set[str]) -> dict[str, SourceRow]:
    """The rows of ``agreement_corrections.csv`` by key; each names a row of agreements.csv."""
    rows = read_rows(source_dir / "agreement_corrections.csv", AGREEMENT_CORRECTION_COLUMNS)
    check_unique(rows, "key")
    for row in rows:
        if row.text("key") not in keys:
            raise row.fail(f"column 'key': {row.text('key')!r} is not a key of agreements.csv")
        row.text("note")
    return {row.text("key"): row for row in rows}


def _add_signature(graph: Graph, agreement: URIRef, event: SourceRow) -> None:
    """Add the opening for signature (a date, or a year and month) and its place, and the note."""
    value = event.optional("signature_date")
    if value is not None:
        opened = (
            Literal(value, datatype=XSD.gYearMonth)
            if _YEAR_MONTH.match(value)
            else event.date("signature_date")
        )
        graph.add((agreement, ASPEN.openedForSignature, opened))
    place = event.optional("signature_place")
    if place is not None:
        graph.add((agreement, ASPEN.openedForSignatureAt, Literal(place)))
    add_note(graph, agreement, event, "note")


# --- ASEAN 2045 documents, ASCC Blueprint 2025, the 2030 Agenda -----------------------------


def build_asean_2045(source_dir: Path) -> Graph:
    """ASEAN 2045 documents and predecessors, ASCC Blueprint 2025 result areas, the 2030 Agenda."""
    graph = new_graph()
    describe(
        graph,
        AGENDA_2030,
        [ASPEN.GlobalAgenda],
        "Transforming our world: the 2030 Agenda for Sustainable Development",
        [AGENDA_2030_RESOLUTION],
    )
    rows = read_rows(source_dir / "asean_2045.csv", DOCUMENT_COLUMNS)
    check_unique(rows, "key")
    keys = {
        row.matching("key", KEY_PATTERN, "a key (lower-case letters, digits, hyphens)")
        for row in rows
    }
    titles = {row.text("title_en").casefold(): row.text("key") for row in rows}
    for row in rows:
        _add_document(graph, row, keys, titles)
    if ASCC_BLUEPRINT_KEY not in keys:
        raise DataLoadError(f"no row with key {ASCC_BLUEPRINT_KEY!r}", path=str(rows[0].path))
    _add_result_areas(graph, read_rows(source_dir / "ascc_blueprint_2025.csv", ASCC_COLUMNS))
    return graph


def _add_document(graph: Graph, row: SourceRow, keys: set[str], titles: dict[str, str]) -> None:
    """Add one ASEAN document, typed by ``doc_type``, with the links its relation states."""
    doc_type = row.text("doc_type")
    if doc_type not in DOCUMENT_TYPES:
        raise row.fail(f"column 'doc_type': {doc_type!r} is not one of {', '.join(DOCUMENT_TYPES)}")
    document = id_iri("document", row.text("key"))
    describe(graph, document, [DOCUMENT_TYPES[doc_type]], row.text("title_en"), row.urls("source"))
    graph.add((document, DCTERMS.issued, row.date_or_year("adopted")))
    place = row.optional("adopted_at")
    if place is not None:
        graph.add((document, ASPEN.adoptedAt, Literal(place)))
    add_note(graph, document, row, "relation")
    for clause in (part.strip() for part in row.text("relation").split(";")):
        _add_relation(graph, document, clause, keys, titles)


def _add_relation(
    graph: Graph, document: URIRef, clause: str, keys: set[str], titles: dict[str, str]
) -> None:
    """Turn one clause of the ``relation`` column into a link, when it names a known document.

    "implements ACV 2045" → ``aspen:partOfFramework``; "succeeds X" → ``aspen:succeeds X``;
    "predecessor of X" → ``X aspen:succeeds`` this document. Other clauses stay in the note.
    """
    if clause.startswith("implements ACV 2045") and ACV_2045_KEY in keys:
        graph.add((document, ASPEN.partOfFramework, id_iri("document", ACV_2045_KEY)))
    elif clause.startswith("succeeds "):
        earlier = _resolve_document(clause.removeprefix("succeeds "), keys, titles)
        if earlier is not None:
            graph.add((document, ASPEN.succeeds, id_iri("document", earlier)))
    elif clause.startswith("predecessor of "):
        later = _resolve_document(clause.removeprefix("predecessor of "), keys, titles)
        if later is not None:
            graph.add((id_iri("document", later), ASPEN.succeeds, document))


def _resolve_document(name: str, keys: set[str], titles: dict[str, str]) -> str | None:
    """The key of the document a relation clause names, or None when it is not in the file."""
    text = re.sub(r"\s*\(.*\)$", "", name.strip()).removeprefix("the ").casefold()
    key = titles.get(text) or DOCUMENT_ALIASES.get(text)
    return key if key in keys else None


def _add_result_areas(graph: Graph, rows: list[SourceRow]) -> None:
    """Add ASCC Blueprint 2025 characteristics and key result areas (``id/ascc/{code}``)."""
    check_unique(rows, "code")
    codes = {row.matching("code", _ASCC_CODE, "an ASCC code like C or C.1") for row in rows}
    blueprint = id_iri("document", ASCC_BLUEPRINT_KEY)
    for row in rows:
        code, title, level = row.text("code"), row.text("title_en"), row.text("level")
        if level not in ASCC_LEVELS:
            raise row.fail(f"column 'level': {level!r} is not one of {', '.join(ASCC_LEVELS)}")
        area = id_iri("ascc", code)
        sources = row.urls("source")
        describe(graph, area, [ASPEN.ResultArea, SKOS.Concept], f"{code} {title}", sources)
        graph.add((area, SKOS.prefLabel, en(title)))
        graph.add((area, SKOS.notation, Literal(code)))
        graph.add((area, ASPEN.partOfFramework, blueprint))
        graph.add((area, SKOS.editorialNote, en(f"Level in the ASCC Blueprint 2025: {level}.")))
        parent = row.optional("parent_code")
        if parent is not None:
            if parent not in codes:
                raise row.fail(f"column 'parent_code': {parent!r} is not a code of this file")
            graph.add((area, SKOS.broader, id_iri("ascc", parent)))
            graph.add((id_iri("ascc", parent), SKOS.narrower, area))
