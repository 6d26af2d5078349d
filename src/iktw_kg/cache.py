"""The build cache under out/.cache/: parsed YAML files, checked quotes and built units, keyed by content.

A key is a SHA-256 of everything the cached value depends on, so a hit is always correct
and nothing needs invalidating: a changed file or unit simply has a new key. New entries are
held in memory and written (atomically, as pickles) only when the build commits its outputs,
so a build that fails leaves out/ exactly as it was. An unreadable entry counts as a miss. The cache holds only what
this project wrote into its own out/ directory; do not point it at files from elsewhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path
from typing import Any

from iktw_kg.atomic import StagedFiles
from iktw_kg.resources import CONTEXT_FILE, ONTOLOGY_FILE, SHAPES_FILE

CACHE_DIRECTORY = ".cache"


class BuildCache:
    """Stores under one directory: `files/` (parsed YAML), `quotes/` (issues whose quotes all
    passed the check) and `units/` (built units)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pending: dict[Path, Any] = {}
        self.used: set[Path] = set()

    def get(self, kind: str, key: str) -> Any | None:
        path = self.root / kind / f"{key}.pickle"
        self.used.add(path)
        if path in self.pending:
            return self.pending[path]
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        """Remember an entry; it reaches the disk with `commit`."""
        path = self.root / kind / f"{key}.pickle"
        self.used.add(path)
        self.pending[path] = value

    def commit(self) -> None:
        """Write every entry remembered since the last commit.

        Not synced to disk: an entry lost in a power cut is only a miss, and syncing the
        thousands of entries of a first build of ten years of issues took seconds.
        """
        with StagedFiles(durable=False) as staged:
            for path, value in self.pending.items():
                staged.stage(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            staged.commit()
        self.pending.clear()

    def prune(self) -> None:
        """Drop every entry this build did not look up or store, so the cache does not grow forever."""
        for entry in self.root.glob("*/*.pickle"):
            if entry not in self.used:
                with contextlib.suppress(FileNotFoundError):
                    entry.unlink()


BUILD_MODULES = (
    "atomic",
    "cache",
    "errors",
    "evidence",
    "export",
    "load",
    "mapping",
    "model",
    "ns",
    "resources",
    "sparql_constraints",
    "unit_build",
    "units",
    "validate",
    "yamlnodes",
)
"""The modules a unit's outputs depend on (tests/test_cache.py checks the list is complete).
Editing any other module (the CLI, queries, the visualisation) keeps the cache valid."""


def code_version() -> str:
    """A digest of the build code, ontology, shapes and context: any change rebuilds every unit."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in [*(package / f"{name}.py" for name in BUILD_MODULES), ONTOLOGY_FILE, SHAPES_FILE, CONTEXT_FILE]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
