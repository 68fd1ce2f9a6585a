"""Writing the site incrementally: only files whose content changed, atomically, manifest last.

``site-manifest.json`` maps every file of the last complete build to its sha256. A rebuild
compares each new file's hash with it and leaves equal files alone; files the manifest lists
that the build no longer produces are removed (files it never wrote are never touched). Each
file is written to a temporary name beside it and renamed into place, so no reader sees half a
file. While a build runs the manifest is absent and ``.site-build`` (holding the previous
manifest) is present: a failed build leaves no manifest, so the folder does not look like a
complete site, and the next build compares the files' actual bytes instead of trusting hashes
that the failed build may have made stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from aspen_graph.errors import DataLoadError

MANIFEST = "site-manifest.json"
JOURNAL = ".site-build"


@dataclass
class WriteCounts:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    files: int = 0
    bytes: int = 0


def check_out_dir(out: Path) -> None:
    """``out`` is a folder this user can write (created if missing); else a one-line error."""
    if out.exists() and not out.is_dir():
        raise DataLoadError("--out is a file, not a folder", path=str(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = f"cannot create the site folder: {error.strerror}"
        raise DataLoadError(message, path=str(out)) from None
    try:  # a real write: os.access says yes to root on a read-only file system
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as error:
        message = f"the site folder is not writable: {error.strerror}"
        raise DataLoadError(message, path=str(out)) from None


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass
class SiteWriter:
    """One build's writes into ``root``: :meth:`write` each file, then :meth:`finish`."""

    root: Path
    previous: dict[str, str] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)
    counts: WriteCounts = field(default_factory=WriteCounts)
    verify: bool = False
    """Compare bytes, not the manifest's hashes (the last build did not finish)."""

    def __post_init__(self) -> None:
        check_out_dir(self.root)
        journal = self.root / JOURNAL
        if journal.is_file():
            self.previous, self.verify = _read_manifest(journal), True
        else:
            self.previous = _read_manifest(self.root / MANIFEST)
            _atomic_write(journal, json.dumps({"files": self.previous}).encode("utf-8"))
        (self.root / MANIFEST).unlink(missing_ok=True)

    def write(self, relative: str, data: bytes) -> None:
        """Write one file (a path under the root, ``/``-separated) unless it is unchanged."""
        if relative in self.current:
            raise ValueError(f"the site writes {relative} twice")
        digest = hashlib.sha256(data).hexdigest()
        self.current[relative] = digest
        self.counts.files += 1
        self.counts.bytes += len(data)
        path = self.root / relative
        same = self.previous.get(relative) == digest and path.is_file()
        if same and (not self.verify or path.read_bytes() == data):
            self.counts.unchanged += 1
            return
        try:
            _atomic_write(path, data)
        except OSError as error:  # a file where a folder should be, a full disk…
            message = f"cannot write the site's file: {error.strerror or error}"
            raise DataLoadError(message, path=str(path)) from None
        self.counts.written += 1

    def has(self, relative: str) -> bool:
        return relative in self.current

    def finish(self) -> WriteCounts:
        """Remove what the last build wrote and this one did not, then write the manifest."""
        for relative in sorted(set(self.previous) - set(self.current)):
            path = self.root / relative
            if path.is_file():
                path.unlink()
                self.counts.removed += 1
                self._prune(path.parent)
        manifest = {"files": dict(sorted(self.current.items()))}
        _atomic_write(self.root / MANIFEST, json.dumps(manifest, indent=0).encode("utf-8"))
        (self.root / JOURNAL).unlink(missing_ok=True)
        return self.counts

    def _prune(self, folder: Path) -> None:
        while folder != self.root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


__all__ = ["JOURNAL", "MANIFEST", "SiteWriter", "WriteCounts", "check_out_dir"]
