"""What a resource page shows, built from the resource's description and the catalogue queries.

Every page: the title and description in the language asked for (saying so when it falls back to
English), the types, every statement about the resource and every link to it, as links. Plan
elements add their alignments (``alignments-by-element``); SDG and GBF targets (and anything an
alignment can point at) the ASPEN elements that reach them (``elements-by-target``); an SDG
goal its targets (``pages/goal-targets``); a plan its goals and priorities
(``pages/plan-elements``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from aspen_graph.analysis import Suggester
from aspen_graph.api.pages import (
    DESCRIPTION_LIMIT,
    Text,
    curie,
    language_name,
    links_to,
    ordered_literals,
    types_of,
)
from aspen_graph.api.routes.challenge_page import ChallengeView, challenge_view
from aspen_graph.api.routes.element_sections import (
    AlignmentRow,
    ElementRow,
    ReachRow,
    Review,
    SuggestedRow,
    TargetRow,
    alignment_rows,
    element_suggestions,
    reach_rows,
)
from aspen_graph.api.routes.page_links import (
    DESCRIPTION_PROPERTIES,
    TITLE_PROPERTIES,
    Labeller,
    Link,
    Statement,
    plan_badges,
)
from aspen_graph.i18n import N_, translate
from aspen_graph.model import natural_key, whole, words
from aspen_graph.namespaces import ASPEN, PREFIXES, SDGO
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import GraphStore

MAX_VALUES = 60
"""Values shown per property; the RDF documents have them all, but for the links to a hub
(``Settings.description_limit``: then the page says how many there are and where to list them)."""
COUNTS_QUERY = "pages/resource-inbound-counts"
LISTING_QUERY = "pages/resource-inbound"
KIND_NAMES: dict[Node | None, str] = {
    ASPEN.StrategicGoal: N_("Strategic goal"),
    ASPEN.StrategicPriority: N_("Strategic priority"),
}
"""Names of kinds, translated where the page shows them."""
HOW_WORDS = (N_("direct"), N_("roll-up"))
"""The words of ``elements-by-target``'s ``how`` column, translated where the page shows them."""
FIRST = (*TITLE_PROPERTIES, SKOS.altLabel, SKOS.notation, *DESCRIPTION_PROPERTIES)
"""Properties listed first, in this order."""


