"""Where the project's non-Python resources live: ontology, shapes, JSON-LD context, queries.

They sit at the top of the repository (ontology/, queries/) so curators and ontologists find
them beside the data; the package is installed in editable mode (`pip install -e .`) and
reads them from there.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILE = PROJECT_ROOT / "ontology" / "iktw.ttl"
SHAPES_FILE = PROJECT_ROOT / "ontology" / "shapes.ttl"
CONTEXT_FILE = PROJECT_ROOT / "ontology" / "context.jsonld"
QUERIES_DIR = PROJECT_ROOT / "queries"
