"""SHACL validation with pyshacl (the only module that imports it)."""

from __future__ import annotations

from collections.abc import Mapping

from pyshacl import validate as pyshacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH, SKOS
from rdflib.term import Node

from aspen_graph.curie import compress
from aspen_graph.validation.report import Finding


def _short(node: Node | None) -> str | None:
    if node is None:
        return None
    return compress(str(node)) if isinstance(node, URIRef) else str(node)


def _label(data: Graph, node: Node) -> str | None:
    for predicate in (RDFS.label, SKOS.prefLabel):
        labels = list(data.objects(node, predicate))
        english = [label for label in labels if getattr(label, "language", None) == "en"]
        chosen = english or labels
        if chosen:
            return str(chosen[0])
    return None


def run_shacl(
    data: Graph,
    shapes: Graph,
    ontology: Graph,
    *,
    origins: Mapping[Node, str] | None = None,
) -> list[Finding]:
    """Validate ``data`` against ``shapes`` (``ontology`` mixed in for class hierarchy).

    ``origins`` maps subjects to the file they come from, so each finding names its file.
    """
    _conforms, report, _text = pyshacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    findings = []
    # Top-level results only: pyshacl nests sh:detail results that would count twice.
    for result in report.objects(None, SH.result):
        severity = report.value(result, SH.resultSeverity)
        focus = report.value(result, SH.focusNode)
        messages = [str(m) for m in report.objects(result, SH.resultMessage)]
        findings.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1],
                focus=str(focus),
                message="; ".join(messages) or "constraint not met",
                focus_label=_label(data, focus) if focus is not None else None,
                path=_short(report.value(result, SH.resultPath)),
                value=_short(report.value(result, SH.value)),
                shape=_short(report.value(result, SH.sourceShape)),
                source_file=(origins or {}).get(focus) if focus is not None else None,
            )
        )
    return findings
