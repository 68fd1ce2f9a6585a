"""Fixed IRIs of the reference graphs: the sources cited as ``dct:source`` and fixed nodes."""

from __future__ import annotations

from rdflib import URIRef

from aspen_graph.namespaces import ASPENID

# --- sources cited as dct:source ------------------------------------------------------------

# Repositories are cited at the commit recorded in data/source/SOURCES.md, so that the cited
# text is the one that was read.
LOD4STATS = URIRef(
    "https://github.com/UNStats/LOD4Stats/tree/0ae578bacb1f4339596f5a6a19338457e4b22ba3/sdg-data"
)
"""UN SDG KOS dump (IRIs, fr/es labels, SDGIO and Wikidata matches), commit of 2020-05-28."""
UNSD_INDICATOR_LIST = URIRef("https://unstats.un.org/sdgs/indicators/indicators-list/")
"""UNSD global indicator framework after the 2025 review (English titles, structure)."""
OPEN_SDG_TRANSLATIONS = URIRef(
    "https://github.com/open-sdg/sdg-translations/tree/"
    "0cda585851a5c6f04040a9a2755fbb4496c4eead/translations"
)
"""Community km/lo/my translations, commit of 2025-08-19."""
SCBD_WEBSITE = URIRef(
    "https://github.com/scbd/www.cbd.int/tree/"
    "8eb4f40eab9827cea54aaedde9bf18ba2d30dceb/app/data/gbf-targets"
)
"""CBD Secretariat's export of the GBF goals and targets, commit of 2024-05-22."""
UNFCCC_TRIPLE_CRISIS = URIRef("https://unfccc.int/fr/node/633335")
GEMET_UTIL = URIRef(
    "https://github.com/geonetwork/util-gemet/tree/74409ebac2eec7e439a23c689ba561858e9d8194/thesauri"
)
"""GEMET 4.1.2 thesauri; SOURCES.md gives the commit as ``74409eba…`` (2019-01-11), the full
hash was read from the repository."""
AGENDA_2030_RESOLUTION = URIRef("https://undocs.org/A/RES/70/1")
"""UN General Assembly resolution 70/1, which adopted the 2030 Agenda."""
VNECONOMY_ASPEN = ASPENID["document/vneconomy-2026-03-12"]
"""The Vietnamese news item on the 2nd regional consultation on ASPEN 2026-2035, described as a
document (title, publisher, date, language, page address) in data/graph/aspen-2026-2035.ttl."""

# --- fixed nodes ----------------------------------------------------------------------------

SDG_SCHEME = URIRef("http://metadata.un.org/sdg")
AGENDA_2030 = ASPENID["document/agenda-2030"]
KMGBF = ASPENID["agreement/kmgbf"]
GBF_SCHEME = ASPENID["scheme/gbf"]
TRIPLE_CRISIS_SCHEME = ASPENID["scheme/triple-planetary-crisis"]
ASPEN_2016_2025 = ASPENID["plan/aspen-2016-2025"]
ASPEN_2016_2025_ADOPTED = ASPENID["plan-version/aspen-2016-2025-adopted"]
VERSION_ADOPTED = ASPENID["version-status/adopted"]
