"""What each file in queries/ must return, computed directly on the NetworkX graph."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from citegraph.graph import schema as S

Rows = list[tuple[Any, ...]]


def matches(data: dict[str, Any], name: str) -> bool:
    """An entity matched by name, alias or key, ignoring case (as the queries do)."""
    if S.KEY not in data:
        return False
    low = name.lower()
    aliases = str(data.get(S.ALIASES, "")).lower().split(S.LIST_SEP)
    return data[S.KEY] == low or str(data[S.NAME]).lower() == low or low in aliases


def entities(g: nx.MultiDiGraph, name: str) -> list[str]:
    return [n for n, d in g.nodes(data=True) if matches(d, name)]


def co_edges(g: nx.MultiDiGraph) -> list[tuple[str, str, int]]:
    return [(u, v, d[S.WEIGHT]) for u, v, k, d in g.edges(keys=True, data=True) if k == S.CO_OCCURS]


def mentions(g: nx.MultiDiGraph) -> list[tuple[str, str, int]]:
    return [(u, v, d[S.WEIGHT]) for u, v, k, d in g.edges(keys=True, data=True) if k == S.MENTIONS]


def label(g: nx.MultiDiGraph, n: str) -> str:
    return g.nodes[n][S.LABEL]


def cooccurring(g: nx.MultiDiGraph, name: str, limit: int) -> Rows:
    rows = []
    for e in entities(g, name):
        for u, v, w in co_edges(g):
            if e in (u, v):
                o = v if u == e else u
                rows.append((g.nodes[e][S.NAME], g.nodes[o][S.NAME], g.nodes[o][S.KEY], w))
    return sorted(rows, key=lambda r: (-r[3], r[2]))[:limit]


def methods_for_dataset(g: nx.MultiDiGraph, dataset: str, limit: int) -> Rows:
    ds = {e for e in entities(g, dataset) if label(g, e) == S.DATASET}
    by_paper: dict[str, set[str]] = defaultdict(set)
    for p, e, _ in mentions(g):
        by_paper[p].add(e)
    papers: dict[str, set[str]] = defaultdict(set)
    for p, ents in by_paper.items():
        if ents & ds:
            for m in ents:
                if label(g, m) == S.METHOD:
                    papers[m].add(p)
    rows = [(g.nodes[m][S.NAME], g.nodes[m][S.KEY], len(ps)) for m, ps in papers.items()]
    return sorted(rows, key=lambda r: (-r[2], r[1]))[:limit]


def papers_with_both(g: nx.MultiDiGraph, a: str, b: str) -> Rows:
    ea, eb = set(entities(g, a)), set(entities(g, b))
    by_paper: dict[str, set[str]] = defaultdict(set)
    for p, e, _ in mentions(g):
        by_paper[p].add(e)
    rows = set()
    for p, ents in by_paper.items():
        # Distinct relationships: the same entity cannot stand for both a and b.
        if any(x != y for x in ents & ea for y in ents & eb):
            d = g.nodes[p]
            rows.add((p, d[S.TITLE], d[S.DATE]))
    return sorted(rows, key=lambda r: r[0])


def central_concepts(g: nx.MultiDiGraph, limit: int) -> Rows:
    degree: dict[str, int] = defaultdict(int)
    for u, v, _ in co_edges(g):
        degree[u] += 1
        degree[v] += 1
    rows = [
        (d[S.NAME], d[S.KEY], degree[n], d[S.PAPERS])
        for n, d in g.nodes(data=True)
        if d[S.LABEL] == S.CONCEPT
    ]
    return sorted(rows, key=lambda r: (-r[2], -r[3], r[1]))[:limit]


def bridges(g: nx.MultiDiGraph, limit: int) -> Rows:
    near: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for u, v, _ in co_edges(g):
        near[u][label(g, v)].add(v)
        near[v][label(g, u)].add(u)
    rows = []
    for e, by_label in near.items():
        m, d = len(by_label[S.METHOD]), len(by_label[S.DATASET])
        if m and d:
            rows.append((g.nodes[e][S.NAME], g.nodes[e][S.KEY], m, d))
    return sorted(rows, key=lambda r: (-r[2] * r[3], r[1]))[:limit]


def _dated(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    dates: dict[str, list[str]] = defaultdict(list)
    for p, e, _ in mentions(g):
        if g.nodes[p][S.DATE]:
            dates[e].append(p)
    return dates


def newest_entities(g: nx.MultiDiGraph, limit: int) -> Rows:
    rows = []
    for e, ps in _dated(g).items():
        d = g.nodes[e]
        rows.append((d[S.NAME], d[S.KEY], min(g.nodes[p][S.DATE] for p in ps), len(set(ps))))
    return sorted(rows, key=lambda r: (r[2], _desc(r[1])), reverse=True)[:limit]


class _desc(str):
    """A string that sorts in reverse, to mix DESC and ASC in one sort key."""

    def __lt__(self, other: str) -> bool:  # type: ignore[override]
        return str.__gt__(self, other)


def introducing_papers(g: nx.MultiDiGraph, name: str) -> Rows:
    rows = []
    dated = _dated(g)
    for e in entities(g, name):
        ps = dated.get(e, [])
        if not ps:
            continue
        first = min(g.nodes[p][S.DATE] for p in ps)
        for p in ps:
            d = g.nodes[p]
            role = "introduces" if d[S.DATE] == first else "uses"
            rows.append((g.nodes[e][S.NAME], p, d[S.TITLE], d[S.DATE], role))
    return sorted(rows, key=lambda r: (r[3], r[1]))


def paper_entities(g: nx.MultiDiGraph, id: str) -> Rows:
    rows = [(g.nodes[e][S.NAME], g.nodes[e][S.KEY], w) for p, e, w in mentions(g) if p == id]
    return sorted(rows, key=lambda r: (-r[2], r[1]))


def co_graph(g: nx.MultiDiGraph) -> nx.Graph:
    h = nx.Graph()
    h.add_edges_from((u, v) for u, v, _ in co_edges(g))
    return h


def shortest_path(g: nx.MultiDiGraph, a: str, b: str) -> Rows:
    """(source key, target key, hops) for every connected pair; paths are checked apart."""
    h = co_graph(g)
    rows = []
    for e in entities(g, a):
        for f in entities(g, b):
            if e != f and e in h and f in h and nx.has_path(h, e, f):
                hops = nx.shortest_path_length(h, e, f)
                if hops <= 8:
                    rows.append((g.nodes[e][S.KEY], g.nodes[f][S.KEY], hops))
    return sorted(rows)
