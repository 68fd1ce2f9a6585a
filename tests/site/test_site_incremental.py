"""Rebuilding the site after a one-triple change rewrites exactly the files that show it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from built_site import BuiltSite

from aspen_graph.site import MANIFEST, SiteOptions, build_site

pytestmark = pytest.mark.slow

GOAL = "https://w3id.org/aspen/id/goal/aspen-2026-2035-g1"
NOTE = "<http://example.org/site-test#note>"


def _inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def test_a_one_triple_change_rewrites_a_small_exact_set(site: BuiltSite, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(site.settings.dist, dist)
    quads = (dist / "aspen.nq").read_text("utf-8").splitlines()
    graph = next(line.rsplit(" ", 2)[-2] for line in quads if line.startswith(f"<{GOAL}> "))
    # A property nobody labels, with a literal: only the goal's description shows the triple.
    quads.append(f'<{GOAL}> {NOTE} "one more triple" {graph} .')
    (dist / "aspen.nq").write_text("\n".join(quads) + "\n", "utf-8")
    root = tmp_path / "site"
    shutil.copytree(site.root, root)
    before = _inodes(root)
    summary = build_site(site.settings.model_copy(update={"dist_dir": dist}), SiteOptions(out=root))
    after = _inodes(root)
    rewritten = {path for path, inode in after.items() if before.get(path) != inode} - {MANIFEST}
    stem = "id/goal/aspen-2026-2035-g1"
    expected = {"download/aspen.nq"} | {
        f"{stem}.{ext}" for ext in ("html", "vi.html", "ttl", "jsonld", "nt", "rdf")
    }
    assert rewritten == expected
    assert (summary.counts.written, summary.counts.removed) == (len(expected), 0)
    assert summary.counts.unchanged == summary.counts.files - len(expected)
    assert "one more triple" in (root / f"{stem}.ttl").read_text("utf-8")
    assert set(after) == set(before)
    assert os.path.getsize(root / MANIFEST) > 0
