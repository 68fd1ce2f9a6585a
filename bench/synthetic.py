"""A synthetic ASPEN-shaped workload at a chosen size, in our own vocabulary (never shipped data).

Ten ASEAN member states each get a fictional national environment plan with two versions (a
superseded first draft and the adopted text, following the versions contract of
docs/model.md): goals, priorities, focal areas and interventions, qualified alignments
(aspen:Alignment with an ISC interaction level, confidence, rationale, status and evidence) to
the REAL SDG and GBF targets of data/graph/sdg.ttl and gbf.ttl (and from national priorities
to the ASPEN 2026-2035 priorities), MEL indicators tracking real SDG indicators, and yearly
observations of those indicators (RDF Data Cube, aspen:MELDataStructure; docs/mel.md).

Every generated subject is ``a aspen:ExampleResource`` with ``dct:source`` the synthetic-data
document, and its labels say "(example)". Each member state's plan is one named graph
(``graph/example/synthetic-{state}``); the observations are one more
(``graph/example/synthetic-observations``). The output is N-Quads, deterministic for a seed,
and within a few hundred triples of ``--triples`` (interventions are added round-robin over
the states until the size is reached).

    python bench/synthetic.py --triples 200000 --out bench/.cache/synthetic-200000.nq
    aspen build --include bench/.cache/synthetic-200000.nq
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from aspen_graph.config import get_settings
from aspen_graph.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the workload's vocabulary beside it

from synthetic_terms import (
    ASSERTER,
    ATTRIBUTED_TO,
    BASELINE_YEAR,
    FOCAL_AREAS,
    GENERATED_AT,
    GOALS,
    GRAPHS,
    ID,
    IDENTIFIER,
    INDICATOR_SHARE,
    INTERACTION_WEIGHTS,
    INTERACTIONS,
    ISSUED,
    LABEL,
    OBSERVATIONS_GRAPH,
    OBSERVED_YEARS,
    ONT,
    PRIORITIES,
    QB,
    RDF_TYPE,
    REVISION_OF,
    SOURCE,
    STATES,
    STATUS_WEIGHTS,
    STATUSES,
    SYNTHETIC_DATA,
    UNITS,
    Targets,
    Writer,
    _iri,
    _local,
    _text,
    _typed,
)


@dataclass
class State:
    """One member state's plan while it is being generated."""

    code: str
    name: str
    name_vi: str
    graph: str
    plan_key: str
    version: str
    focal_areas: list[tuple[str, str]]
    """(IRI, code) of each focal area of the adopted version."""
    interventions: int = 0
    indicators: int = 0


