"""A server page made a static file: its links rewritten to relative paths of the site.

The page is tokenised (one regular expression over the page: the pages are our own templates'
output; comments and script/style elements are matched whole, so a ``href=`` inside a script
is never taken for an attribute; attribute values are quoted) and only the start tags that
change are written again; every other byte of the page stays as the server
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
from dataclasses import dataclass, field
from html import escape, unescape
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

    >>> relative("a/b/c.html", "a/b/d.vi.html"), relative("x.html", "a/b/c.html")
    ('c.html', '../../x.html')

    """
    # posixpath.relpath's answer, without its two os.getcwd() calls (both paths are relative
    # to the root): a third of the rewrite's time
    folder = posixpath.dirname(posixpath.normpath(here))
    up = folder.split("/") if folder and folder != "." else []
    down = posixpath.normpath(target).split("/")
    common = 0
    while common < min(len(up), len(down) - 1) and up[common] == down[common]:
        common += 1
    return quote("/".join([".."] * (len(up) - common) + down[common:]), safe="/~")


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


_VALUE = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_TOKENS = re.compile(
    r"<!--.*?-->"  # a comment: skipped whole
    rf"|<(?P<raw>script|style)\b(?P<raw_attrs>{_VALUE})>.*?</(?P=raw)\s*>"  # raw text, whole
    r"|<(?P<end>/?)(?P<tag>a|link|area|img|iframe|source|form|input|select|textarea|button)\b"
    rf"{_VALUE}>",
    re.S | re.I,
)
"""The tokens of a page the rewrite looks at (every other byte is copied): comments and
script/style elements are matched whole, so nothing inside them is taken for a tag."""


def _attributes(raw: str) -> dict[str, str]:
    """The attributes of a start tag, names lower-cased, values with their references decoded."""
    name = _TAG_NAME.match(raw)
    position, stop = name.end() if name else 1, len(raw) - 1
    values: dict[str, str] = {}
    while position < stop:
        found = _ATTRIBUTE.match(raw, position, stop)
        if found is None or found.end() == position:
            break
        value = found.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        values.setdefault(found.group(1).lower(), unescape(value))
        position = found.end()
    return values


@dataclass
class _Rewrite:
    """The edits of one page: (start, end, replacement) over the page's text."""

    text: str
    page: Page
    base: str
    resolve: Resolver
    endpoint: str | None
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    in_disabled_form: bool = False

    def run(self) -> str:
        for token in _TOKENS.finditer(self.text):
            if token.group("raw"):
                if token.group("raw").lower() == "script":
                    self.script(token)
            elif token.group("end"):
                if token.group("tag").lower() == "form":
                    self.in_disabled_form = False
            elif token.group("tag"):
                self.start_tag(token.group("tag").lower(), token.group(), token.start())
        out, position = [], 0
        for start, end, replacement in sorted(self.edits, key=lambda e: (e[0], e[1])):
            out += [self.text[position:start], replacement]
            position = end
        out.append(self.text[position:])
        return "".join(out)

    def script(self, token: re.Match[str]) -> None:
        raw = f"<script{token.group('raw_attrs')}>"
        src = _attributes(raw).get("src")
        if src is None or not _internal(src, self.base):
            return
        target = None if src.startswith(_DROPPED_SCRIPTS) else self.resolve(src, None)
        if target is None:  # the autocomplete script, or a script the site has not
            self.edits.append((token.start(), token.end(), ""))
        else:
            start = token.start()
            self.edits.append(
                (start, start + len(raw), edit_tag(raw, (), {"src": self.link(target, src)}))
            )

    def link(self, target: str, href: str) -> str:
        fragment = urlsplit(href).fragment
        return relative(target, self.page.path) + (f"#{fragment}" if fragment else "")

    def start_tag(self, tag: str, raw: str, start: int) -> None:
        end = start + len(raw)
        values = _attributes(raw)
        drop = {"data-suggest"} & values.keys()  # the header box's autocomplete: no server
        put: dict[str, str] = {}
        if self.in_disabled_form and tag in _CONTROLS:
            put["disabled"] = ""
        attribute = _ATTRIBUTES.get(tag)
        href = values.get(attribute) if attribute else None
        if attribute and href is not None and _internal(href, self.base):
            target = self.resolve(href, values.get("type"))
            if target is not None:
                put[attribute] = self.link(target, href)
            elif tag == "a":
                drop.add("href")
                put["title"] = translate(self.page.lang, LIVE_ONLY)
                put["class"] = (values.get("class", "") + " live-only").strip()
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
            else:  # an iframe: removed with its content
                close = self.text.lower().find(f"</{tag}", end)
                close = self.text.index(">", close) + 1 if close >= 0 else end
                self.edits.append((start, close, ""))
                return
        if drop or put:
            self.edits.append((start, end, edit_tag(raw, drop, put)))


def rewrite(
    html: bytes, page: Page, base: str, resolve: Resolver, endpoint: str | None = None
) -> bytes:
    """``html`` (a page of the server) with its links made relative to ``page.path``."""
    return _Rewrite(html.decode("utf-8"), page, base, resolve, endpoint).run().encode("utf-8")


__all__ = ["LIVE_ENDPOINT", "LIVE_ONLY", "Page", "Resolver", "edit_tag", "relative", "rewrite"]
