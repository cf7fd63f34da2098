import math

import networkx as nx
import pytest

from citegraph.errors import ExportError
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


def test_ids_and_values_with_markup_and_whitespace_survive(tmp_path):
    g = nx.MultiDiGraph(note='graph "level" <b>')
    odd = 'entity:a\tb\nc "q" <x> & \r'
    g.add_node(odd, name="line\r\nbreak", flag=True, score=0.1 + 0.2)
    g.add_node("entity:y", name="y", flag=False, score=1.5)
    g.add_edge(odd, "entity:y", key="CO_OCCURS", type="CO_OCCURS", weight=3)
    g.add_edge(odd, "entity:y", key="RELATED", type="RELATED", weight=1)
    write_graphml(g, tmp_path / "g.graphml")
    back = read_graphml(tmp_path / "g.graphml")
    assert nx.utils.graphs_equal(back, g)
    assert back.nodes[odd]["score"] == 0.1 + 0.2
    assert back.nodes[odd]["flag"] is True


def test_one_type_per_attribute(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("a", size=1)
    g.add_node("b", size="big")
    with pytest.raises(ExportError, match="'size' holds both long and string"):
        write_graphml(g, tmp_path / "g.graphml")


def test_floats_percent_signs_and_mixed_layouts_round_trip(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("entity:50% off", name="100% <sure>", share=0.1 + 0.2)
    g.add_node("entity:y", name="y", share=1)  # an int where others hold floats
    g.add_node("entity:z", name="z")
    floats = {"npmi": 1 / 3, "p_value": 2.5e-300, "q_value": 1e-05, "jaccard": 1e16, "pct%s": -0.0}
    g.add_edge("entity:50% off", "entity:y", key="CO_OCCURS", type="CO_OCCURS", weight=2, **floats)
    g.add_edge("entity:y", "entity:z", key="CO_OCCURS", type="CO_OCCURS", weight=1, npmi=0.5)
    g.add_edge("entity:z", "entity:y", key="CO_OCCURS", npmi=float("nan"), jaccard=float("inf"))
    write_graphml(g, tmp_path / "g.graphml")
    back = read_graphml(tmp_path / "g.graphml")
    nan = back.edges["entity:z", "entity:y", "CO_OCCURS"]
    assert math.isnan(nan.pop("npmi")) and nan == {"jaccard": float("inf")}
    g.remove_edge("entity:z", "entity:y", "CO_OCCURS")
    back.remove_edge("entity:z", "entity:y", "CO_OCCURS")
    assert nx.utils.graphs_equal(back, g)
    assert back.edges["entity:50% off", "entity:y", "CO_OCCURS"]["p_value"] == 2.5e-300
    assert back.nodes["entity:y"]["share"] == 1.0  # long and double merge into double
