"""``aspen site``: the graph as a static linked-data site (layout: docs/static-site.md).

The pages are the server's own: the FastAPI app runs in-process over the release (the worker
pool ``aspen serve`` uses), driven through httpx's ASGI transport (:mod:`.render`), and each
answer is saved with its links rewritten (:mod:`.rewrite`). A resource's RDF documents are its
description (``sparql/pages/resource-description.rq``) serialised by the server's own code,
read from the store directly: one description for four files instead of four requests. The
documents and the pages, nearly all of the work, are rendered in chunks by ``--jobs`` worker
processes (:mod:`.pool`); the rest is asked of the app in this process. Files go through
:class:`~.writer.SiteWriter` (unchanged files are left alone; the manifest is written last).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from aspen_graph.api.main import open_sandbox
from aspen_graph.api.pages import FORMATS, resource_href
from aspen_graph.config import Settings
from aspen_graph.errors import BuildError, DataLoadError
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
from aspen_graph.site.pool import RenderPool, default_jobs
from aspen_graph.site.render import HTML, Links, PageJob, Renderer, Resolver
from aspen_graph.site.rewrite import Page, rewrite
from aspen_graph.site.routes import OPTIONAL_PAGES, SDG_GOAL_PAGE
from aspen_graph.site.search_index import SEARCH_INDEX, search_index_script
from aspen_graph.site.writer import SiteWriter, WriteCounts

RESOURCES_QUERY = "pages/site-resources"
STATIC = Path(__file__).resolve().parents[1] / "api" / "static"
"""The server's /static tree, copied as it is."""
QUERY_GROUP = "api"
RESERVED_STEMS = frozenset(
    {"index", "dataset", "report", "search", "search-index", "context", "coverage", "gaps"}
)
RESERVED_DIRS = ("queries/", "static/", "download/", ".well-known/", "browse/", "w3id/")
"""Stems of the site's own files: a resource whose stem starts so has no files of its own
(the base IRI itself is the home page)."""
SDG_GOALS = 17
QUERY_TIMEOUT = 600.0
"""Seconds a query of the build may run (the serving default is 10 s: a guard against a
visitor's runaway query; the build's queries are the project's own, and on a loaded machine or
a large release listing the resources alone took longer)."""
FIXED_PAGES = (
    ("/", "index"),
    ("/dataset", "dataset"),
    ("/report", "report"),
    ("/search", "search"),
)

Progress = Callable[[str, int, int], None]
"""(what, done, total): called as the build goes."""


@dataclass(frozen=True, slots=True)
class SiteOptions:
    out: Path
    base_url: str | None = None
    """Where the site will be hosted (for the w3id redirects)."""
    sparql_endpoint: str | None = None
    """Where pages that need a live server point."""
    jobs: int | None = None
    """Processes that render the documents and pages (``None``: one per CPU; 1: this one)."""


@dataclass
class SiteSummary:
    counts: WriteCounts
    seconds: float
    resources: int
    skipped_queries: list[str] = field(default_factory=list)
    """Catalogue questions without an answer for their default parameters (required ones)."""
    w3id: bool = False
    """Whether ``w3id/`` (the w3id.org redirect rules) was written (it needs ``--base-url``)."""
    jobs: int = 1
    """Processes that rendered the documents and pages."""


def check_jobs(jobs: int | None) -> int:
    """``--jobs``: a positive number of processes (``None``: one per CPU), else a one-line
    error.

    >>> check_jobs(3)
    3
    """
    if jobs is None:
        return default_jobs()
    if jobs < 1:
        raise DataLoadError(f"--jobs must be 1 or more (1: render in this process), not {jobs}")
    return jobs


