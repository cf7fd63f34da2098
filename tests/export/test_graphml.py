import networkx as nx

from citegraph.export.graphml import read_graphml, write_graphml


def test_round_trip_is_identical(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node(
        "paper:1",
        label="Paper",
        name="T",
        title="T",
        date="",
        sources="a:1|b:2",
        abstract="Tab\there, newline\nthere & <tags>",
    )
    g.add_node("entity:x", label="Method", name="x", key="x", aliases="x|X", papers=3)
    g.add_edge("paper:1", "entity:x", key="MENTIONS", type="MENTIONS", weight=2)
    write_graphml(g, tmp_path / "g.graphml")
    assert nx.utils.graphs_equal(read_graphml(tmp_path / "g.graphml"), g)


def test_values_graphml_cannot_hold_are_cleaned(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("n", name="bell\x07 and nul\x00", tags=["a", "b"], missing=None)
    write_graphml(g, tmp_path / "g.graphml")
    back = read_graphml(tmp_path / "g.graphml")
    assert back.nodes["n"] == {"name": "bell and nul", "tags": "a|b", "missing": ""}
    assert g.nodes["n"]["tags"] == ["a", "b"]  # the caller's graph is untouched
