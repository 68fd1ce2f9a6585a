"""The vocabulary of the synthetic workload (``bench/synthetic.py``): IRIs, N-Triples term
writers, the member states, the distributions the generator draws from, and the real SDG and GBF
targets it aligns to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aspen_graph.store import open_store

ID = "https://w3id.org/aspen/id/"
ONT = "https://w3id.org/aspen/ont/"
GRAPHS = "https://w3id.org/aspen/graph/example/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SOURCE = "<http://purl.org/dc/terms/source>"
IDENTIFIER = "<http://purl.org/dc/terms/identifier>"
ISSUED = "<http://purl.org/dc/terms/issued>"
REVISION_OF = "<http://www.w3.org/ns/prov#wasRevisionOf>"
ATTRIBUTED_TO = "<http://www.w3.org/ns/prov#wasAttributedTo>"
GENERATED_AT = "<http://www.w3.org/ns/prov#generatedAtTime>"
QB = "http://purl.org/linked-data/cube#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SDG_TARGET = "http://metadata.un.org/sdg/ontology#Target"
SDG_INDICATOR = "http://metadata.un.org/sdg/ontology#Indicator"
SYNTHETIC_DATA = f"<{ID}document/synthetic-data>"
ASSERTER = f"<{ID}agent/aspen-graph>"
OBSERVATIONS_GRAPH = f"<{GRAPHS}synthetic-observations>"

STATES: tuple[tuple[str, str, str], ...] = (
    ("bn", "Brunei Darussalam", "Bru-nây Đa-rút-xa-lam"),
    ("kh", "Cambodia", "Campuchia"),
    ("id", "Indonesia", "In-đô-nê-xi-a"),
    ("la", "Lao PDR", "Lào"),
    ("my", "Malaysia", "Ma-lai-xi-a"),
    ("mm", "Myanmar", "Mi-an-ma"),
    ("ph", "Philippines", "Phi-líp-pin"),
    ("sg", "Singapore", "Xin-ga-po"),
    ("th", "Thailand", "Thái Lan"),
    ("vn", "Viet Nam", "Việt Nam"),
)
"""The ten ASEAN member states: code, English and Vietnamese name."""

INTERACTIONS = (
    ("indivisible", 3),
    ("reinforcing", 2),
    ("enabling", 1),
    ("consistent", 0),
    ("constraining", -1),
    ("counteracting", -2),
)
INTERACTION_WEIGHTS = (1, 6, 8, 2, 1, 0.3)
STATUSES = ("proposed", "accepted", "rejected")
STATUS_WEIGHTS = (6, 3, 1)
GOALS = 3
PRIORITIES = 5
FOCAL_AREAS = 4  # per priority
OBSERVED_YEARS = range(2016, 2026)  # the decade before the plans start
BASELINE_YEAR = 2020
UNITS = ("%", "ha", "t/a", "Mt{CO2eq}/a", "1")
INDICATOR_SHARE = 0.9  # the rest have none, so "interventions without indicator" has answers


def _iri(text: str) -> str:
    return f"<{text}>"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _text(text: str, lang: str) -> str:
    return f'"{_escape(text)}"@{lang}'


def _typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


@dataclass(frozen=True)
class Targets:
    """The real alignment targets and indicators, read from the shipped reference graphs."""

    sdg: tuple[str, ...]
    gbf: tuple[str, ...]
    indicators: dict[str, tuple[str, ...]]
    """SDG target IRI → the IRIs of its indicators."""

    @classmethod
    def read(cls, data_dir: Path) -> Targets:
        store = open_store()
        for name in ("sdg.ttl", "gbf.ttl"):
            store.load_dataset(data_dir / "graph" / name)
        sdg = store.select(f"SELECT ?t WHERE {{ ?t a <{SDG_TARGET}> }} ORDER BY ?t")
        gbf = store.select(f"SELECT ?t WHERE {{ ?t a <{ONT}FrameworkTarget> }} ORDER BY ?t")
        pairs = store.select(
            "SELECT ?t ?i WHERE { ?i a <" + SDG_INDICATOR + "> ; "
            "<http://metadata.un.org/sdg/ontology#isIndicatorOf> ?t } ORDER BY ?t ?i"
        )
        indicators: dict[str, list[str]] = {}
        for target, indicator in pairs.rows:
            indicators.setdefault(str(target), []).append(str(indicator))
        return cls(
            sdg=tuple(str(row[0]) for row in sdg.rows),
            gbf=tuple(str(row[0]) for row in gbf.rows),
            indicators={key: tuple(value) for key, value in indicators.items()},
        )


def _local(iri: str) -> str:
    """The CURIE-like key of an alignment target: ``sdg-14.1``, ``gbf-target-3``."""
    if iri.startswith("http://metadata.un.org/sdg/"):
        return "sdg-" + iri.rsplit("/", 1)[-1]
    kind, key = iri.removeprefix(ID).split("/", 1)
    return f"{kind}-{key}"


class Writer:
    """Collects N-Quads lines for one named graph, counting them."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        self._emit = emit
        self.count = 0

    def quad(self, s: str, p: str, o: str, graph: str) -> None:
        self._emit(f"{s} {p} {o} {graph} .\n")
        self.count += 1
