"""What the API knows about the release it serves: version, fingerprint and manifest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aspen_graph.sources import REJECTED_FILE


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """The served release. ``tag`` (version + content fingerprint) goes into every ETag, so a
    rebuilt release never answers with an old validator even when its version is unchanged."""

    version: str
    fingerprint: str
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def tag(self) -> str:
        return f"{self.version}+{self.fingerprint}"


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    if path.is_file():
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    elif path.is_dir():
        for child in sorted(path.iterdir()):
            stat = child.stat()
            digest.update(f"{child.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def release_from_record(record: dict[str, Any]) -> ReleaseInfo:
    """The release a store's publication record describes (``aspen publish`` writes it): its
    version, its manifest, and a fingerprint of the record, which changes with every publish.

    >>> release_from_record({"version": "1.0", "issued": "2026-11-25T10:00:00+00:00"}).version
    '1.0'
    """
    manifest = record.get("manifest")
    text = json.dumps(record, sort_keys=True, default=str).encode("utf-8")
    return ReleaseInfo(
        version=str(record.get("version", "unknown")),
        fingerprint=hashlib.sha256(text).hexdigest()[:16],
        manifest=manifest if isinstance(manifest, dict) else {},
    )


def read_release(dist: Path, source: Path, record: dict[str, Any] | None = None) -> ReleaseInfo:
    """What is served: the store's publication ``record`` when there is one (a remote store, or
    an on-disk store written by ``aspen publish``), else ``dist/manifest.json`` (if any) with a
    fingerprint of the served ``source`` and of the release's review rejections (a release
    whose only change is a new rejection is a new release: the page cache keys on its tag).

    >>> read_release(Path("/nonexistent"), Path("/nonexistent")).version
    'unknown'
    """
    if record is not None:
        return release_from_record(record)
    manifest: dict[str, Any] = {}
    path = dist / "manifest.json"
    if path.is_file():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        manifest = loaded if isinstance(loaded, dict) else {}
    version = str(manifest.get("version", "unknown"))
    fingerprint = _fingerprint(source)
    rejections = dist / REJECTED_FILE
    if rejections.is_file():
        both = f"{fingerprint}:{_fingerprint(rejections)}".encode()
        fingerprint = hashlib.sha256(both).hexdigest()[:16]
    return ReleaseInfo(version=version, fingerprint=fingerprint, manifest=manifest)


__all__ = ["ReleaseInfo", "read_release", "release_from_record"]
