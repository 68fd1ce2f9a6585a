"""The date a release says it was made: ``SOURCE_DATE_EPOCH`` when set, else today (UTC).

The release's only build-time values are this date (``dct:modified`` in ``void.ttl``,
``publication_date`` in the SSSOM header). Setting ``SOURCE_DATE_EPOCH`` (seconds since
1970, the reproducible-builds.org convention, e.g. the last commit's time:
``SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)``) makes builds on different days identical.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from aspen_graph.errors import BuildError


def build_date() -> date:
    """The release date.

    >>> os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    >>> build_date()
    datetime.date(2026, 1, 1)
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(UTC).date()
    try:
        return datetime.fromtimestamp(int(epoch), UTC).date()
    except (ValueError, OverflowError, OSError):
        raise BuildError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970-01-01"
        ) from None


__all__ = ["build_date"]
