"""The site the slow tests share (built once per session by conftest.py's ``site`` fixture)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib

from aspen_graph.config import Settings
from aspen_graph.site import SiteSummary


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    settings: Settings
    summary: SiteSummary


LINKED = {
    "a": "href",
    "link": "href",
    "area": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "form": "action",
    "iframe": "src",
}


def broken_links(root: Path) -> list[str]:
    """Every link of every page under ``root`` (the release's own pages, ``download/*.html``,
    too) that is absolute to the host (``/…``: it would leave the site's folder) or names no
    file of the site: ``page: link``."""
    broken = []
    for page in sorted(root.rglob("*.html")):
        tree = html5lib.parse(
            page.read_text("utf-8"), treebuilder="etree", namespaceHTMLElements=False
        )
        for element in tree.iter():
            value = element.get(LINKED.get(str(element.tag), ""))
            if not value:
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or not parts.path:  # another host, "#fragment"
                continue
            if value.startswith("/"):
                broken.append(f"{page.relative_to(root)}: {value} (not relative)")
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file() or root.resolve() not in target.parents:
                broken.append(f"{page.relative_to(root)}: {value}")
    return broken
