"""The static site's file layout: which file of ``aspen site`` holds which IRI's page or document.

Agreed between the site generator (:mod:`aspen_graph.site`) and the w3id redirect rules
(:mod:`aspen_graph.publish.w3id`); docs/static-site.md describes it. The site root stands for
the base (``https://w3id.org/aspen/``): an IRI ``base + P`` has the stem ``P`` (``P + "index"``
when ``P`` is empty or ends with ``/``); an IRI outside the base the stem
``resource/<host>/<path>``. Characters other than ``A-Za-z0-9._-/`` are percent-encoded, and
the query and fragment of an outside IRI are dropped. A stem is completed by ``.html``
(English page), ``.vi.html`` (Vietnamese page), ``.ttl``, ``.jsonld``, ``.nt`` or ``.rdf``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

RDF_EXTENSIONS = ("ttl", "jsonld", "nt", "rdf")
"""The RDF documents of every resource, as the server's document URLs name them."""
PAGE_LANGUAGES = ("en", "vi")
"""The languages of the pages; English has no infix (``P.html``), the others ``P.<lang>.html``."""
RESOURCE_DIR = "resource"
_UNSAFE = re.compile(r"[^A-Za-z0-9._\-/]")


def _encode(text: str) -> str:
    """``text`` with every character outside ``A-Za-z0-9._-/`` percent-encoded (UTF-8), and
    segments ``.``/``..`` encoded too, so no stem climbs out of the site.

    >>> _encode("sdg/14.1"), _encode("a b/ô"), _encode("x/../y")
    ('sdg/14.1', 'a%20b/%C3%B4', 'x/%2E%2E/y')
    """
    encoded = _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), text)
    return "/".join(
        "%2E" * len(part) if part in (".", "..") else part for part in encoded.split("/")
    )


def stem_of(iri: str, base: str) -> str:
    """The path of an IRI's files without their extension.

    >>> base = "https://w3id.org/aspen/"
    >>> stem_of(base + "id/goal/aspen-2026-2035-g1", base), stem_of(base + "ont/", base)
    ('id/goal/aspen-2026-2035-g1', 'ont/index')
    >>> stem_of(base, base), stem_of("http://metadata.un.org/sdg/14.1?x=1#y", base)
    ('index', 'resource/metadata.un.org/sdg/14.1')
    """
    if iri.startswith(base):
        path = iri[len(base) :]
    else:
        parts = urlsplit(iri)
        path = f"{RESOURCE_DIR}/{parts.netloc}/{parts.path.lstrip('/')}"
    path = _encode(path).lstrip("/")
    return path + "index" if not path or path.endswith("/") else path


def stems(iris: Iterable[str], base: str) -> dict[str, str]:
    """IRI → stem for a set of IRIs: every IRI of a group that shares a stem gets
    ``~`` + the first 8 hex digits of its sha256, so no two IRIs share files.

    >>> base = "https://w3id.org/aspen/"
    >>> found = stems(["http://x.org/a?1", "http://x.org/a?2", "http://x.org/b"], base)
    >>> found["http://x.org/b"], found["http://x.org/a?1"].split("~")[0]
    ('resource/x.org/b', 'resource/x.org/a')
    """
    by_stem: dict[str, list[str]] = {}
    for iri in sorted(set(iris)):
        by_stem.setdefault(stem_of(iri, base), []).append(iri)
    out = {}
    for group in by_stem.values():
        for iri in group:
            stem = stem_of(iri, base)
            if len(group) > 1:
                stem += "~" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:8]
            out[iri] = stem
    return out


def page_file(stem: str, lang: str = "en") -> str:
    """The page of a stem in a language.

    >>> page_file("ont/index"), page_file("report", "vi")
    ('ont/index.html', 'report.vi.html')
    """
    return f"{stem}.html" if lang == "en" else f"{stem}.{lang}.html"


__all__ = ["PAGE_LANGUAGES", "RDF_EXTENSIONS", "RESOURCE_DIR", "page_file", "stem_of", "stems"]
