"""Settings (environment prefix ``ASPEN_``) and the repository's paths."""

from __future__ import annotations

import os
import typing
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from aspen_graph.errors import AspenError
from aspen_graph.namespaces import DEFAULT_BASE

PACKAGE_DIR = Path(__file__).resolve().parent
REASONER_TIMEOUT = 300.0
"""Seconds HermiT may take by default (the shipped data needs well under a minute)."""
ENV_PREFIX = "ASPEN_"

Count = Annotated[int, Field(gt=0)]
"""A size, a limit or a number of processes: zero would serve nothing."""
Seconds = Annotated[float, Field(gt=0, allow_inf_nan=False)]
"""A time limit: zero would stop everything at once, and ``inf``/``nan`` would be no limit."""
Port = Annotated[int, Field(ge=1, le=65535)]


def _find_root() -> Path:
    """The repository root: the nearest parent holding ``ontology/`` and ``sparql/``."""
    for parent in [PACKAGE_DIR, *PACKAGE_DIR.parents]:
        if (parent / "ontology").is_dir() and (parent / "sparql").is_dir():
            return parent
    return Path.cwd()


class Settings(BaseSettings):
    """Everything configurable. Each field can be set as ``ASPEN_<NAME>`` in the environment.

    ``workers`` is the size of the serving query pool (``aspen serve``): each worker is a
    separate process holding **a full in-memory copy of the release** (with ``store=memory``),
    so memory grows as workers × one store. The default of 2 keeps one slow query from blocking
    every other; an on-disk ``store`` directory is opened read-only by each worker instead.
    """

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    root: Path = _find_root()
    base_iri: str = DEFAULT_BASE
    dist_dir: Path | None = None
    store: str = "memory"
    """``memory`` (release loaded into RAM), a directory (on-disk store), or an http(s) URL:
    the base of an Oxigraph server, whose ``/query``, ``/update`` and ``/store`` are used."""
    store_query_url: str | None = None
    """A remote store's SPARQL query endpoint (Fuseki ``/ds/sparql``, GraphDB
    ``/repositories/X``, Virtuoso ``/sparql``); overrides the one derived from ``store``."""
    store_update_url: str | None = None
    """A remote store's SPARQL Update endpoint (needed by ``aspen publish``)."""
    store_gsp_url: str | None = None
    """A remote store's Graph Store Protocol endpoint."""
    store_user: str | None = None
    """User name for basic auth to the remote store (with ``store_password``)."""
    store_password: SecretStr | None = None
    store_token: SecretStr | None = None
    """Bearer token for the remote store (instead of user and password)."""
    store_timeout: Seconds = 600.0
    """Seconds one graph's upload may take when publishing to a remote store."""
    host: str = "127.0.0.1"
    port: Port = 8000
    workers: Count = 2
    query_timeout: Seconds = 10.0
    max_results: Count = 100_000
    max_query_length: Count = 100_000
    max_body_bytes: Count = 1_000_000
    max_header_bytes: Count = 65_536
    """``aspen serve``: most bytes in a request line and its headers together (431 past it).
    64 KiB holds a GET of a long SPARQL query; longer ones go in a POST body."""
    header_timeout: Seconds = 10.0
    """``aspen serve``: seconds a client has to send a request's headers, counted from the
    connection (or the request's first byte); then 408 and the connection is closed."""
    body_timeout: Seconds = 30.0
    """``aspen serve``: seconds a client has to send a request's body after its headers."""
    keep_alive_timeout: Annotated[int, Field(ge=0)] = 5
    """``aspen serve``: seconds an idle connection is kept open for its next request."""
    max_connections: Count = 2048
    """``aspen serve``: connections served at once; requests on more get 503. Lowered to fit
    the process's limit on open files (raised toward its hard limit at start-up)."""
    result_cache: bool = True
    description_limit: Count = 500
    """Most links TO a resource its description holds (``pages/resource-description``, the
    server's and the static site's RDF documents and pages alike); the page gives the true
    number of the others (``pages/resource-inbound-counts``)."""
    examples: bool = False
    """Also build ``data/examples/`` (fictional example plans, each version in its own graph)."""
    shacl_engine: Literal["auto", "pyshacl", "sparql"] = "auto"
    """SHACL engine of the build: ``auto`` = SPARQL on the store (pyshacl only for shapes it cannot
    compile, up to 100k triples: ``aspen_graph.validation.engine.choose_engine``)."""
    reasoner_timeout: Seconds = REASONER_TIMEOUT
    """Seconds the build's OWL check (HermiT) may take; past them Java is killed and the build
    stops with an error, ``dist/`` untouched (``--reasoner-timeout`` of build and validate)."""

    @property
    def dist(self) -> Path:
        return self.dist_dir if self.dist_dir is not None else self.root / "dist"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def versions_dir(self) -> Path:
        """One folder per plan version: ``data/versions/<plan-key>-<version-key>/``."""
        return self.data_dir / "versions"

    @property
    def examples_dir(self) -> Path:
        """Example (fictional) plan versions, built only with ``examples``."""
        return self.data_dir / "examples"

    @property
    def sparql_dir(self) -> Path:
        return self.root / "sparql"


