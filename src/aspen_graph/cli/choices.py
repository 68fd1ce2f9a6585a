"""The closed values of ``--lang`` and ``--challenge``, shared by every command that takes them.

A value outside the list is a usage error (exit code 2) that lists the allowed ones, never a
silent fall-back to English or to every challenge.
"""

from __future__ import annotations

from enum import StrEnum

import typer


class Language(StrEnum):
    """Languages the graph and the report have words in (English fills gaps in the data)."""

    en = "en"
    vi = "vi"


class Challenge(StrEnum):
    """The three global challenges (keys of ``data/source/triple_planetary_crisis.csv``)."""

    climate_change = "climate-change"
    biodiversity_loss = "biodiversity-loss"
    pollution = "pollution"


CHALLENGE_PREFIX = "challenge:"


def check_challenge(value: str | None) -> str | None:
    """``--challenge``: a key (``pollution``) or CURIE (``challenge:pollution``) → the CURIE.

    >>> check_challenge("pollution"), check_challenge("challenge:climate-change")
    ('challenge:pollution', 'challenge:climate-change')
    """
    if value is None:
        return None
    key = value.removeprefix(CHALLENGE_PREFIX)
    if key not in {c.value for c in Challenge}:
        allowed = ", ".join(c.value for c in Challenge)
        raise typer.BadParameter(f"{value!r} is not a challenge; use one of: {allowed}")
    return CHALLENGE_PREFIX + key


# "\\[" keeps Rich (which renders --help) from reading "[en]" as markup and dropping it.
LANG = typer.Option(
    Language.en,
    "--lang",
    help="Language of labels and texts; English standing in is marked \\[en].",
)
CHALLENGE = typer.Option(
    None,
    "--challenge",
    callback=check_challenge,
    help="One challenge only: " + ", ".join(c.value for c in Challenge) + ".",
)
