"""The heavy part of a site build: a resource's RDF documents and the pages, rendered by the app.

A :class:`Renderer` holds one app over one store and asks it for pages through httpx's ASGI
transport on its own event loop (so its calls are plain functions: the same code runs in the
build's process for ``--jobs 1`` and in each worker process of :mod:`.pool`). The work comes
in chunks and goes back as ``(path, bytes)``: a chunk's answer depends only on the chunk and
on the :class:`Links` of the build (the files the site has), never on which process rendered
it, so a parallel build writes the same bytes as a serial one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx
from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from aspen_graph.api import create_app
from aspen_graph.api.documents import describe
from aspen_graph.api.routes.resources import ontology_graph
from aspen_graph.config import Settings
from aspen_graph.errors import BuildError
from aspen_graph.publish import page_file
from aspen_graph.queries import QueryCatalog
from aspen_graph.site.documents import rdf_documents
from aspen_graph.site.rewrite import Page, rewrite
from aspen_graph.site.routes import wanted
from aspen_graph.site.search_index import search_page_extras
from aspen_graph.store import ServingStore

HTML = "text/html"
CONCURRENT_REQUESTS = 2
"""Pages of a chunk asked at once: one renders while the other waits for the store."""

Written = list[tuple[str, bytes]]
"""(site path, bytes) of the files a chunk produced."""


@dataclass(frozen=True, slots=True)
class PageJob:
    url: str
    stem: str


@dataclass(frozen=True)
class Links:
    """What a page's links may point at: every file of the build (those written before the
    pages, and the pages) and the stems of the IRIs (:func:`~aspen_graph.publish.stems`)."""

    base: str
    stems: dict[str, str]
    files: frozenset[str]
    endpoint: str | None = None
    """``--sparql-endpoint``: where links that need a live server point."""


@dataclass
class Resolver:
    """A page's link → the site file that holds it, remembered per (href, media type): the
    same links (the header's, the plans') come back on every page."""

    links: Links
    known: dict[tuple[str, str | None], str | None] = field(default_factory=dict)

    def __call__(self, href: str, media_type: str | None) -> str | None:
        key = (href, media_type)
        if key not in self.known:
            self.known[key] = self._resolve(href, media_type)
        return self.known[key]

    def _resolve(self, href: str, media_type: str | None) -> str | None:
        found = wanted(href, self.links.base, media_type, self.links.stems)
        if found is None:
            return None
        return next((c for c in found.candidates() if c in self.links.files), None)


def with_lang(url: str, lang: str) -> str:
    if lang == "en":
        return url
    return url + ("&" if "?" in url else "?") + urlencode({"lang": lang})


def stable(graph: Graph) -> Graph:
    """``graph`` with its blank nodes named canonically (rdflib.compare) and its triples in
    order, when it has blank nodes: the same description serialises to the same bytes from
    one build to the next (the store names blank nodes afresh each time), so an unchanged
    resource with OWL restrictions is not rewritten by every build."""
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    out = Graph()
    for triple in sorted(to_canonical_graph(graph)):
        out.add(triple)
    return out


class Renderer:
    """The app over ``store``, asked synchronously (its own event loop)."""

    def __init__(self, settings: Settings, store: ServingStore) -> None:
        self.settings = settings
        self.store = store
        self.catalog = QueryCatalog(settings.sparql_dir)
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(settings, store)),
            base_url="http://site.invalid",
        )
        self._resolver: Resolver | None = None

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()

    # -- requests ------------------------------------------------------------------------------

    async def _get(self, url: str, accept: str) -> httpx.Response:
        return await self.client.get(url, headers={"Accept": accept})

    def get(self, url: str, accept: str) -> httpx.Response:
        return self.loop.run_until_complete(self._get(url, accept))

    def must_get(self, url: str, accept: str) -> bytes:
        return _content(url, self.get(url, accept))

    def is_page(self, url: str) -> bool:
        page = self.get(url, HTML)
        return page.status_code == 200 and page.headers.get("content-type", "").startswith(HTML)

    # -- documents -----------------------------------------------------------------------------

    def description(self, iri: str) -> Graph:
        if iri == f"{self.settings.base_iri}ont/":
            return ontology_graph(self.store, self.catalog)
        return describe(self.store, self.catalog, URIRef(iri), self.settings.description_limit)

    def documents(self, iris: Sequence[str]) -> list[dict[str, bytes] | None]:
        """Each resource's RDF files by extension; ``None`` when it has no description."""
        out: list[dict[str, bytes] | None] = []
        for iri in iris:
            graph = self.description(iri)
            out.append(rdf_documents(stable(graph)) if len(graph) else None)
        return out

    # -- pages ---------------------------------------------------------------------------------

    def resolver(self, links: Links) -> Resolver:
        if self._resolver is None or self._resolver.links != links:
            self._resolver = Resolver(links)
        return self._resolver

    def pages(self, chunk: Sequence[tuple[PageJob, str]], links: Links) -> Written:
        """The pages of ``chunk`` ((job, language) pairs), their links made relative."""
        resolve = self.resolver(links)
        semaphore = asyncio.Semaphore(CONCURRENT_REQUESTS)

        async def one(job: PageJob, lang: str) -> tuple[str, bytes]:
            path = page_file(job.stem, lang)
            url = with_lang(job.url, lang)
            async with semaphore:
                body = _content(url, await self._get(url, HTML))
            if job.stem == "search":
                body = search_page_extras(body, lang)
            return path, rewrite(body, Page(path, lang), links.base, resolve, links.endpoint)

        async def all_of_them() -> Written:
            return list(await asyncio.gather(*(one(job, lang) for job, lang in chunk)))

        return self.loop.run_until_complete(all_of_them())


def _content(url: str, response: httpx.Response) -> bytes:
    if response.status_code != 200:
        raise BuildError(f"the app answered {response.status_code} for {url}: cannot build")
    return response.content


__all__ = ["HTML", "Links", "PageJob", "Renderer", "Resolver", "Written", "stable", "with_lang"]
