"""What a resource page shows, built from the resource's description and the catalogue queries.

Every page: the title and description in the language asked for (saying so when it falls back to
English), the types, every statement about the resource and every link to it, as links. Plan
elements add their alignments (``alignments-by-element``); SDG and GBF targets (and anything an
alignment can point at) the ASPEN elements that reach them (``elements-by-target``); an SDG
goal its targets (``pages/goal-targets``); a plan its goals and priorities
(``pages/plan-elements``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from aspen_graph.analysis import Suggester, Suggestion, element_query
from aspen_graph.api.pages import (
    Text,
    curie,
    language_name,
    ordered_literals,
    pick,
    resource_href,
    types_of,
)
from aspen_graph.api.routes.plan_scope import plan_version
from aspen_graph.errors import QueryParameterError
from aspen_graph.i18n import N_, translate
from aspen_graph.model import natural_key, split_sources, whole, words
from aspen_graph.model import number as _number
from aspen_graph.namespaces import ASPEN, PREFIXES, SDGO
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import GraphStore, Table

MAX_VALUES = 60
"""Values shown per property; the RDF documents have them all."""
TITLE_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
DESCRIPTION_PROPERTIES = (DCTERMS.description, SKOS.definition, RDFS.comment)
KIND_NAMES: dict[Node | None, str] = {
    ASPEN.StrategicGoal: N_("Strategic goal"),
    ASPEN.StrategicPriority: N_("Strategic priority"),
}
"""Names of kinds, translated where the page shows them."""
HOW_WORDS = (N_("direct"), N_("roll-up"))
"""The words of ``elements-by-target``'s ``how`` column, translated where the page shows them."""
BLANK_NODE = N_("blank node")
FIRST = (*TITLE_PROPERTIES, SKOS.altLabel, SKOS.notation, *DESCRIPTION_PROPERTIES)
"""Properties listed first, in this order."""
FEW_ALIGNMENTS = 3
"""An element with fewer alignments to candidate targets than this gets suggested targets."""
SUGGESTED = 5
"""Suggested targets shown on such an element's page."""
FRAMEWORK_NAMES = {
    "sdg": N_("SDG"),
    "gbf": N_("GBF"),
    "paris": N_("Paris Agreement"),
    "asean2045": N_("ASEAN 2045"),
}
"""The frameworks of :data:`aspen_graph.analysis.FRAMEWORKS`, as the pages name them."""


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a resource: where to (``None`` for no link), the text, and the CURIE."""

    href: str | None
    text: Text
    curie: str
    external: bool = False


@dataclass(frozen=True, slots=True)
class Value:
    """One value of a property: a link, or a text with a note (its datatype)."""

    link: Link | None = None
    text: Text | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Statement:
    """A property and its values (outgoing) or the resources linking by it (incoming)."""

    property: Link
    values: tuple[Value, ...]
    hidden: int = 0


@dataclass(frozen=True, slots=True)
class AlignmentRow:
    """A row of an element's alignments table: a view of :class:`aspen_graph.model.Alignment`,
    some of its fields (no others) as the page shows them: links, texts in their language,
    numbers as the graph writes them."""

    target: Link
    score: int
    interaction: str
    confidence: str
    rationale: Text
    sources: tuple[Link, ...]
    status: str
    date: str
    alignment: Link


@dataclass(frozen=True, slots=True)
class ReachRow:
    element: Link
    how: str
    score: int | None
    confidence: str
    rationale: Text | None
    alignment: Link | None


@dataclass(frozen=True, slots=True)
class TargetRow:
    notation: str
    target: Link
    elements: int


@dataclass(frozen=True, slots=True)
class ElementRow:
    kind: str
    sequence: str
    element: Link


@dataclass(frozen=True, slots=True)
class SuggestedRow:
    """A machine-proposed target (:class:`aspen_graph.analysis.Suggestion`) as the pages show
    it: a link to the target's page, its framework, the ranking score, the proposed interaction
    and confidence, and the words of each side the proposal rests on."""

    rank: int
    target: Link
    framework: str
    score: float
    interaction: int
    confidence: float
    source_words: Text
    target_words: Text


def suggestion_rows(
    found: Sequence[Suggestion], base: str, lang: str, text_lang: str
) -> list[SuggestedRow]:
    """The ranked suggestions (not the element's existing alignments, rank 0) as table rows;
    the targets' texts are English (``lang`` is the page's), the source words ``text_lang``."""
    rows = []
    for s in found:
        if s.existing:
            continue
        c = s.candidate
        label = c.label if c.label.startswith(c.code) else f"{c.code} {c.label}"
        rows.append(
            SuggestedRow(
                rank=s.rank,
                target=Link(resource_href(base, c.iri), Text(label, "en", lang != "en"), c.curie),
                framework=FRAMEWORK_NAMES.get(c.framework, c.framework),
                score=s.score,
                interaction=s.interaction,
                confidence=s.confidence,
                source_words=Text(", ".join(s.source_words), text_lang),
                target_words=Text(", ".join(s.target_words), "en"),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class Review:
    """What ``aspen suggest`` needs to write the review file of one element."""

    code: str
    version: str
    few: int = FEW_ALIGNMENTS

    @property
    def command(self) -> str:
        return f"aspen suggest --element {self.code} --version {self.version} --out review.xlsx"


def element_suggestions(
    suggester: Suggester, iri: str, base: str, lang: str
) -> tuple[list[SuggestedRow], Review | None]:
    """The top :data:`SUGGESTED` targets for an element with fewer than
    :data:`FEW_ALIGNMENTS` alignments to candidate targets (the count ``aspen suggest
    --max-alignments`` uses), ranked for its own text; nothing for any other element."""
    element = suggester.elements.get(iri)
    if element is None or len(suggester.links.get(iri, [])) >= FEW_ALIGNMENTS:
        return [], None
    try:
        query = element_query(element)
    except QueryParameterError:  # an element without a label: nothing to rank for
        return [], None
    found = suggester.suggest(query, top=SUGGESTED)
    version = element.version.rsplit("/", 1)[-1]
    return suggestion_rows(found, base, lang, query.lang), Review(element.code, version)


@dataclass(frozen=True, slots=True)
class VersionOption:
    """A plan version the challenge page's switcher offers."""

    iri: str
    label: Text
    selected: bool


