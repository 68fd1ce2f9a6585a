"""The static site's search: an index file built with the site and searched in the browser.

``search-index.js`` (a script, not JSON: pages opened from ``file://`` may not ``fetch()``
local files) sets ``window.ASPEN_SEARCH`` to the resources of the server's search index
(:mod:`aspen_graph.analysis.search`, the same rows, labels and kinds): each with its page's
stem, its labels by language, its code and code keys (:func:`~aspen_graph.analysis.code_key`)
and its labels folded (:func:`~aspen_graph.analysis.fold`). ``static/site-search.js`` searches
it with MiniSearch (``static/minisearch/``, MIT): a query whose code key equals a resource's
code comes first ("14.1"), then the labels, folded the same way ("o nhiem" finds "ô nhiễm").
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from aspen_graph.analysis import code_key, fold, load_search_index
from aspen_graph.api.routes.search import kind_name
from aspen_graph.curie import compress
from aspen_graph.i18n import N_, translate
from aspen_graph.publish import PAGE_LANGUAGES
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

SEARCH_INDEX = "search-index.js"
MESSAGES = {
    "results": N_("%(count)s results for “%(q)s”"),  # the server's search page's words
    "none": N_("Nothing in the graph matches these words. Try fewer words, or a code."),
    "noscript": N_(
        "Searching this static copy of the site needs JavaScript; every page can be reached "
        "from the home page without it."
    ),
}
"""The words the search script shows, in each page language (data attributes of its box)."""


def search_documents(
    store: GraphStore, catalog: QueryCatalog, pages: Mapping[str, str]
) -> dict[str, object]:
    """The index's content: documents and the names of their kinds in each language. Only
    resources the site has a page for (``pages``: IRI → stem) are listed."""
    index = load_search_index(store, catalog)
    docs = []
    kinds: dict[str, dict[str, str]] = {}
    for number, entry in enumerate(index.entries):
        if entry.iri not in pages:
            continue
        curie = compress(entry.iri)
        plan = index.entry(entry.plan) if entry.plan else None
        texts = sorted({fold(t) for t in entry.labels.values()} | {fold(entry.code)})
        docs.append(
            {
                "id": number,
                "stem": pages[entry.iri],
                "curie": curie,
                "kind": entry.kind,
                "code": entry.code,
                "keys": sorted({k for k in (code_key(entry.code), code_key(curie)) if k}),
                "labels": entry.labels,
                "plan": plan.labels if plan else {},
                "text": " ".join(t for t in texts if t),
            }
        )
        kinds.setdefault(entry.kind, {lang: kind_name(entry.kind, lang) for lang in PAGE_LANGUAGES})
    return {"version": 1, "kinds": kinds, "docs": docs}


def search_index_script(
    store: GraphStore, catalog: QueryCatalog, pages: Mapping[str, str]
) -> bytes:
    """``search-index.js``: the documents as a script that sets ``window.ASPEN_SEARCH``."""
    data = json.dumps(search_documents(store, catalog, pages), ensure_ascii=False, sort_keys=True)
    return f"window.ASPEN_SEARCH = {data};\n".encode()


def search_page_extras(html: bytes, lang: str) -> bytes:
    """The server's (empty) search page with the static search added before ``</main>``: a
    results box carrying its words, the note for browsers without JavaScript, the scripts."""
    words = " ".join(
        f'data-{key}="{_attribute(translate(lang, message))}"' for key, message in MESSAGES.items()
    )
    extra = (
        f'<div id="static-search" aria-live="polite" data-lang="{lang}" {words}></div>\n'
        f"<noscript><p>{_attribute(translate(lang, MESSAGES['noscript']))}</p></noscript>\n"
        '<script src="/static/minisearch/minisearch.js" defer></script>\n'
        f'<script src="/{SEARCH_INDEX}" defer></script>\n'
        '<script src="/static/site-search.js" defer></script>\n'
    )
    text = html.decode("utf-8")
    if "</main>" not in text:
        raise ValueError("the search page has no <main> to put the results in")
    return text.replace("</main>", extra + "</main>", 1).encode("utf-8")


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


__all__ = [
    "MESSAGES",
    "SEARCH_INDEX",
    "search_documents",
    "search_index_script",
    "search_page_extras",
]
