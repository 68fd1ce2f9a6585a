"""``aspen site``: the graph as a static linked-data site (layout: docs/static-site.md).

The pages are the server's own: the FastAPI app runs in-process over the release (the worker
pool ``aspen serve`` uses), driven through httpx's ASGI transport, and each answer is saved with
its links rewritten (:mod:`.rewrite`). A resource's RDF documents are its description
(``sparql/pages/resource-description.rq``) serialised by the server's own code, read from the
store directly: one description for four files instead of four requests. Files go through
:class:`~.writer.SiteWriter` (unchanged files are left alone; the manifest is written last).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx
from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from aspen_graph.api import create_app
from aspen_graph.api.main import open_sandbox
from aspen_graph.api.pages import FORMATS, describe, resource_href
from aspen_graph.api.routes.resources import ontology_graph
from aspen_graph.config import Settings
from aspen_graph.errors import BuildError
from aspen_graph.publish import (
    MEDIA_TYPES,
    PAGE_LANGUAGES,
    RDF_EXTENSIONS,
    check_base_url,
    host_htaccess,
    page_file,
    stem_of,
    stems,
    w3id_htaccess,
    w3id_readme,
)
from aspen_graph.queries import QueryCatalog
from aspen_graph.site.documents import rdf_documents
from aspen_graph.site.rewrite import Page, rewrite
from aspen_graph.site.routes import OPTIONAL_PAGES, SDG_GOAL_PAGE, wanted
from aspen_graph.site.search_index import SEARCH_INDEX, search_index_script, search_page_extras
from aspen_graph.site.writer import SiteWriter, WriteCounts
from aspen_graph.store import GraphStore

RESOURCES_QUERY = "pages/site-resources"
STATIC = Path(__file__).resolve().parents[1] / "api" / "static"
"""The server's /static tree, copied as it is."""
DESCRIBING_THREADS = 2
"""Descriptions asked of the worker pool at once (its default size)."""
CONCURRENT_REQUESTS = 4
"""Pages rendered at once (the worker pool has 2 workers by default; rendering holds the GIL)."""
QUERY_GROUP = "api"
RESERVED_STEMS = frozenset(
    {"index", "dataset", "report", "search", "search-index", "context", "coverage", "gaps"}
)
RESERVED_DIRS = ("queries/", "static/", "download/", ".well-known/", "browse/", "w3id/")
"""Stems of the site's own files: a resource whose stem starts so has no files of its own
(the base IRI itself is the home page)."""
HTML = "text/html"
SDG_GOALS = 17

Progress = Callable[[str, int, int], None]
"""(what, done, total): called as the build goes."""


@dataclass(frozen=True, slots=True)
class SiteOptions:
    out: Path
    base_url: str | None = None
    """Where the site will be hosted (for the w3id redirects)."""
    sparql_endpoint: str | None = None
    """Where pages that need a live server point."""


@dataclass
class SiteSummary:
    counts: WriteCounts
    seconds: float
    resources: int
    skipped_queries: list[str] = field(default_factory=list)
    """Catalogue questions without an answer for their default parameters (required ones)."""
    w3id: bool = False
    """Whether ``w3id/`` (the w3id.org redirect rules) was written (it needs ``--base-url``)."""


@dataclass(frozen=True, slots=True)
class PageJob:
    url: str
    stem: str


def _with_lang(url: str, lang: str) -> str:
    if lang == "en":
        return url
    return url + ("&" if "?" in url else "?") + urlencode({"lang": lang})


