import networkx as nx
from _corpus import corpus

from citegraph.extract.canonical import EntityResolver
from citegraph.graph import schema as S
from citegraph.graph.analysis import annotate_structure, entity_network, pair_network
from citegraph.graph.build import assemble, build_graph, cooccurrence, incidence
from citegraph.graph.citations import add_related
from citegraph.graph.time import annotate_time
from citegraph.model import Abbreviation, Mention, Paper, PaperMentions, Source


def _m(text, label):
    return Mention(text, label, 0, len(text), 0)


def test_graph_matches_one_built_by_hand():
    papers = [
        Paper("p1", "First", "a", date="2020-01-02", sources=(Source("f.txt", 3, "x"),)),
        Paper("p2", "Second", "b", sources=(Source("f.txt", 9, "x"), Source("g.txt", 1, "x"))),
    ]
    extractions = [
        PaperMentions(
            "p1",
            (_m("graph neural networks", "METHOD"), _m("GNNs", "METHOD"), _m("QM9", "DATASET")),
            (Abbreviation("GNNs", "graph neural networks"),),
        ),
        PaperMentions("p2", (_m("GNN", "METHOD"), _m("QM9", "DATASET"), _m("accuracy", "METRIC"))),
    ]
    resolver = EntityResolver()
    for e in extractions:
        resolver.add(e)
    graph = build_graph(papers, extractions, resolver.finish())
    # Statistics on CO_OCCURS edges are checked in test_weights; here the structure counts.
    graph.graph.clear()
    for *_, data in graph.edges(data=True):
        for name in set(data) - {S.TYPE, S.WEIGHT}:
            del data[name]

    expected = nx.MultiDiGraph()
    expected.add_node(
        "paper:p1",
        label="Paper",
        name="First",
        title="First",
        date="2020-01-02",
        sources="f.txt:3",
        abstract="a",
    )
    expected.add_node(
        "paper:p2",
        label="Paper",
        name="Second",
        title="Second",
        date="",
        sources="f.txt:9|g.txt:1",
        abstract="b",
    )
    expected.add_node(
        "entity:graph neural network",
        label="Method",
        name="graph neural network",
        key="graph neural network",
        aliases="GNN|GNNs|graph neural networks",
        papers=2,
    )
    expected.add_node("entity:qm9", label="Dataset", name="QM9", key="qm9", aliases="QM9", papers=2)
    expected.add_node(
        "entity:accuracy",
        label="Metric",
        name="accuracy",
        key="accuracy",
        aliases="accuracy",
        papers=1,
    )
    gnn, qm9, acc = "entity:graph neural network", "entity:qm9", "entity:accuracy"
    for paper, entity, n in [
        ("paper:p1", gnn, 2),
        ("paper:p1", qm9, 1),
        ("paper:p2", gnn, 1),
        ("paper:p2", qm9, 1),
        ("paper:p2", acc, 1),
    ]:
        expected.add_edge(paper, entity, key=S.MENTIONS, type=S.MENTIONS, weight=n)
    expected.add_edge(gnn, qm9, key=S.CO_OCCURS, type=S.CO_OCCURS, weight=2)
    expected.add_edge(gnn, acc, key=S.CO_OCCURS, type=S.CO_OCCURS, weight=1)
    expected.add_edge(qm9, acc, key=S.CO_OCCURS, type=S.CO_OCCURS, weight=1)
    assert nx.utils.graphs_equal(graph, expected)


def test_cooccurrence_counts_papers_in_common():
    c = cooccurrence([[0, 1, 2], [1, 2], [], [2]], 4)
    assert sorted(zip(c.row.tolist(), c.col.tolist(), c.data.tolist(), strict=False)) == [
        (0, 1, 1),
        (0, 2, 1),
        (1, 2, 2),
    ]


