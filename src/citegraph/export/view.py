"""What the HTML view shows: a bounded selection of the graph and the evidence behind it.

Everything here is plain data; :mod:`citegraph.export.html` turns it into the page.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import networkx as nx
import numpy as np

from citegraph.config import ViewConfig
from citegraph.errors import ExportError
from citegraph.export.evidence import (
    READ_PER_SHOWN,
    EvidenceIndex,
    edge_evidence,
    entity_aliases,
    paper_order,
    papers_of,
)
from citegraph.graph import schema as S
from citegraph.graph.columns import EdgeColumns, add_edges, sources_of

# Papers listed per entity in the side panel.
PAPERS_PER_ENTITY = 20


def number(value: object, default: float = 0) -> float:
    """A numeric attribute, whatever type GraphML gave it back as.

    >>> number("3"), number(None), number("x", 1)
    (3.0, 0, 1)
    """
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def is_entity(data: dict) -> bool:
    """Whether a node is an entity (not a paper)."""
    return data.get(S.LABEL) in S.ENTITY_LABELS


def rank_key(graph: nx.MultiDiGraph) -> str:
    """The attribute entities are ranked by: ``pagerank`` when the nodes carry it."""
    has_rank = any(S.PAGERANK in d for _, d in graph.nodes(data=True) if is_entity(d))
    return S.PAGERANK if has_rank else S.PAPERS


def ranked_entities(graph: nx.MultiDiGraph) -> list[str]:
    """Entity nodes, most important first (pagerank or paper count, then name)."""
    key = rank_key(graph)
    entities = [n for n, d in graph.nodes(data=True) if is_entity(d)]
    entities.sort(key=lambda n: (-number(graph.nodes[n].get(key)), str(graph.nodes[n][S.NAME])))
    return entities


def find_entity(graph: nx.MultiDiGraph, query: str) -> str:
    """The entity node whose key, name or an alias is ``query`` (ignoring case).

    Raises
    ------
    ExportError
        No entity matches; the message suggests close names.
    """
    wanted = query.strip().casefold()
    exact: list[tuple[int, str]] = []
    names: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        if not is_entity(data):
            continue
        names.setdefault(str(data[S.NAME]).casefold(), str(data[S.NAME]))
        if wanted in (str(data.get(S.KEY, "")).casefold(), str(node).casefold()):
            exact.append((0, node))
        elif wanted == str(data[S.NAME]).casefold():
            exact.append((1, node))
        elif wanted in (a.casefold() for a in entity_aliases(data)):
            exact.append((2, node))
    if exact:
        best = min(p for p, _ in exact)
        matches = [n for p, n in exact if p == best]
        return max(matches, key=lambda n: number(graph.nodes[n].get(S.PAPERS)))
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(names[c]) for c in close)}?" if close else ""
    raise ExportError(
        f"--ego {query!r}: no entity has this name, alias or key{hint} "
        "Names are listed in the view and in graph.graphml."
    )


def co_occurring(
    graph: nx.MultiDiGraph, node: str, min_weight: float, among: Collection[str] | None = None
) -> list[tuple[str, float]]:
    """Entities sharing a CO_OCCURS edge of at least ``min_weight`` with ``node`` (only those in
    ``among``, when given).

    Edge keys are edge types (see ``build_graph``), so the CO_OCCURS edge of a pair is looked
    up by key instead of scanning the node's many MENTIONS edges; with ``among``, a hub's
    neighbours are not scanned at all.
    """
    found = []
    # The adjacency dicts themselves: NetworkX's views wrap every item read.
    for neighbours in (graph._succ[node], graph._pred[node]):
        pairs: Iterable[tuple[str, Any]] = neighbours.items()
        if among is not None:
            if len(among) < len(neighbours):
                pairs = ((o, neighbours[o]) for o in among if o in neighbours)
            else:
                pairs = ((o, keyed) for o, keyed in pairs if o in among)
        for other, keyed in pairs:
            d = keyed.get(S.CO_OCCURS)
            if d is not None and d.get(S.TYPE) == S.CO_OCCURS:
                weight = number(d.get(S.WEIGHT), 1)
                if weight >= min_weight:
                    found.append((other, weight))
    return found


def ego_entities(graph: nx.MultiDiGraph, centre: str, depth: int, min_weight: float) -> list[str]:
    """Entities within ``depth`` CO_OCCURS hops of ``centre``, nearest first, then by rank."""
    distance = {centre: 0}
    frontier = [centre]
    for hop in range(1, depth + 1):
        nxt = []
        for node in frontier:
            for other, _ in co_occurring(graph, node, min_weight):
                if other not in distance:
                    distance[other] = hop
                    nxt.append(other)
        frontier = nxt
    order = {n: i for i, n in enumerate(ranked_entities(graph))}
    return sorted(distance, key=lambda n: (distance[n], order[n]))


def view_graph(
    graph: nx.MultiDiGraph, columns: Sequence[EdgeColumns], config: ViewConfig
) -> tuple[nx.MultiDiGraph, Callable[[str], list[str]] | None]:
    """What :func:`select` reads under ``config`` of a graph whose edges are held as columns
    only (see :func:`citegraph.graph.build.assemble`): the nodes of ``graph`` with the
    CO_OCCURS edges among the entities it may show, and the papers mentioning each entity. The
    view is then the one the whole graph gives.

    The nodes' attribute dicts are shared with ``graph``, not copied: a view only reads them.

    >>> g = nx.MultiDiGraph()
    >>> for n, label in [("paper:p", "Paper"), ("entity:a", "Task"), ("entity:b", "Task")]:
    ...     g.add_node(n, label=label, name=n, papers=1)
    >>> c = EdgeColumns("CO_OCCURS", ["entity:a", "entity:b"], np.array([0]),
    ...                 ["entity:a", "entity:b"], np.array([1]), {"weight": np.array([3])})
    >>> m = EdgeColumns("MENTIONS", ["paper:p"], np.array([0, 0]),
    ...                 ["entity:a", "entity:b"], np.array([0, 1]), {"weight": np.array([1, 1])})
    >>> view, mentioning = view_graph(g, [c, m], ViewConfig())
    >>> sorted(view.edges(data="weight")), mentioning("entity:a")
    ([('entity:a', 'entity:b', 3)], ['paper:p'])
    """
    view = graph.__class__()
    view.graph = graph.graph
    view._node = graph._node
    view._succ = view._adj = {node: {} for node in graph._node}
    view._pred = {node: {} for node in graph._node}
    ranked = ranked_entities(graph)
    shown = set(ranked if config.ego is not None else ranked[: max(config.max_nodes, 0)])
    mentioning = None
    for table in columns:
        if table.type == S.MENTIONS:
            mentioning = sources_of(table)
        elif table.type == S.CO_OCCURS and len(table):
            rows = np.flatnonzero(
                _among(table.sources, table.source, shown)
                & _among(table.targets, table.target, shown)
            )
            picked = EdgeColumns(
                table.type,
                table.sources,
                table.source[rows],
                table.targets,
                table.target[rows],
                {name: column[rows] for name, column in table.attributes.items()},
            )
            add_edges(view, picked.edges(), table.type)
    return view, mentioning


def _among(nodes: Sequence[str], index: np.ndarray, wanted: set[str]) -> np.ndarray:
    """Whether ``nodes[index[i]]`` is in ``wanted``, for each ``i``."""
    hit = np.fromiter((node in wanted for node in nodes), dtype=bool, count=len(nodes))
    return hit[index]


@dataclass(frozen=True, slots=True)
class Selection:
    """The part of the graph a view shows and what it leaves out."""

    entities: list[str]
    edges: list[tuple[str, str, int]]
    papers: list[str]
    mentions: list[tuple[str, str]]
    total_entities: int
    candidate_entities: int
    candidate_edges: int
    ranked_by: str
    ego: str | None = None
    # Papers mentioning each shown entity, newest first (see ``papers_of``).
    papers_by_entity: dict[str, list[str]] = field(default_factory=dict)


def select(
    graph: nx.MultiDiGraph,
    config: ViewConfig,
    mentioning: Callable[[str], list[str]] | None = None,
) -> Selection:
    """Choose entities, CO_OCCURS edges and papers to show under ``config``'s limits.

    Entities: the top ``max_nodes`` by rank, or with ``ego`` the nearest ones around that
    entity. Edges: CO_OCCURS among them with weight at least ``min_weight``, the heaviest
    ``max_edges``. Papers: those mentioning most of the shown entities, at most ``max_papers``.
    ``mentioning``, if given, lists the papers mentioning an entity (see :func:`view_graph`).

    Raises
    ------
    ExportError
        ``ego`` matches no entity.
    """
    ranked = ranked_entities(graph)
    centre = None
    if config.ego is not None:
        centre = find_entity(graph, config.ego)
        candidates = ego_entities(graph, centre, max(config.depth, 0), config.min_weight)
    else:
        candidates = ranked
    shown = candidates[: max(config.max_nodes, 1 if centre else 0)]
    keep = set(shown)
    edges = []
    for node in shown:
        for other, weight in co_occurring(graph, node, config.min_weight, among=keep):
            if node < other:
                edges.append((node, other, int(weight)))
    edges.sort(key=lambda e: (-e[2], e[0], e[1]))
    order = paper_order(graph)
    listed = {node: papers_of(graph, node, order, mentioning) for node in shown}
    mentioned: Counter[str] = Counter()
    for node in shown:
        mentioned.update(listed[node])
    papers = sorted(mentioned, key=lambda p: (-mentioned[p], str(graph.nodes[p].get(S.TITLE))))
    papers = papers[: max(config.max_papers, 0)]
    kept_papers = set(papers)
    mentions = [(p, n) for n in shown for p in listed[n] if p in kept_papers]
    return Selection(
        entities=shown,
        edges=edges[: max(config.max_edges, 0)],
        papers=papers,
        mentions=mentions,
        total_entities=len(ranked),
        candidate_entities=len(candidates),
        candidate_edges=len(edges),
        ranked_by=rank_key(graph),
        ego=centre,
        papers_by_entity=listed,
    )


def evidence_data(graph: nx.MultiDiGraph, selection: Selection, max_evidence: int) -> dict:
    """Side-panel data: entity aliases and papers, edge evidence, paper titles and sentences.

    Bounded: ``PAPERS_PER_ENTITY`` papers per entity, ``max_evidence`` papers per shown edge
    and only the sentences those edges cite.
    """
    papers: dict[str, dict[str, Any]] = {}

    def paper(node: str) -> dict[str, Any]:
        if node not in papers:
            d = graph.nodes[node]
            papers[node] = {
                "title": str(d.get(S.TITLE) or d.get(S.NAME) or ""),
                "date": str(d.get(S.DATE) or ""),
                "sentences": {},
            }
        return papers[node]

    listed_by = {
        node: selection.papers_by_entity.get(node) or papers_of(graph, node)
        for node in selection.entities
    }
    sets_by = {node: set(listed) for node, listed in listed_by.items()}
    entities = {}
    for node in selection.entities:
        listed = listed_by[node]
        for p in listed[:PAPERS_PER_ENTITY]:
            paper(p)
        entities[node] = {
            "aliases": list(entity_aliases(graph.nodes[node])),
            "papers": listed[:PAPERS_PER_ENTITY],
            "paperCount": len(listed),
        }
    for p in selection.papers:
        paper(p)
    edges = []
    index = EvidenceIndex(graph)
    for u, v, _ in selection.edges:
        # Walk the shorter list (already newest first), test membership in the longer one.
        short, long = sorted((u, v), key=lambda n: len(listed_by[n]))
        in_long = sets_by[long]
        shared = (p for p in listed_by[short] if p in in_long)
        newest = list(islice(shared, READ_PER_SHOWN * max_evidence))  # all edge_evidence reads
        found, _ = edge_evidence(graph, u, v, max_papers=max_evidence, common=newest, index=index)
        total = len(sets_by[short] & in_long)
        cited = []
        for node, sentences in found:
            record = paper(node)
            for s in sentences:
                record["sentences"][str(s.index)] = s.text
            cited.append([node, [[s.index, [list(span) for span in s.spans]] for s in sentences]])
        edges.append({"papers": cited, "paperCount": total})
    return {"entities": entities, "edges": edges, "papers": papers}
