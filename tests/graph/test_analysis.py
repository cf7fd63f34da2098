import networkx as nx
import pytest
from _corpus import corpus, tiny_graph

from citegraph.graph import schema as S
from citegraph.graph.analysis import annotate_structure
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
