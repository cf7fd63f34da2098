import math

import numpy as np
import pytest
import scipy.sparse as sp
from _corpus import tiny_graph
from scipy.stats import hypergeom

from citegraph.graph import schema as S
from citegraph.graph.weights import (
    STATISTICS,
    PairStatistics,
    benjamini_hochberg,
    pair_statistics,
    prune,
)

A, B, C = "entity:alpha", "entity:beta", "entity:gamma"


def co(graph, u, v):
    return graph.edges[min(u, v), max(u, v), S.CO_OCCURS]


def test_statistics_match_hand_computation():
    g = tiny_graph()
    ab, ac = co(g, A, B), co(g, A, C)
    assert not g.has_edge(B, C) and not g.has_edge(C, B)
    assert ab[S.WEIGHT] == 2 and ac[S.WEIGHT] == 1
    assert ab[S.ASSOCIATION_STRENGTH] == pytest.approx(5 * 2 / (3 * 3))
    assert ac[S.ASSOCIATION_STRENGTH] == pytest.approx(5 * 1 / (3 * 2))
    assert ab[S.NPMI] == pytest.approx(math.log(10 / 9) / -math.log(2 / 5))
    assert ac[S.NPMI] == pytest.approx(math.log(5 / 6) / -math.log(1 / 5))
    assert ab[S.JACCARD] == pytest.approx(2 / 4)
    assert ac[S.JACCARD] == pytest.approx(1 / 4)
    # P[X >= 2], X ~ Hypergeom(5, 3, 3): (C(3,2)C(2,1) + C(3,3)) / C(5,3) = 7/10.
    assert ab[S.P_VALUE] == pytest.approx(0.7)
    # P[X >= 1], X ~ Hypergeom(5, 3, 2): 1 - C(2,2)/C(5,2) = 9/10.
    assert ac[S.P_VALUE] == pytest.approx(0.9)
    # BH over the two tested pairs: min(0.7*2/1, 0.9*2/2) = 0.9 for both.
    assert ab[S.Q_VALUE] == pytest.approx(0.9) and ac[S.Q_VALUE] == pytest.approx(0.9)
    assert g.graph[S.PAIRS_TESTED] == 2


def test_p_values_match_scipy():
    rng = np.random.default_rng(0)
    x = sp.csr_matrix((rng.random((60, 12)) < 0.3).astype(np.int32))
    pairs = sp.triu(x.T @ x, k=1).tocoo()
    c = np.asarray(x.sum(axis=0)).ravel()
    s = pair_statistics(pairs, c, 60)
    for i, j, n, p in zip(s.row, s.col, s.count, s.stats[S.P_VALUE], strict=True):
        assert p == pytest.approx(hypergeom(60, c[i], c[j]).sf(n - 1), rel=1e-9)
        assert p == pytest.approx(
            sum(hypergeom.pmf(k, 60, c[i], c[j]) for k in range(n, min(c[i], c[j]) + 1))
        )


def test_npmi_is_one_when_always_together():
    s = pair_statistics(sp.coo_matrix(np.array([[0, 3], [0, 0]])), np.array([3, 3]), 3)
    assert s.stats[S.NPMI].tolist() == [1.0]
    assert s.stats[S.P_VALUE].tolist() == [1.0]


def test_benjamini_hochberg_by_hand():
    p = np.array([0.02, 0.001, 0.04, 0.03, 0.5])
    # Sorted: 0.001, 0.02, 0.03, 0.04, 0.5 -> times 5/rank: 0.005, 0.05, 0.05, 0.05, 0.5.
    assert benjamini_hochberg(p).tolist() == pytest.approx([0.05, 0.005, 0.05, 0.05, 0.5])
    assert benjamini_hochberg(np.array([0.9, 0.8])).tolist() == pytest.approx([0.9, 0.9])
    assert benjamini_hochberg(np.array([])).size == 0


def test_prune_counts_each_filter():
    s = pair_statistics(
        sp.coo_matrix(np.array([[0, 5, 1], [0, 0, 2], [0, 0, 0]])), np.array([5, 6, 3]), 20
    )
    r = prune(s, min_count=2, max_q=0.01)
    assert (r.tested, r.removed_min_count, r.removed_max_q) == (3, 1, 1)
    assert list(zip(r.kept.row.tolist(), r.kept.col.tolist(), strict=True)) == [(0, 1)]
    # q-values keep the full family of tested pairs.
    assert r.kept.stats[S.Q_VALUE][0] == s.stats[S.Q_VALUE][0]


def test_build_graph_prunes_before_building():
    g = tiny_graph(min_count=2)
    assert [k for *_, k in g.edges(keys=True) if k == S.CO_OCCURS] == [S.CO_OCCURS]
    assert g.graph[S.PRUNED_MIN_COUNT] == 1 and g.graph[S.PRUNED_MAX_Q] == 0
    g = tiny_graph(max_q=0.5)
    assert not any(k == S.CO_OCCURS for *_, k in g.edges(keys=True))
    assert g.graph[S.PRUNED_MAX_Q] == 2


def test_defaults_keep_every_pair():
    g = tiny_graph()
    assert sum(k == S.CO_OCCURS for *_, k in g.edges(keys=True)) == 2
    assert g.graph[S.PRUNED_MIN_COUNT] == 0 and g.graph[S.PRUNED_MAX_Q] == 0


def test_edge_attributes_hold_type_weight_and_every_statistic_in_order():
    stats = PairStatistics(
        np.array([0, 1]),
        np.array([1, 2]),
        np.array([3, 4]),
        {name: np.array([0.25, 0.5]) + i for i, name in enumerate(STATISTICS)},
        10,
    )
    rows = list(stats.edge_attributes(S.CO_OCCURS))
    assert [list(r) for r in rows] == [[S.TYPE, S.WEIGHT, *STATISTICS]] * 2
    assert rows[1] == {S.TYPE: S.CO_OCCURS, S.WEIGHT: 4} | {
        name: 0.5 + i for i, name in enumerate(STATISTICS)
    }
    assert all(type(v) is float for r in rows for v in list(r.values())[2:])
