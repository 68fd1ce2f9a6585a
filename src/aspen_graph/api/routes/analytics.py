"""The analytics routes, by concern: ``/alignments``, ``/coverage``, ``/gaps`` (:mod:`.coverage`),
``/explain`` (:mod:`.explain`) and ``/report`` (:mod:`.report`); ``/diff`` is in
:mod:`.versions`. What they share (plan and version scope, documented errors) is in
:mod:`.plan_scope`, their parameter models' rules in :mod:`aspen_graph.api.params`.
"""

from __future__ import annotations

from fastapi import APIRouter

from aspen_graph.api.routes import coverage, explain, report

router = APIRouter()
router.include_router(coverage.router)
router.include_router(explain.router)
router.include_router(report.router)

__all__ = ["router"]