class SettingsError(AspenError, ValueError):
    """An ``ASPEN_*`` environment variable holds a value its setting cannot take.

    The message has one line per bad variable: its name, the value given, what is expected.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        if len(problems) == 1:
            super().__init__(problems[0])
        else:
            lines = [f"{len(problems)} bad settings in the environment", *problems]
            super().__init__("\n  ".join(lines))


_KINDS = {int: "a whole number", float: "a number", bool: "true or false"}
_BOUNDS = {"gt": "above", "ge": "at least", "le": "at most"}


def expected(field: FieldInfo) -> str:
    """What a setting takes, in words (from its type and bounds, not from pydantic's message).

    >>> expected(Settings.model_fields["port"])
    'a whole number from 1 to 65535'
    >>> expected(Settings.model_fields["shacl_engine"])
    'one of auto, pyshacl, sparql'
    """
    if typing.get_origin(field.annotation) is Literal:
        return "one of " + ", ".join(str(choice) for choice in typing.get_args(field.annotation))
    kind = _KINDS.get(field.annotation, "text") if isinstance(field.annotation, type) else "text"
    # Field(gt=…, ge=…, le=…) lands in ``metadata`` as annotated-types' Gt, Ge, Le.
    bounds = {
        name: getattr(rule, name)
        for rule in field.metadata
        for name in _BOUNDS
        if hasattr(rule, name)
    }
    if "ge" in bounds and "le" in bounds:
        return f"{kind} from {bounds['ge']} to {bounds['le']}"
    return " ".join([kind, *(f"{_BOUNDS[name]} {value}" for name, value in bounds.items())])


def _problem(error: ErrorDetails) -> str:
    """One line for one bad variable: ``ASPEN_PORT='99999': must be a whole number from …``."""
    name = str(error["loc"][0]) if error["loc"] else ""
    field = Settings.model_fields.get(name)
    if field is None:
        return f"settings: {error['msg']}"
    variable = f"{ENV_PREFIX}{name}".upper()
    # The raw text as given (names are case-insensitive); pydantic may hold it already parsed.
    given = next(
        (value for key, value in os.environ.items() if key.upper() == variable),
        str(error["input"]),
    )
    return f"{variable}={given!r}: must be {expected(field)}"


def load_settings() -> Settings:
    """Settings read afresh from the environment.

    A bad ``ASPEN_*`` value raises :class:`SettingsError` (the CLI prints it and exits 2).
    """
    try:
        return Settings()
    except ValidationError as error:
        problems = dict.fromkeys(_problem(detail) for detail in error.errors())
        raise SettingsError(list(problems)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment (:func:`load_settings`)."""
    return load_settings()


__all__ = [
    "PACKAGE_DIR",
    "REASONER_TIMEOUT",
    "Settings",
    "SettingsError",
    "expected",
    "get_settings",
    "load_settings",
]
