"""MEL questions on the example dataset: exact rows, and the Data Cube's shape."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from example_helpers import DRAFT_1, DRAFT_2, PLAN, rows, select, violations
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

PROGRESS = ("code", "unit", "baseline_year", "baseline", "latest_year", "latest", "target_year",
            "target", "progress")  # fmt: skip


def test_mel_progress(examples_store: GraphStore, catalog: QueryCatalog) -> None:
    got = rows(examples_store, catalog, "mel-progress", PROGRESS, plan=PLAN, version=DRAFT_2)
    assert got == [
        ("IND-1", "Mt{CO2eq}/a", "2020", "1650", "2025", "1640", "2030", "1500", "0.067"),
        ("IND-1", "Mt{CO2eq}/a", "2020", "1650", "2025", "1640", "2035", "1350", "0.033"),
        ("IND-2", "%", "2020", "3", "2025", "5", "2030", "10", "0.286"),
        ("IND-2", "%", "2020", "3", "2025", "5", "2035", "15", "0.167"),
        ("IND-3", "%", "2020", "48", "2025", "48.1", "2030", "48.5", "0.2"),
        ("IND-3", "%", "2020", "48", "2025", "48.1", "2035", "49", "0.1"),
        ("IND-4", "%", "2020", "12", "2025", "18", "2030", "25", "0.462"),
        ("IND-4", "%", "2020", "12", "2025", "18", "2035", "35", "0.261"),
        ("IND-5", "ug/m3", "2020", "28", "2025", "24", "2030", "20", "0.5"),
        ("IND-5", "ug/m3", "2020", "28", "2025", "24", "2035", "15", "0.308"),
    ]


def test_mel_progress_of_an_earlier_version(
    examples_store: GraphStore, catalog: QueryCatalog
) -> None:
    """IND-3's 2025 value was reported against draft 2: draft 1's progress stops at 2024, below
    the baseline (negative progress), while draft 2 inherits 2020-2024 and adds 2025."""
    got = rows(examples_store, catalog, "mel-progress", PROGRESS, plan=PLAN, version=DRAFT_1)
    assert [r for r in got if r[0] == "IND-3"] == [
        ("IND-3", "%", "2020", "48", "2024", "47.9", "2030", "48.5", "-0.2"),
        ("IND-3", "%", "2020", "48", "2024", "47.9", "2035", "49", "-0.1"),
    ]
    assert [r for r in got if r[0] != "IND-3"] == [
        r
        for r in rows(examples_store, catalog, "mel-progress", PROGRESS, plan=PLAN, version=DRAFT_2)
        if r[0] != "IND-3"
    ]


def test_mel_progress_equals_an_independent_computation(
    examples_store: GraphStore, catalog: QueryCatalog
) -> None:
    """The query's progress, recomputed in Python from the raw triples of draft 2: the latest
    observation of each code (draft 2 inherits draft 1's), baselines and targets."""
    observations = select(
        examples_store,
        """
        SELECT ?code ?year ?value WHERE {
          ?o a qb:Observation ; aspen:indicator ?i ; aspen:refYear ?year ; aspen:observedValue ?value .
          ?i dct:identifier ?code .
        }""",
    )
    latest: dict[str, tuple[str, Decimal]] = {}
    for code, year, value in observations:
        if str(code) not in latest or str(year) > latest[str(code)][0]:
            latest[str(code)] = (str(year), Decimal(str(value)))
    indicators = select(
        examples_store,
        """
        SELECT ?code ?baseline ?year ?target WHERE {
          ?i aspen:measures/aspen:inVersion <https://w3id.org/aspen/id/plan-version/example-plan-draft-2> ;
            dct:identifier ?code ; aspen:baselineValue ?baseline ; aspen:indicatorTarget ?t .
          ?t aspen:targetValue ?target ; aspen:targetYear ?year .
        }""",
    )
    expected = {
        (str(code), str(year)): (latest[str(code)][1] - Decimal(str(base)))
        / (Decimal(str(target)) - Decimal(str(base)))
        for code, base, year, target in indicators
    }
    got = {
        (str(code), str(year)): Decimal(str(progress))
        for code, year, progress in rows(
            examples_store,
            catalog,
            "mel-progress",
            ("code", "target_year", "progress"),
            version=DRAFT_2,
        )
    }
    assert got.keys() == expected.keys() and len(got) == 10
    for key, exact in expected.items():
        assert abs(got[key] - exact) <= Decimal("0.0005"), key


def test_mel_progress_defaults_to_the_latest_version(
    examples_store: GraphStore, catalog: QueryCatalog
) -> None:
    got = rows(examples_store, catalog, "mel-progress", ("version",), plan=PLAN)
    assert set(got) == {(DRAFT_2,)} and len(got) == 10


def test_elements_without_indicator(examples_store: GraphStore, catalog: QueryCatalog) -> None:
    columns = ("code", "kind", "version")
    draft_1 = rows(
        examples_store, catalog, "elements-without-indicator", columns, plan=PLAN, version=DRAFT_1
    )
    assert draft_1 == [
        ("G1", "StrategicGoal", DRAFT_1),
        ("G2", "StrategicGoal", DRAFT_1),
        ("P1.FA1", "FocalArea", DRAFT_1),
        ("P1.FA1.I1", "Intervention", DRAFT_1),
        ("P2", "StrategicPriority", DRAFT_1),
        ("P2.FA1.I1", "Intervention", DRAFT_1),
        ("P2.FA2", "FocalArea", DRAFT_1),
        ("P3.I1", "Intervention", DRAFT_1),
        ("P4", "StrategicPriority", DRAFT_1),
        ("P4.FA1", "FocalArea", DRAFT_1),
    ]
    # Draft 2 dropped P2.FA2 and added P5, which no indicator measures yet.
    draft_2 = rows(examples_store, catalog, "elements-without-indicator", ("code",), plan=PLAN)
    assert [c for (c,) in draft_2] == [
        "G1", "G2", "P1.FA1", "P1.FA1.I1", "P2", "P2.FA1.I1", "P3.I1", "P4", "P4.FA1", "P5",
    ]  # fmt: skip


def test_elements_without_indicator_when_indicators_are_not_public(
    examples_store: GraphStore, catalog: QueryCatalog
) -> None:
    """The real draft says its indicators are not public: no element is reported as a gap."""
    assert rows(examples_store, catalog, "elements-without-indicator", ("element",)) == []


def test_sdg_indicators_tracked(examples_store: GraphStore, catalog: QueryCatalog) -> None:
    got = rows(
        examples_store,
        catalog,
        "sdg-indicators-tracked",
        ("tracked", "kind", "notations", "mel_indicators", "codes"),
        plan=PLAN,
        version=DRAFT_1,
    )
    assert got == [
        ("gbf-target:3", "GBF target", "GBF-TARGET-03", "1", "IND-2"),
        ("sdg:C110602", "SDG indicator", "11.6.2", "1", "IND-5"),
        ("sdg:C120501", "SDG indicator", "12.5.1", "1", "IND-4"),
        ("sdg:C130202", "SDG indicator", "13.2.2", "1", "IND-1"),
        ("sdg:C140501", "SDG indicator", "14.5.1", "1", "IND-2"),
        ("sdg:C150101", "SDG indicator", "15.1.1", "1", "IND-3"),
    ]
    labels = rows(examples_store, catalog, "sdg-indicators-tracked", ("tracked_label",), plan=PLAN)
    assert labels[4] == ("14.5.1 Coverage of protected areas in relation to marine areas",)


def test_observations_form_one_data_cube(examples_store: GraphStore, catalog: QueryCatalog) -> None:
    assert violations(examples_store, catalog, "observation-duplicate-key-violation") == []
    assert violations(examples_store, catalog, "observation-without-structure-violation") == []
    cube = select(
        examples_store,
        """
        SELECT ?dataset ?structure (COUNT(DISTINCT ?o) AS ?n) (COUNT(DISTINCT ?key) AS ?keys) WHERE {
          ?o a qb:Observation ; qb:dataSet ?dataset ; aspen:indicator ?i ; aspen:refYear ?y .
          ?dataset qb:structure ?structure .
          BIND (CONCAT(STR(?i), " ", STR(?y)) AS ?key)
        } GROUP BY ?dataset ?structure""",
    )
    # 29 observations against draft 1 (IND-3 has no 2025 there) + 1 against draft 2; no two
    # share indicator and year.
    assert cube == [("dataset:example-plan-mel", "aspen:MELDataStructure", "30", "30")]


def test_mel_terms_are_documented(root: Path) -> None:
    """Every term of ontology/aspen-mel.ttl has English and Vietnamese labels, an English
    definition and rdfs:isDefinedBy aspen:, like the terms of aspen.ttl."""
    graph = Graph().parse(root / "ontology" / "aspen-mel.ttl", format="turtle")
    aspen = "https://w3id.org/aspen/ont/"
    terms = {s for s in graph.subjects(RDF.type, None) if str(s).startswith(aspen)}
    assert len(terms) == 14
    for term in terms:
        labels = {getattr(label, "language", None) for label in graph.objects(term, RDFS.label)}
        definitions = {getattr(d, "language", None) for d in graph.objects(term, SKOS.definition)}
        assert labels == {"en", "vi"} and definitions == {"en"}, term
        assert (term, RDFS.isDefinedBy, URIRef(aspen)) in graph, term
