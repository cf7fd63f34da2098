import enum
import math
import re
from pathlib import Path

import networkx as nx
import pytest

from citegraph.errors import ExportError
from citegraph.export import graphml
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


# The writer formats groups of elements column-wise in polars and groups smaller than
# graphml._SMALL in Python; chunks of graphml._CHUNK elements are formatted together. These
# fixtures make chunks of a few elements, every group formatted one way or the other.
@pytest.fixture(params=["python", "polars"])
def small_chunks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(graphml, "_CHUNK", 5)
    monkeypatch.setattr(graphml, "_SMALL", 10**9 if request.param == "python" else 0)
    return request.param


def _write_read(g: nx.MultiDiGraph, tmp_path: Path) -> tuple[str, nx.MultiDiGraph]:
    path = tmp_path / "g.graphml"
    write_graphml(g, path)
    return path.read_text(encoding="utf-8"), read_graphml(path)


def _interleaved() -> nx.MultiDiGraph:
    """Nodes and edges whose attribute names (and their order) differ from one to the next."""
    g = nx.MultiDiGraph(note='g & <h> "x"')
    odd = 'entity:a\tb\nc "q" <x> & \r 50%s'
    g.add_node("paper:1", label="Paper", name="T & <U>", papers=1, flag=True)
    g.add_node(odd, name="odd\r\nline", label="Method")
    g.add_node("entity:y", label="Method", name="y", papers=2, score=0.5, flag=False)
    g.add_node("entity:z")
    g.add_node("entity:w", label="Method", name="w", papers=3, score=1e-05)
    for i in range(12):
        g.add_node(f"entity:{i}", label="Method", name=f"n{i}", papers=i, score=i / 7)
    g.add_edge("paper:1", odd, key="MENTIONS", type="MENTIONS", weight=2)
    g.add_edge("paper:1", "entity:y", key="MENTIONS", type="MENTIONS", weight=1)
    g.add_edge(odd, "entity:y", key="CO_OCCURS", type="CO_OCCURS", weight=3, npmi=0.25)
    g.add_edge(odd, "entity:y", key="RELATED", type="RELATED", similarity=0.9)
    g.add_edge("entity:y", odd, key="CO_OCCURS", weight=1, type="CO_OCCURS", npmi=-0.5)
    g.add_edge("entity:y", "entity:w", key='K&<>"\t\n\r%s', type="odd key")
    g.add_edge("entity:w", "entity:y", key="CO_OCCURS", type="CO_OCCURS", weight=1)
    for i in range(11):
        pair = f"entity:{i}", f"entity:{i + 1}"
        g.add_edge(*pair, key="CO_OCCURS", type="CO_OCCURS", weight=i, npmi=1 / (i + 1))
        g.add_edge(*pair, key="RELATED", type="RELATED", similarity=i / 11)
    return g


def test_interleaved_attribute_names_round_trip_in_order(tmp_path, small_chunks):
    g = _interleaved()
    _, back = _write_read(g, tmp_path)
    assert nx.utils.graphs_equal(back, g)
    assert list(back) == list(g)
    assert list(back.edges(keys=True)) == list(g.edges(keys=True))
    # Each element's data are written in its own dict's order.
    assert all(list(back.nodes[n]) == list(data) for n, data in g.nodes(data=True))
    edges = g.edges(keys=True, data=True)
    assert all(list(back.edges[u, v, k]) == list(data) for u, v, k, data in edges)


def test_keys_are_declared_in_the_order_names_are_first_met(tmp_path, small_chunks):
    g = _interleaved()
    text, _ = _write_read(g, tmp_path)
    declared = re.findall(r'<key id="([^"]*)" for="(\w+)"', text)
    first_met = [
        *((name, "graph") for name in g.graph),
        *((name, "node") for name in dict.fromkeys(n for _, d in g.nodes(data=True) for n in d)),
        *((name, "edge") for name in dict.fromkeys(n for *_, d in g.edges(data=True) for n in d)),
    ]
    assert declared == first_met


def test_python_and_polars_write_the_same_text(tmp_path, monkeypatch):
    g = _interleaved()
    for i, n in enumerate(list(g)[:6]):
        g.nodes[n].update(big=2**70 * (-1) ** i, mixed=[1, 2.5, 3][i % 3], tags=["a", f"b{i}"])
    written = []
    for small in (10**9, 0):
        monkeypatch.setattr(graphml, "_CHUNK", 4)
        monkeypatch.setattr(graphml, "_SMALL", small)
        written.append(_write_read(g, tmp_path)[0])
    assert written[0] == written[1]


