"""The dataset as a whole: its description, its downloads and its JSON-LD context.

``/.well-known/void`` (RFC 8615 well-known URI of VoID) and ``/dataset`` (the path of the dataset
IRI ``<{base}dataset>``) serve ``dist/void.ttl``, the DCAT 3 + VoID description the build wrote,
by content negotiation (Turtle, JSON-LD, N-Triples, RDF/XML, or an HTML page). ``/download/{file}``
serves the release files with their media types as attachments; ``/context.jsonld`` the JSON-LD
context of the release.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDFS, VOID

from aspen_graph.api.cache import CACHE_CONTROL
from aspen_graph.api.deps import app_state
from aspen_graph.api.negotiation import content_type
from aspen_graph.api.pages import (
    FORMATS,
    Format,
    Text,
    alternates,
    choose_format,
    choose_language,
    curie,
    link_header,
    local_path,
    pick,
    render,
    resource_href,
    serialize,
)
from aspen_graph.api.protocol import query_params, single
from aspen_graph.api.routes.resources import html_error, page_context, wants_html
from aspen_graph.errors import AspenError, UnknownReferenceError
from aspen_graph.i18n import N_
from aspen_graph.model import whole
from aspen_graph.namespaces import DCAT_VERSION
from aspen_graph.publish import DISTRIBUTIONS, MEDIA_TYPES, context_document
from aspen_graph.store import formats

router = APIRouter(tags=["linked data"], include_in_schema=False)

DESCRIPTION_FILE = "void.ttl"
_METHODS = ["GET", "HEAD"]


@dataclass(frozen=True, slots=True)
class Download:
    file: str
    title: str
    href: str
    media_type: str
    size: str


@dataclass
class DatasetPage:
    """What ``dataset.html`` shows of the description."""

    iri: str
    title: Text
    description: Text | None
    version: str
    modified: str
    license: str
    publisher: str
    endpoint: str
    triples: int
    entities: int
    downloads: list[Download] = field(default_factory=list)
    graphs: list[tuple[str, int]] = field(default_factory=list)
    classes: list[tuple[str, str | None, int]] = field(default_factory=list)
    properties: list[tuple[str, str | None, int]] = field(default_factory=list)
    examples: list[tuple[str, str]] = field(default_factory=list)


def human_size(size: int) -> str:
    """Bytes in words.

    >>> human_size(512), human_size(460230), human_size(2989122)
    ('512 B', '449 KiB', '2.9 MiB')
    """
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"


def description_graph(request: Request) -> Graph:
    """``dist/void.ttl`` parsed (kept until the file changes); 404 when the release has none."""
    path: Path = app_state(request).settings.dist / DESCRIPTION_FILE
    if not path.is_file():
        raise UnknownReferenceError("this release has no dataset description; run 'aspen build'")
    stamp = path.stat().st_mtime_ns
    state = request.app.state
    cached = getattr(state, "aspen_void", None)
    if cached is not None and cached[0] == stamp:
        graph: Graph = cached[1]
        return graph
    graph = Graph().parse(path, format="turtle")
    state.aspen_void = (stamp, graph)
    return graph


def _int(value: object) -> int:
    return whole(value) or 0


def dataset_page(graph: Graph, base: str, lang: str) -> DatasetPage:
    """The description in words and tables."""
    dataset = URIRef(f"{base}dataset")
    publisher = graph.value(dataset, DCTERMS.publisher)
    endpoint = graph.value(dataset, VOID.sparqlEndpoint)
    page = DatasetPage(
        iri=str(dataset),
        title=pick(graph.objects(dataset, DCTERMS.title), lang) or Text("ASPEN knowledge graph"),
        description=pick(graph.objects(dataset, DCTERMS.description), lang),
        version=str(graph.value(dataset, DCAT_VERSION) or ""),
        modified=str(graph.value(dataset, DCTERMS.modified) or ""),
        license=str(graph.value(dataset, DCTERMS.license) or ""),
        publisher=str(graph.value(publisher, FOAF.name) or publisher or "") if publisher else "",
        endpoint=(local_path(base, str(endpoint)) or str(endpoint)) if endpoint else "/sparql",
        triples=_int(graph.value(dataset, VOID.triples)),
        entities=_int(graph.value(dataset, VOID.entities)),
    )
    order = [d.file for d in DISTRIBUTIONS]
    for distribution in graph.objects(dataset, DCAT.distribution):
        url = graph.value(distribution, DCAT.downloadURL)
        media = graph.value(distribution, DCAT.mediaType)
        if url is None:
            continue
        file = str(url).rsplit("/", 1)[-1]
        media_type = str(media).rsplit("media-types/", 1)[-1] if media else ""
        packed = graph.value(distribution, DCAT.compressFormat)
        if packed is not None:
            media_type += ", " + str(packed).rsplit("/", 1)[-1]
        page.downloads.append(
            Download(
                file=file,
                title=str(graph.value(distribution, DCTERMS.title) or file),
                href=local_path(base, str(url)) or str(url),
                media_type=media_type,
                size=human_size(_int(graph.value(distribution, DCAT.byteSize))),
            )
        )
    page.downloads.sort(key=lambda d: order.index(d.file) if d.file in order else len(order))
    page.graphs = sorted(
        (str(graph.value(s, RDFS.label) or s), _int(graph.value(s, VOID.triples)))
        for s in graph.objects(dataset, VOID.subset)
    )
    for partitions, predicate, counter, target in (
        (page.classes, VOID.classPartition, VOID.entities, VOID["class"]),
        (page.properties, VOID.propertyPartition, VOID.triples, VOID.property),
    ):
        for partition in graph.objects(dataset, predicate):
            term = graph.value(partition, target)
            if term is None:
                continue
            href = resource_href(base, str(term)) if str(term).startswith(base) else None
            partitions.append((curie(term), href, _int(graph.value(partition, counter))))
        partitions.sort(key=lambda item: (-item[2], item[0]))
    page.examples = sorted(
        (curie(e), resource_href(base, str(e)))
        for e in graph.objects(dataset, VOID.exampleResource)
    )
    return page


def _serve_description(request: Request, path: str) -> Response:
    fmt: Format | None = None
    lang = "en"
    try:
        params = query_params(request)
        lang = choose_language(single(params, "lang"), request.headers.get("accept-language"))
        fmt = choose_format(request.headers.get("accept"), single(params, "format"))
        graph = description_graph(request)
        base = app_state(request).settings.base_iri
        hrefs = {ext: f"{path}?{urlencode({'format': ext})}" for ext in FORMATS}
        headers = {
            "Vary": "Accept, Accept-Language",
            "Content-Location": hrefs[fmt.ext],
            "Cache-Control": CACHE_CONTROL,
            "Link": link_header(alternates(hrefs)),
        }
        if fmt.html:
            body = render(
                "dataset.html",
                page=dataset_page(graph, base, lang),
                ctx=page_context(request, lang, hrefs),
                hrefs=hrefs,
            )
        else:
            body = serialize(graph, fmt)
        return Response(body, media_type=content_type(fmt.media_type), headers=headers)
    except AspenError as error:
        if wants_html(request, fmt):
            return html_error(request, error)
        raise


@router.api_route("/.well-known/void", methods=_METHODS)
def well_known_void(request: Request) -> Response:
    """The dataset description (DCAT 3 + VoID), by content negotiation."""
    return _serve_description(request, "/.well-known/void")


@router.api_route("/dataset", methods=_METHODS)
def dataset(request: Request) -> Response:
    """``<{base}dataset>``: the same description, at the dataset IRI's own path."""
    return _serve_description(request, "/dataset")


