"""What every command needs: settings, the catalogue, and the built graph in a store."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from aspen_graph.config import get_settings
from aspen_graph.errors import DataLoadError
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore, open_store


@lru_cache(maxsize=1)
def catalog() -> QueryCatalog:
    return QueryCatalog(get_settings().sparql_dir)


def release_path() -> Path:
    """The built release, ``dist/aspen.nq`` (a clear error when there is none)."""
    path = get_settings().dist / "aspen.nq"
    if not path.is_file():
        raise DataLoadError("no built graph here; run 'aspen build' first", path=str(path))
    return path


def release_store() -> OxigraphStore:
    """The built release (``dist/aspen.nq``) loaded into an in-memory store."""
    path = release_path()
    store = open_store()
    store.load_dataset(path)
    return store
