"""The plan version an import goes into: its key as ``--into`` names it, its folder, and the
codes a template for it may offer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF

from aspen_graph.config import Settings
from aspen_graph.curie import compress, expand
from aspen_graph.errors import DataLoadError, UnknownReferenceError
from aspen_graph.namespaces import ASPEN, ASPENID
from aspen_graph.pipeline.inputs import BuildInputs, gather_inputs
from aspen_graph.sources import TableKind, version_context

_VERSION_PREFIX = str(ASPENID["plan-version/"])
_FOLDER_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class TargetVersion:
    """The version imported into: its IRI, its folder key and where its folder is."""

    iri: URIRef
    name: str
    folder: Path
    example: bool


def version_name(text: str) -> str:
    """The folder key of a version given as CURIE, IRI or folder name (or path).

    >>> version_name("plan-version:example-plan-draft-2")
    'example-plan-draft-2'
    >>> version_name("data/examples/example-plan-draft-2/")
    'example-plan-draft-2'
    >>> version_name("plan-version:../examples")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    aspen_graph.errors.DataLoadError: --into: 'plan-version:../examples' names no plan version...
    """
    text = text.strip()
    if text.startswith("plan-version:") or text.startswith(("http://", "https://")):
        try:
            iri = str(expand(text))
        except UnknownReferenceError as error:
            raise DataLoadError(f"--into: {error}") from error
        if not iri.startswith(_VERSION_PREFIX) or iri == _VERSION_PREFIX:
            raise DataLoadError(f"--into: {text!r} is not a plan version ({_VERSION_PREFIX}…)")
        name = iri[len(_VERSION_PREFIX) :]
    else:
        name = Path(text).name if "/" in text else text
    # The key names a folder: never a hidden one, a parent, or one under another.
    if not _FOLDER_KEY.match(name):
        raise DataLoadError(
            f"--into: {text!r} names no plan version; write plan-version:<key>, its IRI, "
            "or the folder name"
        )
    return name


def settings_for(settings: Settings, name: str) -> Settings:
    # An example version is only part of the build with examples; importing into one asks
    # for them by naming it.
    if not settings.examples and (settings.examples_dir / name).is_dir():
        return settings.model_copy(update={"examples": True})
    return settings


def target_version(settings: Settings, inputs: BuildInputs, name: str) -> TargetVersion:
    iri = ASPENID[f"plan-version/{name}"]
    graphs = list(inputs.graphs.values())
    if not any((iri, RDF.type, ASPEN.PlanVersion) in graph for graph in graphs):
        versions = sorted(
            compress(str(s))
            for graph in graphs
            for s in graph.subjects(RDF.type, ASPEN.PlanVersion)
        )
        hint = f"; known versions: {', '.join(versions)}" if versions else ""
        if not settings.examples:
            hint += " (the example versions with --examples)"
        raise DataLoadError(
            f"--into: {compress(str(iri))} is not an aspen:PlanVersion of the build{hint}"
        )
    example = any((iri, RDF.type, ASPEN.ExampleResource) in graph for graph in graphs)
    parent = settings.examples_dir if example else settings.versions_dir
    return TargetVersion(iri, name, parent / name, example)


def version_codes(settings: Settings, version: str, kind: TableKind) -> dict[str, list[str]]:
    """For a template made for ``version``: the codes each reference column of ``kind`` may
    take (the version's priorities for ``priority`` …), from its Turtle and its tables."""
    name = version_name(version)
    settings = settings_for(settings, name)
    inputs = gather_inputs(settings)
    target_version(settings, inputs, name)
    context = version_context(name, inputs.graphs.values())
    if context is None:  # pragma: no cover - target_version checked it is a version
        return {}
    return {column: context.codes(kinds) for column, kinds in kind.references.items()}


__all__ = ["TargetVersion", "settings_for", "target_version", "version_codes", "version_name"]
