"""Resource pages and RDF documents: how the server answers for the IRIs under its base.

The canonical base (``settings.base_iri``, ``https://w3id.org/aspen/`` by default) maps onto the
server's root: ``…/id/priority/x`` is served at ``/id/priority/x``, ``…/ont/Alignment`` at
``/ont/Alignment``; any other IRI the graph describes (the UN's SDG IRIs) at
``/resource?iri=…``. Each resource URL negotiates its representation by ``Accept`` (HTML for
browsers; Turtle, JSON-LD, N-Triples, RDF/XML for RDF clients), and ``?format=`` or a document
URL (``/id/priority/x.ttl``) picks one outright. Pages speak the language asked for
(``?lang=``, else ``Accept-Language``) where the graph has it, and say when they fall back to
English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, urlencode

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

# a resource's description and documents live in api/documents.py; their names stay here too
from aspen_graph.api.documents import (
    DESCRIPTION_LIMIT,
    DESCRIPTION_QUERY,
    describe,
    describe_text,
    document_prefixes,
    json_ld_in_order,
    links_to,
    serialize,
)
from aspen_graph.api.errors import ProtocolError
from aspen_graph.api.negotiation import negotiate
from aspen_graph.curie import compress
from aspen_graph.i18n import N_, interface_languages, native_name, translate, translations
from aspen_graph.store import formats
from aspen_graph.store.formats import Format

FORMATS: dict[str, Format] = {f.ext: f for f in formats.RESOURCE_FORMATS}
"""The representations of a resource, by extension (the ``?format=`` name too)."""
BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS.values()}
OFFERED = tuple(
    f.media_type
    for f in (formats.RDF_XML, formats.N_TRIPLES, formats.JSON_LD, formats.HTML, formats.TURTLE)
)
"""Least to most preferred (the tie rule of :mod:`.accept`): ``*/*`` gets Turtle; a browser,
which asks for text/html by name, gets the page."""

LANGUAGES: dict[str, str] = {
    "en": "English",
    "vi": "Tiếng Việt",
    "fr": "Français",
    "es": "Español",
    "km": "ភាសាខ្មែរ",
    "lo": "ພາສາລາວ",
    "my": "မြန်မာဘာသာ",
}
"""Languages the graph has labels in (the SDG texts come in the UN's and ASEAN languages)."""
LANGUAGE_NAMES_EN = {
    "en": N_("English"),
    "vi": N_("Vietnamese"),
    "fr": N_("French"),
    "es": N_("Spanish"),
    "km": N_("Khmer"),
    "lo": N_("Lao"),
    "my": N_("Burmese"),
}
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


# -- negotiation -----------------------------------------------------------------------------


def choose_format(accept: str | None, requested: str | None) -> Format:
    """The representation to send: ``?format=`` when given, else the best match for ``Accept``.

    >>> choose_format("text/html,application/xhtml+xml,*/*;q=0.8", None).ext
    'html'
    >>> choose_format("*/*", None).ext, choose_format(None, "jsonld").ext
    ('ttl', 'jsonld')
    """
    if requested is not None:
        fmt = FORMATS.get(requested.strip().lower())
        if fmt is None:
            raise ProtocolError(
                406, f"format {requested[:40]!r} is not available; use one of {', '.join(FORMATS)}"
            )
        return fmt
    return BY_MEDIA_TYPE[negotiate(accept, OFFERED)]


def choose_language(requested: str | None, accept_language: str | None) -> str:
    """The language of a page: ``?lang=`` when given (any well-formed tag, primary subtag
    kept), else the best of :data:`LANGUAGES` for ``Accept-Language``, else English.

    >>> choose_language(None, "vi-VN,vi;q=0.9,en;q=0.8"), choose_language("fr-CA", None)
    ('vi', 'fr')
    >>> choose_language(None, "de"), choose_language(None, None)
    ('en', 'en')
    """
    if requested is not None and requested.strip():
        tag = requested.strip()
        if not _LANGUAGE_TAG.match(tag):
            raise ProtocolError(400, f"lang={tag[:40]!r} is not a language tag (try en or vi)")
        return tag.split("-", 1)[0].lower()
    header = parse_accept_header(accept_language or "", LanguageAccept)
    best = header.best_match(list(dict.fromkeys([*LANGUAGES, *interface_languages()])))
    return str(best).split("-", 1)[0].lower() if best else "en"


def interface_language(accept_language: str | None) -> str:
    """The best interface language (a catalogue's) for ``Accept-Language``, else English: for
    documents that only come in those, such as the report.

    >>> interface_language("km,vi;q=0.5"), interface_language("km"), interface_language(None)
    ('vi', 'en', 'en')
    """
    header = parse_accept_header(accept_language or "", LanguageAccept)
    best = header.best_match(list(interface_languages()))
    return str(best).split("-", 1)[0].lower() if best else "en"


def link_language(requested: str | None, lang: str) -> str | None:
    """The language a page's links carry as ``?lang=``: the page's, unless it is English by
    default (no ``?lang=`` asked). A choice made with ``?lang=`` so survives every click, also
    English against a browser's ``Accept-Language``; a page in the browser's language links
    to pages that would be chosen the same way anyway, but carries it to be a stable address.

    >>> link_language(None, "en"), link_language("en", "en"), link_language(None, "vi")
    (None, 'en', 'vi')
    """
    if lang == "en" and not (requested and requested.strip()):
        return None
    return lang


def language_name(code: str, ui: str = "en") -> str:
    """The name of a language in the interface language ``ui`` (English by default), else the
    code itself.

    >>> language_name("vi"), language_name("en", "vi"), language_name("zz")
    ('Vietnamese', 'tiếng Anh', 'zz')
    """
    name = LANGUAGE_NAMES_EN.get(code)
    return translate(ui, name) if name is not None else code


# -- IRIs and paths ---------------------------------------------------------------------------


def iri_of_path(base: str, path: str) -> URIRef:
    """The canonical IRI a server path stands for.

    >>> iri_of_path("https://w3id.org/aspen/", "/id/priority/p2")
    rdflib.term.URIRef('https://w3id.org/aspen/id/priority/p2')
    """
    return URIRef(base + path.lstrip("/"))


def local_path(base: str, iri: str) -> str | None:
    """The server path of an IRI under the base, else ``None``.

    >>> local_path("https://w3id.org/aspen/", "https://w3id.org/aspen/ont/Alignment")
    '/ont/Alignment'
    """
    if not iri.startswith(base):
        return None
    return "/" + quote(iri[len(base) :], safe="/:@!$&'()*+,;=-._~")


def resource_href(base: str, iri: str, fmt: str | None = None) -> str:
    """Where the server answers for ``iri`` (optionally one format's document URL).

    >>> resource_href("https://w3id.org/aspen/", "https://w3id.org/aspen/id/goal/g1", "ttl")
    '/id/goal/g1.ttl'
    >>> resource_href("https://w3id.org/aspen/", "http://metadata.un.org/sdg/14.1")
    '/resource?iri=http%3A%2F%2Fmetadata.un.org%2Fsdg%2F14.1'
    """
    path = local_path(base, iri)
    if path is not None and path.startswith(("/id/", "/ont/")) and path != "/ont/":
        return f"{path}.{fmt}" if fmt else path
    if path == "/ont/":
        return f"/ont/index.{fmt}" if fmt else path
    query = {"iri": iri, **({"format": fmt} if fmt else {})}
    return "/resource?" + urlencode(query)


def split_extension(key: str) -> tuple[str, str | None]:
    """``x.ttl`` → (``x``, ``ttl``) for the extensions of :data:`FORMATS` (keys never end so).

    >>> split_extension("aspen-2026-2035-p2.jsonld"), split_extension("C.1")
    (('aspen-2026-2035-p2', 'jsonld'), ('C.1', None))
    """
    stem, dot, ext = key.rpartition(".")
    if dot and stem and ext in FORMATS:
        return stem, ext
    return key, None


# -- text in a language ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of text in a language; ``fallback`` when it stands in for the language asked."""

    value: str
    lang: str | None = None
    fallback: bool = False


def _matches(literal: Literal, lang: str) -> bool:
    tag = (literal.language or "").lower()
    return tag == lang or tag.startswith(lang + "-")


def pick(values: Iterable[Node], lang: str) -> Text | None:
    """The value in ``lang``, else English, else untagged, else any (``fallback`` marks a miss).

    >>> pick([Literal("a", lang="en"), Literal("b", lang="vi")], "vi")
    Text(value='b', lang='vi', fallback=False)
    >>> pick([Literal("a", lang="en")], "vi")
    Text(value='a', lang='en', fallback=True)
    """
    literals = sorted((v for v in values if isinstance(v, Literal)), key=str)
    if not literals:
        return None
    for wanted in (lang, "en"):
        for literal in literals:
            if _matches(literal, wanted):
                return Text(str(literal), literal.language, fallback=wanted != lang)
    plain = [v for v in literals if not v.language]
    chosen = plain[0] if plain else literals[0]
    return Text(str(chosen), chosen.language, fallback=chosen.language != lang)


def ordered_literals(values: Iterable[Node], lang: str) -> list[Literal]:
    """The literals among ``values``: the asked language first, then English, then the rest.

    >>> values = [Literal("a", lang="fr"), Literal("b", lang="en")]
    >>> [v.language for v in ordered_literals(values, "vi")]
    ['en', 'fr']
    """

    def rank(literal: Literal) -> tuple[int, str, str]:
        tag = (literal.language or "").lower()
        first = 0 if _matches(literal, lang) else 1 if _matches(literal, "en") else 2
        return first, tag, str(literal)

    return sorted((v for v in values if isinstance(v, Literal)), key=rank)


# -- templates -------------------------------------------------------------------------------


NO_LANG_PREFIXES = ("/static/", "/download/", "/context.jsonld", "/sparql", "/openapi.json")
"""Internal links that never carry ``?lang=``: files, whatever the language."""


def with_lang(href: str, lang: str | None) -> str:
    """An internal link (``/…``) carrying ``?lang=``; other links, and files, as they are.

    >>> with_lang("/id/goal/g1", "vi"), with_lang("/resource?iri=x&lang=en", "vi")
    ('/id/goal/g1?lang=vi', '/resource?iri=x&lang=vi')
    >>> with_lang("https://example.org/", "vi"), with_lang("/static/site.css", "vi")
    ('https://example.org/', '/static/site.css')
    >>> with_lang("/", None), with_lang("/ont/#Alignment", "vi")
    ('/', '/ont/?lang=vi#Alignment')
    """
    if not lang or not href.startswith("/") or href.startswith("//"):
        return href
    if href.startswith(NO_LANG_PREFIXES):
        return href
    rest, hash_mark, fragment = href.partition("#")
    path, _, query = rest.partition("?")
    kept = [part for part in query.split("&") if part and not part.startswith("lang=")]
    query = "&".join([*kept, urlencode({"lang": lang})])
    return f"{path}?{query}{hash_mark}{fragment}"


@lru_cache(maxsize=32)
def templates(lang: str = "en", link_lang: str | None = None) -> Environment:
    """The Jinja2 environment of the pages (``api/templates/pages/``) in one interface language:
    autoescaping on, ``jinja2.ext.i18n`` with that language's catalogue (English where it has
    none), ``_t(message)`` for strings marked with ``N_()`` in Python, and the filter ``href``
    (an internal link carrying ``?lang=link_lang``). One environment per (language, link
    language): nothing request-specific is installed on a shared one."""
    env = Environment(
        loader=ChoiceLoader(  # the pages, and the editor (its own frame: a wider layout)
            [
                PackageLoader("aspen_graph.api", "templates/pages"),
                PackageLoader("aspen_graph.api", "templates"),
            ]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them: whitespace collapsed
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals["language_name"] = lambda code: language_name(code, lang)
    env.globals["_t"] = lambda message: translate(lang, message)
    env.globals["page_lang"] = lang
    env.filters["href"] = lambda href: with_lang(href, link_lang)
    return env


def render(template: str, **context: object) -> bytes:
    """A page as UTF-8 bytes, in the interface language of its ``ctx`` (English without one),
    its links carrying the ``ctx``'s ``?lang=``."""
    ctx = context.get("ctx")
    env = templates(str(getattr(ctx, "lang", "en")), getattr(ctx, "link_lang", None))
    return env.get_template(template).render(**context).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Alternate:
    """A ``<link rel="alternate">`` of a page (and a ``Link`` header of a response)."""

    media_type: str
    href: str
    title: str


VOID_ALTERNATE = Alternate(
    formats.TURTLE.media_type, "/.well-known/void", "Dataset description (DCAT, VoID)"
)


def alternates(href_of: Mapping[str, str]) -> list[Alternate]:
    """One alternate per RDF format, from format extension → document URL."""
    return [
        Alternate(FORMATS[ext].media_type, href, FORMATS[ext].label)
        for ext, href in href_of.items()
        if not FORMATS[ext].html
    ]


def link_header(items: Sequence[Alternate]) -> str:
    """The ``Link`` header naming the alternates (and the dataset description).

    >>> link_header([Alternate("text/turtle", "/x.ttl", "Turtle")])
    '</x.ttl>; rel="alternate"; type="text/turtle"'
    """
    return ", ".join(f'<{a.href}>; rel="alternate"; type="{a.media_type}"' for a in items)


@dataclass
class PageContext:
    """What every page template gets: language, alternates, navigation."""

    lang: str
    alternates: list[Alternate] = field(default_factory=list)
    languages: list[tuple[str, str, str]] = field(default_factory=list)
    """(code, name, href) of the language switcher."""
    version: str = ""
    routes: frozenset[str] = frozenset()
    """Paths the app serves: pages link to the report or the editor only when they exist."""
    link_lang: str | None = None
    """The ``?lang=`` every internal link carries (:func:`link_language`), ``None`` for none."""

    @property
    def ui_lang(self) -> str:
        """The language of the interface's words (``<html lang>``): the page's language when a
        catalogue speaks it, else English (the graph's texts carry their own ``lang``)."""
        return self.lang if self.lang in interface_languages() else "en"


def language_links(
    path: str, params: Mapping[str, str], codes: Iterable[str] | None = None
) -> list[tuple[str, str, str]]:
    """The language switcher's links: the same page with ``?lang=`` for each code (by default
    the interface languages, :func:`~aspen_graph.i18n.interface_languages`), each named in
    itself."""
    links = []
    for code in interface_languages() if codes is None else codes:
        query = {k: v for k, v in params.items() if k != "lang"} | {"lang": code}
        name = LANGUAGES.get(code) or native_name(code)
        links.append((code, name, f"{path}?{urlencode(query)}"))
    return links


def curie(iri: Node) -> str:
    """The CURIE of an IRI (or the IRI); blank nodes as ``_:``."""
    if isinstance(iri, BNode):
        return "_:" + str(iri)
    return compress(str(iri))


def types_of(graph: Graph, iri: Node) -> list[URIRef]:
    """The resource's rdf:types, sorted."""
    return sorted(t for t in graph.objects(iri, RDF.type) if isinstance(t, URIRef))


__all__ = [
    "BY_MEDIA_TYPE",
    "DESCRIPTION_LIMIT",
    "DESCRIPTION_QUERY",
    "FORMATS",
    "LANGUAGES",
    "OFFERED",
    "VOID_ALTERNATE",
    "Alternate",
    "Format",
    "PageContext",
    "Text",
    "alternates",
    "choose_format",
    "choose_language",
    "curie",
    "describe",
    "describe_text",
    "document_prefixes",
    "interface_language",
    "iri_of_path",
    "json_ld_in_order",
    "language_links",
    "language_name",
    "link_header",
    "link_language",
    "links_to",
    "local_path",
    "ordered_literals",
    "pick",
    "render",
    "resource_href",
    "serialize",
    "split_extension",
    "templates",
    "types_of",
    "with_lang",
]