def test_ints_and_floats_in_one_attribute_are_doubles(tmp_path, small_chunks):
    g = nx.MultiDiGraph()
    for i, share in enumerate([1, 2.5, 3, 0.1 + 0.2, -4]):
        g.add_node(f"n{i}", share=share)
    text, back = _write_read(g, tmp_path)
    assert 'attr.name="share" attr.type="double"' in text
    assert '<data key="share">1</data>' in text and '<data key="share">2.5</data>' in text
    assert [back.nodes[f"n{i}"]["share"] for i in range(5)] == [1.0, 2.5, 3.0, 0.1 + 0.2, -4.0]


def test_ints_beyond_64_bits_round_trip(tmp_path, small_chunks):
    g = nx.MultiDiGraph()
    values = [2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**70, 7]
    for i, value in enumerate(values):
        g.add_node(f"n{i}", count=value, small=i)
    text, back = _write_read(g, tmp_path)
    assert 'attr.name="count" attr.type="long"' in text
    assert f'<data key="count">{2**70}</data>' in text
    assert [back.nodes[f"n{i}"]["count"] for i in range(len(values))] == values


def test_nan_infinities_and_negative_zero_round_trip(tmp_path, small_chunks):
    g = nx.MultiDiGraph()
    values = [float("nan"), float("inf"), float("-inf"), -0.0, 2.5e-300, 1e16, 1e-05, 1 / 3]
    for i, value in enumerate(values):
        g.add_edge("a", "b", key=f"k{i}", x=value)
    text, back = _write_read(g, tmp_path)
    read = [back.edges["a", "b", f"k{i}"]["x"] for i in range(len(values))]
    assert math.isnan(read[0]) and read[1:] == values[1:]
    assert math.copysign(1.0, read[3]) == -1.0
    # polars spells NaN its own way; both read back as NaN.
    assert '<data key="x">NaN</data>' in text if small_chunks == "polars" else ">nan<" in text


def test_booleans_round_trip_and_do_not_mix_with_ints(tmp_path, small_chunks):
    g = nx.MultiDiGraph()
    for i in range(7):
        g.add_node(f"n{i}", flag=i % 3 == 0)
    text, back = _write_read(g, tmp_path)
    assert 'attr.name="flag" attr.type="boolean"' in text
    assert '<data key="flag">true</data>' in text and '<data key="flag">false</data>' in text
    assert [back.nodes[f"n{i}"]["flag"] for i in range(7)] == [i % 3 == 0 for i in range(7)]
    g.nodes["n6"]["flag"] = 1
    with pytest.raises(ExportError, match="'flag' holds both boolean and long"):
        write_graphml(g, tmp_path / "mixed.graphml")


def test_markup_and_control_characters_in_ids_keys_and_values(tmp_path, small_chunks):
    g = nx.MultiDiGraph()
    node = 'a&<>"\t\n\r\x01b %s'
    key = 'k&<>"\t\n\r\x03%s'
    for i in range(3):
        g.add_node(f"{node}{i}", name=f'v&<>"\t\n\r\x02\ufffew{i}', label="L\x00")
        g.add_edge(f"{node}{i}", "c", key=key, text=f"x\x00y&{i}")
    _, back = _write_read(g, tmp_path)
    clean = 'a&<>"\t\n\rb %s'
    assert list(back) == [f"{clean}0", "c", f"{clean}1", f"{clean}2"]
    assert back.nodes[f"{clean}1"] == {"name": 'v&<>"\t\n\rw1', "label": "L"}
    assert back.edges[f"{clean}2", "c", 'k&<>"\t\n\r%s'] == {"text": "xy&2"}


def test_none_and_collections_become_text(tmp_path, small_chunks):
    g = nx.MultiDiGraph()
    values = [None, ["a", "b"], ("x",), "plain", None]
    for i, value in enumerate(values):
        g.add_node(f"n{i}", v=value)
    text, back = _write_read(g, tmp_path)
    assert 'attr.name="v" attr.type="string"' in text
    assert [back.nodes[f"n{i}"]["v"] for i in range(5)] == ["", "a|b", "x", "plain", ""]
    g.nodes["n4"]["v"] = {"no": "mappings"}
    with pytest.raises(ExportError, match="is a mapping"):
        write_graphml(g, tmp_path / "mapping.graphml")


def test_edge_keys_of_any_kind_and_number(tmp_path, small_chunks, monkeypatch):
    monkeypatch.setattr(graphml, "_CHUNK", 64)
    g = nx.MultiDiGraph()
    g.add_edges_from([("a", "b"), ("a", "b"), ("b", "a")], w=1)
    for i in range(40):
        g.add_edge("a", "c", key=f"unique {i} &", w=i)
    text, back = _write_read(g, tmp_path)
    assert '<edge source="a" target="b" id="1">' in text
    assert sorted(back["a"]["b"]) == [0, 1]
    assert [back.edges["a", "c", f"unique {i} &"]["w"] for i in range(40)] == list(range(40))


