"""The `iktw-kg` command line: one verb per job, each a thin layer over a Python function.

One module per group of verbs; importing them registers their commands on the shared app.

Exit codes: 0 success; 1 the data is well-formed but violates the SHACL shapes; 2 bad input
(a file, line or option that must be fixed, including an --out outside the project or through a
symbolic link); 3 an output could not be written (disk full, permissions), in which case
nothing was replaced; 4 a SPARQL store could not be reached, refused a request or failed, or
the Oxigraph server stopped on its own (the message names the URL).
"""

from __future__ import annotations

from iktw_kg.cli import build_commands, draft_commands, query_commands, store_commands, viz_commands
from iktw_kg.cli.common import app, console

__all__ = ["app", "console", "main"]

COMMANDS = (
    ("build", build_commands.build_command),
    ("validate", build_commands.validate_command),
    ("export", build_commands.export_command),
    ("stats", build_commands.stats_command),
    ("viz", viz_commands.viz_command),
    ("query", query_commands.query_command),
    ("describe", query_commands.describe_command),
    ("serve", store_commands.serve_command),
    ("push", store_commands.push_command),
    ("extract", draft_commands.extract_command),
    ("diff", draft_commands.diff_command),
)
"""Every verb and the function behind it, in the order `iktw-kg --help` lists them."""

for _name, _command in COMMANDS:
    app.command(_name)(_command)


def main() -> None:
    app()
