"""The policy–technology network: the RDF graph projected onto what an analyst draws.

Nodes are policies (every subclass of iktw:Policy in the ontology), the technologies they
target, the jurisdictions they apply to and the bodies that issued them. Edges are typed
(targets, issued by, applies to) and each carries the evidence it rests on — article, page
and verbatim quote — so a picture of the network never loses the sentence to cite.

Technologies can be rolled up the SKOS hierarchy (`level`): level 0 keeps each technology
as the article states it; level N ≥ 1 replaces it by its ancestor N steps down from the
top of the hierarchy (level 1 = its top concept). The hierarchy is polyhierarchical (AI is
narrower than both the EU's "digital transition" and the US "critical and emerging
technologies"), so a technology rolls up along every skos:broader path, and may therefore
stand for more than one node. A technology with a shorter path than N stays as it is.

Pattern matching runs as SPARQL in Oxigraph over the sorted quads (fast and deterministic);
metrics come from networkx on the undirected simple view of the network.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from iktw_kg.errors import InputError
from iktw_kg.export import sorted_quads
from iktw_kg.mapping import build_dataset
from iktw_kg.ns import IKTW, PREFIXES, local_id
from iktw_kg.pipeline import load_checked
from iktw_kg.resources import ONTOLOGY_FILE

ONTOLOGY_GRAPH = ox.NamedNode("urn:iktw:network:ontology")
"""Where the ontology is loaded beside the data, so `rdfs:subClassOf*` can find every policy class."""

SPARQL_PREFIXES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sorted(PREFIXES.items()))
METRIC_DIGITS = 6
"""Centralities are rounded so that exports are byte-identical across machines."""


class NodeKind(StrEnum):
    POLICY = "policy"
    TECHNOLOGY = "technology"
    JURISDICTION = "jurisdiction"
    BODY = "body"


class Relation(StrEnum):
    """Edge types, each the projection of one ontology property (policy → other node)."""

    TARGETS = "targets"
    ISSUED_BY = "issued_by"
    APPLIES_TO = "applies_to"


RELATION_PROPERTIES: dict[Relation, str] = {
    Relation.TARGETS: str(IKTW.targetsTechnology),
    Relation.ISSUED_BY: str(IKTW.issuedBy),
    Relation.APPLIES_TO: str(IKTW.appliesTo),
}
COUNTRY_CLASSES = ("Country", "SupranationalUnion")
"""Jurisdictions a policy is filed under for the country filter (regions roll up to these via locatedIn)."""


@dataclass(frozen=True, order=True)
class Evidence:
    """Where the bulletin states one edge. `stated_object` is the node the article names,
    which differs from the edge's target when a technology was rolled up."""

    article: str
    page: int
    quote: str
    stated_object: str


@dataclass(frozen=True)
class Names:
    """An entity's names; `code` is a country's ISO 3166 code (or a union's short name, EU)."""

    ko: str
    en: str
    aliases: tuple[str, ...] = ()
    code: str = ""

    def matches(self, text: str) -> bool:
        wanted = text.casefold().strip()
        return any(name.casefold() == wanted for name in (self.ko, self.en, *self.aliases, self.code) if name)


@dataclass(frozen=True)
class ArticleRef:
    number: int
    names: Names


@dataclass
class PolicyNetwork:
    """The network plus the lookup tables its filters and pages need.

    `graph` is a MultiDiGraph keyed by relation (a plan may both apply to and be issued by
    China). `technologies` names every technology a policy targets and all their ancestors,
    so a filter can ask for "batteries" even when batteries were rolled up into a broader node.
    """

    graph: nx.MultiDiGraph
    level: int
    technologies: dict[str, Names] = field(default_factory=dict)
    countries: dict[str, Names] = field(default_factory=dict)
    articles: dict[str, ArticleRef] = field(default_factory=dict)

    def nodes_of_kind(self, kind: NodeKind) -> list[str]:
        return [node for node, data in self.graph.nodes(data=True) if data["kind"] == kind]


def load_network(data_dir: Path, level: int = 0) -> PolicyNetwork:
    """Load and check the curated data, map it to RDF in-process and project the network."""
    dataset = build_dataset(load_checked(data_dir))
    return project_network(sorted_quads(dataset), level, data_dir)


