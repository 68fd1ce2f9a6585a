"""The shapes every analyst table shares: the closed vocabularies of its cells, a row and its
errors, the plan version a row belongs to (:class:`VersionContext`) and a kind of table
(:class:`TableKind`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from aspen_graph.namespaces import ASPENID

INTERACTIONS = {
    3: "indivisible",
    2: "reinforcing",
    1: "enabling",
    0: "consistent",
    -1: "constraining",
    -2: "counteracting",
    -3: "cancelling",
}
STATUSES = ("proposed", "accepted", "rejected")
CHALLENGES = ("climate-change", "biodiversity-loss", "pollution")
DISPOSITIONS = ("received", "integrated", "not-integrated")
DECISIONS = ("accept", "edit", "reject")
"""What a reviewer writes in the ``decision`` column of a review file (empty: not decided)."""
FRAMEWORKS = ("sdg", "gbf", "paris", "asean2045")
"""The frameworks a suggested target belongs to (the ``framework`` column of a review file)."""
EXAMPLE_SOURCE = ASPENID["document/example-data"]
"""The document every example fact cites (``docs/model.md``)."""
EXAMPLE_MARK = "(example)"
"""How the English label of every example subject ends."""

CODE = re.compile(r"^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$")
"""What a code of plan content looks like: letters and digits joined by ``.``, ``-`` or ``_``."""
PLAN_ELEMENT_KINDS = ("goal", "priority", "focal-area", "intervention", "milestone")
"""The kinds of element a plan version is made of, from the top down."""


class RowError(ValueError):
    """One problem in one cell; collected, never raised past the table reader."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


Row = dict[str, str]


@dataclass
class VersionContext:
    """The plan version a folder's tables belong to, and the codes already in it.

    ``elements`` and ``previous`` map ``(kind, code.casefold())`` to the IRI of the element
    with that code in this version and in the version it revises; tables read later in the
    same folder see the elements of tables read before them (:func:`read_folder_tables`).
    """

    name: str
    version: URIRef
    plan: URIRef
    prefix: str
    example: bool = False
    mel_framework: URIRef | None = None
    elements: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    previous: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    units: dict[URIRef, str] = field(default_factory=dict)
    """The ``aspen:unit`` of each MEL indicator of the version (observation labels show it)."""

    def codes(self, kinds: tuple[str, ...]) -> list[str]:
        """The codes of this version's things of ``kinds`` (in upper case, as plans write them;
        the import compares codes without regard to case)."""
        return sorted({code.upper() for (kind, code) in self.elements if kind in kinds})

    @property
    def data_set(self) -> URIRef:
        """The plan's data set of MEL observations, ``dataset:{plan-key}-mel`` (docs/mel.md)."""
        return ASPENID[f"dataset/{str(self.plan).rsplit('/', 1)[-1]}-mel"]

    def element_iri(self, kind: str, code: str) -> URIRef:
        """The stable IRI of the element of ``kind`` with ``code`` in this version.

        >>> version, plan = ASPENID["plan-version/p-d2"], ASPENID["plan/p"]
        >>> str(VersionContext("p-d2", version, plan, "p-d2").element_iri("focal-area", "P2.FA1"))
        'https://w3id.org/aspen/id/focal-area/p-d2-p2.fa1'
        """
        return ASPENID[f"{kind}/{self.prefix}-{code.lower()}"]


RowConverter = Callable[[Row, Graph, Collection[URIRef], VersionContext | None], URIRef]


@dataclass(frozen=True, slots=True)
class TableKind:
    """A kind of analyst table: its columns (with a description each) and its row converter.

    ``choices`` lists the allowed values of closed columns (spreadsheet drop-downs and the
    row check use the same tuple); ``optional`` names the columns that may be left empty;
    ``properties`` maps an RDF property (CURIE) to the column it comes from, so a SHACL finding
    can point at a cell; ``references`` names the columns holding one code of the version (a
    template for a version lists its codes there). ``iri_kind`` is the ``id/{kind}/`` segment
    of the things a row makes when it belongs to a plan version (``None`` for the kinds that
    need no version).
    """

    name: str
    columns: dict[str, str]
    convert: RowConverter
    key: Callable[[Row], str]
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    optional: frozenset[str] = frozenset()
    properties: Mapping[str, str] = field(default_factory=dict)
    iri_kind: str | None = None
    summary: str = ""
    references: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Columns that name one thing of the version by code, with the kinds it may be."""
    extra_columns: Mapping[str, str] = field(default_factory=dict)
    """Optional columns after ``columns`` that a file may leave out altogether (added to the
    kind later, so files written before stay valid), each with its description."""

    @property
    def all_columns(self) -> dict[str, str]:
        """``columns`` then ``extra_columns``: every column a file of the kind may have."""
        return {**self.columns, **self.extra_columns}

    @property
    def needs_version(self) -> bool:
        return self.iri_kind is not None


__all__ = [
    "CHALLENGES",
    "CODE",
    "DECISIONS",
    "DISPOSITIONS",
    "EXAMPLE_MARK",
    "EXAMPLE_SOURCE",
    "FRAMEWORKS",
    "INTERACTIONS",
    "PLAN_ELEMENT_KINDS",
    "STATUSES",
    "Row",
    "RowConverter",
    "RowError",
    "TableKind",
    "VersionContext",
]
