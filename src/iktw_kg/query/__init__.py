"""SPARQL over the graph: a library of analyst questions run on Oxigraph, and entity profiles.

The library side (library.py: finding .rq files and reading their headers; binding.py:
parameters → RDF terms; results.py and formats.py: rows and their output) knows no engine;
local.py runs queries in an in-process Oxigraph store. api.py is the notebook-facing layer.
"""

from iktw_kg.query.api import QueryRun, describe, execute, list_queries, run

__all__ = ["QueryRun", "describe", "execute", "list_queries", "run"]