@dataclass(frozen=True, slots=True)
class ChallengeTarget:
    """A relevant target of a challenge: its code and text, and the elements reaching it (none
    for a gap)."""

    code: str
    framework: str
    target: Link
    text: Text | None
    elements: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class TradeOffRow:
    """A negative alignment to one of the challenge's relevant targets."""

    element: Link
    target: Link
    score: int
    interaction: str
    rationale: Text
    alignment: Link


@dataclass
class ChallengeView:
    """What a global challenge's page answers for one plan version: coverage (``coverage-by-
    challenge``), the reached targets with their elements (``pages/challenge-reach``), the gaps
    (``gaps-by-challenge``) and the trade-offs (``trade-offs``), targets in natural code order."""

    plan: Link
    version: Link
    versions: list[VersionOption]
    relevant: int = 0
    reached: int = 0
    ratio: float = 0.0
    sdg: tuple[int, int] = (0, 0)
    gbf: tuple[int, int] = (0, 0)
    reached_targets: list[ChallengeTarget] = field(default_factory=list)
    gaps: list[ChallengeTarget] = field(default_factory=list)
    trade_offs: list[TradeOffRow] = field(default_factory=list)


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


class Labeller:
    """Links and titles from a description graph, in one language."""

    def __init__(self, graph: Graph, lang: str, base: str) -> None:
        self.graph = graph
        self.lang = lang
        self.base = base
        self.known = {s for s in graph.subjects() if isinstance(s, URIRef)}

    def title(self, iri: Node) -> Text | None:
        """The best title: label, preferred label (with its notation) or title, in the language
        asked, else in English, else any."""
        for wanted in (self.lang, "en"):
            for prop in TITLE_PROPERTIES:
                found = pick(self.graph.objects(iri, prop), wanted)
                if found is not None and not found.fallback:
                    value = found.value
                    notation = self.graph.value(iri, SKOS.notation)
                    if prop == SKOS.prefLabel and notation and not value.startswith(str(notation)):
                        value = f"{notation} {value}"
                    return Text(value, found.lang, fallback=wanted != self.lang)
        for prop in TITLE_PROPERTIES:
            found = pick(self.graph.objects(iri, prop), self.lang)
            if found is not None:
                return found
        return None

    def description(self, iri: Node) -> Text | None:
        for wanted in (self.lang, "en"):
            for prop in DESCRIPTION_PROPERTIES:
                found = pick(self.graph.objects(iri, prop), wanted)
                if found is not None and not found.fallback:
                    return Text(found.value, found.lang, fallback=wanted != self.lang)
        return None

    def link(self, iri: Node, text: Text | None = None) -> Link:
        short = curie(iri)
        shown = text or self.title(iri) or Text(short)
        if not isinstance(iri, URIRef):
            return Link(None, shown, short)
        value = str(iri)
        if iri in self.known or value.startswith(self.base):
            return Link(resource_href(self.base, value), shown, short)
        if value.startswith(("http://", "https://")):
            return Link(value, shown, short, True)
        return Link(None, shown, short)

    def value(self, node: Node) -> Value:
        if isinstance(node, Literal):
            datatype = node.datatype
            note = "" if datatype in (None, XSD.string) else curie(datatype)
            return Value(text=Text(str(node), node.language), note=note)
        if isinstance(node, BNode):
            return Value(text=Text(self.summary(node)), note=BLANK_NODE)
        return Value(link=self.link(node))

    def summary(self, node: Node, depth: int = 0) -> str:
        """A blank node in words (OWL restrictions, lists), three levels deep."""
        if not isinstance(node, BNode):
            return str(node) if isinstance(node, Literal) else curie(node)
        if depth > 3:
            return "[…]"
        if (node, RDF.first, None) in self.graph:
            items = Collection(self.graph, node)
            return "(" + " ".join(self.summary(i, depth + 1) for i in items) + ")"
        parts = [
            f"{curie(p)} {self.summary(o, depth + 1)}"
            for p, o in sorted(self.graph.predicate_objects(node))
        ]
        return "[" + "; ".join(parts) + "]"


