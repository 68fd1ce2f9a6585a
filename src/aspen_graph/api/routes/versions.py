"""``/diff``: what changed between two versions of a plan, as JSON (``aspen diff`` as a route);
for a browser, or ``?format=html``, the page of :mod:`.diff_page`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from aspen_graph.analysis import diff_versions
from aspen_graph.api.deps import CatalogDep, StoreDep
from aspen_graph.api.params import Language, TrimmedParameters
from aspen_graph.api.routes.diff_page import diff_page
from aspen_graph.api.routes.form_route import FormatParameter, form_route, page_responses
from aspen_graph.api.routes.plan_scope import ERRORS

router = APIRouter(tags=["versions"], route_class=form_route(diff_page))


class DiffParameters(TrimmedParameters):
    earlier: Annotated[
        str,
        Field(
            alias="from",
            description="The earlier version (plan-version:example-plan-draft-1, or its key).",
        ),
    ]
    later: Annotated[str, Field(alias="to", description="The later version.")]
    lang: Language = "en"
    format: FormatParameter = None


@router.get(
    "/diff", summary="What changed between two plan versions", responses=page_responses(ERRORS)
)
def diff(
    params: Annotated[DiffParameters, Query()], store: StoreDep, catalog: CatalogDep
) -> dict[str, Any]:
    """Elements added, removed and reworded (matched by class and code), alignments added,
    removed and re-scored (matched by element code and target), coverage per challenge, and
    the SDG goals and frameworks whose coverage changed; a reference that is not a plan version
    answers 422."""
    return diff_versions(store, catalog, params.earlier, params.later, lang=params.lang).as_dict()


__all__ = ["DiffParameters", "router"]
