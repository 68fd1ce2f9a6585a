"""Reference CSVs (``data/source/*.csv``) → generated Turtle named graphs (``data/graph/*.ttl``).

The CSVs are verbatim copies of the shared reference set (see ``data/source/SOURCES.md``). Each
generated file is loaded into the named graph of the same key (``graph/sdg``, ``graph/gbf`` …).
Identifiers and patterns follow ``docs/model.md``.

Regenerate with ``python -m aspen_graph.sources.reference [SOURCE_DIR] [GRAPH_DIR]``. The output
is deterministic: the same inputs give byte-identical files. Malformed input raises
:class:`~aspen_graph.errors.DataLoadError` naming the file and the line of the CSV row (the
header is line 1), and then no file is written.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from aspen_graph.errors import DataLoadError
from aspen_graph.namespaces import ASPEN, ASPENID, FOAF, ID_KINDS, ORG, PREFIXES, SDGO

# --- sources cited as dct:source ------------------------------------------------------------

LOD4STATS = URIRef("https://github.com/UNStats/LOD4Stats")
"""UN SDG KOS dump (IRIs, fr/es labels, SDGIO and Wikidata matches)."""
UNSD_INDICATOR_LIST = URIRef("https://unstats.un.org/sdgs/indicators/indicators-list/")
"""UNSD global indicator framework after the 2025 review (English titles, structure)."""
OPEN_SDG_TRANSLATIONS = URIRef("https://github.com/open-sdg/sdg-translations")
"""Community km/lo/my translations."""
SCBD_WEBSITE = URIRef("https://github.com/scbd/www.cbd.int")
UNFCCC_TRIPLE_CRISIS = URIRef("https://unfccc.int/fr/node/633335")
GEMET_UTIL = URIRef("https://github.com/geonetwork/util-gemet")
VNECONOMY_ASPEN = URIRef(
    "https://vneconomy.vn/chien-luoc-asean-ve-moi-truong-trong-giai-doan-moi.htm"
)
"""The Vietnamese news item on the 2nd regional consultation on ASPEN 2026-2035."""

# --- fixed nodes ----------------------------------------------------------------------------

SDG_SCHEME = URIRef("http://metadata.un.org/sdg")
AGENDA_2030 = ASPENID["document/agenda-2030"]
KMGBF = ASPENID["agreement/kmgbf"]
GBF_SCHEME = ASPENID["scheme/gbf"]
TRIPLE_CRISIS_SCHEME = ASPENID["scheme/triple-planetary-crisis"]
ASPEN_2016_2025 = ASPENID["plan/aspen-2016-2025"]
ACV_2045_KEY = "acv-2045"
ASCC_BLUEPRINT_KEY = "ascc-blueprint-2025"

GRAPH_KEYS: tuple[str, ...] = (
    "sdg",
    "gbf",
    "agreements",
    "asean-bodies",
    "asean-2045",
    "aspen-2016-2025",
    "challenges",
)
"""The graphs this module makes, in output order; each is written to ``<key>.ttl``."""

# --- columns each file must have ------------------------------------------------------------

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
GBF_GOAL_COLUMNS = ("code", "cbd_identifier", "title_en", "short_title_en", "text_en")
GBF_TARGET_COLUMNS = (*GBF_GOAL_COLUMNS, "page_url")
AGREEMENT_COLUMNS = (
    "key", "title_en", "short_name", "instrument_type", "adoption_date", "adoption_place",
    "entry_into_force_date", "untc_status_url", "ecolex_url", "informea_url", "date_sources",
    "notes",
)  # fmt: skip
BODY_COLUMNS = (
    "code", "name_en", "body_type", "parent_code", "established", "meets", "notes", "source",
)  # fmt: skip
DOCUMENT_COLUMNS = ("key", "title_en", "doc_type", "adopted", "adopted_at", "relation", "source")
ASCC_COLUMNS = ("code", "title_en", "parent_code", "level", "source")
PRIORITY_COLUMNS = ("code", "title_en", "lead_body", "source")
CHALLENGE_COLUMNS = ("key", "label_en", "gemet_iri", "gemet_match", "source")

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
CHALLENGE_LABELS_VI: dict[str, str] = {
    "climate-change": "biến đổi khí hậu",
    "biodiversity-loss": "suy giảm đa dạng sinh học",
    "pollution": "ô nhiễm môi trường",
}
"""Vietnamese wording of the three challenges in the source document (VNECONOMY_ASPEN)."""

_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_BODY_CODE = re.compile(r"^[A-Z][A-Z0-9-]*$")
_SDG_GOAL_CODE = re.compile(r"^\d{1,2}$")
_SDG_TARGET_CODE = re.compile(r"^\d{1,2}\.(?:\d{1,2}|[a-z])$")
_SDG_INDICATOR_CODE = re.compile(r"^\d{1,2}\.(?:\d{1,2}|[a-z])\.\d{1,2}$")
_UNSD_CODE = re.compile(r"^C\d{2}[0-9a-z]{2}\d{2}$")
_GBF_GOAL_CODE = re.compile(r"^[A-Z]$")
_GBF_TARGET_CODE = re.compile(r"^[1-9]\d?$")
_ASCC_CODE = re.compile(r"^[A-Z](?:\.\d{1,2})?$")


# --- reading CSV files ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row of a reference CSV, with the file and line it came from."""

    path: Path
    line: int
    cells: dict[str, str]

    def fail(self, message: str) -> DataLoadError:
        """An error naming this row's file and line."""
        return DataLoadError(message, path=str(self.path), line=self.line)

    def optional(self, column: str) -> str | None:
        """The cell's text (whitespace collapsed), or None when empty."""
        text = " ".join(self.cells[column].split())
        return text or None

    def text(self, column: str) -> str:
        """The cell's text; an empty cell is an error."""
        value = self.optional(column)
        if value is None:
            raise self.fail(f"column {column!r} is empty")
        return value

    def matching(self, column: str, pattern: re.Pattern[str], what: str) -> str:
        """The cell's text, which must match ``pattern`` (described as ``what``)."""
        value = self.text(column)
        if not pattern.match(value):
            raise self.fail(f"column {column!r}: {value!r} is not {what}")
        return value

    def optional_iri(self, column: str) -> URIRef | None:
        """The cell as an http(s) IRI, or None when empty."""
        value = self.optional(column)
        if value is None:
            return None
        if not _IRI.match(value):
            raise self.fail(f"column {column!r}: {value!r} is not an http(s) IRI")
        return URIRef(value)

    def iri(self, column: str) -> URIRef:
        """The cell as an http(s) IRI; an empty cell is an error."""
        value = self.optional_iri(column)
        if value is None:
            raise self.fail(f"column {column!r} is empty")
        return value

    def urls(self, column: str) -> list[URIRef]:
        """Every http(s) URL found in the cell's text, in order; at least one is required."""
        found: list[URIRef] = []
        for match in _URL.finditer(self.cells[column]):
            iri = URIRef(match.group(0).rstrip(".,;)"))
            if iri not in found:
                found.append(iri)
        if not found:
            raise self.fail(f"column {column!r} names no http(s) source URL")
        return found

    def optional_date(self, column: str) -> Literal | None:
        """The cell as an ``xsd:date`` (YYYY-MM-DD), or None when empty."""
        value = self.optional(column)
        if value is None:
            return None
        if not _ISO_DATE.match(value):
            raise self.fail(f"column {column!r}: {value!r} is not a date (YYYY-MM-DD)")
        try:
            date.fromisoformat(value)
        except ValueError as error:
            raise self.fail(f"column {column!r}: {value!r} is not a valid date") from error
        return Literal(value, datatype=XSD.date)

    def date(self, column: str) -> Literal:
        """The cell as an ``xsd:date``; an empty cell is an error."""
        value = self.optional_date(column)
        if value is None:
            raise self.fail(f"column {column!r} is empty")
        return value

    def date_or_year(self, column: str) -> Literal:
        """The cell as an ``xsd:date`` (YYYY-MM-DD) or an ``xsd:gYear`` (YYYY)."""
        value = self.text(column)
        if _YEAR.match(value):
            return Literal(value, datatype=XSD.gYear)
        return self.date(column)

    def flag(self, column: str) -> bool:
        """The cell as a boolean written ``true`` or ``false``."""
        value = self.text(column)
        if value not in ("true", "false"):
            raise self.fail(f"column {column!r}: {value!r} is not true or false")
        return value == "true"

    def positive_int(self, column: str) -> int:
        """The cell as a whole number of at least 1."""
        value = self.text(column)
        if not value.isdigit() or int(value) < 1:
            raise self.fail(f"column {column!r}: {value!r} is not a positive whole number")
        return int(value)


