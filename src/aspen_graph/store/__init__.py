"""Stores: the embedded pyoxigraph store; remote SPARQL stores implement the same contract.

The package is laid out as a small contract with its backends apart:

* :mod:`~aspen_graph.store.types` — the data every module shares (``Table``, ``CheckedQuery``,
  ``SerializedResult``, ``PoolStats`` …); it imports no other module of the package;
* :mod:`~aspen_graph.store.base` — the contract: protocols only (``GraphStore``,
  ``ServingStore``);
* :mod:`~aspen_graph.store.serializer` — the one writer of answers (media types, row cap);
* shared services: :mod:`~aspen_graph.store.guard` (and ``order_by``), ``terms``, ``system``,
  ``failure``, and the ``answers`` mixin of the two serving stores;
* the backends, siblings that import the above and never each other: the embedded store
  (``oxigraph``), the sandbox (``sandbox``, the pool, over ``starter`` and ``worker``, which
  wraps the embedded store and keeps to its ``lifeline``) and the remote store (``remote``
  over ``remote_*`` and ``virtuoso``).

``tests/store/test_store_imports.py`` fails on any import cycle among them. The names below
are imported lazily (PEP 562), on first use, from their homes: importing this package, or
running a query worker, loads neither httpx nor the process pool.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aspen_graph.store.base import GraphStore, ServingStore
    from aspen_graph.store.formats import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES
    from aspen_graph.store.guard import check_dataset, check_form, check_query, syntax_message
    from aspen_graph.store.oxigraph import OxigraphStore, open_store, write_trig
    from aspen_graph.store.remote import RemoteStore
    from aspen_graph.store.remote_endpoints import Endpoints, is_remote, redact, store_auth
    from aspen_graph.store.remote_graphs import PUBLICATION_GRAPH
    from aspen_graph.store.remote_updates import (
        STAGING_GRAPHS,
        ReleaseGraphs,
        insert_data_updates,
        replace_graph_update,
    )
    from aspen_graph.store.sandbox import SandboxStore
    from aspen_graph.store.serializer import serialize_graph
    from aspen_graph.store.system import system_query
    from aspen_graph.store.types import (
        Bindings,
        CheckedQuery,
        PoolStats,
        SerializedResult,
        Table,
    )
    from aspen_graph.store.virtuoso import virtuoso_changes
    from aspen_graph.store.worker import PUBLICATION_FILE

_HOMES: dict[str, str] = {
    "GraphStore": "base",
    "ServingStore": "base",
    "check_dataset": "guard",
    "check_form": "guard",
    "check_query": "guard",
    "syntax_message": "guard",
    "OxigraphStore": "oxigraph",
    "open_store": "oxigraph",
    "write_trig": "oxigraph",
    "PUBLICATION_GRAPH": "remote_graphs",
    "RemoteStore": "remote",
    "Endpoints": "remote_endpoints",
    "is_remote": "remote_endpoints",
    "redact": "remote_endpoints",
    "store_auth": "remote_endpoints",
    "STAGING_GRAPHS": "remote_updates",
    "ReleaseGraphs": "remote_updates",
    "insert_data_updates": "remote_updates",
    "replace_graph_update": "remote_updates",
    "SandboxStore": "sandbox",
    "serialize_graph": "serializer",
    "GRAPH_MEDIA_TYPES": "formats",
    "RESULT_MEDIA_TYPES": "formats",
    "system_query": "system",
    "Bindings": "types",
    "CheckedQuery": "types",
    "PoolStats": "types",
    "SerializedResult": "types",
    "Table": "types",
    "virtuoso_changes": "virtuoso",
    "PUBLICATION_FILE": "worker",
}
"""Each public name and the submodule it lives in."""


if not TYPE_CHECKING:  # mypy sees the imports above, so a misspelt name stays an error

    def __getattr__(name: str) -> object:
        """Import a public name from its home on first use (PEP 562)."""
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
        globals()[name] = value  # the next lookup is an ordinary one
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "GRAPH_MEDIA_TYPES",
    "PUBLICATION_FILE",
    "PUBLICATION_GRAPH",
    "RESULT_MEDIA_TYPES",
    "STAGING_GRAPHS",
    "Bindings",
    "CheckedQuery",
    "Endpoints",
    "GraphStore",
    "OxigraphStore",
    "PoolStats",
    "ReleaseGraphs",
    "RemoteStore",
    "SandboxStore",
    "SerializedResult",
    "ServingStore",
    "Table",
    "check_dataset",
    "check_form",
    "check_query",
    "insert_data_updates",
    "is_remote",
    "open_store",
    "redact",
    "replace_graph_update",
    "serialize_graph",
    "store_auth",
    "syntax_message",
    "system_query",
    "virtuoso_changes",
    "write_trig",
]
