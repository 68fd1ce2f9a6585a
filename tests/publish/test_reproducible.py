"""Two builds of the same sources write the same bytes (issue 13): stable blank-node labels,
one order for every writer, and the build date from SOURCE_DATE_EPOCH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ASPEN = Path(sys.executable).with_name("aspen")
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def build(root: Path, dist: Path, hash_seed: str) -> None:
    """``aspen build`` in its own process: each process has its own string hashes, which
    used to decide the order rdflib wrote in, and a parser invents new blank-node labels."""
    env = {**os.environ, "ASPEN_ROOT": str(root), "ASPEN_DIST_DIR": str(dist)}
    env.update({"PYTHONHASHSEED": hash_seed, "SOURCE_DATE_EPOCH": EPOCH})
    result = subprocess.run(
        [str(ASPEN), "build", "--no-reason"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_two_builds_are_byte_identical(tiny_root: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    build(tiny_root, first, "1")
    build(tiny_root, second, "2")
    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(path.name for path in second.iterdir())
    assert {"aspen.nq", "aspen.trig", "aspen.nt", "aspen.jsonld", "ontology.html"} <= set(names)
    differing = [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()]
    assert differing == []
    # the test means something: the release has blank nodes (OWL axioms, lists, Data Cube)
    quads = list(ox.parse(path=str(first / "aspen.nq"), format=ox.RdfFormat.N_QUADS))
    blank = {q.subject for q in quads if isinstance(q.subject, ox.BlankNode)}
    assert len(blank) > 10
    # they are still blank nodes (OWL meaning kept), and still all distinct
    assert not any("/.well-known/genid/" in str(q.subject) for q in quads)
    # the date the release gives is the sources' (SOURCE_DATE_EPOCH), not the build's
    assert '"2026-01-01"^^xsd:date' in (first / "void.ttl").read_text(encoding="utf-8")
    sssom = (first / "alignments.sssom.tsv").read_text(encoding="utf-8")
    assert "# publication_date: 2026-01-01\n" in sssom
