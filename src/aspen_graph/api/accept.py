"""Reading an ``Accept`` header: which of the offered media types a client wants most.

werkzeug parses the header and gives each offered type the q-value of the most specific range
that matches it (``text/html`` before ``text/*`` before ``*/*``; a range's own parameters are
ignored, so ``text/turtle;charset=utf-8`` asks for Turtle). The highest q-value wins; of equal
ones, the type named by the more specific range, then the type offered last: offers run from
least to most preferred (python-mimeparse's rule, which this replaced).
"""

from __future__ import annotations

from collections.abc import Sequence

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


def parse_accept(header: str) -> MIMEAccept:
    """The media ranges of an ``Accept`` header; ``ValueError`` for a range without exactly one
    ``/`` (a lone ``*`` is read as ``*/*``, as old Java clients mean it).

    >>> [(value, q) for value, q in parse_accept("text/*;q=0.5, text/csv;charset=utf-8")]
    [('text/csv', 1), ('text/*', 0.5)]
    """
    ranges = []
    for value, quality in parse_accept_header(header):
        media_range = value.split(";", 1)[0].strip()
        media_range = "*/*" if media_range == "*" else media_range
        if media_range.count("/") != 1:
            raise ValueError(f"media range {value[:80]!r} is not type/subtype")
        ranges.append((media_range, quality))
    return MIMEAccept(ranges)


def _rank(accept: MIMEAccept, media_type: str) -> tuple[float, bool, bool]:
    """The q-value the most specific matching range gives, and that range's specificity."""
    index = accept.find(media_type)
    if index < 0:
        return 0.0, False, False
    media_range, quality = accept[index]
    kind, _, subtype = media_range.partition("/")
    return quality, kind != "*", subtype != "*"


def best_match(header: str, offered: Sequence[str]) -> str | None:
    """The offered media type the header wants most, else ``None`` (ValueError if malformed).

    Ranked by q-value, then by how specific the range that gave it is, then by the order
    offered (the last wins).

    >>> best_match("text/*, application/json", ["application/json", "text/html"])
    'application/json'
    >>> best_match("text/html, application/json", ["application/json", "text/html"])
    'text/html'
    >>> best_match("*/*, text/csv;q=0", ["text/csv"]) is None
    True
    """
    accept = parse_accept(header)
    ranked = [(*_rank(accept, media), i) for i, media in enumerate(offered)]
    quality, *_, index = max(ranked, default=(0.0, False, False, -1))
    return offered[index] if quality > 0 else None


__all__ = ["best_match", "parse_accept"]
