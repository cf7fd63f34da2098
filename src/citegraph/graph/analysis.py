"""Structure of the entity co-occurrence network: communities, PageRank, degree, betweenness.

Every measure is taken over the undirected entity graph of CO_OCCURS edges (weighted by
``weight``, the papers in common, except betweenness, which counts hops), held as one sparse
matrix: Louvain runs in scikit-network's compiled code, PageRank and betweenness as sparse
matrix products. Every entity node gets every attribute, so GraphML keeps one type per key.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike

from citegraph.graph import schema as S

SEED = 42
# Betweenness runs breadth-first searches from a batch of sources at once as sparse-matrix
# products: each BFS level costs one pass over the adjacency per source. Exact when
# sources × adjacency entries fits this budget (under a second for 10k papers), else from as
# many sampled sources as fit, and never fewer than MIN_BETWEENNESS_SAMPLES.
BETWEENNESS_BUDGET = 50_000_000
MIN_BETWEENNESS_SAMPLES = 32
BFS_BATCH = 64


@dataclass(frozen=True, slots=True)
class Structure:
    """What :func:`annotate_structure` found: modularity and each community's top entities."""

    modularity: float
    communities: int
    betweenness: str
    top: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EntityNetwork:
    """The undirected CO_OCCURS network as a symmetric sparse matrix over ``nodes``."""

    nodes: list[str]
    weights: sp.csr_array  # papers in common, both triangles

    @property
    def hops(self) -> sp.csr_array:
        """The same network with every edge of weight 1."""
        w = self.weights
        return sp.csr_array((np.ones(w.nnz), w.indices, w.indptr), shape=w.shape)


def entity_network(graph: nx.MultiDiGraph) -> EntityNetwork:
    """Every entity node and the CO_OCCURS edges between them, undirected, weighted.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("entity:a", label="Method"); g.add_node("paper:p", label="Paper")
    >>> g.add_node("entity:b", label="Task")
    >>> g.add_edge("entity:a", "entity:b", key="CO_OCCURS", type="CO_OCCURS", weight=2)
    'CO_OCCURS'
    >>> net = entity_network(g)
    >>> net.nodes, net.weights.toarray().tolist()
    (['entity:a', 'entity:b'], [[0.0, 2.0], [2.0, 0.0]])
    """
    nodes = [n for n, d in graph.nodes(data=True) if d[S.LABEL] != S.PAPER]
    index = {n: i for i, n in enumerate(nodes)}
    rows, cols, weights = [], [], []
    for u, v, d in S.typed_edges(graph, S.CO_OCCURS):
        if u != v:
            rows.append(index[u])
            cols.append(index[v])
            weights.append(d[S.WEIGHT])
    return pair_network(nodes, rows, cols, weights)


def pair_network(
    nodes: list[str], rows: ArrayLike, cols: ArrayLike, weights: ArrayLike
) -> EntityNetwork:
    """The network of ``nodes`` with an edge of each weight between ``nodes[rows[i]]`` and
    ``nodes[cols[i]]`` (each pair once, no self-loops): from the CO_OCCURS pairs a graph was
    built from, the same network :func:`entity_network` finds in the graph.

    >>> pair_network(["a", "b"], [0], [1], [2]).weights.toarray().tolist()
    [[0.0, 2.0], [2.0, 0.0]]
    """
    n = len(nodes)
    upper = sp.coo_array((np.asarray(weights, dtype=float), (rows, cols)), shape=(n, n))
    return EntityNetwork(nodes, (upper + upper.T).tocsr())


def communities(weights: sp.csr_array) -> np.ndarray:
    """Louvain community of each node (scikit-network, nodes in their given order).

    >>> communities(sp.csr_array(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]]))).tolist()
    [0, 0, 1]
    """
    from sknetwork.clustering import Louvain

    if weights.nnz == 0:
        return np.arange(weights.shape[0])
    labels: np.ndarray = Louvain(random_state=SEED).fit_predict(sp.csr_matrix(weights))
    return labels


def modularity(weights: sp.csr_array, labels: np.ndarray) -> float:
    """Newman modularity of the partition ``labels`` of the weighted undirected graph.

    >>> w = sp.csr_array(np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]))
    >>> modularity(w, np.array([0, 0, 1, 1]))
    0.5
    """
    two_m = float(weights.sum())
    if two_m == 0:
        return 0.0
    coo = weights.tocoo()
    inside = float(coo.data[labels[coo.row] == labels[coo.col]].sum())
    strength = np.bincount(labels, weights=np.asarray(weights.sum(axis=1)).ravel())
    return inside / two_m - float((strength**2).sum()) / two_m**2