@router.api_route("/download/{file}", methods=_METHODS)
def download(file: str, request: Request) -> Response:
    """One release file, as an attachment with its media type."""
    dist: Path = app_state(request).settings.dist
    media = MEDIA_TYPES.get(file)
    path = dist / file
    if media is None or not path.is_file():
        available = sorted(name for name in MEDIA_TYPES if (dist / name).is_file())
        error = UnknownReferenceError(
            f"no release file named {file[:80]!r}; available: {', '.join(available) or 'none'}"
        )
        if wants_html(request):
            return html_error(request, error)
        raise error
    return FileResponse(
        path,
        media_type=content_type(media),
        filename=file,
        headers={"Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff"},
    )


@router.api_route("/context.jsonld", methods=_METHODS)
def context() -> Response:
    """The JSON-LD context of the release (the project's prefixes)."""
    return Response(
        context_document(),
        media_type=formats.JSON_LD.media_type,
        headers={"Cache-Control": CACHE_CONTROL},
    )


def release_downloads(request: Request) -> list[Download]:
    """The release files present, for the home page."""
    dist: Path = app_state(request).settings.dist
    titles = {d.file: d.title for d in DISTRIBUTIONS}
    titles.update(
        {
            "void.ttl": N_("Dataset description (DCAT, VoID)"),
            "context.jsonld": N_("JSON-LD context"),
        }
    )
    found = []
    for name, media in MEDIA_TYPES.items():
        path = dist / name
        if name in titles and path.is_file():
            found.append(
                Download(
                    name, titles[name], f"/download/{name}", media, human_size(path.stat().st_size)
                )
            )
    return found


__all__ = [
    "Download",
    "dataset_page",
    "description_graph",
    "human_size",
    "release_downloads",
    "router",
]
