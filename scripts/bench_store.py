"""Time the store: build with and without it, push into a local ArcadeDB Bolt server, queries.

Usage: .venv/bin/python scripts/bench_store.py [LISTINGS_DIR]   (default ../shared/seeds)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from citegraph.build import run_build
from citegraph.config import BuildConfig
from citegraph.export.cli import load_built_graph
from citegraph.export.neo4j import push, wipe
from citegraph.store import STORE, load_query, open_store
from citegraph.store.arcadedb import arcadedb_server
from citegraph.store.bolt import connect
from citegraph.store.query import parameters_of

ROOT = Path(__file__).resolve().parents[1]
PARAMS = {"name": "GNN", "a": "GNN", "b": "ImageNet", "dataset": "ImageNet", "limit": 10}


def main() -> None:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"
    work = Path(tempfile.mkdtemp(prefix="bench-store-"))
    for store in (False, True):
        start = time.perf_counter()
        summary = run_build(BuildConfig(inputs=(seeds,), out_dir=work / str(store), store=store))
        print(f"build store={store}: {time.perf_counter() - start:.2f} s {summary.seconds}")
    out = work / "True"
    graph = load_built_graph(out)
    rows = graph.number_of_nodes() + graph.number_of_edges()
    with open_store(out / STORE) as store:
        params = dict(PARAMS, id=next(n for n in graph if n.startswith("paper:")))
        for path in sorted((ROOT / "queries").glob("*.cypher")):
            query = load_query(str(path))
            args = {p: params[p] for p in parameters_of(query)}
            start = time.perf_counter()
            result = store.run(query, args)
            ms = (time.perf_counter() - start) * 1000
            print(f"query {path.stem:22s} {ms:8.1f} ms  {len(result.rows)} rows")
    with (
        arcadedb_server(work / "arcadedb") as server,
        connect(server.uri, server.user, server.password, server.database) as bolt,
    ):
        wipe(bolt)
        for attempt in ("first", "again"):
            start = time.perf_counter()
            push(bolt, graph)
            s = time.perf_counter() - start
            print(f"push {attempt}: {rows} rows in {s:.2f} s = {rows / s:,.0f} rows/s")


if __name__ == "__main__":
    main()
