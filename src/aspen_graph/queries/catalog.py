"""The question catalogue: every ``.rq`` file under ``sparql/``, with its ``#+`` header.

A header looks like::

    #+ summary: Alignments of one ASPEN element, strongest first.
    #+ tags: alignments
    #+ param: element iri required class=aspen:PlanElement -- the element (CURIE or IRI)
    #+ param: lang language default=en -- label language

Parameter types: iri, string, integer, decimal, date, language. ``class=`` lists the rdf:types
(CURIEs of the project prefix map, ``|``-separated) an iri value must have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from aspen_graph.errors import DataLoadError, QueryNotFoundError
from aspen_graph.namespaces import PREFIXES

PARAM_TYPES = ("iri", "string", "integer", "decimal", "date", "language")
_PARAM = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>\w+)"
    r"(?P<options>(?:\s+(?:required|default=\S+|class=\S+))*)"
    r"\s*(?:--\s*(?P<doc>.*))?$"
)
_QUERY_FORM = re.compile(r"^\s*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Param:
    """One typed query parameter."""

    name: str
    type: str
    required: bool = False
    default: str | None = None
    classes: tuple[str, ...] = ()
    doc: str = ""


@dataclass(frozen=True, slots=True)
class QuerySpec:
    """A named query: its text, what it answers, its parameters and where it lives."""

    name: str
    group: str
    summary: str
    text: str
    path: Path
    form: str
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def _parse_param(text: str, path: Path, line: int) -> Param:
    match = _PARAM.match(text.strip())
    if not match:
        raise DataLoadError(
            f"bad '#+ param:' line {text!r}; expected 'NAME TYPE [required] [default=V] "
            "[class=C] -- description'",
            path=str(path),
            line=line,
        )
    kind = match["type"]
    if kind not in PARAM_TYPES:
        raise DataLoadError(
            f"parameter type {kind!r} is not one of {', '.join(PARAM_TYPES)}",
            path=str(path),
            line=line,
        )
    options = match["options"].split()
    default = next((o.split("=", 1)[1] for o in options if o.startswith("default=")), None)
    classes = next((o.split("=", 1)[1] for o in options if o.startswith("class=")), "")
    for curie in filter(None, classes.split("|")):
        if curie.split(":", 1)[0] not in PREFIXES:
            raise DataLoadError(f"unknown prefix in class={curie}", path=str(path), line=line)
    return Param(
        name=match["name"],
        type=kind,
        required="required" in options,
        default=default,
        classes=tuple(filter(None, classes.split("|"))),
        doc=(match["doc"] or "").strip(),
    )


def parse_query_file(path: Path, group: str) -> QuerySpec:
    """Read one ``.rq`` file and its header; a malformed header names the file and line."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            continue
        key, _, value = line[2:].strip().partition(":")
        key = key.strip()
        if key == "param":
            params.append(_parse_param(value, path, number))
        elif key in ("summary", "tags", "name"):
            fields[key] = value.strip()
        else:
            raise DataLoadError(f"unknown header field {key!r}", path=str(path), line=number)
    if not fields.get("summary"):
        raise DataLoadError("the header has no '#+ summary:' line", path=str(path), line=1)
    form = _QUERY_FORM.search(_strip_comments(text))
    if form is None:
        raise DataLoadError("no SELECT, CONSTRUCT, ASK or DESCRIBE found", path=str(path))
    return QuerySpec(
        name=fields.get("name", path.stem),
        group=group,
        summary=fields["summary"],
        text=text,
        path=path,
        form=form.group(1).upper(),
        tags=tuple(t.strip() for t in fields.get("tags", "").split(",") if t.strip()),
        params=tuple(params),
    )


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


class QueryCatalog:
    """All named queries under a ``sparql/`` folder, grouped by sub-folder (api, qc, construct …).

    >>> from aspen_graph.config import get_settings
    >>> catalog = QueryCatalog(get_settings().sparql_dir)
    >>> "api" in catalog.groups()
    True
    """

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise DataLoadError("query folder not found", path=str(root))
        self.root = root
        self._specs: dict[str, QuerySpec] = {}
        for path in sorted(root.rglob("*.rq")):
            group = path.parent.relative_to(root).as_posix()
            spec = parse_query_file(path, group)
            key = spec.name if group == "api" else f"{group}/{spec.name}"
            if key in self._specs:
                raise DataLoadError(f"duplicate query name {key!r}", path=str(path))
            self._specs[key] = spec

    def groups(self) -> list[str]:
        return sorted({spec.group for spec in self._specs.values()})

    def in_group(self, group: str) -> list[QuerySpec]:
        """The queries of one folder, by name."""
        return [spec for spec in self._specs.values() if spec.group == group]

    def names(self) -> list[str]:
        return list(self._specs)

    def get(self, name: str) -> QuerySpec:
        """A query by name (``api`` queries by bare name, others as ``group/name``)."""
        try:
            return self._specs[name]
        except KeyError:
            close = [n for n in self._specs if name in n]
            hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
            raise QueryNotFoundError(
                f"no query named {name!r}{hint} (see 'aspen query list')"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __len__(self) -> int:
        return len(self._specs)