class SiteBuild:
    """One run of ``aspen site``."""

    def __init__(
        self,
        settings: Settings,
        store: GraphStore,
        client: httpx.AsyncClient,
        writer: SiteWriter,
        options: SiteOptions,
        progress: Progress | None,
    ) -> None:
        self.settings = settings
        self.base = settings.base_iri
        self.store = store
        self.catalog = QueryCatalog(settings.sparql_dir)
        self.client = client
        self.writer = writer
        self.options = options
        self.progress = progress or (lambda what, done, total: None)
        self.planned: set[str] = set()
        self.stems: dict[str, str] = {}
        self.page_stems: dict[str, str] = {}
        """IRI → stem of every resource the site has a page for."""
        self.skipped: list[str] = []
        self.w3id_written = False

    # -- links ---------------------------------------------------------------------------------

    def resolve(self, href: str, media_type: str | None) -> str | None:
        found = wanted(href, self.base, media_type, self.stems)
        if found is None:
            return None
        for candidate in found.candidates():
            if candidate in self.planned or self.writer.has(candidate):
                return candidate
        return None

    # -- requests ------------------------------------------------------------------------------

    async def get(self, url: str, accept: str) -> httpx.Response:
        return await self.client.get(url, headers={"Accept": accept})

    async def must_get(self, url: str, accept: str) -> bytes:
        response = await self.get(url, accept)
        if response.status_code != 200:
            raise BuildError(f"the app answered {response.status_code} for {url}: cannot build")
        return response.content

    # -- parts ---------------------------------------------------------------------------------

    def static_files(self) -> None:
        for path in sorted(p for p in STATIC.rglob("*") if p.is_file()):
            self.writer.write("static/" + path.relative_to(STATIC).as_posix(), path.read_bytes())

    async def downloads(self) -> None:
        for name in sorted(MEDIA_TYPES):
            if (self.settings.dist / name).is_file():
                self.writer.write(
                    f"download/{name}", await self.must_get(f"/download/{name}", "*/*")
                )
        self.writer.write("context.jsonld", await self.must_get("/context.jsonld", "*/*"))

    async def is_page(self, url: str) -> bool:
        page = await self.get(url, HTML)
        return page.status_code == 200 and page.headers.get("content-type", "").startswith(HTML)

    async def optional_pages(self) -> list[PageJob]:
        """The browse views, coverage and gaps for their default parameters, those the app has
        (``/coverage`` is optional), and the SDG goal pages ``/browse/sdg`` links to."""
        jobs = [
            PageJob(url, stem) for url, stem in OPTIONAL_PAGES.items() if await self.is_page(url)
        ]
        if any(job.url == "/browse/sdg" for job in jobs):
            css = await self.get("/browse/sdg-colours.css", "text/css")
            if css.status_code == 200:
                self.writer.write("browse/sdg-colours.css", css.content)
            for goal in range(1, SDG_GOALS + 1):
                url = f"{SDG_GOAL_PAGE}{goal}"
                if await self.is_page(url):
                    jobs.append(PageJob(url, f"browse/sdg/{goal}"))
        return jobs

    async def dataset(self) -> None:
        for ext in RDF_EXTENSIONS:
            body = await self.must_get(f"/dataset?format={ext}", FORMATS[ext].media_type)
            self.writer.write(f"dataset.{ext}", body)
            if ext == "ttl":
                self.writer.write(".well-known/void.ttl", body)

    def resource_iris(self) -> list[str]:
        table = self.store.select(self.catalog.get(RESOURCES_QUERY).text)
        found = [str(r["resource"]) for r in table.records()]
        # the home page, the dataset description... have their own routes and files
        return [iri for iri in found if not _reserved(stem_of(iri, self.base))]

    def description(self, iri: str) -> Graph:
        if iri == f"{self.base}ont/":
            return ontology_graph(self.store, self.catalog)
        return describe(self.store, self.catalog, URIRef(iri))

    def documents(self, iris: list[str]) -> list[PageJob]:
        """Each resource's four RDF files; the pages to render (those with a description)."""
        jobs: list[PageJob] = []
        self.stems = stems(iris, self.base)
        # the descriptions are asked of the worker pool while this thread serialises
        with ThreadPoolExecutor(max_workers=DESCRIBING_THREADS) as pool:
            described = pool.map(self.description, iris)
            for done, (iri, graph) in enumerate(zip(iris, described, strict=True), 1):
                self._documents(iri, graph, jobs)
                self.progress("RDF documents", done, len(iris))
        return jobs

    def _documents(self, iri: str, graph: Graph, jobs: list[PageJob]) -> None:
        if not len(graph):
            return
        stem = self.stems[iri]
        self.page_stems[iri] = stem
        graph = stable(graph)
        for ext, body in rdf_documents(graph).items():
            self.writer.write(f"{stem}.{ext}", body)
        jobs.append(PageJob(resource_href(self.base, iri), stem))

    async def queries(self) -> list[PageJob]:
        """The catalogue's answers for their default parameters: CSV, JSON, and the page when
        the app has one (text/html); a question with required parameters has none."""
        self.writer.write("queries/index.json", await self.must_get("/queries", "application/json"))
        jobs = []
        for spec in self.catalog.in_group(QUERY_GROUP):
            if spec.form != "SELECT":
                continue
            url = f"/queries/{spec.name}"
            answers = {}
            for ext, accept in (("csv", "text/csv"), ("json", "application/json")):
                response = await self.get(url, accept)
                if response.status_code == 200:
                    answers[ext] = response.content
            if len(answers) < 2:
                self.skipped.append(spec.name)
                continue
            for ext, body in answers.items():
                self.writer.write(f"queries/{spec.name}.{ext}", body)
            if await self.is_page(url):
                jobs.append(PageJob(url, f"queries/{spec.name}"))
        if await self.is_page("/queries"):
            jobs.append(PageJob("/queries", "queries/index"))
        return jobs

    async def page(self, job: PageJob, lang: str, semaphore: asyncio.Semaphore) -> None:
        path = page_file(job.stem, lang)
        async with semaphore:
            body = await self.must_get(_with_lang(job.url, lang), HTML)
        if job.stem == "search":
            body = search_page_extras(body, lang)
        self.writer.write(
            path,
            rewrite(body, Page(path, lang), self.base, self.resolve, self.options.sparql_endpoint),
        )

    async def pages(self, jobs: list[PageJob]) -> None:
        pairs = [(job, lang) for job in jobs for lang in PAGE_LANGUAGES]
        self.planned.update(page_file(job.stem, lang) for job, lang in pairs)
        semaphore = asyncio.Semaphore(CONCURRENT_REQUESTS)
        done = 0
        for chunk in _chunks(pairs, 32):
            await asyncio.gather(*(self.page(job, lang, semaphore) for job, lang in chunk))
            done += len(chunk)
            self.progress("pages", done, len(pairs))

    async def run(self) -> int:
        self.progress("static files and downloads", 0, 1)
        self.static_files()
        await self.downloads()
        await self.dataset()
        iris = self.resource_iris()
        jobs = self.documents(iris)
        self.writer.write(
            SEARCH_INDEX, search_index_script(self.store, self.catalog, self.page_stems)
        )
        jobs += await self.queries()
        jobs += await self.optional_pages()
        fixed = [
            ("/", "index"),
            ("/dataset", "dataset"),
            ("/report", "report"),
            ("/search", "search"),
        ]
        await self.pages([PageJob(url, stem) for url, stem in fixed] + jobs)
        self.w3id_written = write_redirect_rules(self.writer, self.options)
        return len(jobs)


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


