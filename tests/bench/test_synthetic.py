"""The scale workload's generator (bench/synthetic.py): deterministic, sized, conforming."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from aspen_graph.config import Settings
from aspen_graph.pipeline import run_build

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "bench" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synthetic", module)
    spec.loader.exec_module(module)
    return module


synthetic = _load()


@pytest.fixture(scope="module")
def targets() -> object:
    return synthetic.Targets.read(ROOT / "data")


def lines(targets: object, triples: int, seed: int = 2026) -> list[str]:
    out: list[str] = []
    count = synthetic.generate(targets, triples, out.append, seed=seed)
    assert count == len(out)
    return out


def test_same_seed_same_bytes_other_seed_other_bytes(targets: object) -> None:
    first = lines(targets, 12_000)
    assert lines(targets, 12_000) == first
    assert lines(targets, 12_000, seed=7) != first


@pytest.mark.parametrize("size", [12_000, 50_000, 120_000])
def test_size_within_five_percent(targets: object, size: int) -> None:
    assert abs(len(lines(targets, size)) - size) <= 0.05 * size


def test_shape_of_the_workload(targets: object) -> None:
    """Ten member states' graphs plus the observations' graph; real SDG/GBF targets only."""
    text = "".join(lines(targets, 30_000))
    graphs = {line.rsplit(" ", 2)[-2] for line in text.splitlines()}
    assert len(graphs) == 11
    assert "<https://w3id.org/aspen/graph/example/synthetic-observations>" in graphs
    aligned = {
        line.split(" ")[2]
        for line in text.splitlines()
        if " <https://w3id.org/aspen/ont/alignmentTarget> " in line
    }
    real = {f"<{iri}>" for iri in (*targets.sdg, *targets.gbf)}  # type: ignore[attr-defined]
    regional = {f"<https://w3id.org/aspen/id/priority/aspen-2026-2035-p{n}>" for n in range(1, 6)}
    national_goals = {iri for iri in aligned if "/goal/example-" in iri}
    assert aligned - real - regional - national_goals == set()
    assert aligned & real
    typed = {line.split(" ")[0] for line in text.splitlines() if "ExampleResource>" in line}
    subjects = {line.split(" ")[0] for line in text.splitlines()}
    assert subjects == typed  # every generated subject is an example resource


@pytest.mark.slow
def test_a_sample_conforms_to_the_shapes(tmp_path: Path) -> None:
    """The shipped data plus a 10k-triple sample builds clean: validation at scale does real
    work on data that passes, not on data that stops at the first finding."""
    sample = tmp_path / "sample.nq"
    synthetic.write(sample, 10_000, data_dir=ROOT / "data")
    result = run_build(
        Settings(root=ROOT, dist_dir=tmp_path / "dist"), reason=False, write=False, include=[sample]
    )
    ours = [f.describe() for f in result.report.findings if "example-" in f.focus]
    assert ours == []
    assert result.report.conforms