@dataclass
class ResourcePage:
    """Everything ``resource.html`` shows."""

    iri: str
    curie: str
    title: Text
    description: Text | None
    types: list[Link]
    outgoing: list[Statement]
    incoming: list[Statement]
    alignments: list[AlignmentRow] = field(default_factory=list)
    reached_by: list[ReachRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    elements: list[ElementRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    suggested: list[SuggestedRow] = field(default_factory=list)
    review: Review | None = None
    is_element: bool = False
    is_target: bool = False
    challenge: ChallengeView | None = None
    answers: list[Link] = field(default_factory=list)


def _sort_key(statement: Statement) -> tuple[int, str]:
    iri = statement.property.curie
    order = [curie(p) for p in FIRST]
    return (order.index(iri) if iri in order else len(order), statement.property.text.value.lower())


def statements(
    labeller: Labeller,
    pairs: Iterable[tuple[Node, Node]],
    *,
    literals_first: bool,
    totals: Mapping[Node, int] | None = None,
    listing: Callable[[Node], str] | None = None,
) -> list[Statement]:
    """(property, value) pairs grouped by property, values sorted; long groups cut short.
    ``totals``: the true number of values of each property, when ``pairs`` may lack some (a
    capped description); a property cut short then links to ``listing(property)``."""
    grouped: defaultdict[Node, list[Node]] = defaultdict(list)
    for prop, value in pairs:
        grouped[prop].append(value)
    for prop in totals or {}:
        grouped.setdefault(prop, [])  # every value cut by the cap: the page still counts them
    result = []
    for prop, nodes in grouped.items():
        literal_values = [labeller.value(n) for n in ordered_literals(nodes, labeller.lang)]
        others = sorted(
            (labeller.value(n) for n in nodes if not isinstance(n, Literal)),
            key=lambda v: v.link.text.value.lower() if v.link else (v.text.value if v.text else ""),
        )
        values = literal_values + others if literals_first else others + literal_values
        total = max(totals.get(prop, 0), len(values)) if totals is not None else len(values)
        shown = values[:MAX_VALUES]
        result.append(
            Statement(
                labeller.link(prop),
                tuple(shown),
                hidden=total - len(shown),
                total=total,
                listing=listing(prop) if listing and total > len(values) else None,
            )
        )
    return sorted(result, key=_sort_key)


def _classes(catalog: QueryCatalog, name: str, param: str) -> set[URIRef]:
    spec = catalog.get(name)
    declared = spec.param(param)
    classes = declared.classes if declared is not None else ()
    return {URIRef(PREFIXES[c.split(":", 1)[0]] + c.split(":", 1)[1]) for c in classes}


def build_page(
    graph: Graph,
    iri: URIRef,
    *,
    lang: str,
    base: str,
    store: GraphStore,
    catalog: QueryCatalog,
    suggester: Callable[[], Suggester] | None = None,
    version: str | None = None,
    limit: int = DESCRIPTION_LIMIT,
) -> ResourcePage:
    """The page of ``iri`` from its description ``graph`` and the catalogue queries; a plan
    element with few alignments gets targets from ``suggester`` (asked only then); a global
    challenge its answers for the plan ``version`` (default: the latest). A description with
    ``limit`` links to ``iri`` may have been capped: the page counts them all then."""
    labeller = Labeller(graph, lang, base, plan_badges(store, catalog, iri))
    types = types_of(graph, iri)
    title = labeller.title(iri) or Text(curie(iri))
    description = labeller.description(iri)
    notices = []
    language = _language(lang)
    if title.fallback:
        notices.append(
            translate(lang, "This resource has no title in %(language)s; it is shown in English.")
            % {"language": language}
        )
    if description is not None and description.fallback:
        notices.append(
            translate(
                lang, "This resource has no description in %(language)s; it is shown in English."
            )
            % {"language": language}
        )
    page = ResourcePage(
        iri=str(iri),
        curie=curie(iri),
        title=title,
        description=description,
        types=[labeller.link(t) for t in types],
        outgoing=[],
        incoming=[],
        notices=notices,
    )
    hidden: set[Node] = set()
    kinds = set(types)
    if kinds & _classes(catalog, "alignments-by-element", "element"):
        table = run_select(
            store, catalog, "alignments-by-element", {"element": str(iri), "lang": lang}
        )
        page.alignments = alignment_rows(labeller, table)
        page.is_element = True
        hidden.add(ASPEN.alignmentSource)
        if suggester is not None:
            page.suggested, page.review = element_suggestions(suggester(), str(iri), base, lang)
    if kinds & _classes(catalog, "elements-by-target", "target"):
        table = run_select(store, catalog, "elements-by-target", {"target": str(iri), "lang": lang})
        page.reached_by = reach_rows(labeller, table)
        page.is_target = True
        hidden.add(ASPEN.alignmentTarget)
    if SDGO.Goal in kinds:
        table = run_select(store, catalog, "pages/goal-targets", {"goal": str(iri), "lang": lang})
        page.targets = sorted(
            (
                TargetRow(
                    words(r["notation"]),
                    labeller.link(r["target"], labeller.label(r.get("text"))),  # type: ignore[arg-type]
                    whole(r.get("elements")) or 0,
                )
                for r in table.records()
            ),
            key=lambda t: natural_key(t.notation),
        )
        hidden.update({SDGO.isTargetOf, SKOS.broader})
    if ASPEN.GlobalChallenge in kinds:
        page.challenge = challenge_view(labeller, iri, store, catalog, version)
    page.answers = [
        labeller.link(c) for c in sorted(graph.objects(iri, ASPEN.answersChallenge), key=str)
    ]
    if ASPEN.StrategicPlan in kinds:
        table = run_select(store, catalog, "pages/plan-elements", {"plan": str(iri), "lang": lang})
        page.elements = [
            ElementRow(
                KIND_NAMES.get(r["kind"], curie(r["kind"])),  # type: ignore[arg-type]
                words(r.get("sequence")),
                labeller.link(r["element"], labeller.label(r.get("label"))),  # type: ignore[arg-type]
            )
            for r in table.records()
        ]
        hidden.add(ASPEN.partOfPlan)
    page.outgoing = statements(
        labeller,
        ((p, o) for p, o in graph.predicate_objects(iri) if p != RDF.type),
        literals_first=True,
    )
    totals = inbound_counts(store, catalog, iri) if links_to(graph, iri) >= limit else None
    page.incoming = statements(
        labeller,
        # a list cell or restriction pointing here (rdf:first of a blank node) is no link
        (
            (p, s)
            for s, p in graph.subject_predicates(iri)
            if p not in hidden and not isinstance(s, BNode)
        ),
        literals_first=False,
        totals=None if totals is None else {p: n for p, n in totals.items() if p not in hidden},
        listing=lambda prop: listing_href(catalog, iri, prop),
    )
    return page


def inbound_counts(store: GraphStore, catalog: QueryCatalog, iri: URIRef) -> dict[Node, int]:
    """How many resources link to ``iri``, by property (``pages/resource-inbound-counts``)."""
    # run as is, like plan_badges: a hub may have no type (qb:Observation), which run_select's
    # parameter check would refuse as naming nothing
    table = store.select(catalog.get(COUNTS_QUERY).text, bindings={"resource": iri})
    return {r["property"]: whole(r["links"]) or 0 for r in table.records()}  # type: ignore[misc]


def listing_href(catalog: QueryCatalog, iri: URIRef, prop: Node) -> str:
    """The SPARQL editor with the query listing every link to ``iri`` by ``prop``
    (``pages/resource-inbound``, its parameters bound by a ``VALUES`` line)."""
    spec = catalog.get(LISTING_QUERY)
    values = f"VALUES (?resource ?property) {{ ({iri.n3()} {URIRef(str(prop)).n3()}) }}"
    body = "\n".join(line for line in spec.text.splitlines() if not line.startswith("#+"))
    text = f"# {spec.name}: {spec.summary}\n" + body.replace("WHERE {", f"WHERE {{\n  {values}", 1)
    return "/editor?" + urlencode({"query": text})


def _language(code: str) -> str:
    name = language_name(code, code)
    return f"{name} ({code})" if name != code else code


__all__ = ["ResourcePage", "build_page", "statements"]
