"""Tables derived from the graph: new attributes and edge types flow through unchanged."""

from __future__ import annotations

import networkx as nx
import pytest

from citegraph.errors import StoreError
from citegraph.graph import schema as S
from citegraph.store import STORE, graph_tables, open_store, write_store
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


def test_tables_without_edge_lists_have_the_same_columns_and_pairs() -> None:
    g = small()
    g.add_edge("paper:a", "entity:y", key=S.MENTIONS, type=S.MENTIONS, weight=1.5)
    full, lean = graph_tables(g), graph_tables(g, keep_edges=False)
    assert [(r.type, r.pairs, r.columns) for r in lean.rels] == [
        (r.type, r.pairs, r.columns) for r in full.rels
    ]
    assert all(not edges for r in lean.rels for edges in r.edges.values())
    assert lean.nodes == full.nodes


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
    (tmp_path / "plain").mkdir()
    (tmp_path / "broken").mkdir()
    staged = list(stage_store(g, tmp_path / "plain" / STORE))
    assert any("parallel=true" in s for load in staged for s in load.statements)
    for load in staged:
        load.run()
    g.add_node("paper:c\nd", label=S.PAPER, name="C\r\nD", date="")
    g.add_edge("paper:c\nd", "entity:y", key=S.MENTIONS, type=S.MENTIONS, weight=1)
    g.add_edge("paper:a", "paper:b", key=S.CITES, type=S.CITES, via="x\ny")
    staged = list(stage_store(g, tmp_path / "broken" / STORE))
    # LadybugDB's parallel reader refuses quoted line breaks; these files are read serially.
    assert not any("parallel=true" in s for load in staged for s in load.statements)
    for load in staged:
        load.run()
    with open_store(tmp_path / "broken" / STORE) as store:
        cites = store.run("MATCH (:Paper)-[r:CITES]->(:Paper) RETURN r.via").rows
        mentions = store.run(
            "MATCH (p:Paper)-[:MENTIONS]->(e) WHERE e.name = 'Y' RETURN p.id, p.name"
        ).rows
    assert cites == [("x\ny",)] and mentions == [("paper:c\nd", "C\r\nD")]


def test_float_columns_and_odd_ids_load_exactly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    g = small()
    odd = 'entity: "quoted", with comma '
    g.add_node(odd, label=S.METHOD, name="Odd", key="odd", papers=1)
    for target, npmi in (("entity:x", 1 / 3), ("entity:y", None)):
        g.add_edge(odd, target, key=S.CO_OCCURS, type=S.CO_OCCURS, weight=4, npmi=npmi)
    for _, _, data in g.edges(data=True):
        if data[S.TYPE] == S.CO_OCCURS:
            data |= {"p_value": 2.5e-300, "q_value": 1e-05, "jaccard": 0.1 + 0.2}
    write_store(g, tmp_path / STORE)
    with open_store(tmp_path / STORE) as store:
        rows = store.run(
            "MATCH (a)-[r:CO_OCCURS]->(b) "
            "RETURN a.id, b.id, r.weight, r.npmi, r.p_value, r.q_value, r.jaccard"
        ).rows
    assert sorted(rows, key=str) == sorted(
        (
            ("entity:x", "entity:y", 1, 0.25, 2.5e-300, 1e-05, 0.1 + 0.2),
            (odd, "entity:x", 4, 1 / 3, 2.5e-300, 1e-05, 0.1 + 0.2),
            (odd, "entity:y", 4, None, 2.5e-300, 1e-05, 0.1 + 0.2),
        ),
        key=str,
    )


def test_empty_strings_stay_apart_from_missing_values(tmp_path) -> None:  # type: ignore[no-untyped-def]
    g = small()  # paper:b has date "", paper:a has no sources
    g.nodes["paper:b"]["sources"] = 'x, "y"'
    g.add_edge("paper:a", "paper:b", key=S.CITES, type=S.CITES, via="")
    g.add_edge("paper:b", "paper:a", key=S.CITES, type=S.CITES, via=None)
    write_store(g, tmp_path / STORE)
    with open_store(tmp_path / STORE) as store:
        papers = store.run("MATCH (p:Paper) RETURN p.id, p.date, p.sources ORDER BY p.id").rows
        via = store.run("MATCH (a)-[r:CITES]->(b) RETURN a.id, r.via ORDER BY a.id").rows
    assert papers == [("paper:a", "2020-01-01", None), ("paper:b", "", 'x, "y"')]
    assert via == [("paper:a", ""), ("paper:b", None)]


def test_edges_that_differ_within_a_table_are_staged_from_the_exact_layout(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    regular = small()
    statements = [
        s for load in stage_store(regular, tmp_path / "a" / STORE) for s in load.statements
    ]
    assert any("rel-0.csv" in s for s in statements)  # one pass, columns from the first edges
    irregular = small()
    irregular.add_edge("paper:a", "entity:y", key=S.MENTIONS, type=S.MENTIONS, weight="high")
    statements = [
        s for load in stage_store(irregular, tmp_path / "b" / STORE) for s in load.statements
    ]
    assert any("rel-0-0.csv" in s for s in statements)  # staged again from graph_tables
    write_store(irregular, tmp_path / STORE)
    with open_store(tmp_path / STORE) as store:
        rows = store.run("MATCH (p)-[r:MENTIONS]->(e) RETURN p.name, e.name, r.weight").rows
    assert sorted(rows) == [("A", "X", "1"), ("A", "Y", "high"), ("B", "X", "2")]