def _sort_key(statement: Statement) -> tuple[int, str]:
    iri = statement.property.curie
    order = [curie(p) for p in FIRST]
    return (order.index(iri) if iri in order else len(order), statement.property.text.value.lower())


def statements(
    labeller: Labeller, pairs: Iterable[tuple[Node, Node]], *, literals_first: bool
) -> list[Statement]:
    """(property, value) pairs grouped by property, values sorted; long groups cut short."""
    grouped: defaultdict[Node, list[Node]] = defaultdict(list)
    for prop, value in pairs:
        grouped[prop].append(value)
    result = []
    for prop, nodes in grouped.items():
        literal_values = [labeller.value(n) for n in ordered_literals(nodes, labeller.lang)]
        others = sorted(
            (labeller.value(n) for n in nodes if not isinstance(n, Literal)),
            key=lambda v: v.link.text.value.lower() if v.link else (v.text.value if v.text else ""),
        )
        values = literal_values + others if literals_first else others + literal_values
        result.append(
            Statement(
                labeller.link(prop),
                tuple(values[:MAX_VALUES]),
                hidden=max(len(values) - MAX_VALUES, 0),
            )
        )
    return sorted(result, key=_sort_key)


def _classes(catalog: QueryCatalog, name: str, param: str) -> set[URIRef]:
    spec = catalog.get(name)
    declared = spec.param(param)
    classes = declared.classes if declared is not None else ()
    return {URIRef(PREFIXES[c.split(":", 1)[0]] + c.split(":", 1)[1]) for c in classes}


