"""``aspen site --jobs N`` writes the same bytes as ``--jobs 1``, for a small release.

The small release is the shipped build without its largest graphs (the SDG, the alignments,
the GBF, the Paris provisions, the ASEAN 2045 vision): a site of a few hundred pages, built
twice — once in this process, once by worker processes, whose string hashing differs from this
one's (``PYTHONHASHSEED``) — and compared file by file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from built_site import broken_links

from aspen_graph.config import Settings
from aspen_graph.site import MANIFEST, SiteOptions, build_site

pytestmark = pytest.mark.slow

DROPPED = ("sdg", "alignments", "gbf", "paris-provisions", "asean-2045")


def small_release(built: Settings, into: Path) -> Settings:
    shutil.copytree(built.dist, into)
    dropped = tuple(f"<https://w3id.org/aspen/graph/{name}> ." for name in DROPPED)
    quads = (built.dist / "aspen.nq").read_text("utf-8").splitlines()
    kept = [line for line in quads if not line.rstrip().endswith(dropped)]
    assert 1000 < len(kept) < len(quads) // 2
    (into / "aspen.nq").write_text("\n".join(kept) + "\n", "utf-8")
    return built.model_copy(update={"dist_dir": into})


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_parallel_build_writes_the_same_bytes_as_a_serial_one(
    built: Settings, tmp_path: Path
) -> None:
    settings = small_release(built, tmp_path / "dist")
    serial = build_site(settings, SiteOptions(out=tmp_path / "serial", jobs=1))
    parallel = build_site(settings, SiteOptions(out=tmp_path / "parallel", jobs=3))
    assert (serial.jobs, parallel.jobs) == (1, 3)
    one, other = files(tmp_path / "serial"), files(tmp_path / "parallel")
    assert sorted(one) == sorted(other)
    assert [path for path in one if one[path] != other[path]] == []
    assert len(one) > 300 and MANIFEST in one
    assert serial.counts.files == parallel.counts.files == len(one) - 1
    assert broken_links(tmp_path / "parallel") == []
    # the release's own page is in the site with its links relative
    ontology = one["download/ontology.html"].decode("utf-8")
    assert 'href="../ont/index.ttl"' in ontology and 'href="/' not in ontology
