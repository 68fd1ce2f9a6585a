"""The SDG graph: goals, targets and indicators with the UN KOS IRIs, and their concept scheme.

Reads ``sdg_goals.csv``, ``sdg_targets.csv`` and ``sdg_indicators.csv``. An indicator listed
under several targets (one row per target, same UNSD code) becomes one concept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from aspen_graph.namespaces import ASPEN, SDGO
from aspen_graph.sources.reference.iris import (
    AGENDA_2030,
    LOD4STATS,
    OPEN_SDG_TRANSLATIONS,
    SDG_SCHEME,
    UNSD_INDICATOR_LIST,
)
from aspen_graph.sources.reference.rows import SourceRow, check_unique, read_rows
from aspen_graph.sources.reference.terms import add_titles, describe, en, new_graph

SDG_GOAL_COLUMNS = (
    "code", "iri", "title_en", "short_title_en", "title_fr", "title_es", "title_km",
    "short_title_km", "title_lo", "short_title_lo", "title_my", "short_title_my", "title_vi",
    "sdgio_iri", "wikidata_iri",
)  # fmt: skip
SDG_TARGET_COLUMNS = (
    "code", "iri", "parent_code", "parent_iri", "title_en", "title_fr", "title_es", "title_km",
    "title_lo", "title_my", "title_vi", "sdgio_iri",
)  # fmt: skip
SDG_INDICATOR_COLUMNS = (
    "code", "unsd_code", "iri", "iri_in_kos_2020_snapshot", "target_code", "target_iri",
    "title_en", "is_repeated_indicator", "title_fr_kos2020", "title_es_kos2020",
    "kos2020_en_label_matches_title_en", "title_km", "title_lo", "title_my", "title_vi",
    "sdgio_iri",
)  # fmt: skip

# Language-tagged title columns: (column, language tag).
SDG_GOAL_TITLES = (
    ("title_en", "en"), ("title_fr", "fr"), ("title_es", "es"), ("title_km", "km"),
    ("title_lo", "lo"), ("title_my", "my"), ("title_vi", "vi"),
)  # fmt: skip
SDG_GOAL_SHORT_TITLES = (
    ("short_title_en", "en"), ("short_title_km", "km"), ("short_title_lo", "lo"),
    ("short_title_my", "my"),
)  # fmt: skip
SDG_INDICATOR_TITLES = (
    ("title_en", "en"), ("title_fr_kos2020", "fr"), ("title_es_kos2020", "es"),
    ("title_km", "km"), ("title_lo", "lo"), ("title_my", "my"), ("title_vi", "vi"),
)  # fmt: skip
TRANSLATION_COLUMNS = ("title_km", "title_lo", "title_my")
"""Columns whose values come from open-sdg/sdg-translations."""

_SDG_GOAL_CODE = re.compile(r"^\d{1,2}$")
_SDG_TARGET_CODE = re.compile(r"^\d{1,2}\.(?:\d{1,2}|[a-z])$")
_SDG_INDICATOR_CODE = re.compile(r"^\d{1,2}\.(?:\d{1,2}|[a-z])\.\d{1,2}$")
_UNSD_CODE = re.compile(r"^C\d{2}[0-9a-z]{2}\d{2}$")


def build_sdg(source_dir: Path) -> Graph:
    """SDG goals, targets and indicators with the UN KOS IRIs, and their concept scheme."""
    graph = new_graph()
    describe(
        graph,
        SDG_SCHEME,
        [SKOS.ConceptScheme],
        "Sustainable Development Goals Taxonomy",
        [LOD4STATS],
    )
    graph.add((SDG_SCHEME, SKOS.prefLabel, en("Sustainable Development Goals Taxonomy")))
    goals = _add_sdg_goals(graph, read_rows(source_dir / "sdg_goals.csv", SDG_GOAL_COLUMNS))
    targets = _add_sdg_targets(
        graph, read_rows(source_dir / "sdg_targets.csv", SDG_TARGET_COLUMNS), goals
    )
    _add_sdg_indicators(
        graph, read_rows(source_dir / "sdg_indicators.csv", SDG_INDICATOR_COLUMNS), targets
    )
    return graph


def _sdg_sources(rows: Iterable[SourceRow]) -> list[URIRef]:
    """The dct:source IRIs of an SDG concept described by ``rows``."""
    sources = [UNSD_INDICATOR_LIST, LOD4STATS]
    if any(row.optional(column) for row in rows for column in TRANSLATION_COLUMNS):
        sources.append(OPEN_SDG_TRANSLATIONS)
    return sources


def _add_sdg_goals(graph: Graph, rows: list[SourceRow]) -> dict[str, URIRef]:
    """Add the goals; return their IRIs by code."""
    check_unique(rows, "code")
    goals: dict[str, URIRef] = {}
    for row in rows:
        code = row.matching("code", _SDG_GOAL_CODE, "an SDG goal number")
        goal = row.iri("iri")
        title = row.text("title_en")
        describe(graph, goal, [SDGO.Goal, SKOS.Concept], f"{code} {title}", _sdg_sources([row]))
        add_titles(graph, goal, row, SDG_GOAL_TITLES)
        for column, language in SDG_GOAL_SHORT_TITLES:
            short = row.optional(column)
            if short is not None:
                graph.add((goal, SKOS.altLabel, Literal(short, lang=language)))
        graph.add((goal, SKOS.notation, Literal(code)))
        graph.add((goal, SKOS.inScheme, SDG_SCHEME))
        graph.add((goal, ASPEN.partOfFramework, AGENDA_2030))
        for column in ("sdgio_iri", "wikidata_iri"):
            match = row.optional_iri(column)
            if match is not None:
                graph.add((goal, SKOS.exactMatch, match))
        goals[code] = goal
    return goals


def _add_sdg_targets(
    graph: Graph, rows: list[SourceRow], goals: dict[str, URIRef]
) -> dict[str, URIRef]:
    """Add the targets, linked both ways to their goals; return their IRIs by code."""
    check_unique(rows, "code")
    targets: dict[str, URIRef] = {}
    for row in rows:
        code = row.matching("code", _SDG_TARGET_CODE, "an SDG target code like 14.1 or 1.a")
        goal = _parent(row, "parent_code", "parent_iri", goals)
        if code.split(".")[0] != row.text("parent_code"):
            raise row.fail(f"target {code} is not under goal {row.text('parent_code')}")
        target = row.iri("iri")
        title = row.text("title_en")
        describe(graph, target, [SDGO.Target, SKOS.Concept], f"{code} {title}", _sdg_sources([row]))
        add_titles(graph, target, row, SDG_GOAL_TITLES)
        graph.add((target, SKOS.notation, Literal(code)))
        graph.add((target, SKOS.inScheme, SDG_SCHEME))
        _link_down(graph, goal, target, SDGO.hasTarget, SDGO.isTargetOf)
        match = row.optional_iri("sdgio_iri")
        if match is not None:
            graph.add((target, SKOS.exactMatch, match))
        targets[code] = target
    return targets


def _parent(row: SourceRow, code_column: str, iri_column: str, known: dict[str, URIRef]) -> URIRef:
    """The parent named by ``code_column``, which must agree with ``iri_column``."""
    code = row.text(code_column)
    if code not in known:
        raise row.fail(f"column {code_column!r}: {code!r} is not in the parent file")
    if row.iri(iri_column) != known[code]:
        raise row.fail(f"column {iri_column!r} disagrees with {code_column!r} {code!r}")
    return known[code]


def _link_down(graph: Graph, broader: URIRef, narrower: URIRef, down: URIRef, up: URIRef) -> None:
    """Link a concept to a narrower one, with the SDG ontology property and plain SKOS."""
    graph.add((broader, down, narrower))
    graph.add((narrower, up, broader))
    graph.add((broader, SKOS.narrower, narrower))
    graph.add((narrower, SKOS.broader, broader))


def _add_sdg_indicators(graph: Graph, rows: list[SourceRow], targets: dict[str, URIRef]) -> None:
    """Add the indicators: one concept per UNSD code, linked to every target it is listed under."""
    check_unique(rows, "code")
    groups: dict[str, list[SourceRow]] = {}
    for row in rows:
        row.matching("code", _SDG_INDICATOR_CODE, "an SDG indicator code like 14.1.1")
        groups.setdefault(row.matching("unsd_code", _UNSD_CODE, "a UNSD code like C140101"), [])
        groups[row.text("unsd_code")].append(row)
    for unsd_code, group in groups.items():
        _check_indicator_group(unsd_code, group)
        _add_sdg_indicator(graph, unsd_code, group, targets)


def _check_indicator_group(unsd_code: str, group: list[SourceRow]) -> None:
    """Rows sharing a UNSD code must agree on IRI, English title and KOS status."""
    first = group[0]
    for row in group:
        for column in ("iri", "title_en", "iri_in_kos_2020_snapshot"):
            if row.text(column) != first.text(column):
                raise row.fail(
                    f"column {column!r} differs from line {first.line} with the same "
                    f"UNSD code {unsd_code}"
                )
        if row.flag("is_repeated_indicator") != (len(group) > 1):
            raise row.fail(
                f"column 'is_repeated_indicator' disagrees with the {len(group)} row(s) "
                f"of UNSD code {unsd_code}"
            )


def _add_sdg_indicator(
    graph: Graph, unsd_code: str, group: list[SourceRow], targets: dict[str, URIRef]
) -> None:
    """Add one indicator concept from the rows that list it (one row per target)."""
    first = group[0]
    indicator = first.iri("iri")
    codes = [row.text("code") for row in group]
    label = f"{' / '.join(codes)} {first.text('title_en')}"
    describe(graph, indicator, [SDGO.Indicator, SKOS.Concept], label, _sdg_sources(group))
    for column, language in SDG_INDICATOR_TITLES:
        # A repeated indicator's translations can differ from listing to listing (open-sdg
        # keys them by indicator number): the first listing's is the prefLabel, and every
        # other variant is kept as an altLabel so that none of the reference's titles is lost.
        variants = list(dict.fromkeys(v for row in group if (v := row.optional(column))))
        if variants:
            graph.add((indicator, SKOS.prefLabel, Literal(variants[0], lang=language)))
        for variant in variants[1:]:
            graph.add((indicator, SKOS.altLabel, Literal(variant, lang=language)))
    for code in codes:
        graph.add((indicator, SKOS.notation, Literal(code)))
    graph.add((indicator, DCTERMS.identifier, Literal(unsd_code)))
    graph.add((indicator, SKOS.inScheme, SDG_SCHEME))
    for row in group:
        target = _parent(row, "target_code", "target_iri", targets)
        if row.text("code").rsplit(".", 1)[0] != row.text("target_code"):
            raise row.fail(
                f"indicator {row.text('code')} is not under target {row.text('target_code')}"
            )
        _link_down(graph, target, indicator, SDGO.hasIndicator, SDGO.isIndicatorOf)
        match = row.optional_iri("sdgio_iri")
        if match is not None:
            graph.add((indicator, SKOS.exactMatch, match))
    for note in _indicator_notes(unsd_code, group):
        graph.add((indicator, SKOS.editorialNote, en(note)))


def _indicator_notes(unsd_code: str, group: list[SourceRow]) -> list[str]:
    """Editorial notes on an indicator: repeated listing, unverified IRI, older fr/es wording."""
    notes: list[str] = []
    codes = [row.text("code") for row in group]
    if len(group) > 1:
        notes.append(
            f"One indicator (UNSD code {unsd_code}) listed under {len(group)} targets "
            f"as {', '.join(codes)}."
        )
    differing = [
        language
        for column, language in SDG_INDICATOR_TITLES
        if len({value for row in group if (value := row.optional(column))}) > 1
    ]
    if differing:
        notes.append(
            f"The {', '.join(differing)} titles differ between the listings: the prefLabel is "
            f"the title given for {codes[0]}, the altLabels those given for the other listings."
        )
    if not group[0].flag("iri_in_kos_2020_snapshot"):
        notes.append(
            "IRI constructed from the UNSD code pattern; not verified against metadata.un.org."
        )
    if any(row.optional("kos2020_en_label_matches_title_en") == "false" for row in group):
        notes.append(
            "The French and Spanish labels are those of the 2020 UN SDG KOS, whose English "
            "wording differs from the 2025 indicator list."
        )
    return notes
