"""Response models of the JSON routes (documentation and validation at the edge)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class ParameterInfo(BaseModel):
    name: str
    type: str = Field(description="iri, string, integer, decimal, date or language")
    required: bool
    default: str | None = None
    classes: list[str] = Field(default_factory=list, description="rdf:types an iri must have")
    doc: str = ""


class QueryInfo(BaseModel):
    name: str
    summary: str
    tags: list[str]
    form: str
    parameters: list[ParameterInfo]
    href: str


class QueryList(BaseModel):
    data: list[QueryInfo]
    count: int


class Cell(BaseModel):
    type: Literal["uri", "literal", "bnode"]
    value: str
    lang: str | None = None
    datatype: str | None = None
    curie: str | None = None


class QueryResult(BaseModel):
    columns: list[str]
    rows: list[dict[str, Cell]]
    count: int
    query: str


class Health(BaseModel):
    status: Literal["ok", "degraded", "down"]
    workers: int
    pool: int
    starting: int
    quads: int
    queries: int
    timeouts: int
    crashes: int
    last_worker_start_seconds: float
    cache_entries: int | None = None


class Version(BaseModel):
    version: str
    fingerprint: str
    api: str
    manifest: dict[str, Any]


__all__ = [
    "Cell",
    "Health",
    "ParameterInfo",
    "QueryInfo",
    "QueryList",
    "QueryResult",
    "Version",
]
