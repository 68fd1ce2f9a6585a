"""The JSON-LD ``@context`` of the release: the project's prefix map, one prefix per kind of thing.

It is written into ``dist/context.jsonld`` and served at ``/context.jsonld`` for partners to reuse.
The release's own JSON-LD documents carry the same object *inline*, so reading them never makes a
JSON-LD processor fetch a remote context (and the ``w3id.org`` base is a placeholder until it is
registered). Only prefixes are defined: no term coercion, so compacting and expanding with it
never changes a triple.
"""

from __future__ import annotations

import json

from aspen_graph.namespaces import ASPENID, ID_KINDS, PREFIXES, SDG

CONTEXT_FILE = "context.jsonld"


def jsonld_context() -> dict[str, str]:
    """The prefix definitions: the project prefix map plus ``{kind}: …/id/{kind}/``.

    >>> jsonld_context()["priority"]
    'https://w3id.org/aspen/id/priority/'
    >>> jsonld_context()["sdg"]
    'http://metadata.un.org/sdg/'
    """
    context = dict(sorted(PREFIXES.items()))
    context.update({kind: f"{ASPENID}{kind}/" for kind in ID_KINDS})
    context["sdg"] = str(SDG)
    return context


def context_document() -> bytes:
    """``{"@context": {…}}`` as UTF-8 JSON (what ``/context.jsonld`` serves)."""
    text = json.dumps({"@context": jsonld_context()}, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


__all__ = ["CONTEXT_FILE", "context_document", "jsonld_context"]
