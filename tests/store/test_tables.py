"""Tables derived from the graph: new attributes and edge types flow through unchanged."""

from __future__ import annotations

import networkx as nx
import pytest

from citegraph.errors import StoreError
from citegraph.graph import schema as S
from citegraph.store import STORE, embedded, graph_tables, open_store, write_store
from citegraph.store.embedded import stage_store


def small() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("paper:a", label=S.PAPER, name="A", date="2020-01-01")
    g.add_node("paper:b", label=S.PAPER, name="B", date="")
    g.add_node("entity:x", label=S.METHOD, name="X", key="x", papers=2, pagerank=0.5)
    g.add_node("entity:y", label=S.CONCEPT, name="Y", key="y", papers=1, community=3)
    g.add_edge("paper:a", "entity:x", key=S.MENTIONS, type=S.MENTIONS, weight=1)
    g.add_edge("paper:b", "entity:x", key=S.MENTIONS, type=S.MENTIONS, weight=2)
    g.add_edge("entity:x", "entity:y", key=S.CO_OCCURS, type=S.CO_OCCURS, weight=1, npmi=0.25)
    return g


def test_columns_follow_values() -> None:
    t = graph_tables(small())
    method = next(n for n in t.nodes if n.label == S.METHOD)
    assert method.columns["pagerank"] == "DOUBLE" and method.columns["papers"] == "INT64"
    co = next(r for r in t.rels if r.type == S.CO_OCCURS)
    assert co.columns == {"npmi": "DOUBLE", "weight": "INT64"}


