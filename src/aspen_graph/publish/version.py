"""Version stamps of a release: what ``aspen release --version X`` adds to the copies in dist/.

The sources (``ontology/*.ttl``) are never touched. The release's copy of the ontology gets
``owl:versionIRI <…/ont/{X}/>``, ``owl:versionInfo "X"`` and ``owl:priorVersion`` (the version
stamped before, read from the old ``dist/manifest.json``); the dataset description gets
``dcat:version``; the manifest records the version and every version stamped so far.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from aspen_graph.errors import BuildError

DEV_VERSION = "dev"
"""The version of a build that ``aspen release`` did not stamp."""
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$")


def check_version(version: str) -> str:
    """A version usable as an IRI segment (``1.0.0``, ``2026.1``, ``1.0.0-rc.1``), else BuildError.

    >>> check_version("1.0.0")
    '1.0.0'
    >>> check_version("1.0/0")
    Traceback (most recent call last):
    ...
    aspen_graph.errors.BuildError: version '1.0/0': use letters, digits, '.', '+', '_' and '-' (at most 64), starting with a letter or digit
    """  # noqa: E501
    if version == DEV_VERSION or not _VERSION.match(version):
        raise BuildError(
            f"version {version!r}: use letters, digits, '.', '+', '_' and '-' (at most 64), "
            "starting with a letter or digit"
            + ("; 'dev' is the version of unstamped builds" if version == DEV_VERSION else "")
        )
    return version


def read_manifest(dist: Path) -> dict[str, Any]:
    """``dist/manifest.json`` as a dictionary (empty when missing or unreadable)."""
    try:
        loaded = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def stamped_versions(manifest: dict[str, Any]) -> list[str]:
    """The versions stamped so far, oldest first, as an old manifest records them.

    >>> stamped_versions({"released_versions": ["1.0.0"], "version": "1.1.0"})
    ['1.0.0', '1.1.0']
    >>> stamped_versions({"version": "dev"})
    []
    """
    versions = [str(v) for v in manifest.get("released_versions", []) if isinstance(v, str)]
    current = manifest.get("version")
    if isinstance(current, str) and current != DEV_VERSION and current not in versions:
        versions.append(current)
    return versions


def prior_version(history: list[str], version: str) -> str | None:
    """The version stamped before ``version`` (re-stamping a version keeps its own prior).

    >>> prior_version(["1.0.0", "1.1.0"], "1.2.0"), prior_version(["1.0.0", "1.1.0"], "1.1.0")
    ('1.1.0', '1.0.0')
    """
    earlier = history[: history.index(version)] if version in history else history
    return earlier[-1] if earlier else None


def version_iri(base: str, version: str) -> URIRef:
    """``<{base}ont/{version}/>``.

    >>> version_iri("https://w3id.org/aspen/", "1.0.0")
    rdflib.term.URIRef('https://w3id.org/aspen/ont/1.0.0/')
    """
    return URIRef(f"{base}ont/{version}/")


@dataclass(frozen=True, slots=True)
class Stamp:
    """The version a build gets: ``dev`` unless stamped, the prior stamped version, and every
    version stamped so far (carried from manifest to manifest, so a release after some plain
    builds still finds its prior)."""

    version: str = DEV_VERSION
    prior: str | None = None
    history: tuple[str, ...] = ()

    @property
    def stamped(self) -> bool:
        return self.version != DEV_VERSION

    def manifest(self, base: str) -> dict[str, object]:
        """The manifest fields of the stamp."""
        fields: dict[str, object] = {
            "version": self.version,
            "released_versions": list(self.history),
        }
        if self.stamped:
            fields["version_iri"] = str(version_iri(base, self.version))
            fields["prior_version"] = self.prior
        return fields


def plan_stamp(dist: Path, version: str | None) -> Stamp:
    """The stamp for a build into ``dist`` (``version=None``: an unstamped ``dev`` build).

    >>> plan_stamp(Path("/nonexistent"), "1.0.0")
    Stamp(version='1.0.0', prior=None, history=('1.0.0',))
    """
    history = stamped_versions(read_manifest(dist))
    if version is None:
        return Stamp(history=tuple(history))
    check_version(version)
    prior = prior_version(history, version)
    if version not in history:
        history.append(version)
    return Stamp(version=version, prior=prior, history=tuple(history))


def stamp_ontology(graph: Graph, *, base: str, version: str, prior: str | None) -> Graph:
    """A copy of the ontology graph whose ``<{base}ont/>`` header carries the version stamps
    (any earlier versionIRI, versionInfo and priorVersion are replaced)."""
    ontology = URIRef(f"{base}ont/")
    stamped = Graph()
    for prefix, iri in graph.namespaces():
        stamped.bind(prefix, iri)
    stamped += graph
    for predicate in (OWL.versionIRI, OWL.versionInfo, OWL.priorVersion):
        stamped.remove((ontology, predicate, None))
    stamped.add((ontology, OWL.versionIRI, version_iri(base, version)))
    stamped.add((ontology, OWL.versionInfo, Literal(version)))
    if prior is not None:
        stamped.add((ontology, OWL.priorVersion, version_iri(base, prior)))
    return stamped


__all__ = [
    "DEV_VERSION",
    "Stamp",
    "check_version",
    "plan_stamp",
    "prior_version",
    "read_manifest",
    "stamp_ontology",
    "stamped_versions",
    "version_iri",
]
