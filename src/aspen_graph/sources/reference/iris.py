"""Fixed IRIs of the reference graphs: the sources cited as ``dct:source`` and fixed nodes."""

from __future__ import annotations

from rdflib import URIRef

from aspen_graph.namespaces import ASPENID

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
ASPEN_2016_2025_ADOPTED = ASPENID["plan-version/aspen-2016-2025-adopted"]
VERSION_ADOPTED = ASPENID["version-status/adopted"]