class Generator:
    """Writes the workload; every random choice comes from one seeded ``random.Random``."""

    def __init__(self, targets: Targets, writer: Writer, seed: int) -> None:
        self.targets = targets
        self.out = writer
        self.rng = random.Random(seed)

    # --- shared patterns ----------------------------------------------------------------------

    def _subject(self, iri: str, cls: str, label: str, label_vi: str, graph: str) -> None:
        self._thing(iri, cls, label, label_vi, graph)

    def _element(
        self,
        state: State,
        kind: str,
        cls: str,
        code: str,
        sequence: int,
        version: str,
        version_key: str,
        names: tuple[str, str],
    ) -> str:
        """A plan element of one version: ``id/{kind}/{plan-key}-{version-key}-{code}``."""
        iri = _iri(f"{ID}{kind}/{state.plan_key}-{version_key}-{code.lower().replace('.', '-')}")
        g = state.graph
        self._subject(iri, cls, *names, g)
        q = self.out.quad
        q(iri, _iri(ONT + "sequenceNumber"), _typed(str(sequence), "integer"), g)
        q(iri, _iri(ONT + "partOfPlan"), _iri(f"{ID}plan/{state.plan_key}"), g)
        q(iri, _iri(ONT + "inVersion"), version, g)
        q(iri, IDENTIFIER, f'"{code}"', g)
        return iri

    def alignment(self, state: State, source: str, target: str, *, score: int | None) -> None:
        """A qualified alignment; ``score`` None draws the ISC level at random."""
        rng = self.rng
        source_iri = source.strip("<>")
        kind, key = source_iri.removeprefix(ID).split("/", 1)
        name = f"{kind}-{key}--{_local(target.strip('<>'))}"
        iri = _iri(f"{ID}alignment/{name}")
        if score is None:
            level, value = rng.choices(INTERACTIONS, INTERACTION_WEIGHTS)[0]
        else:
            level, value = next(item for item in INTERACTIONS if item[1] == score)
        low = 0.5 if value == 3 else 0.2  # an indivisible claim needs confidence (a shape warns)
        confidence = f"{rng.uniform(low, 0.95):.2f}"
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        g = state.graph
        q = self.out.quad
        q(iri, RDF_TYPE, _iri(ONT + "Alignment"), g)
        q(iri, RDF_TYPE, _iri(ONT + "ExampleResource"), g)
        q(iri, LABEL, _text(f"{key} {level} {_local(target.strip('<>'))} (example)", "en"), g)
        q(iri, _iri(ONT + "alignmentSource"), source, g)
        q(iri, _iri(ONT + "alignmentTarget"), target, g)
        q(iri, _iri(ONT + "interaction"), _iri(f"{ID}interaction/{level}"), g)
        q(iri, _iri(ONT + "confidence"), _typed(confidence, "decimal"), g)
        rationale = (
            f"Synthetic example: the {state.name} element {key} is scored {value:+d} ({level}) "
            f"against {_local(target.strip('<>'))}; generated for benchmarks, not an assessment."
        )
        q(iri, _iri(ONT + "rationale"), _text(rationale, "en"), g)
        q(iri, SOURCE, SYNTHETIC_DATA, g)
        q(iri, ATTRIBUTED_TO, ASSERTER, g)
        q(iri, GENERATED_AT, _typed("2026-11-25", "date"), g)
        q(iri, _iri(ONT + "alignmentStatus"), _iri(f"{ID}alignment-status/{status}"), g)

    # --- one member state's plan --------------------------------------------------------------

    def plan(self, code: str, name: str, name_vi: str) -> State:
        """The plan, its MEL framework, two versions, and the elements above interventions."""
        plan_key = f"example-{code}-nsep"
        graph = _iri(f"{GRAPHS}synthetic-{code}")
        plan = _iri(f"{ID}plan/{plan_key}")
        mel = _iri(f"{ID}mel-framework/{plan_key}")
        q = self.out.quad
        self._subject(
            plan,
            "StrategicPlan",
            f"{name} national strategic environment plan 2026-2035",
            f"Kế hoạch chiến lược quốc gia về môi trường 2026-2035 của {name_vi}",
            graph,
        )
        q(plan, _iri(ONT + "alignedWithFramework"), _iri(f"{ID}plan/aspen-2026-2035"), graph)
        q(plan, _iri(ONT + "hasMELFramework"), mel, graph)
        self._subject(
            mel,
            "MELFramework",
            f"MEL framework of the {name} environment plan",
            f"khung MEL của kế hoạch môi trường {name_vi}",
            graph,
        )
        dataset = _iri(f"{ID}dataset/{plan_key}-mel")
        self._thing(
            dataset,
            QB + "DataSet",
            f"MEL observations of the {name} environment plan",
            f"Dữ liệu quan sát giám sát của kế hoạch môi trường {name_vi}",
            graph,
        )
        q(dataset, _iri(QB + "structure"), _iri(ONT + "MELDataStructure"), graph)
        q(dataset, _iri(ONT + "dataSetOf"), mel, graph)
        versions = []
        for version_key, status, issued in (
            ("draft-1", "superseded", "2025-06-30"),
            ("adopted", "adopted", "2026-03-31"),
        ):
            version = _iri(f"{ID}plan-version/{plan_key}-{version_key}")
            self._subject(
                version,
                "PlanVersion",
                f"{name} environment plan, {version_key}",
                f"Kế hoạch môi trường {name_vi}, {version_key}",
                graph,
            )
            q(version, _iri(ONT + "versionOf"), plan, graph)
            q(version, _iri(ONT + "versionStatus"), _iri(f"{ID}version-status/{status}"), graph)
            q(version, ISSUED, _typed(issued, "date"), graph)
            if versions:
                q(version, REVISION_OF, versions[-1][0], graph)
            versions.append((version, version_key))
        state = State(code, name, name_vi, graph, plan_key, versions[-1][0], [])
        previous: dict[str, str] = {}
        for version, version_key in versions:
            current: dict[str, str] = {}
            goals = []
            for number in range(1, GOALS + 1):
                names = (f"{name} goal {number}", f"mục tiêu {number} của {name_vi}")
                iri = self._element(
                    state,
                    "goal",
                    "StrategicGoal",
                    f"G{number}",
                    number,
                    version,
                    version_key,
                    names,
                )
                challenge = ("climate-change", "biodiversity-loss", "pollution")[number - 1]
                q(iri, _iri(ONT + "answersChallenge"), _iri(f"{ID}challenge/{challenge}"), graph)
                goals.append(iri)
                current[f"G{number}"] = iri
            for number in range(1, PRIORITIES + 1):
                names = (f"{name} priority {number}", f"ưu tiên {number} của {name_vi}")
                iri = self._element(
                    state,
                    "priority",
                    "StrategicPriority",
                    f"P{number}",
                    number,
                    version,
                    version_key,
                    names,
                )
                current[f"P{number}"] = iri
                if version_key != "adopted":
                    continue
                # The priority serves one national goal and echoes one regional priority.
                self.alignment(state, iri, goals[(number - 1) % GOALS], score=2)
                regional = _iri(f"{ID}priority/aspen-2026-2035-p{number}")
                self.alignment(state, iri, regional, score=None)
                for area in range(1, FOCAL_AREAS + 1):
                    area_code = f"P{number}.FA{area}"
                    area_names = (
                        f"{name} focal area {area_code}",
                        f"lĩnh vực trọng tâm {area_code} của {name_vi}",
                    )
                    focal = self._element(
                        state,
                        "focal-area",
                        "FocalArea",
                        area_code,
                        area,
                        version,
                        version_key,
                        area_names,
                    )
                    q(focal, _iri(ONT + "underPriority"), iri, graph)
                    state.focal_areas.append((focal, area_code))
            for code_, iri in current.items():
                if code_ in previous:
                    q(iri, REVISION_OF, previous[code_], graph)
            previous = current
        return state

    def intervention(self, state: State) -> None:
        """One intervention with its alignments, perhaps an indicator and its observations."""
        rng = self.rng
        number = state.interventions + 1
        state.interventions = number
        focal, area_code = state.focal_areas[(number - 1) % len(state.focal_areas)]
        sequence = (number - 1) // len(state.focal_areas) + 1
        code = f"{area_code}.I{sequence}"
        names = (f"{state.name} intervention {code}", f"can thiệp {code} của {state.name_vi}")
        version_key = "adopted"
        iri = self._element(
            state, "intervention", "Intervention", code, sequence, state.version, version_key, names
        )
        self.out.quad(iri, _iri(ONT + "underFocalArea"), focal, state.graph)
        sdg = rng.sample(self.targets.sdg, rng.randint(1, 3))
        gbf = rng.sample(self.targets.gbf, rng.randint(0, 2))
        for target in sdg + gbf:
            self.alignment(state, iri, _iri(target), score=None)
        if rng.random() < INDICATOR_SHARE:
            self.indicator(state, iri, sdg[0])

    def indicator(self, state: State, element: str, target: str) -> None:
        """A MEL indicator (docs/mel.md): unit, baseline, 2030 and 2035 targets, the SDG
        indicator it tracks, and a yearly observation for each year of the baseline decade."""
        rng = self.rng
        state.indicators += 1
        code = f"IND-{state.indicators}"
        key = f"{state.plan_key}-adopted-ind-{state.indicators}"
        iri = _iri(f"{ID}mel-indicator/{key}")
        g = state.graph
        self._subject(
            iri,
            "MELIndicator",
            f"{state.name} indicator {code}",
            f"chỉ số {code} của {state.name_vi}",
            g,
        )
        q = self.out.quad
        q(iri, _iri(ONT + "measures"), element, g)
        q(iri, IDENTIFIER, f'"{code}"', g)
        q(iri, _iri(ONT + "inMELFramework"), _iri(f"{ID}mel-framework/{state.plan_key}"), g)
        q(iri, _iri(ONT + "unit"), f'"{rng.choice(UNITS)}"', g)
        tracked = self.targets.indicators.get(target)
        if tracked:
            q(iri, _iri(ONT + "tracksIndicator"), _iri(rng.choice(tracked)), g)
        value = rng.uniform(10, 100)
        values = {}
        for year in OBSERVED_YEARS:
            value *= rng.uniform(0.95, 1.08)
            values[year] = value
        q(iri, _iri(ONT + "baselineValue"), _typed(f"{values[BASELINE_YEAR]:.2f}", "decimal"), g)
        q(iri, _iri(ONT + "baselineYear"), _typed(str(BASELINE_YEAR), "gYear"), g)
        for year, factor in ((2030, 1.15), (2035, 1.3)):
            goal = _iri(f"{ID}mel-target/{key}-{year}")
            q(iri, _iri(ONT + "indicatorTarget"), goal, g)
            self._thing(
                goal, "MELTarget", f"{code} target for {year}", f"Chỉ tiêu {code} năm {year}", g
            )
            q(
                goal,
                _iri(ONT + "targetValue"),
                _typed(f"{values[BASELINE_YEAR] * factor:.2f}", "decimal"),
                g,
            )
            q(goal, _iri(ONT + "targetYear"), _typed(str(year), "gYear"), g)
        dataset = _iri(f"{ID}dataset/{state.plan_key}-mel")
        for year, observed in values.items():
            self.observation(iri, key, code, dataset, year, observed)

    def _thing(self, iri: str, cls: str, label: str, label_vi: str, graph: str) -> None:
        """A subject typed with a class of any vocabulary (``cls`` a full IRI or an aspen term)."""
        g = graph
        q = self.out.quad
        q(iri, RDF_TYPE, _iri(cls if "://" in cls else ONT + cls), g)
        q(iri, RDF_TYPE, _iri(ONT + "ExampleResource"), g)
        q(iri, LABEL, _text(f"{label} (example)", "en"), g)
        q(iri, LABEL, _text(f"{label_vi} (ví dụ)", "vi"), g)
        q(iri, SOURCE, SYNTHETIC_DATA, g)

    def observation(
        self, indicator: str, key: str, code: str, dataset: str, year: int, value: float
    ) -> None:
        """One yearly value of an indicator: a Data Cube observation (aspen:MELDataStructure)."""
        iri = _iri(f"{ID}observation/{key}-{year}")
        g = OBSERVATIONS_GRAPH
        q = self.out.quad
        self._thing(
            iri,
            QB + "Observation",
            f"{code} in {year}: {value:.2f}",
            f"{code} năm {year}: {value:.2f}",
            g,
        )
        q(iri, _iri(QB + "dataSet"), dataset, g)
        q(iri, _iri(ONT + "indicator"), indicator, g)
        q(iri, _iri(ONT + "observedValue"), _typed(f"{value:.2f}", "decimal"), g)
        q(iri, _iri(ONT + "refYear"), _typed(str(year), "gYear"), g)

    def document(self) -> None:
        """The synthetic-data document every generated fact cites."""
        g = OBSERVATIONS_GRAPH
        q = self.out.quad
        q(SYNTHETIC_DATA, RDF_TYPE, _iri(ONT + "ExampleResource"), g)
        q(SYNTHETIC_DATA, LABEL, _text("Synthetic benchmark data (example)", "en"), g)
        q(SYNTHETIC_DATA, SOURCE, _iri("https://w3id.org/aspen/bench/synthetic.py"), g)