def project_network(quads: Iterable[ox.Quad], level: int = 0, source: Path = Path("data")) -> PolicyNetwork:
    """Project sorted quads onto the policy–technology network and compute its metrics."""
    if level < 0:
        raise InputError("--level", None, f"must be 0 (as stated) or a positive depth in the hierarchy, got {level}")
    store = ox.Store()
    store.extend(quads)
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    facts = _select(store, _FACTS_QUERY)
    names = _names(store)
    kinds = _node_kinds(store)
    broader = _pairs(store, "SELECT ?a ?b WHERE { ?a a iktw:Technology ; skos:broader ?b }")
    located = _pairs(store, "SELECT ?a ?b WHERE { ?a iktw:locatedIn ?b }")
    paths = HierarchyPaths(broader, source)

    graph = nx.MultiDiGraph()
    for policy in sorted(kinds.policies):
        graph.add_node(policy, **_node_attributes(policy, NodeKind.POLICY, kinds, names))
    evidence: dict[tuple[str, str, Relation], set[Evidence]] = defaultdict(set)
    stated_technologies: dict[str, set[str]] = defaultdict(set)
    for row in facts:
        relation = next(r for r, iri in RELATION_PROPERTIES.items() if iri == row["p"])
        policy, stated = local_id(row["s"]), local_id(row["o"])
        proof = Evidence(local_id(row["article"]), int(row["page"]), row["quote"], stated)
        targets = paths.roll_up(stated, level) if relation is Relation.TARGETS else [stated]
        if relation is Relation.TARGETS:
            stated_technologies[policy].add(stated)
        for target in targets:
            evidence[(policy, target, relation)].add(proof)
    endpoints = sorted({(target, relation) for (_, target, relation) in evidence})
    for target, relation in endpoints:
        if target not in graph:
            kind = NodeKind.TECHNOLOGY if relation is Relation.TARGETS else _actor_kind(target, kinds)
            graph.add_node(target, **_node_attributes(target, kind, kinds, names))
    for (policy, target, relation), proofs in sorted(evidence.items()):
        graph.add_edge(policy, target, key=relation.value, relation=relation.value, evidence=tuple(sorted(proofs)))

    countries = {node for node, kind in kinds.types.items() if kind in COUNTRY_CLASSES}
    scope = {policy: sorted(paths.ancestors_or_self(stated_technologies[policy])) for policy in kinds.policies}
    for policy in kinds.policies:
        reached = _located_closure([t for _, t, k in graph.out_edges(policy, keys=True) if k != "targets"], located)
        graph.nodes[policy]["countries"] = tuple(sorted(reached & countries))
        graph.nodes[policy]["technology_scope"] = tuple(scope[policy])
    _add_metrics(graph)
    scoped = {tech for techs in scope.values() for tech in techs}
    used_countries = {country for policy in kinds.policies for country in graph.nodes[policy]["countries"]}
    return PolicyNetwork(
        graph=graph,
        level=level,
        technologies={tech: names[tech] for tech in sorted(scoped)},
        countries={country: _with_code(names[country], kinds, country) for country in sorted(used_countries)},
        articles=_articles(store),
    )


