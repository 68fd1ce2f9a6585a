"""CURIEs of analyst tables and the CLI (``priority:aspen-2026-2035-p2``, ``sdg:14.1``) ↔ IRIs.

The prefix of a CURIE is the kind of thing (the first path segment under ``id/``), so the
compact form reads like the IRI it stands for. Expanding and compacting are a namespace
concern, so this sits in the core beside :mod:`aspen_graph.namespaces`, whose prefix map it
reads, and every layer above can use it.
"""

from __future__ import annotations

import re
from functools import lru_cache

import curies
from rdflib import URIRef

from aspen_graph.errors import UnknownReferenceError
from aspen_graph.namespaces import ASPENID, ID_KINDS, PREFIXES, SDG

# Characters RFC 3987 (and Turtle, N-Triples) forbid in an IRI.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SDG_CODE = re.compile(r"^(?:sdg[ :-]?)?(\d{1,2}(?:\.(?:\d{1,2}|[a-z]))?)$", re.IGNORECASE)


@lru_cache(maxsize=1)
def converter() -> curies.Converter:
    """The CURIE converter for every kind of thing, plus the project's vocabulary prefixes."""
    prefix_map = {p: iri for p, iri in PREFIXES.items() if p != "aspenid"}
    prefix_map.update({kind: f"{ASPENID}{kind}/" for kind in ID_KINDS})
    prefix_map["sdg"] = str(SDG)
    return curies.Converter.from_prefix_map(prefix_map)


def is_valid_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI with no forbidden character.

    >>> is_valid_iri("http://a/b"), is_valid_iri("http://a b"), is_valid_iri("a/b")
    (True, False, False)
    """
    scheme, sep, rest = text.partition(":")
    return bool(sep and rest and scheme.isascii() and scheme[:1].isalpha()) and not (
        _NOT_IN_IRI.search(text)
    )


def expand(reference: str) -> URIRef:
    """The IRI a CURIE, a full IRI, or a bare SDG code stands for.

    >>> expand("priority:aspen-2026-2035-p2")
    rdflib.term.URIRef('https://w3id.org/aspen/id/priority/aspen-2026-2035-p2')
    >>> expand("14.1")
    rdflib.term.URIRef('http://metadata.un.org/sdg/14.1')
    """
    text = reference.strip()
    if text.startswith(("http://", "https://")):
        if not is_valid_iri(text):
            raise UnknownReferenceError(f"{reference!r} is not a valid IRI")
        return URIRef(text)
    bare = _SDG_CODE.match(text)
    if bare:
        return URIRef(f"{SDG}{bare.group(1).lower()}")
    prefix, sep, local = text.partition(":")
    if not sep or not local or prefix not in converter().prefix_map:
        known = ", ".join(sorted((*ID_KINDS, "sdg")))
        raise UnknownReferenceError(
            f"{reference!r} is not a CURIE of a known kind; write kind:key with kind one of {known}"
        )
    expanded = converter().expand(f"{prefix}:{local}")
    if expanded is None:  # pragma: no cover - prefix checked above
        raise UnknownReferenceError(f"cannot expand {reference!r}")
    return URIRef(expanded)


def compress(iri: str) -> str:
    """The CURIE of an IRI, or the IRI itself when no prefix fits.

    >>> compress("http://metadata.un.org/sdg/14.1")
    'sdg:14.1'
    """
    return converter().compress(iri) or iri


def slug(reference: str) -> str:
    """A key segment built from a CURIE: ``sdg:14.1`` → ``sdg-14.1``.

    >>> slug("priority:aspen-2026-2035-p2")
    'priority-aspen-2026-2035-p2'
    """
    return re.sub(r"[^A-Za-z0-9._-]+", "-", compress(str(expand(reference)))).strip("-")
