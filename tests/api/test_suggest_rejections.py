"""A pair rejected in a review (``data/versions/<v>/suggestions-rejected.csv``) travels with the
release (``dist/suggestions-rejected.csv``, in the manifest and in the release's tag) and is no
longer a "Suggested target" of the element's page, exactly as ``aspen suggest`` leaves it out.

The rejected target is the first one the page suggested for ``priority:aspen-2016-2025-p1``
(two alignments, so it gets the section) on the build of the shipped data, without any
rejection; the expectation is then the file the test writes, not the suggester's answer."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from test_suggest_pages import BROWSER, Page

from aspen_graph.api import create_app
from aspen_graph.api.release_info import read_release
from aspen_graph.cli import context
from aspen_graph.config import Settings, get_settings
from aspen_graph.curie import compress, expand
from cli_runner import run_app

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ELEMENT = "priority:aspen-2016-2025-p1"
VERSION = "aspen-2016-2025-adopted"
REJECTED = "suggestions-rejected.csv"


def suggested(settings: Settings) -> list[str]:
    """The targets (IRIs) of the element page's "Suggested targets" table, in order."""
    with TestClient(create_app(settings)) as client:
        response = client.get("/id/priority/aspen-2016-2025-p1", headers={"Accept": BROWSER})
    assert response.status_code == 200
    rows = [row for row in Page(response.text).rows if row]
    assert rows, "the element has fewer than three alignments: the section is shown"
    return [target_of(row[0]) for row in rows]


def target_of(href: str) -> str:
    """The IRI a page link names: ``/id/<path>`` of the base, or ``/resource?iri=<IRI>``."""
    parts = urlsplit(href)
    if parts.path == "/resource":
        return parse_qs(parts.query)["iri"][0]
    assert parts.path.startswith("/id/"), href
    return "https://w3id.org/aspen" + parts.path


@pytest.fixture(scope="module")
def rejected(built: Settings) -> str:
    """The target (IRI) to reject: the page's first suggestion without any rejection."""
    return suggested(built)[0]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, rejected: str) -> Iterator[Settings]:
    """The shipped project plus one version folder holding a rejection of ``rejected`` for the
    element, built into its own dist/."""
    from aspen_graph.pipeline import run_build

    root = tmp_path_factory.mktemp("rejecting") / "project"
    (root / "data").mkdir(parents=True)
    for name in ("ontology", "shapes", "sparql"):
        (root / name).symlink_to(ROOT / name)
    for name in ("graph", "tables"):
        (root / "data" / name).symlink_to(ROOT / "data" / name)
    folder = root / "data" / "versions" / VERSION
    folder.mkdir(parents=True)
    (folder / REJECTED).write_text(
        f"source,target,rejected_by,date\n{ELEMENT},{compress(rejected)},analyst,2026-12-07\n",
        encoding="utf-8",
    )
    settings = Settings(root=root, dist_dir=root / "dist")
    result = run_build(settings, reason=False)
    assert result.ok, result.report.summary()
    yield settings


def test_the_release_carries_the_rejection_in_its_manifest(
    project: Settings, built: Settings
) -> None:
    lines = (project.dist / REJECTED).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "source,target,rejected_by,date"
    assert len(lines) == 2 and lines[1].startswith(f"{ELEMENT},")
    manifest = json.loads((project.dist / "manifest.json").read_text(encoding="utf-8"))
    assert REJECTED in manifest["files"]
    # Not a fact of the graph: the quads are those of the same data without the rejection.
    assert (project.dist / "aspen.nq").read_bytes() == (built.dist / "aspen.nq").read_bytes()


def test_the_page_no_longer_suggests_the_rejected_target(
    project: Settings, built: Settings, rejected: str
) -> None:
    before = suggested(built)
    after = suggested(project)
    assert rejected == before[0] and rejected not in after
    assert after[: len(before) - 1] == before[1:]  # the rest move up by one, nothing else


def test_the_page_and_aspen_suggest_exclude_the_same_targets(
    project: Settings,
    rejected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ASPEN_ROOT", str(project.root))
    monkeypatch.setenv("ASPEN_DIST_DIR", str(project.dist))
    get_settings.cache_clear()
    context.catalog.cache_clear()
    try:
        args = ("suggest", "--element", "P1", "--version", VERSION, "--top", "5")
        code, out, err = run_app(monkeypatch, capsys, *args, "--format", "json")
    finally:
        get_settings.cache_clear()
        context.catalog.cache_clear()
    assert code == 0, err
    (answer,) = json.loads(out)
    excluded: list[dict[str, Any]] = answer["excluded"]
    assert [str(expand(e["target"])) for e in excluded] == [rejected]
    cli = [str(expand(s["target"])) for s in answer["suggestions"] if not s.get("existing")]
    assert suggested(project) == cli


def test_a_new_rejection_alone_makes_a_new_release_tag(project: Settings, tmp_path: Path) -> None:
    other = tmp_path / "dist"
    shutil.copytree(project.dist, other)
    with (other / REJECTED).open("a", encoding="utf-8") as handle:
        handle.write(f"{ELEMENT},sdg:15.4,analyst,2026-12-08\n")
    assert (project.dist / "aspen.nq").read_bytes() == (other / "aspen.nq").read_bytes()
    one = read_release(project.dist, project.dist / "aspen.nq")
    two = read_release(other, other / "aspen.nq")
    assert one.tag != two.tag
