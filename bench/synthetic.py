"""A synthetic ASPEN-shaped graph at a chosen size, for benchmarks (never shipped data).

Ten member states each get a national plan with goals, priorities and interventions; every
intervention has qualified alignments to real SDG and GBF targets and MEL indicators with
yearly observations. Interventions are also attached to the ASPEN 2026-2035 priorities so the
catalogue's default questions grow with the data. Everything is typed aspen:ExampleResource.

    python bench/synthetic.py --triples 200000 --out bench/results/synthetic-200k.nq
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from aspen_graph.config import get_settings
from aspen_graph.namespaces import ASPEN, ASPENID, GRAPH, QB, SDGO
from aspen_graph.pipeline.build import derive
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore, open_store

STATES = ("bn", "kh", "id", "la", "my", "mm", "ph", "sg", "th", "vn")
INTERACTIONS = ("indivisible", "reinforcing", "enabling", "consistent", "constraining")
WEIGHTS = (1, 6, 8, 2, 1)
SOURCE = URIRef("https://w3id.org/aspen/bench/synthetic")
TRIPLES_PER_INTERVENTION = 147  # measured: alignments, indicator, observations, labels, derived


def _targets(store: OxigraphStore) -> list[URIRef]:
    query = (
        "SELECT ?t WHERE { { ?t a <" + str(SDGO.Target) + "> } UNION "
        "{ ?t a <" + str(ASPEN.FrameworkTarget) + "> } } ORDER BY ?t"
    )
    return [URIRef(str(row[0])) for row in store.select(query).rows]


def _element(g: Graph, iri: URIRef, kind: URIRef, label: str, plan: URIRef) -> None:
    g.add((iri, RDF.type, kind))
    g.add((iri, RDF.type, ASPEN.ExampleResource))
    g.add((iri, RDFS.label, Literal(label, lang="en")))
    g.add((iri, ASPEN.partOfPlan, plan))
    g.add((iri, DCTERMS.source, SOURCE))


def _alignment(g: Graph, rng: random.Random, source: URIRef, target: URIRef) -> None:
    key = f"{source.rsplit('/', 1)[-1]}--{target.rsplit('/', 1)[-1]}"
    node = ASPENID[f"alignment/bench-{key}"]
    level = rng.choices(INTERACTIONS, WEIGHTS)[0]
    g.add((node, RDF.type, ASPEN.Alignment))
    g.add((node, RDFS.label, Literal(f"bench alignment {key}", lang="en")))
    g.add((node, ASPEN.alignmentSource, source))
    g.add((node, ASPEN.alignmentTarget, target))
    g.add((node, ASPEN.interaction, ASPENID[f"interaction/{level}"]))
    confidence = Literal(f"{rng.uniform(0.2, 0.95):.2f}", datatype=XSD.decimal)
    g.add((node, ASPEN.confidence, confidence))
    g.add((node, ASPEN.rationale, Literal(f"Synthetic alignment {key} for benchmarks.", lang="en")))
    g.add((node, DCTERMS.source, SOURCE))
    g.add((node, PROV.wasAttributedTo, ASPENID["agent/aspen-graph"]))
    g.add((node, PROV.generatedAtTime, Literal("2026-11-25", datatype=XSD.date)))
    g.add((node, ASPEN.alignmentStatus, ASPENID["alignment-status/proposed"]))


def _indicator(g: Graph, rng: random.Random, intervention: URIRef, years: range) -> None:
    indicator = ASPENID[f"mel-indicator/{intervention.rsplit('/', 1)[-1]}"]
    g.add((indicator, RDF.type, ASPEN.MELIndicator))
    g.add((indicator, RDF.type, ASPEN.ExampleResource))
    g.add(
        (
            indicator,
            RDFS.label,
            Literal(f"Indicator of {intervention.rsplit('/', 1)[-1]}", lang="en"),
        )
    )
    g.add((indicator, ASPEN.measures, intervention))
    g.add((indicator, DCTERMS.source, SOURCE))
    value = rng.uniform(10, 100)
    for year in years:
        observation = URIRef(f"{indicator}/{year}")
        value *= rng.uniform(0.95, 1.08)
        g.add((observation, RDF.type, QB.Observation))
        g.add((observation, QB.dataSet, indicator))
        g.add(
            (
                observation,
                URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod"),
                Literal(str(year), datatype=XSD.gYear),
            )
        )
        g.add(
            (
                observation,
                URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue"),
                Literal(f"{value:.2f}", datatype=XSD.decimal),
            )
        )


def generate(store: OxigraphStore, triples: int, *, seed: int = 2026) -> Graph:
    """A synthetic graph of about ``triples`` triples, aligned to the store's real targets."""
    rng = random.Random(seed)
    targets = _targets(store)
    g = Graph()
    interventions = max(10, triples // TRIPLES_PER_INTERVENTION)
    per_state = interventions // len(STATES)
    aspen_plan = ASPENID["plan/aspen-2026-2035"]
    aspen_priorities = [ASPENID[f"priority/aspen-2026-2035-p{n}"] for n in range(1, 6)]
    years = range(2016, 2036)
    for state in STATES:
        plan = ASPENID[f"plan/bench-{state}"]
        g.add((plan, RDF.type, ASPEN.StrategicPlan))
        g.add((plan, RDF.type, ASPEN.ExampleResource))
        g.add((plan, RDFS.label, Literal(f"Synthetic national plan {state.upper()}", lang="en")))
        g.add((plan, DCTERMS.source, SOURCE))
        priorities = []
        for number in range(1, 6):
            priority = ASPENID[f"priority/bench-{state}-p{number}"]
            _element(
                g, priority, ASPEN.StrategicPriority, f"{state.upper()} priority {number}", plan
            )
            priorities.append(priority)
        for number in range(per_state):
            intervention = ASPENID[f"intervention/bench-{state}-i{number}"]
            # Every fifth intervention belongs to the regional plan, so its questions scale too.
            regional = number % 5 == 0
            owner = aspen_plan if regional else plan
            parent = rng.choice(aspen_priorities if regional else priorities)
            _element(
                g, intervention, ASPEN.Intervention, f"{state.upper()} intervention {number}", owner
            )
            g.add((intervention, ASPEN.underPriority, parent))
            for target in rng.sample(targets, 4):
                _alignment(g, rng, intervention, target)
            _indicator(g, rng, intervention, years)
    return g


def build_release(base_nquads: Path, triples: int, out: Path) -> dict[str, float]:
    """The shipped release plus a synthetic graph and its derived shortcuts, as N-Quads."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    store = open_store()
    store.load_dataset(base_nquads)
    synthetic = generate(store, triples)
    timings["generate"] = time.perf_counter() - started
    mark = time.perf_counter()
    store.replace_graph(str(GRAPH["synthetic"]), synthetic)
    derive(store, QueryCatalog(get_settings().sparql_dir))
    timings["derive"] = time.perf_counter() - mark
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(store.dump_nquads())
    timings["quads"] = float(len(store))
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--triples", type=int, default=200_000, help="approximate synthetic triples"
    )
    parser.add_argument(
        "--base", type=Path, default=get_settings().dist / "aspen.nq", help="release to extend"
    )
    parser.add_argument("--out", type=Path, required=True, help="N-Quads file to write")
    args = parser.parse_args(argv)
    timings = build_release(args.base, args.triples, args.out)
    print(
        f"wrote {args.out}: {int(timings['quads']):,} quads "
        f"(generate {timings['generate']:.1f} s, derive {timings['derive']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