def read_rows(path: Path, columns: Sequence[str]) -> list[SourceRow]:
    """Read a reference CSV whose header must contain ``columns``; blank lines are skipped."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as error:
        raise DataLoadError("file not found", path=str(path)) from error
    except UnicodeDecodeError as error:
        raise DataLoadError(f"not valid UTF-8 ({error.reason})", path=str(path)) from error
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
        _check_header(path, header, columns)
        rows: list[SourceRow] = []
        end_of_previous = reader.line_num
        for record in reader:
            line, end_of_previous = end_of_previous + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise DataLoadError(
                    f"bad row: {len(record)} fields where the header has {len(header)}",
                    path=str(path),
                    line=line,
                )
            rows.append(SourceRow(path, line, dict(zip(header, record, strict=True))))
    except csv.Error as error:
        raise DataLoadError(f"bad CSV: {error}", path=str(path), line=reader.line_num) from error
    return rows


def _check_header(path: Path, header: list[str], columns: Sequence[str]) -> None:
    """Raise when the header is empty, repeats a name, or lacks a required column."""
    if not header:
        raise DataLoadError("empty file: no header row", path=str(path), line=1)
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise DataLoadError(f"repeated column(s) {', '.join(repeated)}", path=str(path), line=1)
    missing = [name for name in columns if name not in header]
    if missing:
        raise DataLoadError(f"missing column(s) {', '.join(missing)}", path=str(path), line=1)


def _unique(rows: Iterable[SourceRow], column: str) -> None:
    """Raise at the first row whose ``column`` repeats an earlier row's value."""
    seen: dict[str, int] = {}
    for row in rows:
        value = row.text(column)
        if value in seen:
            raise row.fail(f"column {column!r}: {value!r} repeats line {seen[value]}")
        seen[value] = row.line


