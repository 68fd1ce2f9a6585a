"""Questions: the catalogue of named queries, parameter binding, and running them."""

from __future__ import annotations

from aspen_graph.queries.bind import (
    LANGUAGE_TAG,
    LATEST,
    TYPES_QUERY,
    bind_params,
    check_types,
    latest_version_clause,
    resolve_version,
    version_params,
)
from aspen_graph.queries.catalog import Param, QueryCatalog, QuerySpec
from aspen_graph.queries.run import naming_failures, run_construct, run_select

__all__ = [
    "LANGUAGE_TAG",
    "LATEST",
    "TYPES_QUERY",
    "Param",
    "QueryCatalog",
    "QuerySpec",
    "bind_params",
    "check_types",
    "latest_version_clause",
    "naming_failures",
    "resolve_version",
    "run_construct",
    "run_select",
    "version_params",
]