class HierarchyPaths:
    """Every skos:broader path from a technology up to a top concept (one without broader)."""

    def __init__(self, broader: Mapping[str, Collection[str]], source: Path) -> None:
        self._broader = broader
        self._source = source
        self._paths: dict[str, list[tuple[str, ...]]] = {}

    def paths(self, concept: str, visiting: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
        """Paths top concept → … → concept; raises InputError on a cycle, naming its members."""
        if concept in visiting:
            cycle = " → ".join((*visiting[visiting.index(concept) :], concept))
            raise InputError(
                self._source,
                None,
                f"skos:broader cycle {cycle}: a technology cannot be narrower than itself; "
                "remove one of these `broader` statements",
            )
        if concept not in self._paths:
            parents = sorted(self._broader.get(concept, ()))
            found = [(*path, concept) for parent in parents for path in self.paths(parent, (*visiting, concept))]
            self._paths[concept] = found or [(concept,)]
        return self._paths[concept]

    def roll_up(self, concept: str, level: int) -> list[str]:
        """The nodes that stand for `concept` at `level` (0: itself; N: N-th concept from the top of each path)."""
        if level == 0:
            return [concept]
        return sorted({path[min(level, len(path)) - 1] for path in self.paths(concept)})

    def ancestors_or_self(self, concepts: Iterable[str]) -> set[str]:
        return {node for concept in concepts for path in self.paths(concept) for node in path}


def filter_network(
    network: PolicyNetwork, countries: Collection[str] = (), technologies: Collection[str] = ()
) -> PolicyNetwork:
    """The policies filed under any of `countries` that target any of `technologies` (or something
    narrower), with every node they link to. Empty selections do not filter.

    The interactive page applies the same rule in JavaScript, so the CLI's filtered files and
    the page's filters always show the same nodes.
    """
    graph = network.graph
    kept = [
        policy
        for policy in network.nodes_of_kind(NodeKind.POLICY)
        if (not countries or set(graph.nodes[policy]["countries"]) & set(countries))
        and (not technologies or set(graph.nodes[policy]["technology_scope"]) & set(technologies))
    ]
    edges = [(policy, target, key) for policy in kept for _, target, key in graph.out_edges(policy, keys=True)]
    nodes = set(kept) | {target for _, target, _ in edges}
    subgraph = nx.MultiDiGraph()
    subgraph.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if node in nodes)
    subgraph.add_edges_from((s, t, k, graph.edges[s, t, k]) for s, t, k in edges)
    return PolicyNetwork(subgraph, network.level, network.technologies, network.countries, network.articles)


def resolve_countries(network: PolicyNetwork, wanted: Iterable[str]) -> list[str]:
    """Country/union node ids for ISO codes or names (`KR`, `EU`, `China`, `한국`); InputError if unknown."""
    resolved = []
    for text in wanted:
        matches = [node for node, names in network.countries.items() if names.matches(text)]
        if not matches:
            known = ", ".join(sorted(names.code for names in network.countries.values()))
            raise InputError("--country", None, f"no policy is filed under {text!r}; expected one of {known}")
        resolved.extend(matches)
    return sorted(set(resolved))


def resolve_technologies(network: PolicyNetwork, wanted: Iterable[str]) -> list[str]:
    """Technology ids for labels (ko, en or alias, any case) or ids; InputError if no policy targets it."""
    resolved = []
    for text in wanted:
        matches = [node for node, names in network.technologies.items() if text == node or names.matches(text)]
        if not matches:
            examples = ", ".join(names.en for names in list(network.technologies.values())[:6])
            raise InputError(
                "--technology", None, f"no policy targets a technology labelled {text!r}; labels are like {examples}"
            )
        resolved.extend(matches)
    return sorted(set(resolved))


def most_central(network: PolicyNetwork, kind: NodeKind, count: int = 10) -> list[tuple[str, dict]]:
    """Nodes of one kind by betweenness, then degree (ties by id, so the order is stable)."""
    nodes = [(node, data) for node, data in network.graph.nodes(data=True) if data["kind"] == kind]
    nodes.sort(key=lambda item: (-item[1]["betweenness"], -item[1]["degree"], item[0]))
    return nodes[:count]


# --- SPARQL -------------------------------------------------------------------------------

_FACTS_QUERY = """
SELECT ?s ?p ?o ?article ?page ?quote WHERE {
  VALUES ?p { iktw:targetsTechnology iktw:issuedBy iktw:appliesTo }
  ?e a iktw:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     iktw:statedIn ?article ; iktw:page ?page ; iktw:quote ?quote .
  ?s a ?class . ?class rdfs:subClassOf* iktw:Policy .
}"""


def _select(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(SPARQL_PREFIXES + query, use_default_graph_as_union=True)
    variables = [variable.value for variable in solutions.variables]
    return [{name: row[name].value for name in variables if row[name] is not None} for row in solutions]


def _pairs(store: ox.Store, query: str) -> dict[str, set[str]]:
    pairs: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, query):
        pairs[local_id(row["a"])].add(local_id(row["b"]))
    return pairs


