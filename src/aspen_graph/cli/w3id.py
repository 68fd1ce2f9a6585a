"""``aspen w3id``: write the redirect rules that make the IRIs resolve with static files: the
w3id.org folder's ``.htaccess`` and ``README.md`` (``OUT/w3id/``) and the host's ``.htaccess``
(``OUT/.htaccess``). The rules are told in :mod:`aspen_graph.publish.w3id`; submitting them is
told in docs/w3id.md."""

from __future__ import annotations

from pathlib import Path

import typer

from aspen_graph.errors import DataLoadError
from aspen_graph.publish import check_base_url, write_w3id


def w3id(
    base_url: str = typer.Option(
        ...,
        "--base-url",
        help="Where the static site is published (https://example.org/aspen): the w3id "
        "IRIs redirect there.",
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="The site folder: writes OUT/.htaccess and OUT/w3id/."
    ),
) -> None:
    """Write the w3id.org redirect rules (OUT/w3id/) and the host's .htaccess (OUT/)."""
    try:
        base = check_base_url(base_url)
    except ValueError as error:
        raise DataLoadError(str(error)) from None
    try:
        written = write_w3id(base, out)
    except OSError as error:
        reason = error.strerror or str(error)
        raise DataLoadError(
            f"cannot write there: {reason}", path=str(error.filename or out)
        ) from None
    for path in written:
        typer.echo(str(path))


__all__ = ["w3id"]
