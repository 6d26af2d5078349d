"""Errors that point a curator at the exact place to fix."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: names the file, the line (or node) and what was expected instead."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[InputError], tuple[Path, int | None, str]]:
        # Pickled by its fields (not by the formatted text) so it survives the trip back
        # from a worker process that parsed the file.
        return (InputError, (self.path, self.line, self.message))


class InputErrors(Exception):
    """Several input errors found in one pass, so a curator can fix them all at once."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


class OutputError(Exception):
    """An output could not be written (disk full, permissions, an unsafe path); nothing was replaced."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"cannot write {self.path}: {message}")
