"""Analyst tables (CSV, or rows read from a spreadsheet) → RDF, all rows or none.

Each kind of table has a fixed set of columns (each with a description and, where the column is
closed, its allowed values) and a row converter. Every bad row is reported with its row number
(the header is row 1, as in a spreadsheet), its column and the reason; a table with any bad row
yields no triples at all.

Two families of kinds:

- ``alignments`` and ``challenge-relevance`` name everything by CURIE and can live anywhere;
- the plan-content kinds (``focal-areas``, ``interventions``, ``milestones``,
  ``mel-indicators``, ``consultation-inputs``) belong to one plan version: a row gives a stable
  ``code`` and the version comes from the folder, so the converter gets a
  :class:`VersionContext` and mints ``id/{kind}/{plan-key}-{version-key}-{code}`` (see
  ``docs/model.md``, "Plan versions, examples and imports").

The package, by concern:

- :mod:`.model`: vocabularies, rows and their errors, :class:`~.model.VersionContext`,
  :class:`~.model.TableKind`;
- :mod:`.parsers`: one cell → its value, or what is wrong with it;
- :mod:`.converters`: one row → triples, a module per family of kinds;
- :mod:`.kinds`: the declaration of each kind (columns, choices, converter);
- :mod:`.screen`: cells no converter should see (too long, control characters);
- :mod:`.engine`: CSV text → records → one graph, all rows or none;
- :mod:`.context`: the tables of one version folder, and the version they belong to.
"""
