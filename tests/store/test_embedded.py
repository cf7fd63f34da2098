"""The embedded store's CSV staging: every value reads back from LadybugDB as the graph holds it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from citegraph.graph import schema as S
from citegraph.store import STORE, open_store, write_store
from citegraph.store import embedded as E
from citegraph.store.embedded import stage_store

IDS = [
    'entity: "quoted", with comma ',
    "entity:line\nbreak",
    "entity:carriage\rreturn",
    "entity:plain",
    "entity:'single' \\ back",
    "entity:é ∑",
]
FLOATS = [
    1 / 3,
    0.1 + 0.2,
    1e-05,
    2.5e-300,
    5e-324,
    1e16,
    1e22,
    -0.0,
    1.7976931348623157e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    None,
    3,  # an int among floats reads back as a float
    2**64 + 1,
]
INTS = [0, -1, 2**63 - 1, -(2**63), None, 42]
TEXTS = ["", None, "a,b", 'say "hi"', "line\nbreak", "cr\rlf\r\n", " padded ", "é", "'", "\\", "#"]
BOOLS = [True, False, None]


def pick(values: list[Any], i: int) -> Any:
    return values[i % len(values)]


def graph(edges: int = 40) -> nx.MultiDiGraph:
    """Methods with odd ids and CO_OCCURS edges among them holding every kind of value (one
    ``seq`` each); more Methods, so that the nodes hold every value too."""
    g = nx.MultiDiGraph()
    for i, node in enumerate(IDS + [f"entity:{i}" for i in range(len(FLOATS))]):
        g.add_node(
            node,
            label=S.METHOD,
            name=pick(TEXTS, i),
            pagerank=pick(FLOATS, i),
            papers=pick(INTS, i),
            flag=pick(BOOLS, i),
        )
    for i in range(edges):
        g.add_edge(
            pick(IDS, i),
            pick(IDS, i + 1 + i // len(IDS)),
            key=i,
            type=S.CO_OCCURS,
            seq=i,
            score=pick(FLOATS, i),
            count=pick(INTS, i),
            note=pick(TEXTS, i),
            flag=pick(BOOLS, i),
        )
    return g


def read(value: Any) -> Any:
    """What a DOUBLE column gives back for an int."""
    return float(value) if type(value) is int else value


def same(rows: list[tuple[Any, ...]], expected: list[tuple[Any, ...]]) -> bool:
    """Rows equal, NaN equal to NaN and -0.0 apart from 0.0 (as ``repr`` tells them)."""
    return sorted(map(repr, rows)) == sorted(map(repr, expected))


def load_rows(g: nx.MultiDiGraph, path: Path) -> tuple[list[Any], list[Any], list[str]]:
    loads = list(stage_store(g, path))
    statements = [s for load in loads for s in load.statements]
    for load in loads:
        load.run()
    with open_store(path) as store:
        nodes = store.run("MATCH (m:Method) RETURN m.id, m.name, m.pagerank, m.papers, m.flag").rows
        edges = store.run(
            "MATCH (a)-[r:CO_OCCURS]->(b) "
            "RETURN a.id, b.id, r.seq, r.score, r.count, r.note, r.flag"
        ).rows
    return nodes, edges, statements


@pytest.mark.parametrize("chunk", [None, 2])
@pytest.mark.parametrize("regular", [True, False])
def test_values_read_back_exactly(tmp_path, monkeypatch, chunk, regular) -> None:  # type: ignore[no-untyped-def]
    if chunk:  # several chunks per file, each with its own mix of types
        monkeypatch.setattr(E, "_CHUNK", chunk)
        monkeypatch.setattr(E, "_FULL", 3 * chunk)
        monkeypatch.setattr(E, "_NODE_CHUNK", chunk)
    g = graph()
    if not regular:  # another table whose edges differ: every edge is staged the exact way
        g.add_node("paper:p", label=S.PAPER, name="P")
        g.add_edge("paper:p", IDS[0], key=S.MENTIONS, type=S.MENTIONS, weight=1)
        g.add_edge("paper:p", IDS[1], key=S.MENTIONS, type=S.MENTIONS, weight="high")
    nodes, edges, statements = load_rows(g, tmp_path / STORE)
    assert any("rel-0.csv" in s for s in statements) == regular
    (nodes_copy,) = (s for s in statements if s.startswith("COPY `Method`"))
    methods = sum(d["label"] == S.METHOD for _, d in g.nodes(data=True))
    assert nodes_copy.count(".parquet'") == (-(-methods // chunk) if chunk else 1)
    assert same(
        nodes,
        [
            (n, d["name"], read(d["pagerank"]), d["papers"], d["flag"])
            for n, d in g.nodes(data=True)
            if d["label"] == S.METHOD
        ],
    )
    expected = [
        (u, v, d["seq"], read(d["score"]), d["count"], d["note"], d["flag"])
        for u, v, d in g.edges(data=True)
        if d["type"] == S.CO_OCCURS
    ]
    assert len(edges) == len(expected) == 40
    assert same(edges, expected)


def test_empty_strings_and_missing_values_stay_apart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, edges, _ = load_rows(graph(edges=2), tmp_path / STORE)
    assert sorted((seq, note) for _, _, seq, _, _, note, _ in edges) == [(0, ""), (1, None)]


def test_columns_of_one_type_per_file_but_several_per_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    g = graph(edges=0)
    g.add_node("task:t", label=S.TASK, name="T")
    # An int column in one file and a float column in the other: the table's column is DOUBLE.
    g.add_edge(IDS[0], IDS[1], key=S.CO_OCCURS, type=S.CO_OCCURS, npmi=1)
    g.add_edge(IDS[0], "task:t", key=S.CO_OCCURS, type=S.CO_OCCURS, npmi=0.5)
    (tmp_path / "a").mkdir()
    statements = [s for load in stage_store(g, tmp_path / "a" / STORE) for s in load.statements]
    assert any("`npmi` DOUBLE" in s for s in statements)
    assert any("rel-0.csv" in s for s in statements)
    write_store(g, tmp_path / STORE)
    with open_store(tmp_path / STORE) as store:
        rows = store.run("MATCH ()-[r:CO_OCCURS]->() RETURN r.npmi ORDER BY r.npmi").rows
    assert rows == [(0.5,), (1.0,)] and isinstance(rows[1][0], float)


def irregular(case: str) -> nx.MultiDiGraph:
    """A graph whose fourth Method-Method edge (in the second chunk of two) differs."""
    g = graph(edges=6)
    g.add_node("task:t", label=S.TASK, name="T")
    late = dict(g.edges[IDS[0], IDS[1], 0])
    del late["seq"]
    if case == "renamed":  # as many attributes, one under another name
        late["sequence"] = 99
    elif case == "bool among ints":
        late["seq"] = True
    elif case == "types across files":  # a str column in one file, an int one in the other
        g.add_edge(IDS[0], "task:t", key="t", **{**late, "seq": "x"})
        return g
    g.add_edge(IDS[2], IDS[3], key="late", **late)
    return g


@pytest.mark.parametrize("case", ["missing", "renamed", "types across files", "bool among ints"])
def test_edges_that_differ_take_the_exact_staging(tmp_path, monkeypatch, case) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(E, "_CHUNK", 2)
    monkeypatch.setattr(E, "_FULL", 6)
    g = irregular(case)
    _, edges, statements = load_rows(g, tmp_path / STORE)
    assert not any("rel-0.csv" in s for s in statements)
    assert [p.name for p in tmp_path.iterdir()] == [STORE]
    seqs = sorted(str(seq) for _, _, seq, *_ in edges)
    expected = {
        "missing": [*map(str, range(6)), "None"],
        "renamed": [*map(str, range(6)), "None"],
        "types across files": [*map(str, range(6)), "x"],
        "bool among ints": [*map(str, range(6)), "True"],
    }[case]
    assert seqs == sorted(expected)


def test_ints_beyond_64_bits_are_written_for_ladybugdb_to_refuse(tmp_path) -> None:  # type: ignore[no-untyped-def]
    g = graph(edges=2)
    g.nodes[IDS[0]]["papers"] = 2**64
    nodes, _ = stage_store(g, tmp_path / STORE)
    with pytest.raises(RuntimeError, match="Conversion"):
        nodes.run()
    g = graph(edges=2)
    g.edges[IDS[0], IDS[1], 0]["count"] = -(2**64)
    (tmp_path / "edge").mkdir()
    nodes, edges = stage_store(g, tmp_path / "edge" / STORE)
    nodes.run()
    with pytest.raises(RuntimeError, match="Conversion"):
        edges.run()


def _all_edges(
    g: nx.MultiDiGraph, path: Path, **options: Any
) -> tuple[dict[str, list[Any]], list[str]]:
    path.parent.mkdir()
    loads = list(stage_store(g, path, **options))
    statements = [s for load in loads for s in load.statements]
    for load in loads:
        load.run()
    with open_store(path) as store:
        rows = {
            kind: sorted(
                map(repr, store.run(f"MATCH (a)-[r:{kind}]->(b) RETURN a.id, b.id, r").rows)
            )
            for kind in (S.MENTIONS, S.CO_OCCURS, S.RELATED, S.CITES)
        }
    return rows, [s for s in statements if not s.startswith("COPY")]


def test_edges_written_from_columns_load_as_from_the_graph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.graph._corpus import graph_with_columns

    g, columns = graph_with_columns(("p1", 'q"1', "a,b", "p4", "p5"))
    walked, tables = _all_edges(g, tmp_path / "walked" / STORE)
    from_columns, declared = _all_edges(g, tmp_path / "columns" / STORE, columns=columns)
    assert from_columns == walked and declared == tables
    assert all(walked.values())


def test_with_columns_the_edges_are_staged_without_the_graph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import gc
    import weakref

    from tests.graph._corpus import graph_with_columns

    g, columns = graph_with_columns()
    alive = weakref.ref(g)
    loads = stage_store(g, tmp_path / STORE, columns=columns)
    nodes = next(loads)
    del g
    gc.collect()
    assert alive() is None
    for load in (nodes, *loads):
        load.run()
    with open_store(tmp_path / STORE) as store:
        assert store.run("MATCH ()-[r:RELATED]->() RETURN count(r)").rows == [(len(columns[2]),)]


def test_a_node_table_loaded_first_gives_the_store_of_the_whole_graph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from citegraph.graph.build import paper_nodes
    from citegraph.store.embedded import stage_nodes
    from tests.graph._corpus import corpus, graph_with_columns

    g, columns = graph_with_columns()
    whole, _ = _all_edges(g, tmp_path / "whole" / STORE, columns=columns)
    path = tmp_path / "papers_first" / STORE
    path.parent.mkdir()
    papers, _, _ = corpus({f"p{i}": [] for i in range(1, 7)}, dates={})
    early = paper_nodes(papers)
    for node, data in early.nodes(data=True):  # the dates graph_with_columns gives
        data[S.DATE] = g.nodes[node][S.DATE]
    stage_nodes(early, path).run()
    for load in stage_store(g, path, columns=columns, loaded={S.PAPER}):
        load.run()
    query = "MATCH (n) RETURN label(n), n ORDER BY n.id"
    with open_store(path) as store, open_store(tmp_path / "whole" / STORE) as expected:
        assert store.run(query).rows == expected.run(query).rows
        assert [store.run(f"MATCH (:{S.PAPER}) RETURN count(*)").rows] == [[(6,)]]
        for kind, rows in whole.items():
            got = store.run(f"MATCH (a)-[r:{kind}]->(b) RETURN a.id, b.id, r").rows
            assert sorted(map(repr, got)) == rows


def test_a_load_that_fails_leaves_the_store_as_it_was(tmp_path) -> None:  # type: ignore[no-untyped-def]
    g = graph(edges=2)
    g.edges[IDS[0], IDS[1], 0]["count"] = -(2**64)
    nodes, edges = stage_store(g, tmp_path / STORE)
    nodes.run()
    with pytest.raises(RuntimeError, match="Conversion"):
        edges.run()
    with open_store(tmp_path / STORE) as store:
        assert store.run("MATCH (n) RETURN count(n)").rows == [(g.number_of_nodes(),)]
        tables = store.run("CALL show_tables() RETURN type").rows
    assert tables and {kind for (kind,) in tables} == {"NODE"}


def _columns_of(g: nx.MultiDiGraph, kind: str) -> Any:
    """The ``kind`` edges of ``g`` as columns, each attribute an array of Python objects."""
    import numpy as np

    from citegraph.graph.columns import EdgeColumns

    edges = list(S.typed_edges(g, kind))
    nodes = list(g)
    at = {node: i for i, node in enumerate(nodes)}
    names = [name for name in edges[0][2] if name != S.TYPE]
    return EdgeColumns(
        kind,
        nodes,
        np.array([at[u] for u, _, _ in edges]),
        nodes,
        np.array([at[v] for _, v, _ in edges]),
        {name: np.array([d[name] for *_, d in edges], dtype=object) for name in names},
    )


@pytest.mark.parametrize("values", [(1, 2.5), (4, 5), ("x", None), (1.5, None)])
def test_edge_columns_of_python_objects_load_as_from_the_graph(tmp_path, values) -> None:  # type: ignore[no-untyped-def]
    """Edge files are Parquet unless a column of objects holds numbers (one file may hold ints
    where another holds floats); either way the store holds what the graph does."""
    g = nx.MultiDiGraph()
    for node, label in [("paper:a", S.PAPER), ("entity:x", S.TASK), ("entity:y", S.METHOD)]:
        g.add_node(node, label=label, name=node)
    for target, value in zip(["entity:x", "entity:y"], values, strict=True):
        g.add_edge("paper:a", target, key=S.MENTIONS, type=S.MENTIONS, weight=value)
    columns = [_columns_of(g, S.MENTIONS)]
    found = []
    for name, options in (("walked", {}), ("columns", {"columns": columns})):
        path = tmp_path / name / STORE
        path.parent.mkdir()
        for load in stage_store(g, path, **options):
            load.run()
        with open_store(path) as store:
            found.append(store.run("MATCH (a)-[r:MENTIONS]->(b) RETURN b.id, r ORDER BY b.id").rows)
    assert found[0] == found[1] and len(found[0]) == 2
    staged = stage_store(g, tmp_path / "again.lbug", columns=columns)
    statements = [s for load in staged for s in load.statements if "/rel-" in s]
    copies = {s.split("to='")[1][:-2]: s for s in statements}
    for label, value in zip([S.TASK, S.METHOD], values, strict=True):
        assert (".csv'" in copies[label]) == isinstance(value, int | float)