def test_nodes_and_edges_without_attributes(tmp_path, small_chunks):
    g = nx.MultiDiGraph()
    _, back = _write_read(g, tmp_path)
    assert nx.utils.graphs_equal(back, g)
    g.add_nodes_from(range(7))
    g.add_edges_from([(0, 1), (0, 1), (2, 3)])
    g.add_edge(3, 4, weight=1)
    text, back = _write_read(g, tmp_path)
    assert '<node id="0">\n</node>\n' in text
    assert '<edge source="0" target="1" id="1">\n</edge>\n' in text
    assert list(back) == [str(n) for n in g]
    # NetworkX reads back ids that look like ints as ints.
    assert back.edges["3", "4", 0] == {"weight": 1}


def test_chunks_of_full_size_write_what_small_chunks_write(tmp_path, monkeypatch):
    g = nx.MultiDiGraph()
    for i in range(graphml._CHUNK // 40 + 50):
        g.add_node(f"n{i}", label="Method", name=f"name {i} & co", score=i / 3)
    nodes = list(g)
    for i in range(graphml._CHUNK + 500):
        u, v = nodes[i % len(nodes)], nodes[(i * 7 + 1) % len(nodes)]
        if i % 3:
            g.add_edge(u, v, key="CO_OCCURS", type="CO_OCCURS", weight=i, npmi=1 / (i + 1))
        else:
            g.add_edge(u, v, key="RELATED", type="RELATED", similarity=i / 7)
    written = [_write_read(g, tmp_path)[0]]
    monkeypatch.setattr(graphml, "_CHUNK", 7)
    monkeypatch.setattr(graphml, "_SMALL", 10**9)
    path = tmp_path / "small.graphml"
    write_graphml(g, path)
    written.append(path.read_text(encoding="utf-8"))
    assert written[0] == written[1]


def test_hubs_are_written_over_several_chunks_in_order(tmp_path, small_chunks):
    g = nx.MultiDiGraph()
    g.add_node("before", n=0)
    for i in range(23):
        g.add_edge("hub", f"t{i}", key="A", w=i)
        if i % 4 == 0:
            g.add_edge("hub", f"t{i}", key="B", w=-i)
    g.add_edge("before", "hub", key="A", w=100)
    g.add_edge("t3", "hub", key="A", w=101)
    _, back = _write_read(g, tmp_path)
    assert nx.utils.graphs_equal(back, g)
    assert list(back.edges(keys=True, data="w")) == list(g.edges(keys=True, data="w"))


def test_ids_and_keys_that_are_not_str_are_written_as_their_str(tmp_path, small_chunks):
    class Kind(str, enum.Enum):
        A = "a"

    g = nx.MultiDiGraph()
    g.add_edge(1, Kind.A, key=Kind.A)
    g.add_edge("x", (2, 3), key=7)
    text, back = _write_read(g, tmp_path)
    assert [f'<node id="{n}">' in text for n in ("1", "Kind.A", "x", "(2, 3)")] == [True] * 4
    assert '<edge source="1" target="Kind.A" id="Kind.A">' in text
    assert '<edge source="x" target="(2, 3)" id="7">' in text
    assert list(back) == ["1", "Kind.A", "x", "(2, 3)"]


def _same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    """Equal nodes, edges and values, each value of the same type."""

    def typed(g: nx.MultiDiGraph) -> list:
        edges = [
            (u, v, k, sorted((n, type(x), x) for n, x in d.items()))
            for u, v, k, d in g.edges(keys=True, data=True)
        ]
        return [sorted(g.nodes(data=True)), sorted(edges), g.graph]

    return typed(a) == typed(b)


@pytest.mark.parametrize(
    "ids", [("p1", "p2", "p3", "p4", "p5"), ("a&b", 'q"1', "t\tab", "<p>", "x")]
)
@pytest.mark.parametrize("chunk", [2, 1 << 16])
def test_edges_written_from_columns_read_back_as_from_the_graph(tmp_path, monkeypatch, ids, chunk):
    from tests.graph._corpus import graph_with_columns

    monkeypatch.setattr(graphml, "_COLUMN_CHUNK", chunk)
    g, columns = graph_with_columns(ids)
    write_graphml(g, tmp_path / "walked.graphml")
    write_graphml(g, tmp_path / "columns.graphml", columns=columns)
    walked = read_graphml(tmp_path / "walked.graphml")
    assert _same_graph(walked, g)
    assert _same_graph(read_graphml(tmp_path / "columns.graphml"), walked)


def test_staged_graphml_is_finished_without_the_graph(tmp_path):
    import gc
    import weakref

    from tests.graph._corpus import graph_with_columns

    g, columns = graph_with_columns()
    write_graphml(g, tmp_path / "whole.graphml", columns=columns)
    alive = weakref.ref(g)
    finish = graphml.stage_graphml(g, tmp_path / "staged.graphml", columns=columns)
    del g
    gc.collect()
    assert alive() is None
    finish()
    assert (tmp_path / "staged.graphml").read_bytes() == (tmp_path / "whole.graphml").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["staged.graphml", "whole.graphml"]
