"""What the ``push`` and ``export neo4j-import`` commands do, as plain functions."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from citegraph.errors import StoreError
from citegraph.export import GRAPHML
from citegraph.export.graphml import read_graphml
from citegraph.export.neo4j import Progress, PushCounts, push, wipe, write_import_csv
from citegraph.store.bolt import connect


def load_built_graph(graph_dir: Path) -> nx.MultiDiGraph:
    """The graph of a build folder, read from its GraphML.

    Raises
    ------
    StoreError
        The folder holds no ``graph.graphml``.
    """
    path = graph_dir / GRAPHML
    if not path.is_file():
        raise StoreError(
            f"{path}: no graph here; run `citegraph build ... --out {graph_dir}` first "
            "or pass --graph DIR"
        )
    return read_graphml(path)


def run_push(
    graph_dir: Path,
    uri: str,
    user: str,
    password: str,
    database: str | None = None,
    *,
    wipe_first: bool = False,
    progress: Progress | None = None,
) -> PushCounts:
    """Read ``graph_dir``'s graph and push it to ``uri`` (wiping citegraph's nodes first)."""
    graph = load_built_graph(graph_dir)
    with connect(uri, user, password, database) as store:
        if wipe_first:
            wipe(store)
        return push(store, graph, progress=progress)


def run_import_csv(graph_dir: Path, out_dir: Path, database: str = "neo4j") -> str:
    """Write ``neo4j-admin`` CSVs of ``graph_dir``'s graph into ``out_dir``; the load command."""
    return write_import_csv(load_built_graph(graph_dir), out_dir, database)
