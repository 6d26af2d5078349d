"""Write files so that a reader never sees half of one, even if the writer is killed.

Bytes go to a temporary file in the same directory, are flushed to disk, and only then
renamed over the target: rename is atomic on POSIX, so the old file stays whole until the
new one is complete. A set of files (one build's exports) is written in two phases: every
temporary file first, then the renames, which take microseconds; a build killed while it is
computing or writing leaves every previous file exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from iktw_kg.errors import OutputError


def write_atomic(path: Path, content: bytes) -> None:
    """Replace `path` with `content` atomically; on any error the old file is untouched."""
    write_all_atomic({path: content})


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Replace every file, or none: temporaries are written and synced before any rename."""
    _remove_leftovers(files)
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            staged.append((_stage(path, content), path))
        for temporary, path in staged:
            os.replace(temporary, path)
        for directory in {path.parent for path in files}:
            _sync_directory(directory)
    except OSError as exc:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        target = exc.filename if isinstance(exc.filename, str) else next(iter(files), "")
        raise OutputError(Path(target), f"{exc.strerror or exc}; the previous files were left as they were") from None


def _remove_leftovers(files: dict[Path, bytes]) -> None:
    """Temporaries a killed writer left behind for these targets (`.iktw.ttl.XXXX.tmp`)."""
    for path in files:
        if path.parent.is_dir():
            for leftover in path.parent.glob(f".{path.name}.*.tmp"):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()


def _stage(path: Path, content: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(descriptor, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        exc.filename = str(path)
        raise
    return temporary


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _sync_directory(directory: Path) -> None:
    """Make the renames themselves durable (a crash right after must not lose them)."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
