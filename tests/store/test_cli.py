"""citegraph query and citegraph export neo4j-import as a user sees them."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from citegraph.cli import app
from citegraph.graph import schema as S
from tests.store.conftest import QUERIES, Built

runner = CliRunner()


def query(built: Built, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["query", *args, "--graph", str(built.out_dir)])


def test_query_table(fixture_build: Built) -> None:
    result = query(
        fixture_build,
        "MATCH (d:Dataset) WHERE d.papers >= $n RETURN d.name AS name, d.papers AS papers "
        "ORDER BY papers DESC, name",
        "--param",
        "n=2",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "name          papers",
        "------------  ------",
        "ImageNet      3",
        "CIFAR-10      2",
        "Cora dataset  2",
    ]


def test_query_file_json_and_csv(fixture_build: Built) -> None:
    path = str(QUERIES / "cooccurring.cypher")
    out = query(fixture_build, path, "-p", "name=gnns", "-p", "limit=2", "--format", "json")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert [r["entity"] for r in rows] == ["graph neural network"] * 2
    assert set(rows[0]) == {"entity", "other", "key", "weight"}
    out = query(fixture_build, path, "-p", "name=GNN", "-p", "limit=2", "-f", "csv")
    assert list(csv.DictReader(out.stdout.splitlines())) == [
        {k: str(v) for k, v in r.items()} for r in rows
    ]


def test_query_errors(fixture_build: Built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = query(fixture_build, "MATCH (m:Methd) RETURN m")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: Binder exception: Table Methd does not exist. Known labels and types: "
        + ", ".join(S.NODE_LABELS + S.EDGE_TYPES)
    ]
    result = query(fixture_build, "MATCH (m:Method RETURN m")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("Error: Parser exception: Invalid input")
    result = query(fixture_build, "MATCH (m:Method {name: $name}) RETURN m.key")
    assert result.stderr.strip() == "Error: the query needs $name; pass --param name=VALUE"
    result = query(fixture_build, "RETURN 1", "--param", "oops")
    assert result.stderr.strip() == "Error: --param 'oops': use NAME=VALUE, e.g. --param name=GNN"
    result = runner.invoke(app, ["query", "RETURN 1", "--graph", str(tmp_path)])
    assert result.stderr.strip() == (
        f"Error: {tmp_path}/graph.lbug: no embedded store here; run `citegraph build ... --out "
        f"{tmp_path}` first or pass --graph DIR"
    )
    result = query(fixture_build, "missing.cypher")
    assert result.stderr.strip() == (
        "Error: missing.cypher: no such query file; give a .cypher file or the query text"
    )


def test_query_is_read_only_unless_write(fixture_build: Built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    create = "CREATE (:Method {id: 'entity:new', name: 'new'})"
    result = query(fixture_build, create)
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: the query writes to the store; pass --write to allow it"
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(fixture_build.out_dir, copy)
    result = runner.invoke(app, ["query", create, "--graph", str(copy), "--write"])
    assert result.exit_code == 0, result.output
    count = runner.invoke(
        app,
        [
            "query",
            "MATCH (m:Method {name: 'new'}) RETURN count(*) AS c",
            "-g",
            str(copy),
            "-f",
            "json",
        ],
    )
    assert json.loads(count.stdout) == [{"c": 1}]


def test_params_are_typed(fixture_build: Built) -> None:
    result = query(
        fixture_build,
        "RETURN $i + 1 AS i, $f * 2 AS f, $s AS s",
        "-p",
        "i=1",
        "-p",
        "f=0.25",
        "-p",
        "s=2024-01-01",
        "-f",
        "json",
    )
    assert json.loads(result.stdout) == [{"i": 2, "f": 0.5, "s": "2024-01-01"}]


def test_export_neo4j_import(fixture_build: Built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "import"
    result = runner.invoke(
        app, ["export", "neo4j-import", str(out), "--graph", str(fixture_build.out_dir)]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Wrote CSVs to {out}. Load them (server stopped) with:"
    assert lines[1].startswith("neo4j-admin database import full --nodes=Paper=")
    g = fixture_build.graph
    rows = 0
    for path in out.glob("*.csv"):
        with path.open(encoding="utf-8") as fh:
            rows += sum(1 for _ in csv.reader(fh)) - 1
        assert f"={path}" in lines[1]
    assert rows == g.number_of_nodes() + g.number_of_edges()
    with (out / "nodes_Method.csv").open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[0] == "id:ID" and "papers:long" in header
