"""Write files so that a reader never sees half of one, even if the writer is killed.

Bytes go to a temporary file in the same directory, are flushed to disk, and only then
renamed over the target: rename is atomic on POSIX, so the old file stays whole until the
new one is complete. A set of files (one build's exports) is written in two phases: every
temporary file first (in the background, while the build computes the next file), then the
renames, which take microseconds; a build killed while it is computing or writing leaves
every previous file exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from iktw_kg.errors import OutputError


def write_atomic(path: Path, content: bytes) -> None:
    """Replace `path` with `content` atomically; on any error the old file is untouched."""
    write_all_atomic({path: content})


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Replace every file, or none: temporaries are written and synced before any rename."""
    with StagedFiles() as staged:
        for path, content in files.items():
            staged.stage(path, content)
        staged.commit()


class StagedFiles:
    """Files written to temporaries in background threads as they become ready, renamed together.

    A build produces its exports one after another; writing each one while the next is being
    computed hides most of the write time (the kernel copies the bytes while Python works).
    The renames happen only in `commit`, after every temporary is complete (and, if
    `durable`, synced), so a set of files is still replaced all together or not at all.
    Leaving the `with` block without committing removes the temporaries. `durable=False`
    skips the syncs, for files whose loss in a power cut costs nothing (cache entries).
    """

    def __init__(self, durable: bool = True) -> None:
        self.durable = durable
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="staged-write")
        self._staged: dict[Path, Future[str]] = {}
        self._leftovers_by_directory: dict[Path, dict[str, list[Path]]] = {}

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._discard()
        self._pool.shutdown()

    def stage(self, path: Path, content: bytes | Sequence[bytes | memoryview]) -> None:
        """Start writing `content` (bytes, or pieces written one after another) for `path`;
        leftovers of a killed writer are removed first."""
        for leftover in self._leftovers(path.parent).pop(path.name, []):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        self._staged[path] = self._pool.submit(_stage, path, content, self.durable)

    def _leftovers(self, directory: Path) -> dict[str, list[Path]]:
        """Temporaries a killed writer left in `directory` (`.iktw.ttl.XXXX.tmp`), by target name.

        Listed once per directory: the cache stages thousands of files into one.
        """
        found = self._leftovers_by_directory.get(directory)
        if found is None:
            found = self._leftovers_by_directory[directory] = {}
            for leftover in directory.glob(".*.tmp") if directory.is_dir() else []:
                target = leftover.name[1:].rsplit(".", 2)[0]
                found.setdefault(target, []).append(leftover)
        return found

    def commit(self) -> None:
        """Wait for every temporary, then rename them all over their targets."""
        renamed: list[Path] = []
        try:
            temporaries = [(future.result(), path) for path, future in self._staged.items()]
            for temporary, path in temporaries:
                os.replace(temporary, path)
                renamed.append(path)
            if self.durable:
                for directory in {path.parent for path in self._staged}:
                    _sync_directory(directory)
        except OSError as exc:
            target = exc.filename if isinstance(exc.filename, str) else next(iter(self._staged), "")
            message = f"{exc.strerror or exc}; the previous files were left as they were"
            raise OutputError(Path(target), message) from None
        finally:
            for path in renamed:
                del self._staged[path]

    def _discard(self) -> None:
        """Remove every temporary not renamed (after waiting for its write to end)."""
        for future in self._staged.values():
            try:
                temporary = future.result()
            except OSError:
                continue  # _stage removed its own temporary
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        self._staged.clear()


def _stage(path: Path, content: bytes | Sequence[bytes | memoryview], durable: bool) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(descriptor, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(descriptor, "wb") as handle:
            handle.writelines([content] if isinstance(content, bytes) else content)
            handle.flush()
            if durable:
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