def test_new_attributes_and_edge_types_reach_the_store(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(S, "EDGE_TYPES", (*S.EDGE_TYPES, "FOLLOWS"))
    g = small()
    g.add_edge("paper:a", "paper:b", key="FOLLOWS", type="FOLLOWS", weight=0.75)
    write_store(g, tmp_path / STORE)
    with open_store(tmp_path / STORE) as store:
        rows = store.run(
            "MATCH (a:Paper)-[r:FOLLOWS]->(b:Paper) RETURN a.name, b.name, r.weight"
        ).rows
        assert rows == [("A", "B", 0.75)]
        assert store.run("MATCH (m:Method) RETURN m.pagerank").rows == [(0.5,)]
        assert store.run("MATCH (c:Concept) RETURN c.community").rows == [(3,)]
        assert store.run("MATCH (:Method)-[r:CO_OCCURS]->(c:Concept) RETURN r.npmi").rows == [
            (0.25,)
        ]


def test_undeclared_labels_and_bad_names_are_refused() -> None:
    g = small()
    g.add_edge("paper:a", "paper:b", key="FOLLOWS", type="FOLLOWS")
    with pytest.raises(StoreError, match=r"'FOLLOWS', which citegraph\.graph\.schema\.EDGE_TYPES"):
        graph_tables(g)
    g = small()
    g.nodes["entity:x"]["bad name`"] = 1
    with pytest.raises(StoreError, match="not a plain identifier"):
        graph_tables(g)


def test_staged_store_loads_after_the_graph_is_gone_and_leaves_no_scratch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    g = small()
    loads = list(stage_store(g, tmp_path / STORE))
    del g
    for load in loads:
        load.run()
    assert [p.name for p in tmp_path.iterdir()] == [STORE]
    with open_store(tmp_path / STORE) as store:
        rows = store.run("MATCH (:Paper)-[r:MENTIONS]->(:Method) RETURN r.weight ORDER BY r.weight")
        assert rows.rows == [(1,), (2,)]


def test_failed_store_load_removes_its_scratch_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    load = next(stage_store(small(), tmp_path / STORE))
    broken = type(load)(load.path, load.scratch, (*load.statements, "MATCH (n:Nothing) RETURN n"))
    with pytest.raises(RuntimeError):
        broken.run()
    assert not load.scratch.exists()


def test_mixed_and_missing_edge_values_load_as_their_column_types(tmp_path) -> None:  # type: ignore[no-untyped-def]
    g = small()
    # An int in a DOUBLE column, a CO_OCCURS edge without npmi, a BOOLEAN column.
    g.add_node("entity:z", label=S.METHOD, name="Z", key="z", papers=1)
    g.add_edge("entity:x", "entity:z", key=S.CO_OCCURS, type=S.CO_OCCURS, weight=2, npmi=1)
    g.add_edge("entity:z", "entity:y", key=S.CO_OCCURS, type=S.CO_OCCURS, weight=3)
    g.add_edge("paper:a", "entity:y", key=S.MENTIONS, type=S.MENTIONS, weight=1, title=True)
    write_store(g, tmp_path / STORE)
    with open_store(tmp_path / STORE) as store:
        rows = store.run(
            "MATCH (a)-[r:CO_OCCURS]->(b) RETURN a.name, b.name, r.weight, r.npmi ORDER BY b.name"
        ).rows
        titled = store.run("MATCH (:Paper)-[r:MENTIONS]->(e) RETURN e.name, r.title ORDER BY 1")
    assert sorted(rows) == [("X", "Y", 1, 0.25), ("X", "Z", 2, 1.0), ("Z", "Y", 3, None)]
    assert sorted(titled.rows, key=str) == [("X", None), ("X", None), ("Y", True)]


def test_line_breaks_in_ids_and_edge_strings_load_intact(tmp_path) -> None:  # type: ignore[no-untyped-def]
    g = small()
    g.add_node("paper:c\nd", label=S.PAPER, name="C\r\nD", date="")
    g.add_edge("paper:c\nd", "entity:y", key=S.MENTIONS, type=S.MENTIONS, weight=1)
    g.add_edge("paper:a", "paper:b", key=S.CITES, type=S.CITES, via="x\ny")
    write_store(g, tmp_path / STORE)
    with open_store(tmp_path / STORE) as store:
        cites = store.run("MATCH (:Paper)-[r:CITES]->(:Paper) RETURN r.via").rows
        mentions = store.run(
            "MATCH (p:Paper)-[:MENTIONS]->(e) WHERE e.name = 'Y' RETURN p.id, p.name"
        ).rows
    assert cites == [("x\ny",)] and mentions == [("paper:c\nd", "C\r\nD")]


def test_edges_staged_in_chunks_load_as_one_table(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(embedded, "CHUNK_ROWS", 2)
    g = small()
    for i in range(5):
        g.add_node(f"paper:{i}", label=S.PAPER, name=f"P{i}", date="")
        # Chunks of ints and of floats in one column; the last chunk lacks a column.
        extra = {"score": 1.5 if i % 2 else 2} if i < 4 else {}
        g.add_edge(f"paper:{i}", "entity:x", key=S.MENTIONS, type=S.MENTIONS, weight=i, **extra)
    write_store(g, tmp_path / STORE)
    with open_store(tmp_path / STORE) as store:
        rows = store.run(
            "MATCH (p:Paper)-[r:MENTIONS]->(:Method) "
            "RETURN p.name, r.weight, r.score ORDER BY p.name"
        ).rows
    assert rows == [
        ("A", 1, None),
        ("B", 2, None),
        ("P0", 0, 2.0),
        ("P1", 1, 1.5),
        ("P2", 2, 2.0),
        ("P3", 3, 1.5),
        ("P4", 4, None),
    ]


def test_empty_strings_stay_empty_and_missing_node_values_are_null(tmp_path) -> None:  # type: ignore[no-untyped-def]
    g = small()
    g.add_node("entity:w", label=S.METHOD, name="W", key="w", papers=1)
    write_store(g, tmp_path / STORE)
    with open_store(tmp_path / STORE) as store:
        dates = store.run("MATCH (p:Paper) RETURN p.name, p.date ORDER BY p.name").rows
        ranks = store.run("MATCH (m:Method) RETURN m.name, m.pagerank ORDER BY m.name").rows
    assert dates == [("A", "2020-01-01"), ("B", "")]
    assert ranks == [("W", None), ("X", 0.5)]