# --- small graph helpers --------------------------------------------------------------------


def new_graph() -> Graph:
    """An empty graph with every project prefix and every ``id/{kind}/`` prefix bound."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for kind in ID_KINDS:
        graph.bind(kind, f"{ASPENID}{kind}/", override=True, replace=True)
    return graph


def _en(text: str) -> Literal:
    """English text."""
    return Literal(text, lang="en")


def _describe(
    graph: Graph,
    subject: URIRef,
    types: Sequence[URIRef],
    label: str,
    sources: Iterable[URIRef],
) -> None:
    """Add what every subject has: its types, an English ``rdfs:label`` and ``dct:source``."""
    for rdf_type in types:
        graph.add((subject, RDF.type, rdf_type))
    graph.add((subject, RDFS.label, _en(label)))
    for source in sources:
        graph.add((subject, DCTERMS.source, source))


def _add_titles(
    graph: Graph, subject: URIRef, row: SourceRow, columns: Sequence[tuple[str, str]]
) -> None:
    """Add a ``skos:prefLabel`` for every non-empty language column of the row."""
    for column, language in columns:
        value = row.optional(column)
        if value is not None:
            graph.add((subject, SKOS.prefLabel, Literal(value, lang=language)))


def _add_note(graph: Graph, subject: URIRef, row: SourceRow, column: str) -> None:
    """Add the cell as an English ``skos:editorialNote`` when it is not empty."""
    value = row.optional(column)
    if value is not None:
        graph.add((subject, SKOS.editorialNote, _en(value)))


def _id(kind: str, key: str) -> URIRef:
    """The IRI ``id/{kind}/{key}`` of a thing."""
    if kind not in ID_KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return ASPENID[f"{kind}/{key}"]


# --- SDG ------------------------------------------------------------------------------------


def build_sdg(source_dir: Path) -> Graph:
    """SDG goals, targets and indicators with the UN KOS IRIs, and their concept scheme."""
    graph = new_graph()
    _describe(
        graph,
        SDG_SCHEME,
        [SKOS.ConceptScheme],
        "Sustainable Development Goals Taxonomy",
        [LOD4STATS],
    )
    graph.add((SDG_SCHEME, SKOS.prefLabel, _en("Sustainable Development Goals Taxonomy")))
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
    _unique(rows, "code")
    goals: dict[str, URIRef] = {}
    for row in rows:
        code = row.matching("code", _SDG_GOAL_CODE, "an SDG goal number")
        goal = row.iri("iri")
        title = row.text("title_en")
        _describe(graph, goal, [SDGO.Goal, SKOS.Concept], f"{code} {title}", _sdg_sources([row]))
        _add_titles(graph, goal, row, SDG_GOAL_TITLES)
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
    _unique(rows, "code")
    targets: dict[str, URIRef] = {}
    for row in rows:
        code = row.matching("code", _SDG_TARGET_CODE, "an SDG target code like 14.1 or 1.a")
        goal = _parent(row, "parent_code", "parent_iri", goals)
        if code.split(".")[0] != row.text("parent_code"):
            raise row.fail(f"target {code} is not under goal {row.text('parent_code')}")
        target = row.iri("iri")
        title = row.text("title_en")
        _describe(
            graph, target, [SDGO.Target, SKOS.Concept], f"{code} {title}", _sdg_sources([row])
        )
        _add_titles(graph, target, row, SDG_GOAL_TITLES)
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
    _unique(rows, "code")
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
    _describe(graph, indicator, [SDGO.Indicator, SKOS.Concept], label, _sdg_sources(group))
    for column, language in SDG_INDICATOR_TITLES:
        value = next((row.optional(column) for row in group if row.optional(column)), None)
        if value is not None:
            graph.add((indicator, SKOS.prefLabel, Literal(value, lang=language)))
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
        graph.add((indicator, SKOS.editorialNote, _en(note)))


def _indicator_notes(unsd_code: str, group: list[SourceRow]) -> list[str]:
    """Editorial notes on an indicator: repeated listing, unverified IRI, older fr/es wording."""
    notes: list[str] = []
    codes = [row.text("code") for row in group]
    if len(group) > 1:
        notes.append(
            f"One indicator (UNSD code {unsd_code}) listed under {len(group)} targets "
            f"as {', '.join(codes)}."
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


# --- GBF ------------------------------------------------------------------------------------


def build_gbf(source_dir: Path) -> Graph:
    """Goals and targets of the Kunming-Montreal Global Biodiversity Framework."""
    graph = new_graph()
    scheme_label = "Kunming-Montreal Global Biodiversity Framework goals and targets"
    _describe(graph, GBF_SCHEME, [SKOS.ConceptScheme], scheme_label, [SCBD_WEBSITE])
    graph.add((GBF_SCHEME, SKOS.prefLabel, _en(scheme_label)))
    goals = read_rows(source_dir / "gbf_goals.csv", GBF_GOAL_COLUMNS)
    _unique(goals, "code")
    for row in goals:
        code = row.matching("code", _GBF_GOAL_CODE, "a GBF goal letter A-Z")
        _add_gbf_component(graph, row, _id("gbf-goal", code), f"GBF Goal {code}")
    targets = read_rows(source_dir / "gbf_targets.csv", GBF_TARGET_COLUMNS)
    _unique(targets, "code")
    for row in targets:
        code = row.matching("code", _GBF_TARGET_CODE, "a GBF target number")
        subject = _id("gbf-target", code)
        _add_gbf_component(graph, row, subject, f"GBF Target {code}")
        graph.add((subject, FOAF.page, row.iri("page_url")))
    return graph


def _add_gbf_component(graph: Graph, row: SourceRow, subject: URIRef, name: str) -> None:
    """Add one GBF goal (``name`` "GBF Goal A") or target ("GBF Target 3")."""
    is_goal = name.startswith("GBF Goal")
    kind = ASPEN.FrameworkGoal if is_goal else ASPEN.FrameworkTarget
    title = row.text("title_en")
    _describe(graph, subject, [kind, SKOS.Concept], f"{name}: {title}", [SCBD_WEBSITE])
    graph.add((subject, SKOS.prefLabel, _en(title)))
    graph.add((subject, SKOS.altLabel, _en(row.text("short_title_en"))))
    graph.add((subject, SKOS.definition, _en(row.text("text_en"))))
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
    _unique(rows, "key")
    for row in rows:
        key = row.matching("key", _KEY, "a key (lower-case letters, digits, hyphens)")
        agreement = _id("agreement", key)
        sources = row.urls("date_sources")
        _describe(graph, agreement, [ASPEN.Agreement], row.text("title_en"), sources)
        graph.add((agreement, SKOS.altLabel, _en(row.text("short_name"))))
        graph.add((agreement, ASPEN.instrumentType, Literal(row.text("instrument_type"))))
        graph.add((agreement, DCTERMS.issued, row.date("adoption_date")))
        place = row.optional("adoption_place")
        if place is not None:
            graph.add((agreement, ASPEN.adoptedAt, Literal(place)))
        in_force = row.optional_date("entry_into_force_date")
        if in_force is not None:
            graph.add((agreement, ASPEN.entryIntoForce, in_force))
        for column in ("untc_status_url", "ecolex_url", "informea_url"):
            page = row.optional_iri(column)
            if page is not None:
                graph.add((agreement, FOAF.page, page))
        _add_note(graph, agreement, row, "notes")
    return graph


# --- ASEAN bodies ---------------------------------------------------------------------------


def _body_iri(code: str) -> URIRef:
    """The IRI of an ASEAN body from its code (``COP-AATHP`` → ``id/body/cop-aathp``)."""
    return _id("body", code.lower())


def read_body_codes(source_dir: Path) -> set[str]:
    """The codes of asean_bodies.csv."""
    rows = read_rows(source_dir / "asean_bodies.csv", BODY_COLUMNS)
    return {row.matching("code", _BODY_CODE, "an upper-case body code") for row in rows}


def build_asean_bodies(source_dir: Path) -> Graph:
    """ASEAN environment bodies (``id/body/{code}``) and which body each reports to."""
    graph = new_graph()
    rows = read_rows(source_dir / "asean_bodies.csv", BODY_COLUMNS)
    _unique(rows, "code")
    codes = {row.matching("code", _BODY_CODE, "an upper-case body code") for row in rows}
    for row in rows:
        code = row.text("code")
        body = _body_iri(code)
        _describe(
            graph,
            body,
            [ASPEN.AseanBody, ORG.Organization],
            row.text("name_en"),
            row.urls("source"),
        )
        graph.add((body, SKOS.altLabel, _en(code)))
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
        _add_note(graph, body, row, "notes")
    return graph


# --- ASEAN 2045 documents, ASCC Blueprint 2025, the 2030 Agenda -----------------------------


def build_asean_2045(source_dir: Path) -> Graph:
    """ASEAN 2045 documents and predecessors, ASCC Blueprint 2025 result areas, the 2030 Agenda."""
    graph = new_graph()
    _describe(
        graph,
        AGENDA_2030,
        [ASPEN.GlobalAgenda],
        "Transforming our world: the 2030 Agenda for Sustainable Development",
        [LOD4STATS],
    )
    rows = read_rows(source_dir / "asean_2045.csv", DOCUMENT_COLUMNS)
    _unique(rows, "key")
    keys = {
        row.matching("key", _KEY, "a key (lower-case letters, digits, hyphens)") for row in rows
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
    document = _id("document", row.text("key"))
    _describe(graph, document, [DOCUMENT_TYPES[doc_type]], row.text("title_en"), row.urls("source"))
    graph.add((document, DCTERMS.issued, row.date_or_year("adopted")))
    place = row.optional("adopted_at")
    if place is not None:
        graph.add((document, ASPEN.adoptedAt, Literal(place)))
    _add_note(graph, document, row, "relation")
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
        graph.add((document, ASPEN.partOfFramework, _id("document", ACV_2045_KEY)))
    elif clause.startswith("succeeds "):
        earlier = _resolve_document(clause.removeprefix("succeeds "), keys, titles)
        if earlier is not None:
            graph.add((document, ASPEN.succeeds, _id("document", earlier)))
    elif clause.startswith("predecessor of "):
        later = _resolve_document(clause.removeprefix("predecessor of "), keys, titles)
        if later is not None:
            graph.add((_id("document", later), ASPEN.succeeds, document))


def _resolve_document(name: str, keys: set[str], titles: dict[str, str]) -> str | None:
    """The key of the document a relation clause names, or None when it is not in the file."""
    text = re.sub(r"\s*\(.*\)$", "", name.strip()).removeprefix("the ").casefold()
    key = titles.get(text) or DOCUMENT_ALIASES.get(text)
    return key if key in keys else None


def _add_result_areas(graph: Graph, rows: list[SourceRow]) -> None:
    """Add ASCC Blueprint 2025 characteristics and key result areas (``id/ascc/{code}``)."""
    _unique(rows, "code")
    codes = {row.matching("code", _ASCC_CODE, "an ASCC code like C or C.1") for row in rows}
    blueprint = _id("document", ASCC_BLUEPRINT_KEY)
    for row in rows:
        code, title, level = row.text("code"), row.text("title_en"), row.text("level")
        if level not in ASCC_LEVELS:
            raise row.fail(f"column 'level': {level!r} is not one of {', '.join(ASCC_LEVELS)}")
        area = _id("ascc", code)
        sources = row.urls("source")
        _describe(graph, area, [ASPEN.ResultArea, SKOS.Concept], f"{code} {title}", sources)
        graph.add((area, SKOS.prefLabel, _en(title)))
        graph.add((area, SKOS.notation, Literal(code)))
        graph.add((area, ASPEN.partOfFramework, blueprint))
        graph.add((area, SKOS.editorialNote, _en(f"Level in the ASCC Blueprint 2025: {level}.")))
        parent = row.optional("parent_code")
        if parent is not None:
            if parent not in codes:
                raise row.fail(f"column 'parent_code': {parent!r} is not a code of this file")
            graph.add((area, SKOS.broader, _id("ascc", parent)))
            graph.add((_id("ascc", parent), SKOS.narrower, area))


# --- ASPEN 2016-2025 ------------------------------------------------------------------------


def build_aspen_2016_2025(source_dir: Path) -> Graph:
    """ASEAN Strategic Plan on Environment 2016-2025 and its seven priorities with lead bodies."""
    graph = new_graph()
    rows = read_rows(source_dir / "aspen_2016_2025_priorities.csv", PRIORITY_COLUMNS)
    _unique(rows, "code")
    bodies = read_body_codes(source_dir)
    plan_sources: list[URIRef] = []
    for row in rows:
        number = row.positive_int("code")
        lead = row.text("lead_body")
        if lead not in bodies:
            raise row.fail(f"column 'lead_body': {lead!r} is not a code of asean_bodies.csv")
        priority = _id("priority", f"aspen-2016-2025-p{number}")
        sources = row.urls("source")
        plan_sources += [source for source in sources if source not in plan_sources]
        _describe(graph, priority, [ASPEN.StrategicPriority], row.text("title_en"), sources)
        graph.add((priority, ASPEN.sequenceNumber, Literal(number, datatype=XSD.positiveInteger)))
        graph.add((priority, ASPEN.partOfPlan, ASPEN_2016_2025))
        graph.add((priority, ASPEN.leadBody, _body_iri(lead)))
    _describe(
        graph,
        ASPEN_2016_2025,
        [ASPEN.StrategicPlan],
        "ASEAN Strategic Plan on Environment 2016-2025",
        [*plan_sources, VNECONOMY_ASPEN],
    )
    # Vietnamese wording as in the source document (VNECONOMY_ASPEN).
    vietnamese = "Kế hoạch Chiến lược ASEAN về môi trường giai đoạn 2016-2025"
    graph.add((ASPEN_2016_2025, RDFS.label, Literal(vietnamese, lang="vi")))
    graph.add((ASPEN_2016_2025, SKOS.altLabel, _en("ASPEN 2016-2025")))
    return graph


# --- triple planetary crisis ----------------------------------------------------------------


def build_challenges(source_dir: Path) -> Graph:
    """The triple-planetary-crisis scheme and its three global challenges."""
    graph = new_graph()
    scheme = TRIPLE_CRISIS_SCHEME
    _describe(
        graph, scheme, [SKOS.ConceptScheme], "Triple planetary crisis", [UNFCCC_TRIPLE_CRISIS]
    )
    for label in (_en("Triple planetary crisis"), Literal("Khủng hoảng ba hành tinh", lang="vi")):
        graph.add((scheme, SKOS.prefLabel, label))
    graph.add((scheme, RDFS.label, Literal("Khủng hoảng ba hành tinh", lang="vi")))
    definition = (
        "The three interlinked global crises that humanity faces: climate change, "
        "biodiversity loss and pollution."
    )
    graph.add((scheme, SKOS.definition, _en(definition)))
    rows = read_rows(source_dir / "triple_planetary_crisis.csv", CHALLENGE_COLUMNS)
    _unique(rows, "key")
    for row in rows:
        _add_challenge(graph, row)
    return graph


def _add_challenge(graph: Graph, row: SourceRow) -> None:
    """Add one global challenge with its GEMET match and, where the source has it, Vietnamese."""
    key = row.matching("key", _KEY, "a key (lower-case letters, digits, hyphens)")
    challenge = _id("challenge", key)
    label = row.text("label_en")
    vietnamese = CHALLENGE_LABELS_VI.get(key)
    sources = [UNFCCC_TRIPLE_CRISIS, GEMET_UTIL]
    if vietnamese is not None:
        sources.append(VNECONOMY_ASPEN)
    _describe(graph, challenge, [ASPEN.GlobalChallenge, SKOS.Concept], label, sources)
    graph.add((challenge, SKOS.prefLabel, _en(label)))
    if vietnamese is not None:
        for prop in (RDFS.label, SKOS.prefLabel):
            graph.add((challenge, prop, Literal(vietnamese, lang="vi")))
    graph.add((challenge, SKOS.notation, Literal(key)))
    graph.add((challenge, SKOS.inScheme, TRIPLE_CRISIS_SCHEME))
    graph.add((challenge, SKOS.topConceptOf, TRIPLE_CRISIS_SCHEME))
    graph.add((TRIPLE_CRISIS_SCHEME, SKOS.hasTopConcept, challenge))
    gemet = row.optional_iri("gemet_iri")
    if gemet is not None:
        exact = row.text("gemet_match").startswith("exact")
        graph.add((challenge, SKOS.exactMatch if exact else SKOS.relatedMatch, gemet))


# --- public API -----------------------------------------------------------------------------


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


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
        write_atomically(path, serialize(graph))
        written.append(path)
    return written


def find_repo_root(start: Path | None = None) -> Path:
    """The nearest parent of ``start`` (default: this module) with ``ontology/`` and ``data/``."""
    here = (start or Path(__file__)).resolve()
    for parent in [here, *here.parents]:
        if (parent / "ontology").is_dir() and (parent / "data").is_dir():
            return parent
    raise DataLoadError("no parent folder holds both ontology/ and data/", path=str(here))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: regenerate the reference graphs; exit 0 on success, 1 on bad input."""
    parser = argparse.ArgumentParser(
        prog="python -m aspen_graph.sources.reference",
        description="Generate data/graph/<key>.ttl from the reference CSVs in data/source/.",
    )
    parser.add_argument("source_dir", nargs="?", type=Path, help="default: <repo>/data/source")
    parser.add_argument("graph_dir", nargs="?", type=Path, help="default: <repo>/data/graph")
    args = parser.parse_args(argv)
    try:
        source_dir: Path = args.source_dir or find_repo_root() / "data" / "source"
        graph_dir: Path = args.graph_dir or find_repo_root() / "data" / "graph"
        written = write_reference_graphs(source_dir, graph_dir)
    except DataLoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


__all__ = [
    "GRAPH_KEYS",
    "SourceRow",
    "build_reference_graphs",
    "find_repo_root",
    "main",
    "read_rows",
    "write_reference_graphs",
]

if __name__ == "__main__":
    raise SystemExit(main())