def alignment_rows(labeller: Labeller, table: Table) -> list[AlignmentRow]:
    rows = []
    for row in table.records():
        label = row.get("target_label")
        sources = tuple(
            labeller.link(URIRef(s), Text(urlsplit(s).netloc or s))
            for s in split_sources(row.get("sources"))
        )
        rationale = row.get("rationale")
        rows.append(
            AlignmentRow(
                target=labeller.link(
                    row["target"],  # type: ignore[arg-type]
                    Text(str(label), label.language) if isinstance(label, Literal) else None,
                ),
                score=whole(row.get("score")) or 0,
                interaction=words(row.get("interaction")),
                confidence=words(row.get("confidence")),
                rationale=Text(
                    words(rationale), rationale.language if isinstance(rationale, Literal) else None
                ),
                sources=sources,
                status=words(row.get("status")),
                date=words(row.get("date")),
                alignment=labeller.link(row["alignment"], Text(curie(row["alignment"]))),  # type: ignore[arg-type]
            )
        )
    return rows


def reach_rows(labeller: Labeller, table: Table) -> list[ReachRow]:
    rows = []
    for row in table.records():
        label = row.get("element_label")
        rationale = row.get("rationale")
        alignment = row.get("alignment")
        rows.append(
            ReachRow(
                element=labeller.link(
                    row["element"],  # type: ignore[arg-type]
                    Text(str(label), label.language) if isinstance(label, Literal) else None,
                ),
                how=words(row.get("how")),
                score=whole(row.get("score")),
                confidence=words(row.get("confidence")),
                rationale=Text(words(rationale), rationale.language)
                if isinstance(rationale, Literal)
                else None,
                alignment=labeller.link(alignment, Text(curie(alignment)))
                if alignment is not None
                else None,
            )
        )
    return rows


def _natural(code: str) -> tuple[tuple[int, str], ...]:
    return tuple((0, f"{int(p):05d}") if p.isdigit() else (1, p) for p in re.split(r"[.\-]", code))


def target_order(framework: str, code: str) -> tuple[str, tuple[tuple[int, int | str], ...]]:
    """Targets by framework, then in natural code order (SDG 7.3 < 7.a < 13.1, GBF 9 < 23)."""
    return framework, natural_key(code)


def _target_order(target: ChallengeTarget) -> tuple[str, tuple[tuple[int, int | str], ...]]:
    return target_order(target.framework, target.code)


def _challenge_target(labeller: Labeller, row: dict[str, Node | None]) -> ChallengeTarget:
    """A row of ``pages/challenge-reach`` or ``gaps-by-challenge`` as a target, no elements."""
    code = words(row.get("code"))
    return ChallengeTarget(
        code,
        words(row.get("framework")),
        labeller.link(row["target"], Text(code)),  # type: ignore[arg-type]
        _label(row.get("text")),
    )


def _versions(
    store: GraphStore, catalog: QueryCatalog, lang: str, chosen: str
) -> list[VersionOption]:
    table = run_select(store, catalog, "pages/plan-versions", {"lang": lang})
    return [
        VersionOption(
            str(r["version"]),
            _label(r.get("label")) or Text(curie(r["version"])),  # type: ignore[arg-type]
            str(r["version"]) == chosen,
        )
        for r in table.records()
    ]


