"""Which file of the static site stands for a URL of the server (the layout of docs/static-site.md).

The pages the server renders link to server paths (``/id/goal/g1?lang=vi``,
``/resource?iri=…``, ``/static/site.css``); :func:`file_for` names the site file that holds the
same thing, or ``None`` for what only a live server can answer (``/sparql``, ``/editor``, a
form's answer, a query with other parameters than its defaults).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from aspen_graph.publish import RDF_EXTENSIONS, page_file, stem_of

DATA_EXTENSIONS = ("json", "csv")
"""The catalogue's answers besides their page (JSON first: what the app answers by default)."""
_KEPT = frozenset({"lang", "format", "iri"})
"""Query parameters a site file can stand for; any other one needs the live server."""
OPTIONAL_PAGES = {
    "/browse": "browse/index",
    "/browse/sdg": "browse/sdg/index",
    "/browse/gbf": "browse/gbf",
    "/browse/agreements": "browse/agreements",
    "/browse/plan": "browse/plan",
    "/coverage": "coverage",
    "/gaps": "gaps",
}
"""Server path → stem of the pages the site has for their default parameters when the app
answers them with a page (a link to one it has not is plain text)."""
_FIXED_PAGES = {
    "/": "index",
    "/.well-known/void": "dataset",
    "/dataset": "dataset",
    "/report": "report",
    "/search": "search",
    "/queries": "queries/index",
    **OPTIONAL_PAGES,
}
SDG_GOAL_PAGE = "/browse/sdg/"
"""``/browse/sdg/<n>``: a goal's targets, the file ``browse/sdg/<n>``."""
PLAIN_FILES = ("/context.jsonld", "/search-index.js", "/browse/sdg-colours.css")
"""Server paths saved as files of the same name."""
_RDF_TYPES = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}


@dataclass(frozen=True, slots=True)
class Wanted:
    """What a server URL asks for: a stem and either a format or a page language."""

    stem: str
    ext: str | None
    """``ttl`` … for a document; ``None`` for the page."""
    lang: str = "en"
    plain: str | None = None
    """A file taken as it is (``static/site.css``), no stem/extension logic."""

    def candidates(self) -> list[str]:
        """The site files that would answer, best first."""
        if self.plain is not None:
            return [self.plain]
        if self.ext is not None:
            return [f"{self.stem}.{self.ext}"]
        pages = [page_file(self.stem, self.lang), page_file(self.stem)]
        return list(dict.fromkeys([*pages, *(f"{self.stem}.{ext}" for ext in DATA_EXTENSIONS)]))


def _split_format(path: str) -> tuple[str, str | None]:
    stem, dot, ext = path.rpartition(".")
    if dot and stem and ext in RDF_EXTENSIONS:
        return stem, ext
    return path, None


def wanted(
    href: str, base: str, media_type: str | None = None, stems: Mapping[str, str] | None = None
) -> Wanted | None:
    """What a link of a page (a server path, or an IRI under the base) asks for, else ``None``.
    ``stems`` (IRI → stem) names the IRIs whose stems collide (:func:`~aspen_graph.publish.stems`).

    >>> base = "https://w3id.org/aspen/"
    >>> wanted("/id/goal/g1?lang=vi", base).candidates()[0]
    'id/goal/g1.vi.html'
    >>> wanted("/ont/index.ttl", base).candidates(), wanted("/static/site.css", base).candidates()
    (['ont/index.ttl'], ['static/site.css'])
    >>> wanted("/resource?iri=http%3A%2F%2Fmetadata.un.org%2Fsdg%2F14.1&format=nt", base).stem
    'resource/metadata.un.org/sdg/14.1'
    >>> wanted("/sparql", base), wanted("/id/x/y?version=2", base)
    (None, None)
    """
    known = stems or {}

    def stem(iri: str) -> str:
        return known.get(iri) or stem_of(iri, base)

    if href.startswith(base):
        href = "/" + href[len(base) :]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    path = parts.path
    query = parse_qs(parts.query, keep_blank_values=True)
    if set(query) - _KEPT:
        return None
    lang = "vi" if query.get("lang", [""])[-1].split("-")[0].lower() == "vi" else "en"
    fmt = query.get("format", [None])[-1]
    ext = fmt if fmt in (*RDF_EXTENSIONS, *DATA_EXTENSIONS) else None
    if fmt is None and media_type in _RDF_TYPES:
        ext = _RDF_TYPES[media_type]
    if path.startswith(("/static/", "/download/")) or path in PLAIN_FILES:
        return Wanted("", None, plain=unquote(path[1:]))
    if path == "/resource":
        iri = query.get("iri", [""])[-1]
        return Wanted(stem(iri), ext, lang) if iri else None
    if "iri" in query:
        return None
    if path in _FIXED_PAGES:
        return Wanted(_FIXED_PAGES[path], ext, lang)
    if path.startswith(SDG_GOAL_PAGE) and "/" not in path[len(SDG_GOAL_PAGE) :]:
        return Wanted("browse/sdg/" + unquote(path[len(SDG_GOAL_PAGE) :]), None, lang)
    if path.startswith("/queries/"):
        return Wanted("queries/" + unquote(path[len("/queries/") :]), ext, lang)
    if path.startswith(("/id/", "/ont/")):
        local, fixed = _split_format(unquote(path[1:]))
        if local == "ont/index" and fixed:
            local = "ont/"
        return Wanted(stem(base + local), fixed or ext, lang)
    return None


__all__ = [
    "DATA_EXTENSIONS",
    "OPTIONAL_PAGES",
    "PLAIN_FILES",
    "SDG_GOAL_PAGE",
    "Wanted",
    "wanted",
]
