"""Hints printed on stderr (so CSV and JSON on stdout stay clean) when an answer is empty or a
name is unknown: which parameters a question takes, and what builds the example data."""

from __future__ import annotations

from collections.abc import Mapping

from aspen_graph.queries import QuerySpec

EXAMPLE_TAGS = frozenset({"consultation", "mel", "versions"})
"""Questions about data the public plan does not have yet, which the fictional example has."""
EXAMPLES = "the example plan (drafts, consultation, MEL) is built by 'aspen build --examples'"


def empty_answer(spec: QuerySpec, given: Mapping[str, str]) -> list[str]:
    """Hint lines for a named question that answered no rows: the values it used (given or
    default) and every parameter it takes.

    >>> from pathlib import Path
    >>> from aspen_graph.queries.catalog import Param
    >>> params = (Param("event", "iri", default="event:e1", doc="the event"),)
    >>> tags = ("consultation",)
    >>> spec = QuerySpec("inputs", "api", "S", "", Path("q.rq"), "SELECT", tags, params)
    >>> for line in empty_answer(spec, {}): print(line)
    hint: 'inputs' found no rows for event=event:e1 (default)
    hint: its parameters: event (iri, default event:e1) — the event; give them as -p NAME=VALUE
    hint: the example plan (drafts, consultation, MEL) is built by 'aspen build --examples'
    """
    used = []
    for param in spec.params:
        if given.get(param.name, "").strip():
            used.append(f"{param.name}={given[param.name]}")
        elif param.default is not None:
            used.append(f"{param.name}={param.default} (default)")
    described = []
    for param in spec.params:
        kind = param.type + (", required" if param.required else "")
        if param.default is not None:
            kind += f", default {param.default}"
        described.append(f"{param.name} ({kind})" + (f" — {param.doc}" if param.doc else ""))
    lines = [f"hint: {spec.name!r} found no rows" + (f" for {', '.join(used)}" if used else "")]
    if described:
        lines.append(f"hint: its parameters: {'; '.join(described)}; give them as -p NAME=VALUE")
    if EXAMPLE_TAGS & set(spec.tags):
        lines.append(f"hint: {EXAMPLES}")
    return lines


def unknown_name(message: str) -> str | None:
    """A hint for an error about a name the graph does not hold, when it names example data.

    >>> unknown_name("parameter 'version': plan-version:example-plan-draft-1 names nothing")
    "hint: the example plan (drafts, consultation, MEL) is built by 'aspen build --examples'"
    >>> unknown_name("parameter 'version': plan-version:x names nothing") is None
    True
    """
    # The example resources' keys all start with "example-" (data/examples/, docs/examples.md).
    if "names nothing" in message and ":example-" in message:
        return f"hint: {EXAMPLES}"
    return None
