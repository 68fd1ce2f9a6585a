"""Matplotlib's SVG made fit to sit inside an HTML page.

Matplotlib writes a standalone document: an XML prolog, metadata, a ``<style>`` element and
``style="…"`` attributes (which a Content-Security-Policy without ``'unsafe-inline'`` blocks),
ids that repeat from chart to chart, and links that open new windows. :func:`finish` turns it
into an ``<svg>`` element with presentation attributes and a ``<title>`` (hover text) on each
marked artist; :func:`embed` gives each chart its own ids and its links their frame's form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from markupsafe import escape

TIP_PREFIX = "tip-"
"""Matplotlib gid of an artist whose hover text is in the tips (``tip-<n>``)."""

_STYLE = re.compile(r' style="([^"]*)"')
_FONT_SHORTHAND = re.compile(r"^(?P<size>[\d.]+px)\s+(?P<family>.+)$")


def _attributes(match: re.Match[str]) -> str:
    """``style="fill: #fff; font: 10px 'DejaVu Sans'"`` as presentation attributes."""
    out = []
    for declaration in match.group(1).split(";"):
        name, colon, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not colon or not name:
            continue
        font = _FONT_SHORTHAND.match(value) if name == "font" else None
        if font:
            out += [f' font-size="{font["size"]}"', f' font-family="{font["family"]}"']
        else:
            out.append(f' {name}="{value}"')
    return "".join(out)


def finish(raw: str, tips: Mapping[str, str], langs: Mapping[str, str] | None = None) -> str:
    """The ``<svg>`` element of a matplotlib SVG document, ready for :func:`embed`: no prolog,
    metadata or style element, styles as attributes, ``tips`` (gid → text) as ``<title>``s,
    ``langs`` (gid → language) as ``lang`` attributes of the groups (English fallbacks).

    >>> doc = ('<?xml version="1.0"?><svg width="10pt" height="5pt" viewBox="0 0 10 5">'
    ...        '<metadata>m</metadata><defs><style type="text/css">*{x: y}</style></defs>'
    ...        '<g id="tip-0"><a xlink:href="https://e.org/a" target="_blank">'
    ...        '<path style="fill: #fff; stroke-width: 0.8"/></a></g></svg>')
    >>> svg = finish(doc, {"tip-0": "A & B"})
    >>> svg.startswith("<svg") and "metadata" not in svg and "style" not in svg
    True
    >>> print(svg[svg.index("<g") : svg.index("<path")])
    <g id="tip-0"><title>A &amp; B</title><a xlink:href="https://e.org/a">
    >>> print(svg[svg.index("<path") :])
    <path fill="#fff" stroke-width="0.8"/></a></g></svg>
    """
    svg = raw[raw.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r"\s*<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.DOTALL)
    svg = svg.replace(' target="_blank"', "")
    svg = _STYLE.sub(_attributes, svg)
    # the rule of the style element (*{stroke-linejoin: round; stroke-linecap: butt}), inherited
    svg = re.sub(
        r"<svg([^>]*)>",
        r'<svg\1 stroke-linejoin="round" stroke-linecap="butt">',
        svg,
        count=1,
    )
    # matplotlib names clip paths and markers by a hash that takes in object addresses, so the
    # same chart got new ids on every render: number them in document order instead (a
    # rebuilt static site then rewrites only what changed)
    hashed = dict.fromkeys(re.findall(r' id="([a-z][0-9a-f]{10})"', svg))
    for number, old in enumerate(hashed):
        new = f"{old[0]}{number}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"#{old}", f"#{new}")
    for gid, text in tips.items():
        lang = (langs or {}).get(gid)
        marked = f' lang="{lang}"' if lang else ""
        svg = svg.replace(
            f'<g id="{gid}">', f'<g id="{gid}"{marked}><title>{escape(text)}</title>', 1
        )
    return svg.strip()


def embed(svg: str, prefix: str, label: str, href: Callable[[str], str], *, wide: bool) -> str:
    """A finished SVG for one place in a page: ids prefixed (unique in the page), each link
    through ``href`` (IRI → link), an accessible name and description, sized by CSS (a
    ``wide`` chart keeps its drawn width, the others fit the column).

    >>> svg = '<svg width="10pt" height="5pt" viewBox="0 0 10 5"><g id="a" clip-path="url(#c)">'
    >>> svg += '<a xlink:href="https://e.org/x?a=1&amp;b=2">t</a></g></svg>'
    >>> out = embed(svg, "f-", "Bars", lambda iri: "/resource?iri=" + iri, wide=False)
    >>> print(out[: out.index("<g")])
    <svg class="chart" width="100%" viewBox="0 0 10 5" aria-label="Bars"><desc>Bars</desc>
    >>> print(out[out.index("<g") :])
    <g id="f-a" clip-path="url(#f-c)"><a xlink:href="/resource?iri=https://e.org/x?a=1&amp;b=2">t</a></g></svg>
    """
    svg = re.sub(r' id="', f' id="{prefix}', svg)
    svg = svg.replace("url(#", f"url(#{prefix}").replace('xlink:href="#', f'xlink:href="#{prefix}')

    def link(match: re.Match[str]) -> str:
        iri = match.group(1).replace("&amp;", "&")
        return f'xlink:href="{escape(href(iri))}"'

    svg = re.sub(r'xlink:href="([^"#][^"]*)"', link, svg)
    head = re.match(r"<svg([^>]*)>", svg)
    if head is None:
        raise ValueError("not an SVG element")
    attributes = head.group(1)
    width = re.search(r'width="([^"]*)"', attributes)
    rest = re.sub(r'\s(?:width|height)="[^"]*"', "", attributes)
    size = f' width="{width.group(1)}"' if wide and width else ' width="100%"'
    kind = "chart wide" if wide else "chart"
    opening = f'<svg class="{kind}"{size}{rest} aria-label="{escape(label)}">'
    return opening + f"<desc>{escape(label)}</desc>" + svg[head.end() :]


__all__ = ["TIP_PREFIX", "embed", "finish"]