def generate(
    targets: Targets, triples: int, emit: Callable[[str], None], *, seed: int = 2026
) -> int:
    """Emit about ``triples`` N-Quads lines; return how many were emitted."""
    writer = Writer(emit)
    generator = Generator(targets, writer, seed)
    generator.document()
    states = [generator.plan(*state) for state in STATES]
    for state in _round_robin(states):
        if writer.count >= triples:
            break
        generator.intervention(state)
    return writer.count


def _round_robin(states: list[State]) -> Iterator[State]:
    while True:
        yield from states


def write(out: Path, triples: int, *, seed: int = 2026, data_dir: Path | None = None) -> int:
    """Write the workload to ``out`` (N-Quads) atomically; return the number of quads."""
    targets = Targets.read(data_dir or get_settings().data_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", encoding="utf-8", buffering=1 << 20) as handle:
        count = generate(targets, triples, handle.write, seed=seed)
    partial.replace(out)
    return count


def build_release(base_nquads: Path, triples: int, out: Path) -> dict[str, float]:
    """The release ``base_nquads`` plus the workload and its derived shortcuts, as N-Quads
    (what bench_api.py serves)."""
    from aspen_graph.pipeline.build import derive
    from aspen_graph.queries import QueryCatalog

    timings: dict[str, float] = {}
    started = time.perf_counter()
    workload = out.with_name(out.stem + "-workload.nq")
    write(workload, triples)
    timings["generate"] = time.perf_counter() - started
    mark = time.perf_counter()
    store = open_store()
    store.load_dataset(base_nquads)
    store.load_dataset(workload)
    derive(store, QueryCatalog(get_settings().sparql_dir))
    timings["derive"] = time.perf_counter() - mark
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(store.dump_nquads())
    workload.unlink()
    timings["quads"] = float(len(store))
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=200_000, help="about this many quads")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (deterministic)")
    parser.add_argument("--out", type=Path, required=True, help="N-Quads file to write")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    count = write(args.out, args.triples, seed=args.seed)
    print(f"wrote {args.out}: {count:,} quads in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
