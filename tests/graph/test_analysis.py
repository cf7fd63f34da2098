import networkx as nx
import pytest
from _corpus import corpus, tiny_graph

from citegraph.graph import schema as S
from citegraph.graph.analysis import (
    annotate_structure,
    betweenness,
    communities,
    modularity,
    pagerank,
)
from citegraph.graph.build import build_graph

# Two groups that never meet: {a, b, c} and {x, y, z}, plus a loner.
TWO_GROUPS = {
    "p1": ["Aa", "Bb", "Cc"],
    "p2": ["Aa", "Bb"],
    "p3": ["Bb", "Cc"],
    "p4": ["Xx", "Yy", "Zz"],
    "p5": ["Xx", "Yy"],
    "p6": ["Yy", "Zz"],
    "p7": ["Loner"],
}


def entity_attrs(g, name):
    return {n: d[name] for n, d in g.nodes(data=True) if d[S.LABEL] != S.PAPER}


def test_every_entity_gets_every_measure():
    g = build_graph(*corpus(TWO_GROUPS))
    annotate_structure(g)
    for _, d in g.nodes(data=True):
        if d[S.LABEL] != S.PAPER:
            assert isinstance(d[S.COMMUNITY], int) and isinstance(d[S.DEGREE], int)
            assert isinstance(d[S.PAGERANK], float) and isinstance(d[S.BETWEENNESS], float)
        else:
            assert S.COMMUNITY not in d


def test_communities_found_and_numbered_by_size():
    g = build_graph(*corpus(TWO_GROUPS))
    s = annotate_structure(g)
    com = entity_attrs(g, S.COMMUNITY)
    assert com["entity:aa"] == com["entity:bb"] == com["entity:cc"]
    assert com["entity:xx"] == com["entity:yy"] == com["entity:zz"] != com["entity:aa"]
    assert com["entity:loner"] == 2 and s.communities == 3
    pairs = [("a", "b", 2), ("b", "c", 2), ("a", "c", 1), ("x", "y", 2), ("y", "z", 2)]
    h = nx.Graph()
    h.add_weighted_edges_from([*pairs, ("x", "z", 1)])
    expected = nx.community.modularity(h, [{"a", "b", "c"}, {"x", "y", "z"}])
    assert s.modularity == pytest.approx(expected)
    assert g.graph[S.MODULARITY] == pytest.approx(expected)
    assert s.top[0]["entities"][0] == "Bb" and s.top[0]["size"] == 3
    assert entity_attrs(g, S.DEGREE)["entity:bb"] == 2
    assert entity_attrs(g, S.BETWEENNESS)["entity:loner"] == 0.0


def test_same_input_same_communities():
    runs = []
    for _ in range(2):
        g = build_graph(*corpus(TWO_GROUPS))
        s = annotate_structure(g)
        runs.append((entity_attrs(g, S.COMMUNITY), entity_attrs(g, S.PAGERANK), s.top))
    assert runs[0] == runs[1]


def test_pagerank_sums_to_one():
    g = tiny_graph()
    annotate_structure(g)
    assert sum(entity_attrs(g, S.PAGERANK).values()) == pytest.approx(1.0)


def _random_weighted(seed):
    h = nx.gnm_random_graph(120, 300, seed=seed)
    h.add_edges_from([(200, 201), (201, 202)])  # a separate path
    h.add_node(300)  # an isolated node
    for i, (u, v) in enumerate(h.edges):
        h.edges[u, v]["weight"] = 1 + (i * 7 + seed) % 5
    return h


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sparse_measures_agree_with_networkx(seed):
    h = _random_weighted(seed)
    nodes = list(h)
    w = nx.to_scipy_sparse_array(h, nodelist=nodes, weight="weight", format="csr")
    ranks = pagerank(w)
    expected = nx.pagerank(h, weight="weight")
    assert max(abs(ranks[i] - expected[n]) for i, n in enumerate(nodes)) < 1e-6
    labels = communities(w)
    parts = {}
    for n, label in zip(nodes, labels.tolist(), strict=True):
        parts.setdefault(label, set()).add(n)
    assert modularity(w, labels) == pytest.approx(
        nx.community.modularity(h, parts.values(), weight="weight")
    )
    exact = betweenness(h)
    assert exact == pytest.approx(nx.betweenness_centrality(h), abs=1e-12)
    sampled = betweenness(h, k=30, seed=seed)
    assert sampled == pytest.approx(nx.betweenness_centrality(h, k=30, seed=seed), abs=1e-12)


def test_louvain_finds_planted_groups():
    h = nx.planted_partition_graph(4, 25, 0.5, 0.01, seed=3)
    w = nx.to_scipy_sparse_array(h, nodelist=sorted(h), format="csr")
    labels = communities(w).tolist()
    for block in range(4):
        members = labels[block * 25 : (block + 1) * 25]
        assert max(members.count(x) for x in set(members)) >= 24
