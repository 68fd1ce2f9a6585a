"""A server page made a static file: its links rewritten to relative paths of the site.

The page is tokenised (the standard library's :class:`html.parser.HTMLParser`: script and style
text are raw text, so a ``href=`` inside a script is never taken for an attribute) and only
the start tags that change are written again; every other byte of the page stays as the server
wrote it. (An earlier version parsed and re-serialised the whole document with html5lib: half
of the build's time.) Every ``href``, ``src`` and form ``action`` that names a server path (or
an IRI under the base) becomes the relative path of the site file that holds it
(``?lang=vi`` → the ``.vi.html`` page), so the site works under any prefix and from
``file://``. What only a live server answers (``/sparql``, the editor, a query form) is never a
broken link: a link points at ``--sparql-endpoint`` when given, else it is plain text; a form is
disabled; both say why. The header box's autocomplete script (it asks ``/search/suggest``) is
dropped: the site's search page searches without a server.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

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
_CONTROLS = frozenset({"input", "select", "textarea", "button"})
_VOID = frozenset({"link", "area", "img", "source"})
"""Elements without an end tag (removing one removes its start tag only)."""
_ATTRIBUTE = re.compile(r"""\s*([^\s/>"'=][^\s/>=]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
"""One attribute of a start tag (as the tokeniser reads them), with the space before it."""
_TAG_NAME = re.compile(r"<[^\s/>]+")

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


def _note(page: Page, endpoint: str | None) -> str:
    if endpoint:
        text = escape(translate(page.lang, LIVE_ENDPOINT) + " ", quote=False)
        link = f'<a href="{escape(endpoint)}" rel="external">{escape(endpoint, quote=False)}</a>'
        return f'<p class="live-only">{text}{link}</p>'
    return f'<p class="live-only">{escape(translate(page.lang, LIVE_ONLY), quote=False)}</p>'


def edit_tag(raw: str, drop: Collection[str] = (), put: dict[str, str] | None = None) -> str:
    """The start tag ``raw`` without the attributes ``drop`` and with ``put``'s values (replaced
    in place, else added at the end); the other attributes are kept byte for byte.

    >>> edit_tag('<a class="x" HREF="/a?b=1&amp;c=2" title=t>', {"title"}, {"href": "a&b"})
    '<a class="x" href="a&amp;b">'
    >>> edit_tag('<input name="q" data-suggest="/s"/>', {"data-suggest"}, {"disabled": ""})
    '<input name="q" disabled/>'

    """
    put = dict(put or {})
    name = _TAG_NAME.match(raw)
    assert name is not None, raw
    close = "/>" if raw.endswith("/>") else ">"
    parts, position, stop = [name.group()], name.end(), len(raw) - len(close)
    while position < stop:
        found = _ATTRIBUTE.match(raw, position, stop)
        if found is None or found.end() == position:
            parts.append(raw[position:stop])  # what the tokeniser would skip: kept
            break
        attribute = found.group(1).lower()
        if attribute in put:
            parts.append(_attribute(attribute, put.pop(attribute)))
        elif attribute not in drop:
            parts.append(found.group())
        position = found.end()
    parts.extend(_attribute(attribute, value) for attribute, value in put.items())
    return "".join(parts) + close


def _attribute(name: str, value: str) -> str:
    return f" {name}" if value == "" and name == "disabled" else f' {name}="{escape(value)}"'


class _Rewriter(HTMLParser):
    """Collects the edits of one page: (start, end, replacement) over the page's text."""

    def __init__(
        self, text: str, page: Page, base: str, resolve: Resolver, endpoint: str | None
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.page, self.base, self.resolve = text, page, base, resolve
        self.endpoint = endpoint
        self.lines = [0] + [m.end() for m in re.finditer("\n", text)]
        self.edits: list[tuple[int, int, str]] = []
        self.removing: tuple[str, int] | None = None
        """(element, start) of an element being removed up to its end tag."""
        self.in_disabled_form = False
        self.live_title = translate(page.lang, LIVE_ONLY)

    def position(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # a void element written <x/>: no end tag follows

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.removing is not None:
            return
        raw = self.get_starttag_text() or ""
        start = self.position()
        end = start + len(raw)
        values = dict(attrs)
        drop = {"data-suggest"} & values.keys()  # the header box's autocomplete: no server
        put: dict[str, str] = {}
        if self.in_disabled_form and tag in _CONTROLS:
            put["disabled"] = ""
        attribute = _ATTRIBUTES.get(tag)
        href = values.get(attribute) if attribute else None
        if attribute and href is not None and _internal(href, self.base):
            if tag == "script" and href.startswith(_DROPPED_SCRIPTS):
                self.removing = (tag, start)
                return
            target = self.resolve(href, values.get("type"))
            if target is not None:
                fragment = urlsplit(href).fragment
                put[attribute] = relative(target, self.page.path) + (
                    f"#{fragment}" if fragment else ""
                )
            elif tag == "a":
                drop.add("href")
                put["title"] = self.live_title
                put["class"] = ((values.get("class") or "") + " live-only").strip()
                if self.endpoint:
                    put["href"] = self.endpoint
                    put["rel"] = "external"
            elif tag == "form":
                drop.add("action")
                self.in_disabled_form = True
                self.edits.append((start, start, _note(self.page, self.endpoint)))
            elif tag in _VOID:
                self.edits.append((start, end, ""))
                return
            else:
                self.removing = (tag, start)
                return
        if drop or put:
            self.edits.append((start, end, edit_tag(raw, drop, put)))

    def handle_endtag(self, tag: str) -> None:
        if self.removing is not None and self.removing[0] == tag:
            end = self.text.index(">", self.position()) + 1
            self.edits.append((self.removing[1], end, ""))
            self.removing = None
        elif tag == "form":
            self.in_disabled_form = False

    def result(self) -> str:
        out, position = [], 0
        for start, end, replacement in sorted(self.edits, key=lambda e: (e[0], e[1])):
            out += [self.text[position:start], replacement]
            position = end
        out.append(self.text[position:])
        return "".join(out)


def rewrite(
    html: bytes, page: Page, base: str, resolve: Resolver, endpoint: str | None = None
) -> bytes:
    """``html`` (a page of the server) with its links made relative to ``page.path``."""
    text = html.decode("utf-8")
    rewriter = _Rewriter(text, page, base, resolve, endpoint)
    rewriter.feed(text)
    rewriter.close()
    return rewriter.result().encode("utf-8")


__all__ = ["LIVE_ENDPOINT", "LIVE_ONLY", "Page", "Resolver", "edit_tag", "relative", "rewrite"]
