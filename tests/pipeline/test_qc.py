"""The QC queries of sparql/qc/: each reports the node of a tiny graph made to violate it, none
reports anything on clean data, and a violation fails the build like a SHACL violation."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from aspen_graph.cli import context, main
from aspen_graph.config import Settings, get_settings
from aspen_graph.pipeline import run_build
from aspen_graph.pipeline.qc import qc_findings
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore, open_store

EX = "https://w3id.org/aspen/graph/example/draft"
ID = "https://w3id.org/aspen/id/"
PREFIXES = """
PREFIX aspen: <https://w3id.org/aspen/ont/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX id: <https://w3id.org/aspen/id/>
"""
EXAMPLE_OK = """
  id:e1 a aspen:ExampleResource ; dct:source <https://w3id.org/aspen/id/document/example-data> ;
    rdfs:label "One (example)"@en , "Một (ví dụ)"@vi .
"""

# One TriG dataset per query: it violates that query once, at the node named.
VIOLATIONS: dict[str, tuple[str, str]] = {
    "triple-in-two-graphs-violation": (
        "<https://w3id.org/aspen/graph/a> { id:x rdfs:label 'x' . }\n"
        "<https://w3id.org/aspen/graph/b> { id:x rdfs:label 'x' . }",
        f"{ID}x",
    ),
    "example-untyped-subject-violation": (
        f"<{EX}> {{ {EXAMPLE_OK} id:stray rdfs:label 'stray' . }}",
        f"{ID}stray",
    ),
    "example-label-violation": (
        f"<{EX}> {{ {EXAMPLE_OK} id:e2 a aspen:ExampleResource ; "
        "dct:source <https://w3id.org/aspen/id/document/example-data> ; rdfs:label 'Two'@en , 'Hai (ví dụ)'@vi . }",
        f"{ID}e2",
    ),
    "example-outside-example-graphs-violation": (
        f"<{EX}> {{ {EXAMPLE_OK} }}\n"
        "<https://w3id.org/aspen/graph/aspen-2026-2035> { id:real aspen:relatedTo id:e1 . }",
        f"{ID}e1",
    ),
    "observation-duplicate-key-violation": (
        "<https://w3id.org/aspen/graph/mel> {"
        " id:ds qb:structure id:dsd ."
        " id:o1 a qb:Observation ; qb:dataSet id:ds ; aspen:indicator id:i ; aspen:refYear 2020 ."
        " id:o2 a qb:Observation ; qb:dataSet id:ds ; aspen:indicator id:i ; aspen:refYear 2020 ."
        " id:o3 a qb:Observation ; qb:dataSet id:ds ; aspen:indicator id:i ; aspen:refYear 2021 ."
        " }",
        f"{ID}o1",  # the first of the two; both are in its value
    ),
    "observation-without-structure-violation": (
        "<https://w3id.org/aspen/graph/mel> { id:o1 a qb:Observation ; qb:dataSet id:ds . }",
        f"{ID}o1",
    ),
    "alignment-duplicate-violation": (
        "<https://w3id.org/aspen/graph/alignments> {"
        " id:a1 a aspen:Alignment ; aspen:alignmentSource id:p ; aspen:alignmentTarget id:t ."
        " id:a2 a aspen:Alignment ; aspen:alignmentSource id:p ; aspen:alignmentTarget id:t ."
        " id:a3 a aspen:Alignment ; aspen:alignmentSource id:p ; aspen:alignmentTarget id:u ."
        " }",
        f"{ID}a1 {ID}a2",
    ),
    "alignment-to-itself-violation": (
        "<https://w3id.org/aspen/graph/alignments> {"
        " id:a1 a aspen:Alignment ; aspen:alignmentSource id:p ; aspen:alignmentTarget id:p ."
        " id:a2 a aspen:Alignment ; aspen:alignmentSource id:p ; aspen:alignmentTarget id:t ."
        " }",
        f"{ID}a1",
    ),
    "alignment-dangling-violation": (
        "<https://w3id.org/aspen/graph/alignments> {"
        " id:p a aspen:StrategicPriority . id:t a aspen:FrameworkTarget ."
        " id:a1 a aspen:Alignment ; aspen:alignmentSource id:p ; aspen:alignmentTarget id:t ."
        " id:a2 a aspen:Alignment ; aspen:alignmentSource id:p ; aspen:alignmentTarget id:typo ."
        " }",
        f"{ID}a2",
    ),
    "relevance-dangling-violation": (
        "<https://w3id.org/aspen/graph/challenge-relevance> {"
        " id:t a aspen:FrameworkTarget . id:c a aspen:GlobalChallenge ."
        " id:t aspen:relevantToChallenge id:c . id:typo aspen:relevantToChallenge id:c ."
        " }",
        f"{ID}typo",
    ),
    "shortcut-without-inverse-violation": (
        "<https://w3id.org/aspen/graph/derived> {"
        " id:p aspen:contributesTo id:t . id:t aspen:receivesContributionFrom id:p ."
        " id:q aspen:contributesTo id:t ."
        " }",
        f"{ID}q",
    ),
    "element-in-two-versions-violation": (
        "<https://w3id.org/aspen/graph/plan> {"
        " id:p aspen:inVersion id:v1 , id:v2 . id:q aspen:inVersion id:v1 ."
        " }",
        f"{ID}p",
    ),
    "revision-across-plans-violation": (
        "<https://w3id.org/aspen/graph/plan> {"
        " id:old aspen:partOfPlan id:plan1 . id:new aspen:partOfPlan id:plan1 ."
        " id:new <http://www.w3.org/ns/prov#wasRevisionOf> id:old ."
        " id:odd aspen:partOfPlan id:plan2 ; <http://www.w3.org/ns/prov#wasRevisionOf> id:old ."
        " }",
        f"{ID}odd",
    ),
    "version-without-plan-violation": (
        "<https://w3id.org/aspen/graph/plan> {"
        " id:v1 a aspen:PlanVersion ; aspen:versionOf id:plan ."
        " id:v2 a aspen:PlanVersion ."
        " id:v3 a aspen:PlanVersion ; aspen:versionOf id:plan , id:other ."
        " }",
        f"{ID}v2 {ID}v3",
    ),
    "broader-cycle-violation": (
        "<https://w3id.org/aspen/graph/scheme> {"
        " id:a <http://www.w3.org/2004/02/skos/core#broader> id:b ."
        " id:b <http://www.w3.org/2004/02/skos/core#broader> id:a ."
        " id:c <http://www.w3.org/2004/02/skos/core#broader> id:a ."
        " }",
        f"{ID}a {ID}b",
    ),
    "label-twice-in-a-language-violation": (
        "<https://w3id.org/aspen/graph/plan> {"
        " id:p aspen:partOfPlan id:plan ; rdfs:label 'One'@en , 'Một'@vi ."
        " id:q aspen:partOfPlan id:plan ; rdfs:label 'Two'@en , 'Deux'@en ."
        " }",
        f"{ID}q",
    ),
    "version-in-two-graphs-violation": (
        "<https://w3id.org/aspen/graph/v1> { id:a aspen:inVersion id:v . }\n"
        "<https://w3id.org/aspen/graph/v2> { id:b aspen:inVersion id:v . }\n"
        "<https://w3id.org/aspen/graph/derived> { id:c aspen:inVersion id:w . }\n"
        "<https://w3id.org/aspen/graph/v3> { id:d aspen:inVersion id:w . }",
        f"{ID}v",
    ),
}


def _store(trig: str) -> OxigraphStore:
    store = open_store()
    store.engine.load((PREFIXES + trig).encode(), format=ox.RdfFormat.TRIG)
    return store


def test_every_qc_query_has_a_failing_fixture(catalog: QueryCatalog) -> None:
    names = {spec.name for spec in catalog.in_group("qc")}
    assert names == set(VIOLATIONS)
    assert all(name.endswith("-violation") for name in names)


@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_qc_query_reports_its_violation(catalog: QueryCatalog, name: str) -> None:
    trig, focus = VIOLATIONS[name]
    prefix = f"QC query {name} (sparql/qc/{name}.rq): "
    findings = [f for f in qc_findings(_store(trig), catalog) if f.message.startswith(prefix)]
    assert {f.focus for f in findings} == set(focus.split())
    assert {f.severity for f in findings} == {"Violation"}


def test_qc_queries_pass_on_clean_data(catalog: QueryCatalog) -> None:
    clean = (
        f"<{EX}> {{ {EXAMPLE_OK} }}\n"
        "<https://w3id.org/aspen/graph/mel> { id:ds qb:structure id:dsd ."
        " id:o1 a qb:Observation ; qb:dataSet id:ds ; aspen:indicator id:i ; aspen:refYear 2020 ."
        " }"
    )
    assert qc_findings(_store(clean), catalog) == []


def _duplicate_a_triple(root: Path) -> str:
    """Copy the project agent's label into the plan's graph: one triple in two graphs."""
    agent = f"{ID}agent/aspen-graph"
    with (root / "data" / "graph" / "plan.ttl").open("a", encoding="utf-8") as handle:
        handle.write(f'\n<{agent}> <{RDFS.label}> "aspen-graph project"@en .\n')
    return agent


def test_a_qc_violation_fails_the_build(tiny_root: Path) -> None:
    settings = Settings(root=tiny_root, dist_dir=tiny_root / "dist")
    agent = _duplicate_a_triple(tiny_root)
    result = run_build(settings, reason=False)
    assert not result.ok and result.dist is None
    assert [(f.severity, f.focus) for f in result.report.findings] == [("Violation", agent)]
    assert "triple-in-two-graphs-violation" in result.report.findings[0].message


def test_build_prints_the_qc_query_and_the_node(
    tiny_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = _duplicate_a_triple(tiny_root)
    monkeypatch.setenv("ASPEN_ROOT", str(tiny_root))
    monkeypatch.setenv("ASPEN_DIST_DIR", str(tiny_root / "dist"))
    monkeypatch.setenv("COLUMNS", "250")
    get_settings.cache_clear()
    context.catalog.cache_clear()
    try:
        result = CliRunner().invoke(main._app, ["build", "--no-reason"])
    finally:
        get_settings.cache_clear()
        context.catalog.cache_clear()
    assert result.exit_code == 1, result.output
    assert f"[Violation] <{agent}>" in result.stdout
    assert "QC query triple-in-two-graphs-violation (sparql/qc/" in result.stdout
    assert not (tiny_root / "dist" / "aspen.nq").exists()
