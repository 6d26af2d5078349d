"""Where commands may write: inside the project directory, never through a symbolic link.

A mistyped or malicious `--out ../../etc` or a symlink planted under out/ must not make a
build overwrite files elsewhere on the machine. The project directory is the working
directory the command runs in.
"""

from __future__ import annotations

from pathlib import Path

from iktw_kg.errors import InputError


def checked_output_path(path: Path, project: Path | None = None) -> Path:
    """Return `path` made absolute, or raise InputError (a bad option) if it leaves the project or crosses a link."""
    root = (project or Path.cwd()).resolve()
    candidate = path if path.is_absolute() else root / path
    try:
        relative = Path(_normalise(candidate)).relative_to(root)
    except ValueError:
        raise InputError(path, None, f"--out must stay inside the project directory {root}") from None
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            raise InputError(
                path, None, f"--out goes through the symbolic link {current}; outputs are never written through links"
            )
    return current


def _normalise(path: Path) -> str:
    """Collapse `..` and `.` without following links (resolve() would follow them)."""
    parts: list[str] = []
    for part in path.parts[1:]:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return str(Path(path.anchor, *parts))