def _names(store: ox.Store) -> dict[str, Names]:
    """ko/en preferred labels and the searchable aliases of every entity."""
    preferred: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _select(store, "SELECT ?n ?l (LANG(?l) AS ?lang) WHERE { ?n skos:prefLabel ?l }"):
        preferred[local_id(row["n"])][row["lang"]] = row["l"]
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, "SELECT ?n ?l WHERE { ?n skos:altLabel ?l }"):
        aliases[local_id(row["n"])].add(row["l"])
    return {
        node: Names(labels.get("ko", node), labels.get("en", node), tuple(sorted(aliases[node])))
        for node, labels in preferred.items()
    }


@dataclass
class _Kinds:
    policies: set[str]
    jurisdictions: set[str]
    types: dict[str, str]
    iso_codes: dict[str, str]


def _node_kinds(store: ox.Store) -> _Kinds:
    def members(of: str) -> set[str]:
        query = f"SELECT ?n WHERE {{ ?n a ?c . ?c rdfs:subClassOf* iktw:{of} }}"
        return {local_id(row["n"]) for row in _select(store, query)}

    types = {
        local_id(row["n"]): row["c"].removeprefix(str(IKTW))
        for row in _select(store, "SELECT ?n ?c WHERE { ?n a ?c FILTER(STRSTARTS(STR(?c), STR(iktw:))) }")
    }
    codes = {
        local_id(row["n"]): row["code"] for row in _select(store, "SELECT ?n ?code WHERE { ?n iktw:iso3166Code ?code }")
    }
    return _Kinds(members("Policy"), members("Jurisdiction"), types, codes)


def _actor_kind(node: str, kinds: _Kinds) -> NodeKind:
    return NodeKind.JURISDICTION if node in kinds.jurisdictions else NodeKind.BODY


def _node_attributes(node: str, kind: NodeKind, kinds: _Kinds, names: Mapping[str, Names]) -> dict:
    labels = names.get(node, Names(node, node))
    return {
        "kind": kind.value,
        "type": kinds.types.get(node, ""),
        "label_ko": labels.ko,
        "label_en": labels.en,
        "aliases": labels.aliases,
        "iri": f"{PREFIXES['id']}{node}",
        "iso3166": kinds.iso_codes.get(node, ""),
    }


def _articles(store: ox.Store) -> dict[str, ArticleRef]:
    query = """SELECT ?a ?n ?ko ?en WHERE { ?a a iktw:Article ; schema:position ?n ;
        skos:prefLabel ?ko , ?en . FILTER(LANG(?ko) = "ko" && LANG(?en) = "en") }"""
    return {
        local_id(row["a"]): ArticleRef(int(row["n"]), Names(row["ko"], row["en"]))
        for row in sorted(_select(store, query), key=lambda row: row["a"])
    }


def _located_closure(start: Iterable[str], located: Mapping[str, Collection[str]]) -> set[str]:
    """The nodes themselves and everything they lie in, transitively (a coastal region → China)."""
    seen: set[str] = set()
    pending = list(start)
    while pending:
        node = pending.pop()
        if node not in seen:
            seen.add(node)
            pending.extend(located.get(node, ()))
    return seen


def _add_metrics(graph: nx.MultiDiGraph) -> None:
    """Degree and betweenness centrality and greedy-modularity communities, as node attributes.

    Computed on the undirected simple view: for "who is linked to whom" direction and the
    number of articles stating a link do not matter.
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((s, t) for s, t in graph.edges())
    degree = nx.degree_centrality(simple)
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    communities = sorted(nx.community.greedy_modularity_communities(simple), key=lambda c: (-len(c), min(c)))
    community_of = {node: index for index, members in enumerate(communities) for node in members}
    for node, data in graph.nodes(data=True):
        data["degree"] = round(degree[node], METRIC_DIGITS)
        data["links"] = simple.degree(node)
        data["betweenness"] = round(betweenness[node], METRIC_DIGITS)
        data["community"] = community_of[node]


def _with_code(names: Names, kinds: _Kinds, node: str) -> Names:
    """A country's names with its code: ISO 3166, else a short upper-case alias (the EU has no ISO code)."""
    short = [alias for alias in names.aliases if alias.isascii() and alias.isupper() and 2 <= len(alias) <= 3]
    code = kinds.iso_codes.get(node) or (short[0] if short else names.en)
    return Names(names.ko, names.en, names.aliases, code)
