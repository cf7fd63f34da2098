import networkx as nx
import numpy as np
from _corpus import corpus, graph_with_columns

from citegraph.graph import schema as S
from citegraph.graph.build import assemble
from citegraph.graph.columns import EdgeColumns, add_edges, covers, edge_count, sources_of


def _typed(values):
    return [(u, v, [(k, type(x), x) for k, x in d.items()]) for u, v, d in values]


def test_the_columns_of_a_build_hold_its_edges_exactly():
    graph, columns = graph_with_columns()
    assert [c.type for c in columns] == [S.MENTIONS, S.CO_OCCURS, S.RELATED, S.CITES]
    assert all(len(c) for c in columns)
    for table in columns:
        in_graph = sorted(_typed(S.typed_edges(graph, table.type)))
        assert sorted(_typed(table.edges())) == in_graph
        assert all(list(d) == list(table.names()) for *_, d in table.edges())
    assert covers(graph, columns)
    assert edge_count(graph) == graph.number_of_edges() == sum(map(len, columns))


def test_columns_cover_only_a_graph_without_other_edges():
    graph, columns = graph_with_columns()
    assert not covers(graph, columns[:-1])
    graph.add_edge("paper:p1", "paper:p2", key="SEE_ALSO", type="SEE_ALSO")
    assert not covers(graph, columns)


def test_a_paper_id_given_twice_leaves_its_mentions_to_the_graph():
    papers, records, resolution = corpus({"p1": ["Alpha", "Beta"], "p2": ["Beta"]})
    assembly = assemble([*papers, papers[0]], [*records, records[0]], resolution)
    assert [c.type for c in assembly.columns] == [S.CO_OCCURS]


def test_edges_of_columns_are_added_as_add_edge_adds_them():
    table = EdgeColumns(
        S.RELATED,
        ["paper:a", "paper:b"],
        np.array([0, 1, 0]),
        ["paper:b", "paper:c"],
        np.array([1, 0, 0]),
        {S.SIMILARITY: np.array([0.5, 0.25, 1.0])},
    )
    expected = nx.MultiDiGraph()
    for u, v, s in [("paper:a", "paper:c", 0.5), ("paper:b", "paper:b", 0.25)]:
        expected.add_edge(u, v, key=S.RELATED, type=S.RELATED, similarity=s)
    expected.add_edge("paper:a", "paper:b", key=S.RELATED, type=S.RELATED, similarity=1.0)
    actual = nx.MultiDiGraph()
    assert add_edges(actual, table.edges(), S.RELATED) == len(table) == 3
    assert list(actual.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    assert all(type(d[S.SIMILARITY]) is float for *_, d in actual.edges(data=True))


def test_a_graph_without_edges_has_the_nodes_and_columns_of_the_whole_graph():
    papers, records, resolution = corpus({"p1": ["Alpha", "Beta"], "p2": ["Beta", "Gamma"]})
    whole = assemble(papers, records, resolution)
    nodes_only = assemble(papers, records, resolution, edges=False)
    assert whole.edges and not nodes_only.edges
    assert nodes_only.graph.number_of_edges() == 0 < whole.graph.number_of_edges()
    assert list(nodes_only.graph.nodes(data=True)) == list(whole.graph.nodes(data=True))
    assert nodes_only.graph.graph == whole.graph.graph
    for mine, theirs in zip(nodes_only.columns, whole.columns, strict=True):
        assert list(mine.edges()) == list(theirs.edges())


def test_a_paper_id_given_twice_keeps_the_edges_in_the_graph():
    papers, records, resolution = corpus({"p1": ["Alpha", "Beta"], "p2": ["Beta"]})
    twice = assemble([*papers, papers[0]], [*records, records[0]], resolution, edges=False)
    whole = assemble([*papers, papers[0]], [*records, records[0]], resolution)
    assert twice.edges
    assert list(twice.graph.edges(keys=True, data=True)) == list(
        whole.graph.edges(keys=True, data=True)
    )


def test_sources_of_a_target_in_table_order():
    graph, columns = graph_with_columns()
    for table in columns:
        of = sources_of(table)
        ends = list(zip(table.source.tolist(), table.target.tolist(), strict=True))
        for target in table.targets:
            expected = [table.sources[i] for i, j in ends if table.targets[j] == target]
            assert of(target) == expected
            in_graph = [u for u, keyed in graph._pred[target].items() if table.type in keyed]
            assert sorted(of(target)) == sorted(in_graph)
        assert of("paper:none") == []
    # MENTIONS share no pair with another type: their order is the graph's too.
    of = sources_of(columns[0])
    for entity in columns[0].targets:
        assert of(entity) == [u for u, keyed in graph._pred[entity].items() if S.MENTIONS in keyed]