def _reserved(stem: str) -> bool:
    return stem in RESERVED_STEMS or stem.startswith(RESERVED_DIRS)


def _chunks(items: list[tuple[PageJob, str]], size: int) -> Iterator[list[tuple[PageJob, str]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_redirect_rules(writer: SiteWriter, options: SiteOptions) -> bool:
    """The redirect rules (:mod:`aspen_graph.publish.w3id`), written through ``writer`` so they
    are in the manifest like every other file: the host's ``.htaccess`` at the site root always;
    ``w3id/.htaccess`` and ``w3id/README.md`` when ``options.base_url`` says where the site is
    hosted (the w3id rules redirect there). True when the w3id files were written."""
    writer.write(".htaccess", host_htaccess().encode("utf-8"))
    if options.base_url is None:
        return False
    base_url = check_base_url(options.base_url)
    writer.write("w3id/.htaccess", w3id_htaccess(base_url).encode("utf-8"))
    writer.write("w3id/README.md", w3id_readme(base_url).encode("utf-8"))
    return True


def build_site(
    settings: Settings, options: SiteOptions, progress: Progress | None = None
) -> SiteSummary:
    """Write (or bring up to date) the static site of the release ``settings.dist`` into
    ``options.out``."""
    started = time.perf_counter()
    writer = SiteWriter(options.out)  # checks --out before the release is loaded
    store = open_sandbox(settings)
    try:
        app = create_app(settings, store)

        async def go() -> int:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://site.invalid"
            ) as client:
                build = SiteBuild(settings, store, client, writer, options, progress)
                resources = await build.run()
                summary.skipped_queries.extend(build.skipped)
                summary.w3id = build.w3id_written
                return resources

        summary = SiteSummary(WriteCounts(), 0.0, 0)
        summary.resources = asyncio.run(go())
    finally:
        store.close()
    summary.counts = writer.finish()
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["SiteOptions", "SiteSummary", "build_site", "write_redirect_rules"]
