"""citegraph push into a real Bolt server (ArcadeDB here; Neo4j when NEO4J_* are set)."""

from __future__ import annotations

import networkx as nx
from typer.testing import CliRunner

from citegraph.cli import app
from citegraph.export.neo4j import push, wipe
from citegraph.graph import schema as S
from tests.store.conftest import BoltFactory, Built

NASTY = [
    "O'Brien's \"method\"",
    "back`tick` method",
    "x'}) DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n RETURN 1 //',
    "\\'; DROP",
]


def counts(store) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    nodes = store.run("MATCH (n) RETURN count(n) AS c").rows[0][0]
    rels = store.run("MATCH ()-[r]->() RETURN count(r) AS c").rows[0][0]
    return nodes, rels


def test_push_twice_leaves_the_same_counts(fixture_build: Built, bolt: BoltFactory) -> None:
    store = bolt("cli")
    wipe(store)
    g = fixture_build.graph
    seen: list[tuple[int, int]] = []
    first = push(store, g, batch=40, progress=lambda done, total: seen.append((done, total)))
    after_first = counts(store)
    push(store, g, batch=40)
    assert counts(store) == after_first == (g.number_of_nodes(), g.number_of_edges())
    assert (first.nodes, first.relationships) == after_first
    assert seen[-1] == (g.number_of_nodes() + g.number_of_edges(),) * 2
    weights = store.run("MATCH (:Paper)-[r:MENTIONS]->() RETURN sum(r.weight) AS w").rows[0][0]
    assert weights == sum(d[S.WEIGHT] for *_, d in g.edges(data=True) if d[S.TYPE] == S.MENTIONS)


def test_hostile_names_travel_as_values(fixture_build: Built, bolt: BoltFactory) -> None:
    store = bolt("security")
    wipe(store)
    push(store, fixture_build.graph)
    before = counts(store)
    g = nx.MultiDiGraph()
    for i, name in enumerate(NASTY):
        g.add_node(
            S.entity_node(name),
            **{S.LABEL: S.METHOD, S.NAME: name, S.KEY: name, S.ALIASES: name, S.PAPERS: i},
        )
    g.add_edge(
        S.entity_node(NASTY[0]),
        S.entity_node(NASTY[2]),
        key=S.CO_OCCURS,
        **{S.TYPE: S.CO_OCCURS, S.WEIGHT: 1},
    )
    push(store, g)
    assert counts(store) == (before[0] + len(NASTY), before[1] + 1)
    names = store.run(
        "MATCH (m:Method) WHERE m.name IN $names RETURN m.name AS n ORDER BY n", {"names": NASTY}
    ).rows
    assert [n for (n,) in names] == sorted(NASTY)
    # Everything pushed before is still there, untouched.
    assert store.run("MATCH (p:Paper) RETURN count(p) AS c").rows[0][0] == sum(
        1 for _, d in fixture_build.graph.nodes(data=True) if d[S.LABEL] == S.PAPER
    )


def test_push_cli(fixture_build: Built, arcadedb) -> None:  # type: ignore[no-untyped-def]
    args = [
        "push",
        "--graph",
        str(fixture_build.out_dir),
        "--uri",
        arcadedb.uri,
        "--user",
        arcadedb.user,
        "--database",
        "cli",
        "--wipe",
    ]
    result = CliRunner().invoke(app, args, env={"NEO4J_PASSWORD": arcadedb.password})
    assert result.exit_code == 0, result.output
    g = fixture_build.graph
    assert result.output.strip() == (
        f"Pushed {g.number_of_nodes()} nodes and {g.number_of_edges()} relationships "
        f"to {arcadedb.uri}."
    )


def test_push_cli_bad_password(fixture_build: Built, arcadedb) -> None:  # type: ignore[no-untyped-def]
    args = [
        "push",
        "--graph",
        str(fixture_build.out_dir),
        "--uri",
        arcadedb.uri,
        "--user",
        "root",
        "--password",
        "wrong",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {arcadedb.uri}: authentication failed for user 'root'; check --user and "
        "--password (or NEO4J_PASSWORD)"
    )


def test_push_cli_unreachable(fixture_build: Built) -> None:
    from citegraph.store.arcadedb import free_port

    uri = f"bolt://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(
        app, ["push", "--graph", str(fixture_build.out_dir), "--uri", uri, "--password", "x"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {uri}: cannot reach the server (")
    assert result.stderr.rstrip().endswith("check the URI and that the server is running")


def test_push_cli_without_graph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["push", "--graph", str(tmp_path), "--password", "x"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {tmp_path}/graph.graphml: no graph here; run `citegraph build ... --out "
        f"{tmp_path}` first or pass --graph DIR"
    )