def pagerank(
    weights: sp.csr_array, alpha: float = 0.85, tol: float = 1e-6, max_iter: int = 100
) -> np.ndarray:
    """Weighted PageRank, as ``nx.pagerank`` computes it (dangling nodes spread uniformly).

    >>> pagerank(sp.csr_array(np.array([[0, 1], [1, 0]]))).tolist()
    [0.5, 0.5]
    """
    n = weights.shape[0]
    out = np.asarray(weights.sum(axis=1)).ravel()
    inv = np.divide(1.0, out, out=np.zeros(n), where=out != 0)
    step = (sp.diags_array(inv) @ weights).T.tocsr()
    dangling = out == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (step @ x + x[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            break
    result: np.ndarray = x / x.sum()
    return result


def annotate_structure(
    graph: nx.MultiDiGraph,
    *,
    seed: int = SEED,
    top_communities: int = 10,
    top_entities: int = 5,
    network: EntityNetwork | None = None,
) -> Structure:
    """Set ``community``, ``pagerank``, ``degree`` and ``betweenness`` on every entity node,
    and ``modularity`` on the graph.

    Communities are Louvain (:func:`communities`), numbered 0, 1, ... by decreasing size (ties
    by their smallest node id), so the same graph always gives the same numbers. ``degree`` is
    the number of co-occurring entities. Betweenness (normalised, hop counts) is exact when
    entities × adjacency entries fit ``BETWEENNESS_BUDGET``, else estimated from sampled sources
    drawn with ``seed``; ``Structure.betweenness`` says which. ``network``, the graph's
    :func:`entity_network` when already at hand (see :func:`pair_network`), saves walking the
    edges.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n in "abcd":
    ...     g.add_node(f"entity:{n}", label="Method", name=n, papers=1)
    >>> for u, v in ["ab", "cd"]:
    ...     _ = g.add_edge(f"entity:{u}", f"entity:{v}", key="CO_OCCURS", type="CO_OCCURS",
    ...                    weight=1)
    >>> s = annotate_structure(g)
    >>> s.communities, round(s.modularity, 2), g.nodes["entity:a"]["degree"]
    (2, 0.5, 1)
    """
    net = network or entity_network(graph)
    nodes, weights = net.nodes, net.weights
    if not nodes:
        return Structure(0.0, 0, "none")
    labels = communities(weights)
    groups: dict[int, list[str]] = {}
    for node, label in zip(nodes, labels.tolist(), strict=True):
        groups.setdefault(label, []).append(node)
    ordered = sorted((sorted(c) for c in groups.values()), key=lambda c: (-len(c), c[0]))
    number = {node: i for i, members in enumerate(ordered) for node in members}
    score = modularity(weights, labels)
    ranks = pagerank(weights)
    degree = np.diff(weights.indptr)
    k = max(MIN_BETWEENNESS_SAMPLES, BETWEENNESS_BUDGET // max(1, weights.nnz))
    if k >= len(nodes):
        between, how = _betweenness(net.hops, None, seed), "exact"
    else:
        between, how = _betweenness(net.hops, k, seed), f"sampled k={k}"
    graph.graph[S.MODULARITY] = float(score)
    for i, node in enumerate(nodes):
        graph.nodes[node].update(
            {
                S.COMMUNITY: number[node],
                S.PAGERANK: float(ranks[i]),
                S.DEGREE: int(degree[i]),
                S.BETWEENNESS: float(between[i]),
            }
        )
    top = [
        {
            S.COMMUNITY: i,
            "size": len(members),
            "entities": [
                graph.nodes[n][S.NAME]
                for n in sorted(members, key=lambda n: (-graph.nodes[n][S.PAPERS], n))[
                    :top_entities
                ]
            ],
        }
        for i, members in enumerate(ordered[:top_communities])
    ]
    return Structure(float(score), len(ordered), how, top)


def betweenness(graph: nx.Graph, k: int | None = None, seed: int = SEED) -> dict[Any, float]:
    """Normalised betweenness centrality over hop counts, as ``nx.betweenness_centrality``.

    Brandes' algorithm with the searches of ``BFS_BATCH`` sources run together as sparse
    matrix products. With ``k``, sources are ``random.Random(seed).sample(nodes, k)`` (the
    sample NetworkX draws for the same seed) and the scores are scaled as NetworkX does.

    >>> b = betweenness(nx.path_graph(3))
    >>> [round(b[n], 3) for n in range(3)]
    [0.0, 1.0, 0.0]
    """
    nodes = list(graph)
    if len(nodes) < 3:
        return dict.fromkeys(nodes, 0.0)
    adj = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, format="csr")
    hops = sp.csr_array((np.ones(adj.nnz), adj.indices, adj.indptr), shape=adj.shape)
    return dict(zip(nodes, _betweenness(hops, k, seed).tolist(), strict=True))


def _betweenness(hops: sp.csr_array, k: int | None, seed: int) -> np.ndarray:
    n = hops.shape[0]
    scores = np.zeros(n)
    if n < 3:
        return scores
    sampled = None if k is None or k >= n else random.Random(seed).sample(range(n), k)
    sources = np.arange(n) if sampled is None else np.array(sampled)
    for start in range(0, len(sources), BFS_BATCH):
        scores += _dependencies(hops, sources[start : start + BFS_BATCH]).sum(axis=1)
    if sampled is None:
        result: np.ndarray = scores / ((n - 1) * (n - 2))
        return result
    n_k = len(sources)
    scale = np.full(n, 1 / (n_k * (n - 2)))
    scale[sources] = 1 / ((n_k - 1) * (n - 2)) if n_k > 1 else np.nan
    scaled: np.ndarray = scores * scale
    return scaled


def _dependencies(adj: sp.csr_array, sources: np.ndarray) -> np.ndarray:
    """Brandes dependencies (n × len(sources)) of every node on each source's paths."""
    n, b = adj.shape[0], len(sources)
    cols = np.arange(b)
    depth = np.full((n, b), -1, dtype=np.int32)
    depth[sources, cols] = 0
    sigma = np.zeros((n, b))
    sigma[sources, cols] = 1.0
    frontier = sigma.copy()
    level = 0
    while True:
        reached = adj @ frontier
        new = (reached > 0) & (depth < 0)
        if not new.any():
            break
        level += 1
        depth[new] = level
        frontier = np.where(new, reached, 0.0)
        sigma += frontier
    delta = np.zeros((n, b))
    for d in range(level, 0, -1):
        at_d = depth == d
        share = np.where(at_d, (1.0 + delta) / np.where(at_d, sigma, 1.0), 0.0)
        delta += np.where(depth == d - 1, sigma * (adj @ share), 0.0)
    delta[sources, cols] = 0.0
    return delta
