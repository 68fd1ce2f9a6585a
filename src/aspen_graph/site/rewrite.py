"""A server page made a static file: its links rewritten to relative paths of the site.

Parsed and written again with html5lib (a real HTML parser, not patterns): every ``href``,
``src`` and form ``action`` that names a server path (or an IRI under the base) becomes the
relative path of the site file that holds it (``?lang=vi`` → the ``.vi.html`` page), so the site
works under any prefix and from ``file://``. What only a live server answers (``/sparql``, the
editor, a query form) is never a broken link: a link points at ``--sparql-endpoint`` when given,
else it is plain text; a form is disabled; both say why. The header box's autocomplete script
(it asks ``/search/suggest``) is dropped: the site's search page searches without a server.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit
from xml.etree.ElementTree import Element

import html5lib
from html5lib.serializer import HTMLSerializer

from aspen_graph.i18n import N_, translate

LIVE_ONLY = N_("Needs the live server: this static copy of the site cannot answer it.")
LIVE_ENDPOINT = N_("Needs the live server: this static copy cannot answer it. The SPARQL endpoint:")
_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "area": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "form": "action",
}
_DROPPED_SCRIPTS = ("/static/search.js",)
"""Scripts that need the server (the header box's autocomplete asks /search/suggest)."""
_SERIALIZER = HTMLSerializer(omit_optional_tags=False, quote_attr_values="always")
_WALKER = html5lib.getTreeWalker("etree")

Resolver = Callable[[str, "str | None"], "str | None"]
"""(server href, media type) → the site file (root-relative) holding it, else ``None``."""


@dataclass(frozen=True, slots=True)
class Page:
    """Where a page is written and in which language it speaks."""

    path: str
    lang: str


def relative(target: str, here: str) -> str:
    """The link from the file ``here`` to the file ``target`` (both root-relative).

    >>> relative("static/site.css", "id/goal/g1.html"), relative("index.html", "index.vi.html")
    ('../../static/site.css', 'index.html')
    >>> relative("resource/x.org/a%20b.html", "index.html")  # the file's name has a "%"
    'resource/x.org/a%2520b.html'

    """
    return quote(posixpath.relpath(target, posixpath.dirname(here) or "."), safe="/~")


def _internal(href: str, base: str) -> bool:
    return (href.startswith("/") and not href.startswith("//")) or href.startswith(base)


def _note(page: Page, endpoint: str | None) -> Element:
    note = Element("p", {"class": "live-only"})
    if endpoint:
        note.text = translate(page.lang, LIVE_ENDPOINT) + " "
        link = Element("a", {"href": endpoint, "rel": "external"})
        link.text = endpoint
        note.append(link)
    else:
        note.text = translate(page.lang, LIVE_ONLY)
    return note


def rewrite(
    html: bytes, page: Page, base: str, resolve: Resolver, endpoint: str | None = None
) -> bytes:
    """``html`` (a page of the server) with its links made relative to ``page.path``."""
    root = html5lib.parse(html.decode("utf-8"), treebuilder="etree", namespaceHTMLElements=False)
    parents = {child: parent for parent in root.iter() for child in parent}
    live_title = translate(page.lang, LIVE_ONLY)
    for element in list(root.iter()):
        element.attrib.pop("data-suggest", None)  # the header box's autocomplete: no server
        attribute = _ATTRIBUTES.get(str(element.tag))
        if attribute is None:
            continue
        href = element.get(attribute)
        if href is None or not _internal(href, base):
            continue
        if element.tag == "script" and href.startswith(_DROPPED_SCRIPTS):
            parents[element].remove(element)
            continue
        target = resolve(href, element.get("type"))
        if target is not None:
            fragment = urlsplit(href).fragment
            element.set(
                attribute, relative(target, page.path) + (f"#{fragment}" if fragment else "")
            )
        elif element.tag == "a":
            del element.attrib["href"]
            element.set("title", live_title)
            element.set("class", (element.get("class", "") + " live-only").strip())
            if endpoint:
                element.set("href", endpoint)
                element.set("rel", "external")
        elif element.tag == "form":
            del element.attrib["action"]
            for control in element.iter():
                if control.tag in ("input", "select", "textarea", "button"):
                    control.set("disabled", "disabled")
            parent = parents[element]
            parent.insert(list(parent).index(element), _note(page, endpoint))
        else:
            parents[element].remove(element)
    body: str = _SERIALIZER.render(_WALKER(root))
    return ("<!DOCTYPE html>\n" + body).encode("utf-8")


__all__ = ["LIVE_ENDPOINT", "LIVE_ONLY", "Page", "Resolver", "relative", "rewrite"]
