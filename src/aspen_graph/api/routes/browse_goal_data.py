"""The SDG goals' data files (``api/static/``): their colours, copied from the UN SDG
communications guidelines as open-sdg holds them; and the WCAG contrast that picks each tile's
text colour. (Short titles come from the graph only: where it has none in a language, the page
shows the English one, marked — no copied source of Vietnamese short titles exists to load.)"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

COLOURS = "sdg-colours.json"
"""The goals' colours (``api/static/``), with the note of where they were copied from."""
AA = 4.5
"""WCAG 2 AA: the least contrast ratio of normal text on its background."""


@lru_cache(maxsize=1)
def goal_colours() -> tuple[dict[str, str], str]:
    """The goal number → hex colour table and its source note."""
    data = json.loads(files("aspen_graph.api").joinpath("static", COLOURS).read_text("utf-8"))
    return dict(data["goals"]), str(data["source"])


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The WCAG relative luminance of ``#RRGGBB``.

    >>> luminance("#FFFFFF"), luminance("#000000")
    (1.0, 0.0)
    """
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21).

    >>> round(contrast("#FFFFFF", "#000000"), 1)
    21.0
    """
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(background: str) -> str:
    """White where it passes AA on ``background``, else black (which then always does).

    >>> text_colour("#19486A"), text_colour("#FCC30B")
    ('#FFFFFF', '#000000')
    """
    return "#FFFFFF" if contrast(background, "#FFFFFF") >= AA else "#000000"


__all__ = [
    "AA",
    "COLOURS",
    "contrast",
    "goal_colours",
    "luminance",
    "text_colour",
]
