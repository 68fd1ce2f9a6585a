"""``/diff``: what changed between two versions of a plan, as JSON (``aspen diff`` as a route)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from aspen_graph.analysis import diff_versions
from aspen_graph.api.deps import CatalogDep, StoreDep
from aspen_graph.api.routes.analytics import ERRORS, LANG, _language, _param, _values
from aspen_graph.errors import QueryParameterError

router = APIRouter(tags=["versions"])


@router.get(
    "/diff",
    summary="What changed between two plan versions",
    responses=ERRORS,
    openapi_extra={
        "parameters": [
            _param(
                "from",
                "The earlier version (plan-version:example-plan-draft-1, or its key).",
                required=True,
            ),
            _param("to", "The later version.", required=True),
            LANG,
        ]
    },
)
def diff(request: Request, store: StoreDep, catalog: CatalogDep) -> dict[str, Any]:
    """Elements added, removed and reworded (matched by class and code), alignments added,
    removed and re-scored (matched by element code and target), coverage per challenge, and
    the SDG goals and frameworks whose coverage changed; a reference that is not a plan version
    answers 422."""
    values = _values(request, ("from", "to", "lang"))
    lang = _language(values)
    for name in ("from", "to"):
        if name not in values:
            raise QueryParameterError(f"parameter {name!r} is required")
    return diff_versions(store, catalog, values["from"], values["to"], lang=lang).as_dict()


__all__ = ["router"]