def challenge_view(
    labeller: Labeller,
    iri: URIRef,
    store: GraphStore,
    catalog: QueryCatalog,
    version: str | None,
) -> ChallengeView:
    """The challenge's answers for ``version`` (default: the latest version of the default
    plan); a version naming nothing is a 404, like ``/coverage``'s."""
    lang = labeller.lang
    plan, chosen = plan_version(store, catalog, None, version)
    values = {"plan": plan, "version": chosen, "challenge": str(iri), "lang": lang}
    view = ChallengeView(
        plan=labeller.link(URIRef(plan)),
        version=labeller.link(URIRef(chosen)),
        versions=_versions(store, catalog, lang, chosen),
    )
    for row in run_select(store, catalog, "coverage-by-challenge", values).records():
        view.relevant = whole(row.get("relevant")) or 0
        view.reached = whole(row.get("reached")) or 0
        view.ratio = _number(row.get("ratio")) or 0.0
        view.sdg = (whole(row.get("sdg_relevant")) or 0, whole(row.get("sdg_reached")) or 0)
        view.gbf = (whole(row.get("gbf_relevant")) or 0, whole(row.get("gbf_reached")) or 0)
    reached: dict[str, ChallengeTarget] = {}
    for row in run_select(store, catalog, "pages/challenge-reach", values).records():
        element = labeller.link(row["element"], _label(row.get("element_label")))  # type: ignore[arg-type]
        found = reached.get(str(row["target"])) or _challenge_target(labeller, row)
        if element not in found.elements:
            found = replace(found, elements=(*found.elements, element))
        reached[str(row["target"])] = found
    gaps = run_select(store, catalog, "gaps-by-challenge", values).records()
    relevant = set(reached) | {str(row["target"]) for row in gaps}
    view.reached_targets = sorted(reached.values(), key=_target_order)
    view.gaps = sorted((_challenge_target(labeller, row) for row in gaps), key=_target_order)
    trade = run_select(
        store, catalog, "trade-offs", {"plan": plan, "version": chosen, "lang": lang}
    )
    view.trade_offs = [
        TradeOffRow(
            element=labeller.link(row["element"], _label(row.get("element_label"))),  # type: ignore[arg-type]
            target=labeller.link(row["target"], _label(row.get("target_label"))),  # type: ignore[arg-type]
            score=whole(row.get("score")) or 0,
            interaction=words(row.get("interaction")),
            rationale=_label(row.get("rationale")) or Text(words(row.get("rationale"))),
            alignment=labeller.link(row["alignment"], Text(curie(row["alignment"]))),  # type: ignore[arg-type]
        )
        for row in trade.records()
        if str(row["target"]) in relevant
    ]
    return view


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
) -> ResourcePage:
    """The page of ``iri`` from its description ``graph`` and the catalogue queries; a plan
    element with few alignments gets targets from ``suggester`` (asked only then); a global
    challenge its answers for the plan ``version`` (default: the latest)."""
    labeller = Labeller(graph, lang, base)
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
                    labeller.link(r["target"], _label(r.get("text"))),  # type: ignore[arg-type]
                    whole(r.get("elements")) or 0,
                )
                for r in table.records()
            ),
            key=lambda t: _natural(t.notation),
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
                labeller.link(r["element"], _label(r.get("label"))),  # type: ignore[arg-type]
            )
            for r in table.records()
        ]
        hidden.add(ASPEN.partOfPlan)
    page.outgoing = statements(
        labeller,
        ((p, o) for p, o in graph.predicate_objects(iri) if p != RDF.type),
        literals_first=True,
    )
    page.incoming = statements(
        labeller,
        ((p, s) for s, p in graph.subject_predicates(iri) if p not in hidden),
        literals_first=False,
    )
    return page


def _label(value: Node | None) -> Text | None:
    if isinstance(value, Literal):
        return Text(str(value), value.language)
    return None


def _language(code: str) -> str:
    name = language_name(code, code)
    return f"{name} ({code})" if name != code else code


__all__ = [
    "FEW_ALIGNMENTS",
    "SUGGESTED",
    "ChallengeTarget",
    "ChallengeView",
    "Labeller",
    "Link",
    "ResourcePage",
    "Review",
    "Statement",
    "SuggestedRow",
    "TradeOffRow",
    "Value",
    "VersionOption",
    "build_page",
    "challenge_view",
    "element_suggestions",
    "suggestion_rows",
    "target_order",
]
