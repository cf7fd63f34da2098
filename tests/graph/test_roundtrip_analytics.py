import networkx as nx
from _corpus import corpus, tiny_graph

from citegraph.export.graphml import read_graphml, write_graphml
from citegraph.graph import schema as S
from citegraph.graph.analysis import annotate_structure
from citegraph.graph.build import build_graph


def full_graph() -> nx.MultiDiGraph:
    from citegraph.graph.citations import add_cites, add_related
    from citegraph.graph.time import annotate_time

    papers, extractions, resolution = corpus(
        {"p1": ["Alpha", "Beta"], "p2": ["Alpha", "Beta", "Gamma"], "p3": ["Gamma"]},
        dates={"p1": "2020-01-01", "p2": "2021-05-01"},
        introduced={"p1": {"Alpha"}},
    )
    g = build_graph(papers, extractions, resolution)
    annotate_structure(g)
    annotate_time(g)
    add_related(g, k=2)
    add_cites(g, extractions, resolution)
    return g


def test_graphml_round_trip_keeps_statistics(tmp_path):
    g = tiny_graph()
    annotate_structure(g)
    write_graphml(g, tmp_path / "g.graphml")
    back = read_graphml(tmp_path / "g.graphml")
    assert nx.utils.graphs_equal(g, back)
    assert back.graph[S.MODULARITY] == g.graph[S.MODULARITY]


def test_graphml_round_trip_with_every_analytic(tmp_path):
    g = full_graph()
    types = {k for *_, k in g.edges(keys=True)}
    assert types == {S.MENTIONS, S.CO_OCCURS, S.RELATED, S.CITES}
    write_graphml(g, tmp_path / "g.graphml")
    assert nx.utils.graphs_equal(g, read_graphml(tmp_path / "g.graphml"))
