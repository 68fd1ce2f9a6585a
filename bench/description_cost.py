"""What one resource's description and page cost, part by part, for the top-degree resources
(hubs) and for ordinary ones of a release (``bench/.cache/site-synthetic-200000/aspen.nq`` by
default, as ``bench/site_build.py`` caches it).

In one process over an in-memory store (no query worker), CPU seconds per part:

- ``query``: the description query in pyoxigraph, its triples only iterated;
- ``graph``: the same answer made into an rdflib graph (``store.construct``, less ``query``);
- ``page``: :func:`~aspen_graph.api.routes.resource_page.build_page` (its own catalogue
  queries included) and the template (``render``);
- ``docs``: the four RDF documents the site writes (``site.documents.rdf_documents``).

    .venv/bin/python bench/description_cost.py [--release PATH] [--hubs 8] [--ordinary 8]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from aspen_graph.api.pages import PageContext, describe_text, render
from aspen_graph.api.routes.resource_page import build_page
from aspen_graph.config import get_settings
from aspen_graph.queries import QueryCatalog
from aspen_graph.site.documents import rdf_documents
from aspen_graph.site.render import stable
from aspen_graph.store import OxigraphStore

CACHE = Path(__file__).resolve().parent / ".cache" / "site-synthetic-200000" / "aspen.nq"


def cpu() -> float:
    return time.process_time()


def measure(store: OxigraphStore, catalog: QueryCatalog, iri: str, base: str) -> dict[str, float]:
    text = describe_text(catalog, get_settings().description_limit)
    parts: dict[str, float] = {}
    mark = cpu()
    raw = store._store.query(  # the engine alone: no rdflib terms
        text,
        use_default_graph_as_union=True,
        substitutions={ox.Variable("resource"): ox.NamedNode(iri)},
    )
    triples = sum(1 for _ in raw)  # type: ignore[union-attr]
    parts["query"] = cpu() - mark
    mark = cpu()
    graph = store.construct(text, bindings={"resource": URIRef(iri)})
    parts["graph"] = max(cpu() - mark - parts["query"], 0.0)
    mark = cpu()
    page = build_page(graph, URIRef(iri), lang="en", base=base, store=store, catalog=catalog)
    parts["page"] = cpu() - mark
    mark = cpu()
    render("resource.html", page=page, ctx=PageContext(lang="en"), hrefs={"ttl": "x.ttl"})
    parts["render"] = cpu() - mark
    mark = cpu()
    rdf_documents(stable(graph))
    parts["docs"] = cpu() - mark
    parts["triples"] = float(triples)
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--release", type=Path, default=CACHE, help="an N-Quads release")
    parser.add_argument("--hubs", type=int, default=8, help="top-degree resources to time")
    parser.add_argument("--ordinary", type=int, default=8, help="ordinary resources to time")
    args = parser.parse_args(argv)
    if not args.release.is_file():
        print(f"no {args.release}: run bench/site_build.py first", file=sys.stderr)
        return 2
    settings = get_settings()
    store = OxigraphStore()
    store.load_dataset(args.release)
    catalog = QueryCatalog(settings.sparql_dir)
    degree: Counter[str] = Counter()
    for quad in store._store.quads_for_pattern(None, None, None):
        if isinstance(quad.object, ox.NamedNode):
            degree[quad.object.value] += 1
    ranked = [iri for iri, _ in degree.most_common() if iri.startswith(settings.base_iri)]
    ordinary = ranked[len(ranked) // 2 :: max(len(ranked) // (2 * args.ordinary), 1)]
    print(
        f"{len(store):,} quads; in-degree: top {degree[ranked[0]]:,}, median {degree[ranked[len(ranked) // 2]]}"
    )
    print(
        f"{'resource':<62} {'in':>6} {'triples':>7} {'query':>6} {'graph':>6} {'page':>6} {'render':>6} {'docs':>6}"
    )
    for iri in [*ranked[: args.hubs], *ordinary[: args.ordinary]]:
        p = measure(store, catalog, iri, settings.base_iri)
        print(
            f"{iri.removeprefix(settings.base_iri):<62} {degree[iri]:>6} {p['triples']:>7.0f}"
            f" {p['query']:>6.3f} {p['graph']:>6.3f} {p['page']:>6.3f} {p['render']:>6.3f} {p['docs']:>6.3f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
