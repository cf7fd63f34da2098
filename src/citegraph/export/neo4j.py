"""Load the graph into Neo4j: a driver push (``citegraph push``) or ``neo4j-admin`` CSVs.

Labels and relationship types come from :mod:`citegraph.graph.schema` only (checked by
:func:`~citegraph.store.tables.graph_tables`); every value travels as a parameter.
"""

from __future__ import annotations

import csv
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from citegraph.errors import ExportError
from citegraph.graph import schema as S
from citegraph.store.bolt import BoltStore
from citegraph.store.tables import ColumnType, Tables, batches, graph_tables

BATCH = 5000
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class PushCounts:
    """Rows sent by a push: nodes and relationships."""

    nodes: int
    relationships: int


def _props(row: dict[str, Any], skip: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in skip}


def wipe(store: BoltStore, tables: Tables | None = None, batch: int = BATCH) -> None:
    """Delete every node with a schema label (and its relationships), in batches."""
    for label in S.NODE_LABELS:
        while True:
            result = store.run(
                f"MATCH (n:`{label}`) WITH n LIMIT $n DETACH DELETE n RETURN count(*) AS c",
                {"n": batch},
            )
            if not result.rows or not result.rows[0][0]:
                break


def push(
    store: BoltStore,
    graph: nx.MultiDiGraph,
    *,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> PushCounts:
    """MERGE ``graph`` into ``store``: constraints, then nodes, then relationships.

    Idempotent: nodes merge on ``id``, relationships on (start, type, end), properties are set.
    ``progress(done, total)`` is called after each batch.

    Raises
    ------
    StoreError
        The server refuses a statement.
    """
    tables = graph_tables(graph)
    total, done = tables.size, 0
    for node in tables.nodes:
        store.run(
            f"CREATE CONSTRAINT `citegraph_{node.label.lower()}_id` IF NOT EXISTS "
            f"FOR (n:`{node.label}`) REQUIRE n.`{S.NODE_ID}` IS UNIQUE"
        )
    for node in tables.nodes:
        query = (
            f"UNWIND $rows AS row MERGE (n:`{node.label}` {{`{S.NODE_ID}`: row.id}}) "
            "SET n += row.props"
        )
        for rows in batches(tables.node_rows(node), batch):
            payload = [{"id": r[S.NODE_ID], "props": _props(r, (S.NODE_ID,))} for r in rows]
            store.run(query, {"rows": payload})
            done += len(rows)
            if progress:
                progress(done, total)
    for rel in tables.rels:
        for a, b in rel.pairs:
            query = (
                f"UNWIND $rows AS row MATCH (a:`{a}` {{`{S.NODE_ID}`: row.src}}) "
                f"MATCH (b:`{b}` {{`{S.NODE_ID}`: row.dst}}) "
                f"MERGE (a)-[r:`{rel.type}`]->(b) SET r += row.props"
            )
            for rows in batches(tables.rel_rows(rel, (a, b)), batch):
                payload = [
                    {"src": r["src"], "dst": r["dst"], "props": _props(r, ("src", "dst"))}
                    for r in rows
                ]
                store.run(query, {"rows": payload})
                done += len(rows)
                if progress:
                    progress(done, total)
    return PushCounts(graph.number_of_nodes(), graph.number_of_edges())


_ADMIN_TYPES: dict[ColumnType, str] = {
    "BOOLEAN": "boolean",
    "INT64": "long",
    "DOUBLE": "double",
    "STRING": "string",
}


def write_import_csv(graph: nx.MultiDiGraph, out_dir: Path, database: str = "neo4j") -> str:
    """Write ``neo4j-admin database import`` CSVs into ``out_dir``; the command that loads them.

    One ``nodes_<Label>.csv`` per label (``id:ID`` plus typed columns) and one
    ``rels_<TYPE>.csv`` per edge type (``:START_ID``, ``:END_ID``, typed columns).

    Raises
    ------
    ExportError
        ``out_dir`` cannot be written.
    """
    tables = graph_tables(graph)
    args = ["neo4j-admin", "database", "import", "full"]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for node in tables.nodes:
            path = out_dir / f"nodes_{node.label}.csv"
            cols = [c for c in node.columns if c != S.NODE_ID]
            with path.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(
                    [f"{S.NODE_ID}:ID"] + [f"{c}:{_ADMIN_TYPES[node.columns[c]]}" for c in cols]
                )
                for row in tables.node_rows(node):
                    w.writerow([row[S.NODE_ID]] + [_csv(row[c]) for c in cols])
            args.append(f"--nodes={node.label}={path}")
        for rel in tables.rels:
            path = out_dir / f"rels_{rel.type}.csv"
            with path.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(
                    [":START_ID", ":END_ID"]
                    + [f"{c}:{_ADMIN_TYPES[k]}" for c, k in rel.columns.items()]
                )
                for pair in rel.pairs:
                    for row in tables.rel_rows(rel, pair):
                        w.writerow([row["src"], row["dst"]] + [_csv(row[c]) for c in rel.columns])
            args.append(f"--relationships={rel.type}={path}")
    except OSError as err:
        raise ExportError(f"{out_dir}: cannot write import CSVs ({err.strerror})") from None
    args += ["--overwrite-destination", database]
    return shlex.join(args)


def _csv(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
