"""Whether a SPARQL query can read anything but the default graph.

The in-process store keeps two copies of the dataset (see local.py): the union graph alone,
which answers most queries 1.3-2.8x faster at 250 issues, and the named graphs with the
union, which only queries that say which graph states a triple need. The choice must never
change an answer, so it errs one way only: a query goes to the union store only when none of its
keywords could open a named graph (GRAPH, FROM, FROM NAMED, SERVICE). Keywords are looked for
outside comments, strings and IRIs, so `ontology#` in an IRI does not hide a keyword after it
and a comment about "the article graph" does not send a query to the slower store.
"""

from __future__ import annotations

import re

# One alternative per lexical element that can contain a keyword-like word without being a
# keyword; anything else is matched word by word.
TOKEN = re.compile(
    r"""
      (?P<long_string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
    | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<comment>\#[^\n]*)
    | (?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<prefixed>[\w.-]*:[\w.:%\\-]*)
    | (?P<word>[A-Za-z]+)
    """,
    re.VERBOSE | re.DOTALL,
)
NAMED_GRAPH_KEYWORDS = frozenset({"GRAPH", "FROM", "NAMED", "SERVICE"})


def reads_named_graphs(query: str) -> bool:
    """True if the query may read a named graph (or a remote one), so it needs the dataset store."""
    return any(
        match.lastgroup == "word" and match.group().upper() in NAMED_GRAPH_KEYWORDS for match in TOKEN.finditer(query)
    )
