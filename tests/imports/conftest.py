"""A copy of the repository's data (with the example plan) to import into, never data/ itself."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from aspen_graph.config import Settings, get_settings
from aspen_graph.sources.tables.model import TableKind

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def import_root(tmp_path: Path) -> Path:
    """ontology/, shapes/, sparql/ and data/ (examples included) copied into a fresh root."""
    root = tmp_path / "project"
    for name in ("ontology", "shapes", "sparql", "data"):
        shutil.copytree(ROOT / name, root / name)
    return root


@pytest.fixture
def project(import_root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The import project as the command line's root (wide terminal, no example data)."""
    monkeypatch.setenv("ASPEN_ROOT", str(import_root))
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.delenv("ASPEN_EXAMPLES", raising=False)
    get_settings.cache_clear()
    yield import_root
    get_settings.cache_clear()


@pytest.fixture
def settings(import_root: Path) -> Settings:
    return Settings(root=import_root, dist_dir=import_root / "dist")


def tree_hash(folder: Path) -> str:
    """One digest of every file's relative path and bytes under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def write_csv(
    path: Path, kind: TableKind, rows: list[dict[str, str]], *, bom: bool = False
) -> Path:
    """A CSV file of ``rows`` with the kind's header (missing cells empty)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(kind.columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8"))
    return path
