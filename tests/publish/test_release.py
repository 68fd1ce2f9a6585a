"""``aspen release --version X`` stamps the release copies, never the sources."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL
from typer.testing import CliRunner

from aspen_graph.cli.main import _app
from aspen_graph.errors import BuildError
from aspen_graph.namespaces import GRAPH
from aspen_graph.publish import check_version, plan_stamp
from aspen_graph.publish.dataset_description import DCAT_VERSION

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = URIRef("https://w3id.org/aspen/ont/")
DATASET = URIRef("https://w3id.org/aspen/dataset")


def digests() -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((ROOT / "ontology").glob("*.ttl"))
    }


def release(dist: Path, version: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ASPEN_ROOT", str(ROOT))
    monkeypatch.setenv("ASPEN_DIST_DIR", str(dist))
    from aspen_graph.config import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(_app, ["release", "--version", version, "--no-reason"])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # Rich wraps long lines


def ontology_header(dist: Path) -> Graph:
    dataset = Dataset()
    dataset.parse(dist / "aspen.nq", format="nquads")
    header = Graph()
    for triple in dataset.graph(URIRef(str(GRAPH["ontology"]))).triples((ONTOLOGY, None, None)):
        header.add(triple)
    return header


def test_release_stamps_dist_and_leaves_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = tmp_path / "dist"
    before = digests()
    output = release(dist, "1.0.0", monkeypatch)
    assert "release 1.0.0 written to" in output and "no prior version" in output
    assert digests() == before  # ontology/*.ttl untouched
    header = ontology_header(dist)
    assert header.value(ONTOLOGY, OWL.versionIRI) == URIRef("https://w3id.org/aspen/ont/1.0.0/")
    assert list(header.objects(ONTOLOGY, OWL.versionInfo)) == [Literal("1.0.0")]
    assert header.value(ONTOLOGY, OWL.priorVersion) is None
    void = Graph().parse(dist / "void.ttl", format="turtle")
    assert void.value(DATASET, DCAT_VERSION) == Literal("1.0.0")
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == "1.0.0"
    assert manifest["version_iri"] == "https://w3id.org/aspen/ont/1.0.0/"
    assert manifest["released_versions"] == ["1.0.0"]
    assert "1.0.0" in (dist / "ontology.html").read_text(encoding="utf-8")
    trig = Dataset()
    trig.parse(dist / "aspen.trig", format="trig")
    assert (ONTOLOGY, OWL.versionIRI, URIRef("https://w3id.org/aspen/ont/1.0.0/")) in trig.graph(
        URIRef(str(GRAPH["ontology"]))
    )

    output = release(dist, "1.1.0", monkeypatch)
    assert "prior version 1.0.0" in output
    header = ontology_header(dist)
    assert header.value(ONTOLOGY, OWL.priorVersion) == URIRef("https://w3id.org/aspen/ont/1.0.0/")
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["prior_version"] == "1.0.0"
    assert manifest["released_versions"] == ["1.0.0", "1.1.0"]
    assert digests() == before


def test_plain_builds_carry_the_history(tmp_path: Path) -> None:
    dist = tmp_path
    (dist / "manifest.json").write_text(
        json.dumps({"version": "dev", "released_versions": ["1.0.0", "1.1.0"]}), encoding="utf-8"
    )
    assert plan_stamp(dist, None).history == ("1.0.0", "1.1.0")
    assert plan_stamp(dist, "2.0.0").prior == "1.1.0"
    assert plan_stamp(dist, "1.1.0").prior == "1.0.0"  # re-stamping keeps its own prior


@pytest.mark.parametrize("version", ["", "dev", "1.0/0", "../x", "1 0", "-1"])
def test_bad_versions_are_refused(version: str) -> None:
    with pytest.raises(BuildError):
        check_version(version)


def test_bad_version_exits_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from aspen_graph.cli import app; app()",
            "release",
            "--version",
            "a/b",
        ],
        capture_output=True,
        text=True,
        env={"ASPEN_DIST_DIR": str(tmp_path / "dist"), "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "version 'a/b'" in done.stderr
    assert not (tmp_path / "dist").exists()
