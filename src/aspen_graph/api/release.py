"""What the API knows about the release it serves: version, fingerprint and manifest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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


def read_release(dist: Path, source: Path) -> ReleaseInfo:
    """Read ``dist/manifest.json`` (if any) and fingerprint the served ``source``.

    >>> read_release(Path("/nonexistent"), Path("/nonexistent")).version
    'unknown'
    """
    manifest: dict[str, Any] = {}
    path = dist / "manifest.json"
    if path.is_file():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        manifest = loaded if isinstance(loaded, dict) else {}
    version = str(manifest.get("version", "unknown"))
    return ReleaseInfo(version=version, fingerprint=_fingerprint(source), manifest=manifest)


__all__ = ["ReleaseInfo", "read_release"]