def test_records_are_read_lazily_and_matched_by_id_in_any_order():
    papers = [Paper(f"p{i}", f"T{i}", "a") for i in range(4)]
    records = [
        PaperMentions("p0", (_m("BERT", "METHOD"), _m("SQuAD", "DATASET"))),
        PaperMentions("p1", (_m("BERT", "METHOD"),)),
        PaperMentions("p3", (_m("SQuAD", "DATASET"), _m("F1", "METRIC"))),
    ]
    resolver = EntityResolver()
    for r in records:
        resolver.add(r)
    resolution = resolver.finish()
    expected = build_graph(papers, records, resolution)

    read: list[str] = []

    def stream(items):
        for item in items:
            read.append(item.paper_id)
            yield item

    in_order = build_graph(papers, stream(records), resolution)
    assert read == ["p0", "p1", "p3"]
    shuffled = build_graph(papers, stream([records[2], records[0], records[1]]), resolution)
    assert nx.utils.graphs_equal(in_order, expected) and nx.utils.graphs_equal(shuffled, expected)
    assert dict(shuffled.nodes(data=True)) == dict(expected.nodes(data=True))


def test_add_edges_builds_what_add_edge_builds():
    from citegraph.graph.columns import add_edges

    edges = [("a", "b", "X", 1), ("a", "b", "Y", 2), ("b", "a", "X", 3), ("c", "c", "X", 4)]
    expected = nx.MultiDiGraph()
    expected.add_node("b", name="B")
    actual = nx.MultiDiGraph()
    actual.add_node("b", name="B")
    _ = list(actual.edges)  # a view cached before the writes must not go stale
    for u, v, key, w in edges:
        expected.add_edge(u, v, key=key, w=w)
    for key in ("X", "Y"):
        add_edges(actual, [(u, v, {"w": w}) for u, v, k, w in edges if k == key], key)
    assert list(actual.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(actual.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    assert list(actual.in_edges("a", keys=True)) == list(expected.in_edges("a", keys=True))
    assert actual.number_of_edges() == 4 and actual["b"]["a"]["X"] == {"w": 3}


def test_assembly_matrices_are_the_ones_the_graph_gives():
    papers, records, resolution = corpus(
        {"p1": ["Alpha", "Beta"], "p2": ["Gamma", "Alpha"], "p3": [], "p4": ["Beta", "Delta"]}
    )
    assembly = assemble(papers, records, resolution)
    walked = incidence(assembly.graph)
    assert assembly.mentions.papers == walked.papers
    assert assembly.mentions.entities == walked.entities
    assert (assembly.mentions.matrix != walked.matrix).nnz == 0
    pairs = assembly.pairs
    given = pair_network(assembly.mentions.entities, pairs.row, pairs.col, pairs.count)
    found = entity_network(assembly.graph)
    assert given.nodes == found.nodes
    assert (given.weights != found.weights).nnz == 0


def test_a_paper_id_given_twice_is_one_row_of_the_assembly():
    papers, records, resolution = corpus({"p1": ["Alpha"], "p2": ["Beta"]})
    twice = [*papers, papers[0]]
    assembly = assemble(twice, [*records, records[0]], resolution)
    assert assembly.mentions.papers == ["paper:p1", "paper:p2"]
    assert assembly.mentions.matrix.shape == (2, 2)


def test_time_structure_and_related_read_the_same_from_the_assembly_as_from_the_graph():
    docs = {
        f"p{i}": ["Alpha", "Beta", "Gamma"][: 1 + i % 3] + ["Delta"] * (i % 2) for i in range(9)
    }
    dates = {f"p{i}": f"202{i % 4}-0{1 + i % 9}-01" for i in range(9)}
    given, walked = (assemble(*corpus(docs, dates=dates)) for _ in range(2))
    m, pairs = given.mentions, given.pairs
    annotate_structure(
        given.graph, network=pair_network(m.entities, pairs.row, pairs.col, pairs.count)
    )
    annotate_structure(walked.graph)
    assert annotate_time(given.graph, mentions=m) == annotate_time(walked.graph)
    add_related(given.graph, k=2, mentions=m)
    add_related(walked.graph, k=2)
    assert nx.utils.graphs_equal(given.graph, walked.graph)
    assert list(given.graph.nodes(data=True)) == list(walked.graph.nodes(data=True))
