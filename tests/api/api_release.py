"""The API tests' fixture release: ~75 triples in two named graphs, and a tiny catalogue.

The API tests never read the shipped data, which may change under them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from aspen_graph.config import Settings

EX = "http://example.org/"
G_THINGS = f"{EX}graph/things"
G_LINKS = f"{EX}graph/links"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
SCHEMA_THING = "https://schema.org/Thing"
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
XSD = "http://www.w3.org/2001/XMLSchema#"

RESOURCE_TYPES = """\
#+ summary: The rdf:types of one resource.
#+ tags: system
#+ param: resource iri required -- the resource to look up
SELECT ?resource ?type
WHERE {
  ?resource a ?type .
}
"""
THINGS_BY_KIND = """\
#+ summary: Things of one kind, by rank.
#+ tags: things
#+ param: kind iri required class=skos:Concept -- the kind (full IRI)
#+ param: lang language default=en -- label language
PREFIX ex: <http://example.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?kind ?lang ?thing ?label ?rank
WHERE {
  ?thing ex:kind ?kind ; rdfs:label ?label ; ex:rank ?rank .
  FILTER(LANG(?label) = ?lang)
}
ORDER BY ?rank
"""
THINGS_RANKED = """\
#+ summary: Things ranked at least min_rank.
#+ tags: things, ranking
#+ param: min_rank integer default=0 -- the lowest rank listed
PREFIX ex: <http://example.org/>
SELECT ?min_rank ?thing ?rank ?note
WHERE {
  ?thing ex:rank ?rank .
  OPTIONAL { ?thing ex:note/<http://www.w3.org/2000/01/rdf-schema#comment> ?note }
  FILTER(?rank >= ?min_rank)
}
ORDER BY ?rank
"""


def iri(text: str) -> str:
    return f"<{text}>"


def fixture_quads() -> list[str]:
    """The release as N-Quads lines (75 quads)."""
    quads = []
    for i in range(12):
        thing = iri(f"{EX}thing{i}")
        quads += [
            f"{thing} {iri(RDF_TYPE)} {iri(SCHEMA_THING)} {iri(G_THINGS)} .",
            f'{thing} {iri(RDFS_LABEL)} "Thing {i}"@en {iri(G_THINGS)} .',
            f'{thing} {iri(EX + "rank")} "{i}"^^{iri(XSD + "integer")} {iri(G_THINGS)} .',
            f"{thing} {iri(EX + 'kind')} {iri(f'{EX}kind{i % 3}')} {iri(G_LINKS)} .",
        ]
        if i < 4:
            quads.append(f'{thing} {iri(RDFS_LABEL)} "Vật {i}"@vi {iri(G_THINGS)} .')
        if i < 11:
            quads.append(
                f"{thing} {iri(EX + 'linksTo')} {iri(f'{EX}thing{i + 1}')} {iri(G_LINKS)} ."
            )
    for k in range(3):
        kind = iri(f"{EX}kind{k}")
        quads += [
            f"{kind} {iri(RDF_TYPE)} {iri(SKOS_CONCEPT)} {iri(G_LINKS)} .",
            f'{kind} {iri(RDFS_LABEL)} "Kind {k}" {iri(G_LINKS)} .',
        ]
    quads += [
        f"{iri(EX + 'thing0')} {iri(EX + 'note')} _:note {iri(G_LINKS)} .",
        f'_:note {iri(RDFS_COMMENT)} "a note, with \\"quotes\\"\\nand a new line" {iri(G_LINKS)} .',
        f'{iri(EX + "thing1")} {iri(EX + "value")} "1.5"^^{iri(XSD + "decimal")} {iri(G_LINKS)} .',
        f'{iri(EX + "thing2")} {iri(EX + "date")} "2026-03-12"^^{iri(XSD + "date")} {iri(G_LINKS)} .',
    ]
    return quads


@dataclass(frozen=True)
class Release:
    """Where the fixture release and catalogue live."""

    root: Path
    dist: Path
    nquads: Path
    triples: int

    def settings(self, **overrides: object) -> Settings:
        values: dict[str, object] = {"root": self.root, "dist_dir": self.dist}
        values.update(overrides)
        return Settings(**values)  # type: ignore[arg-type]


def write_release(root: Path) -> Release:
    """Write the fixture release (dist/) and catalogue (sparql/) under ``root``."""
    dist = root / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    quads = fixture_quads()
    nquads = dist / "aspen.nq"
    nquads.write_text("\n".join(quads) + "\n", encoding="utf-8")
    manifest = {"version": "test-1", "triples": len(quads), "graphs": {G_THINGS: 0, G_LINKS: 0}}
    (dist / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for folder, name, text in [
        ("system", "resource-types.rq", RESOURCE_TYPES),
        ("api", "things-by-kind.rq", THINGS_BY_KIND),
        ("api", "things-ranked.rq", THINGS_RANKED),
    ]:
        (root / "sparql" / folder).mkdir(parents=True, exist_ok=True)
        (root / "sparql" / folder / name).write_text(text, encoding="utf-8")
    (root / "ontology").mkdir(exist_ok=True)
    return Release(root=root, dist=dist, nquads=nquads, triples=len(quads))