class SiteBuild:
    """One run of ``aspen site``: the small parts asked of ``renderer`` (this process), the
    documents and pages of ``pool``."""

    def __init__(
        self,
        settings: Settings,
        renderer: Renderer,
        pool: RenderPool,
        writer: SiteWriter,
        options: SiteOptions,
        progress: Progress | None,
    ) -> None:
        self.settings = settings
        self.base = settings.base_iri
        self.renderer = renderer
        self.store = renderer.store
        self.catalog = QueryCatalog(settings.sparql_dir)
        self.pool = pool
        self.writer = writer
        self.options = options
        self.progress = progress or (lambda what, done, total: None)
        self.stems: dict[str, str] = {}
        self.page_stems: dict[str, str] = {}
        """IRI → stem of every resource the site has a page for."""
        self.html_downloads: list[str] = []
        """Release files that are pages (``ontology.html``): written last, links rewritten."""
        self.skipped: list[str] = []
        self.w3id_written = False

    # -- parts ---------------------------------------------------------------------------------

    def static_files(self) -> None:
        for path in sorted(p for p in STATIC.rglob("*") if p.is_file()):
            self.writer.write("static/" + path.relative_to(STATIC).as_posix(), path.read_bytes())

    def downloads(self) -> None:
        for name in sorted(MEDIA_TYPES):
            if not (self.settings.dist / name).is_file():
                continue
            if MEDIA_TYPES[name].startswith(HTML):
                self.html_downloads.append(name)
            else:
                body = self.renderer.must_get(f"/download/{name}", "*/*")
                self.writer.write(f"download/{name}", body)
        self.writer.write("context.jsonld", self.renderer.must_get("/context.jsonld", "*/*"))

    def optional_pages(self) -> list[PageJob]:
        """The browse views, coverage and gaps for their default parameters, those the app has
        (``/coverage`` is optional), and the SDG goal pages ``/browse/sdg`` links to."""
        is_page = self.renderer.is_page
        jobs = [PageJob(url, stem) for url, stem in OPTIONAL_PAGES.items() if is_page(url)]
        if any(job.url == "/browse/sdg" for job in jobs):
            css = self.renderer.get("/browse/sdg-colours.css", "text/css")
            if css.status_code == 200:
                self.writer.write("browse/sdg-colours.css", css.content)
            for goal in range(1, SDG_GOALS + 1):
                url = f"{SDG_GOAL_PAGE}{goal}"
                if is_page(url):
                    jobs.append(PageJob(url, f"browse/sdg/{goal}"))
        return jobs

    def dataset(self) -> None:
        for ext in RDF_EXTENSIONS:
            body = self.renderer.must_get(f"/dataset?format={ext}", FORMATS[ext].media_type)
            self.writer.write(f"dataset.{ext}", body)
            if ext == "ttl":
                self.writer.write(".well-known/void.ttl", body)

    def resource_iris(self) -> list[str]:
        table = self.store.select(self.catalog.get(RESOURCES_QUERY).text)
        found = [str(r["resource"]) for r in table.records()]
        # the home page, the dataset description... have their own routes and files
        return [iri for iri in found if not _reserved(stem_of(iri, self.base))]

    def documents(self, iris: list[str]) -> list[PageJob]:
        """Each resource's four RDF files; the pages to render (those with a description)."""
        jobs: list[PageJob] = []
        self.stems = stems(iris, self.base)
        done = 0
        for part, described in self.pool.documents(iris):
            for iri, documents in zip(part, described, strict=True):
                if documents is None:
                    continue
                stem = self.stems[iri]
                self.page_stems[iri] = stem
                for ext, body in documents.items():
                    self.writer.write(f"{stem}.{ext}", body)
                jobs.append(PageJob(resource_href(self.base, iri), stem))
            done += len(part)
            self.progress("RDF documents", done, len(iris))
        return jobs

    def queries(self) -> list[PageJob]:
        """The catalogue's answers for their default parameters: CSV, JSON, and the page when
        the app has one (text/html); a question with required parameters has none."""
        app = self.renderer
        self.writer.write("queries/index.json", app.must_get("/queries", "application/json"))
        jobs = []
        for spec in self.catalog.in_group(QUERY_GROUP):
            if spec.form != "SELECT":
                continue
            url = f"/queries/{spec.name}"
            answers = {}
            for ext, accept in (("csv", "text/csv"), ("json", "application/json")):
                response = app.get(url, accept)
                if response.status_code == 200:
                    answers[ext] = response.content
            if len(answers) < 2:
                self.skipped.append(spec.name)
                continue
            for ext, body in answers.items():
                self.writer.write(f"queries/{spec.name}.{ext}", body)
            if app.is_page(url):
                jobs.append(PageJob(url, f"queries/{spec.name}"))
        if app.is_page("/queries"):
            jobs.append(PageJob("/queries", "queries/index"))
        return jobs

    def links(self, pairs: list[tuple[PageJob, str]]) -> Links:
        """What the pages may link to: the files written so far, the pages themselves, the
        release's pages (written last)."""
        files = {*self.writer.current, *(page_file(job.stem, lang) for job, lang in pairs)}
        files.update(f"download/{name}" for name in self.html_downloads)
        return Links(self.base, self.stems, frozenset(files), self.options.sparql_endpoint)

    def pages(self, jobs: list[PageJob]) -> Links:
        pairs = [(job, lang) for job in jobs for lang in PAGE_LANGUAGES]
        links = self.links(pairs)
        done = 0
        for written in self.pool.pages(pairs, links):
            for path, body in written:
                self.writer.write(path, body)
            done += len(written)
            self.progress("pages", done, len(pairs))
        return links

    def release_pages(self, links: Links) -> None:
        """The release's own pages (``ontology.html``) with their links made relative, as the
        server's pages are: its ``/…`` links would lead nowhere in a static copy."""
        resolve = Resolver(links)
        for name in self.html_downloads:
            path = f"download/{name}"
            body = self.renderer.must_get(f"/{path}", HTML)
            page = rewrite(body, Page(path, "en"), self.base, resolve, links.endpoint)
            self.writer.write(path, page)

    def run(self) -> int:
        self.progress("static files and downloads", 0, 1)
        self.static_files()
        self.downloads()
        self.dataset()
        iris = self.resource_iris()
        jobs = self.documents(iris)
        self.writer.write(
            SEARCH_INDEX, search_index_script(self.store, self.catalog, self.page_stems)
        )
        jobs += self.queries()
        jobs += self.optional_pages()
        links = self.pages([PageJob(url, stem) for url, stem in FIXED_PAGES] + jobs)
        self.release_pages(links)
        self.w3id_written = write_redirect_rules(self.writer, self.options)
        return len(jobs)


def _reserved(stem: str) -> bool:
    return stem in RESERVED_STEMS or stem.startswith(RESERVED_DIRS)


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
    jobs = check_jobs(options.jobs)
    timeout = max(settings.query_timeout, QUERY_TIMEOUT)
    settings = settings.model_copy(update={"query_timeout": timeout})
    writer = SiteWriter(options.out)  # checks --out before the release is loaded
    store = open_sandbox(settings)
    try:
        renderer = Renderer(settings, store)
        pool = RenderPool(settings, renderer, jobs)
        try:
            build = SiteBuild(settings, renderer, pool, writer, options, progress)
            resources = build.run()
        except BrokenProcessPool:
            message = "a rendering process died (out of memory?); try --jobs 1"
            raise BuildError(message) from None
        finally:
            pool.close()
            renderer.close()
    finally:
        store.close()
    summary = SiteSummary(WriteCounts(), 0.0, resources, build.skipped, build.w3id_written, jobs)
    summary.counts = writer.finish()
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["SiteOptions", "SiteSummary", "build_site", "check_jobs", "write_redirect_rules"]
