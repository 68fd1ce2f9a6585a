"""Running the compiled queries on a store, and their rows as findings."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from aspen_graph.store import GraphStore
from aspen_graph.validation.report import Finding
from aspen_graph.validation.sparql.compile import compile_shapes
from aspen_graph.validation.sparql.program import CompiledShapes, ResultQuery, ShaclResult
from aspen_graph.validation.sparql.terms import compress_iri, n3, term_text

_MESSAGE_VARIABLE = re.compile(r"\{[\$\?]([A-Za-z_][A-Za-z0-9_]*)\}")


def _format_message(message: Literal, bindings: Mapping[str, Node | None]) -> str:
    text = str(message)

    def fill(match: re.Match[str]) -> str:
        value = bindings.get(match.group(1))
        return str(value) if value is not None else match.group(0)

    return _MESSAGE_VARIABLE.sub(fill, text)


def run_queries(
    store: GraphStore,
    program: CompiledShapes,
    *,
    timings: dict[str, float] | None = None,
) -> list[ShaclResult]:
    """Run every compiled query; results are de-duplicated (pyshacl may repeat one)."""
    seen: set[ShaclResult] = set()
    results: list[ShaclResult] = []
    for query in program.queries:
        if query.component == "sh:sparql" and not query.sparql:
            continue  # a deactivated SPARQL constraint
        started = time.perf_counter()
        table = store.select(query.text)
        if timings is not None:
            key = f"{term_text(query.shape)} {query.component}"
            timings[key] = timings.get(key, 0.0) + time.perf_counter() - started
        for record in table.records():
            result = _result(query, record)
            if result is not None and result not in seen:
                seen.add(result)
                results.append(result)
    return results


def _result(query: ResultQuery, record: Mapping[str, Node | None]) -> ShaclResult | None:
    focus = record.get("this")
    if focus is None:
        return None
    if query.component == "sh:sparql":
        value = record.get("value")
        path_term = record.get("path")
        path = n3(path_term) if isinstance(path_term, URIRef) else query.path
        if value is None and query.value_is_focus:
            value = focus
        bindings = dict(record)
        bindings["value"] = value
        texts = {_format_message(m, bindings) for m in query.sparql_messages}
        texts |= {_format_message(m, bindings) for m in query.messages}
        return ShaclResult(focus, path, value, query.shape, query.severity, tuple(sorted(texts)))
    value = focus if query.value_is_focus else record.get("value") if query.has_value else None
    messages = tuple(sorted({str(m) for m in query.messages}))
    return ShaclResult(focus, query.path, value, query.shape, query.severity, messages)


def _short(text: str | None) -> str | None:
    """A path as the report shows it: a CURIE for one predicate, else the SPARQL path."""
    if text is None:
        return None
    if re.fullmatch(r"<[^<>]*>", text):
        return compress_iri(text[1:-1])
    return re.sub(r"<([^<>]*)>", lambda m: compress_iri(m.group(1)), text)


def _labels(store: GraphStore, focus_nodes: Iterable[Node]) -> dict[Node, str]:
    """English rdfs:label, else any, else skos:prefLabel -- the label run_shacl shows."""
    iris = sorted({f for f in focus_nodes if isinstance(f, URIRef)}, key=str)
    labels: dict[Node, str] = {}
    for predicate in (RDFS.label, SKOS.prefLabel):
        # One predicate per query: pyoxigraph then looks each VALUES row up in its index.
        missing = [i for i in iris if i not in labels]
        for start in range(0, len(missing), 5000):
            chunk = " ".join(n3(i) for i in missing[start : start + 5000])
            table = store.select(
                f"SELECT ?f ?l WHERE {{ VALUES ?f {{ {chunk} }} ?f <{predicate}> ?l }}"
            )
            options: dict[Node, list[Literal]] = {}
            for f, label in table.rows:
                if f is not None and isinstance(label, Literal):
                    options.setdefault(f, []).append(label)
            for f, found in options.items():
                found.sort(key=str)
                english = [label for label in found if label.language == "en"]
                labels[f] = str((english or found)[0])
    return labels


def to_findings(
    store: GraphStore,
    results: list[ShaclResult],
    *,
    origins: Mapping[Node, str] | None = None,
) -> list[Finding]:
    """Findings as :func:`run_shacl` gives them (labels looked up in the store)."""
    labels = _labels(store, (r.focus for r in results))
    findings = []
    for result in results:
        value = result.value
        findings.append(
            Finding(
                severity=result.severity,
                focus=str(result.focus),
                message="; ".join(result.messages) or "constraint not met",
                focus_label=labels.get(result.focus),
                path=_short(result.path),
                value=term_text(value) if value is not None else None,
                shape=term_text(result.shape),
                source_file=(origins or {}).get(result.focus),
            )
        )
    return findings


def validate_store(
    store: GraphStore,
    shapes: Graph,
    *,
    origins: Mapping[Node, str] | None = None,
    canonical_integers: bool = False,
    timings: dict[str, float] | None = None,
) -> list[Finding]:
    """Validate everything in ``store`` (data and ontology graphs) against ``shapes``.

    The same findings as :func:`~aspen_graph.validation.shacl.run_shacl` on the same triples;
    ``origins`` maps subjects to their file. ``timings`` (if given) collects seconds per query.
    """
    program = compile_shapes(shapes, canonical_integers=canonical_integers)
    return to_findings(store, run_queries(store, program, timings=timings), origins=origins)
