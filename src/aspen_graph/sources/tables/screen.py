"""Cells no converter should see: longer than a table may hold, or holding a character that
RDF/XML cannot (a control character, a lone surrogate, a non-character)."""

from __future__ import annotations

import re
from collections.abc import Mapping

MAX_CELL_CHARS = 10_000
"""Longest cell a table may hold, in characters (Excel's own limit is 32,767)."""
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Control characters (all but tab, LF and CR), lone surrogates and the two non-characters
XML cannot hold: a cell with one would make RDF/XML that no parser reads."""


def cell_problems(number: int, cells: Mapping[str, str]) -> list[tuple[int, str, str]]:
    """Cells no converter should see: too long, or holding a control character.

    >>> cell_problems(3, {"code": "P1", "label_en": "Air\\x00quality"})
    [(3, 'label_en', 'holds the control character U+0000 at character 4; remove it')]
    """
    found = []
    for column, value in cells.items():
        if len(value) > MAX_CELL_CHARS:
            found.append(
                (
                    number,
                    column,
                    f"is {len(value)} characters long; a cell holds at most {MAX_CELL_CHARS}",
                )
            )
        elif (bad := _CONTROL.search(value)) is not None:
            character = f"U+{ord(bad[0]):04X}"
            where = f"at character {bad.start() + 1}"
            found.append(
                (number, column, f"holds the control character {character} {where}; remove it")
            )
    return found


__all__ = ["MAX_CELL_CHARS", "cell_problems"]
