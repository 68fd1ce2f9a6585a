"""Which elements to suggest for, and the query for each: an element by code in a version,
every element of a version with few alignments, or a free text. Bad input is a clear error
(unknown version or element, empty text, a language the method does not read)."""

from __future__ import annotations

from collections.abc import Collection

from aspen_graph.analysis.suggest.corpus import Corpus, Element
from aspen_graph.analysis.suggest.rank import LANGUAGES, Query, Suggester
from aspen_graph.curie import compress, expand
from aspen_graph.errors import QueryParameterError, UnknownReferenceError

MAX_TEXT = 5000
"""Characters of free text read (a plan element's text is far shorter)."""


def text_query(text: str, lang: str) -> Query:
    """A free-text query; empty text or another language than en/vi is refused."""
    if lang not in LANGUAGES:
        raise QueryParameterError(
            f"language {lang!r} is not supported; one of {', '.join(LANGUAGES)}"
        )
    if not text.strip():
        raise QueryParameterError("the text is empty; give the words to suggest targets for")
    if len(text) > MAX_TEXT:
        raise QueryParameterError(f"the text has {len(text)} characters; at most {MAX_TEXT}")
    return Query(" ".join(text.split()), lang)


def find_version(corpus: Corpus, version: str) -> str:
    """The IRI of a plan version given as CURIE, IRI or bare key, if it has elements."""
    reference = version if ":" in version else f"plan-version:{version}"
    try:
        iri = str(expand(reference))
    except UnknownReferenceError as error:
        raise UnknownReferenceError(f"--version: {error}") from None
    known = sorted({e.version for e in corpus.elements})
    if iri not in known:
        names = ", ".join(compress(v) for v in known)
        raise UnknownReferenceError(
            f"--version: {version!r} names no plan version with elements in the built graph "
            f"(known: {names})"
        )
    return iri


def find_element(corpus: Corpus, code: str, version: str) -> Element:
    """The element of ``version`` (an IRI) with ``code`` (``P2``, or its CURIE or IRI)."""
    wanted = code.strip()
    for element in corpus.elements:
        if element.version != version:
            continue
        if wanted.casefold() in (element.code.casefold(), element.curie.casefold(), element.iri):
            return element
    codes = sorted(e.code for e in corpus.elements if e.version == version)
    raise UnknownReferenceError(
        f"--element: {code!r} is no element of {compress(version)} (codes: {', '.join(codes)})"
    )


def elements_of(
    corpus: Corpus, suggester: Suggester, version: str, max_alignments: int | None
) -> list[Element]:
    """The elements of ``version``, or those with fewer than ``max_alignments`` alignments to
    candidate targets, in plan order (kind, then code)."""
    chosen = [
        e
        for e in corpus.elements
        if e.version == version
        and (max_alignments is None or len(suggester.links.get(e.iri, [])) < max_alignments)
    ]
    return sorted(chosen, key=lambda e: (e.kind, e.code))


def element_query(element: Element, rejected: Collection[tuple[str, str]] = ()) -> Query:
    """The query for an element: its English label and definition, else its Vietnamese ones;
    the targets rejected for it are never proposed."""
    lang, text = ("en", element.text_en) if element.text_en else ("vi", element.text_vi)
    if not text:
        raise QueryParameterError(f"{element.curie} has no label to suggest from")
    refused = frozenset(target for source, target in rejected if source == element.iri)
    return Query(text, lang, element=element.iri, rejected=refused)


__all__ = ["MAX_TEXT", "element_query", "elements_of", "find_element", "find_version", "text_query"]
