"""Quality-control queries (``sparql/qc/*-violation.rq``), run by the build after SHACL.

ODK style: each query selects violations, so no row means the check passes. A query names the
offending node ``?focus`` (its first column when it has no ``?focus``) and may add ``?value``
(the graph, triple or other node involved). Every row becomes a Violation finding, so it fails
the build exactly as a SHACL violation does, and is printed the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from rdflib.term import Node

from aspen_graph.queries import QueryCatalog, QuerySpec
from aspen_graph.store import GraphStore
from aspen_graph.validation import Finding

QC_GROUP = "qc"


TRIPLE_IN_TWO_GRAPHS = "triple-in-two-graphs-violation"
"""The QC query that keeps each triple in one named graph (the union default graph is a
multiset: a triple in two graphs would be counted twice)."""


def qc_findings(
    store: GraphStore,
    catalog: QueryCatalog,
    *,
    origins: Mapping[Node, str] | None = None,
    only: Collection[str] | None = None,
) -> list[Finding]:
    """One Violation per row of every QC query of the catalogue (or of the queries named in
    ``only``), on the store's data.

    ``origins`` maps subjects to the file they come from (as for SHACL findings).
    """
    findings: list[Finding] = []
    for spec in sorted(catalog.in_group(QC_GROUP), key=lambda s: s.name):
        if only is None or spec.name in only:
            findings.extend(_run(store, spec, origins or {}))
    return findings


def _run(store: GraphStore, spec: QuerySpec, origins: Mapping[Node, str]) -> list[Finding]:
    table = store.select(spec.text)
    where = f"sparql/{spec.group}/{spec.path.name}"
    findings = []
    for record in table.records():
        focus = record["focus"] if "focus" in record else record[table.columns[0]]
        value = record.get("value")
        findings.append(
            Finding(
                severity="Violation",
                focus=str(focus),
                message=f"QC query {spec.name} ({where}): {spec.summary}",
                value=None if value is None else str(value),
                source_file=origins.get(focus) if focus is not None else None,
            )
        )
    return findings
