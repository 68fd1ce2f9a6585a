"""Replacing a folder of source files in one step, one writer at a time.

An import may change several files of a version folder (a workbook with a sheet per kind).
Renaming the files one after the other leaves, after a crash between two renames, a folder
that is half new; so the whole folder is staged beside it (a copy, with the new files written
into it) and put in place by one atomic exchange of the two directories (Linux
``renameat2(RENAME_EXCHANGE)``; where the file system cannot, two renames, which
:func:`recover_folder` completes or undoes on the next run). Staging folders are hidden
(``.{name}.staged-*``), and the build skips hidden folders, so a leftover never counts as data.

Writers take :func:`exclusive` on the folder that holds the folders they replace: a second
writer waits until the first has swapped, then reads what the first wrote.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import hashlib
import os
import shutil
import stat
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from aspen_graph.errors import DataLoadError

STAGED = "staged"
"""Tag of a new folder being prepared (and, after an exchange, of the old one being removed)."""
RETIRED = "retired"
"""Tag of the old folder between the two renames of the fallback swap."""
LOCK_WAIT_SECONDS = 600.0
"""How long a writer waits for another one to finish before giving up."""

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); ``False`` where that is not offered."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:  # pragma: no cover - every Linux has a libc
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # pragma: no cover - glibc before 2.28
        return False
    code = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if code != 0:
        errno = ctypes.get_errno()
        if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot
            return False
        raise OSError(errno, os.strerror(errno), str(second))  # pragma: no cover
    return True


@contextmanager
def exclusive(folder: Path, *, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (``flock`` on the directory itself, so nothing is
    written to take it and a crashed holder releases it with its process)."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DataLoadError(
                        f"another import has held this folder for over {wait:.0f} s; "
                        "try again when it has finished",
                        path=str(folder),
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _siblings(folder: Path, tag: str) -> list[Path]:
    return sorted(folder.parent.glob(f".{folder.name}.{tag}-*"))


def recover_folder(folder: Path) -> list[Path]:
    """Finish what a crashed writer left, and return what was removed.

    A fallback swap stopped between its renames leaves no ``folder`` and the old one under
    ``.{name}.retired-*``: it is put back. Staged folders (complete or not, new or already
    exchanged for the old one) and hidden ``.*.tmp`` files of earlier writers are removed.
    """
    if not folder.exists():
        retired = _siblings(folder, RETIRED)
        if retired:
            retired[-1].rename(folder)
    removed = [*_siblings(folder, STAGED), *_siblings(folder, RETIRED)]
    for leftover in removed:
        shutil.rmtree(leftover, ignore_errors=True)
    if folder.is_dir():
        for temporary in sorted(folder.glob(".*.tmp")):
            temporary.unlink(missing_ok=True)
            removed.append(temporary)
    return removed


def fingerprint(folder: Path) -> str:
    """One digest of the names and bytes of the files directly in ``folder`` ("" if none)."""
    if not folder.is_dir():
        return ""
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:  # an empty folder is as good as none (a new version's folder is staged so)
        return ""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def replace_files(folder: Path, files: Mapping[str, bytes], *, read: str | None = None) -> None:
    """Write ``files`` (name → bytes) into ``folder`` as one step: all of them or none.

    Every other file of the folder is kept as it was (bytes and mode); a file that is
    replaced keeps its mode, a new one gets the mode any new file gets (umask). ``read`` is
    the :func:`fingerprint` of the folder as the caller read it: when the copy differs (a file
    was saved meanwhile), nothing is written.
    """
    staged = folder.parent / f".{folder.name}.{STAGED}-{os.getpid()}"
    shutil.rmtree(staged, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        if folder.is_dir():
            shutil.copytree(folder, staged, symlinks=True)
        else:
            staged.mkdir()
        if read is not None and fingerprint(staged) != read:
            raise DataLoadError(
                "the folder changed while the import was checking it (a file was saved); "
                "nothing was written: run the import again",
                path=str(folder),
            )
        for name, data in files.items():
            # Opening an existing file for writing keeps its mode; a new one honours umask.
            with open(staged / name, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        _sync_dir(staged)
        _swap(staged, folder)
    finally:
        # After an exchange the staged name holds the previous folder.
        shutil.rmtree(staged, ignore_errors=True)


def write_file(path: Path, data: bytes) -> None:
    """Write one file atomically (a hidden temporary file renamed over it), keeping the mode of
    the file it replaces; a new file gets the mode any new file gets (umask). A path that
    cannot be written is a :class:`DataLoadError` naming it."""
    temporary = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(21, "is a directory")
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
        with open(temporary, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            temporary.chmod(mode)
        os.replace(temporary, path)
    except OSError as error:
        with suppress(OSError):  # there may be no folder to hold it
            temporary.unlink(missing_ok=True)
        raise DataLoadError(f"cannot write ({error.strerror or error})", path=str(path)) from error


def read_text(path: Path) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped); a missing or undecodable file
    is a :class:`DataLoadError` naming it."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as error:
        raise DataLoadError("file not found", path=str(path)) from error
    except UnicodeDecodeError as error:
        raise DataLoadError(f"not valid UTF-8 ({error.reason})", path=str(path)) from error


def _swap(staged: Path, folder: Path) -> None:
    if not folder.exists():
        staged.rename(folder)
    elif not exchange(staged, folder):
        retired = folder.parent / f".{folder.name}.{RETIRED}-{os.getpid()}"
        folder.rename(retired)
        staged.rename(folder)
        shutil.rmtree(retired, ignore_errors=True)
    _sync_dir(folder.parent)


def _sync_dir(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


__all__ = [
    "LOCK_WAIT_SECONDS",
    "RETIRED",
    "STAGED",
    "exchange",
    "exclusive",
    "fingerprint",
    "read_text",
    "recover_folder",
    "replace_files",
    "write_file",
]
