"""Graphs built from fixtures (and the seeds when present), their stores and a Bolt server."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest

from citegraph.build import GRAPHML, run_build
from citegraph.config import BuildConfig
from citegraph.export.graphml import read_graphml
from citegraph.export.neo4j import push, wipe
from citegraph.store.bolt import BoltStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
BoltFactory = Callable[[str], "BoltStore"]
QUERIES = Path(__file__).resolve().parents[2] / "queries"


@dataclass(frozen=True)
class Built:
    """A build output folder and the graph read back from its GraphML."""

    out_dir: Path
    graph: nx.MultiDiGraph


def build(inputs: Path, out_dir: Path) -> Built:
    run_build(BuildConfig(inputs=(inputs,), out_dir=out_dir, pipeline="rules"))
    return Built(out_dir, read_graphml(out_dir / GRAPHML))


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(FIXTURES, tmp_path_factory.mktemp("fixture-graph"))


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if not SEEDS.is_dir():
        pytest.skip(f"seed listings not found at {SEEDS}")
    return build(SEEDS, tmp_path_factory.mktemp("seeds-graph"))


@pytest.fixture(params=["fixtures", "seeds"])
def built(request: pytest.FixtureRequest) -> Built:
    name = "fixture_build" if request.param == "fixtures" else "seeds_build"
    return request.getfixturevalue(name)


@pytest.fixture(scope="session")
def arcadedb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A local ArcadeDB server speaking Bolt, started once for the session."""
    from citegraph.store.arcadedb import arcadedb_server

    root = tmp_path_factory.mktemp("arcadedb")
    with arcadedb_server(root, databases=("fixtures", "seeds", "security", "cli")) as server:
        yield server


NEO4J_ENV = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")
BOLT_TARGETS = ["arcadedb"] + (["neo4j"] if all(os.environ.get(k) for k in NEO4J_ENV) else [])


@pytest.fixture(params=BOLT_TARGETS)
def bolt(request: pytest.FixtureRequest) -> Iterator[BoltFactory]:
    """Connect to a database named after a graph: ArcadeDB has one per graph; a real Neo4j
    has one (``NEO4J_DATABASE`` or the default), wiped when another graph is pushed."""
    if request.param == "arcadedb":
        server = request.getfixturevalue("arcadedb")
        opened: list[BoltStore] = []

        def arcade(name: str) -> BoltStore:
            opened.append(BoltStore(server.uri, server.user, server.password, name))
            return opened[-1]

        yield arcade
    else:
        opened = []

        def neo(name: str) -> BoltStore:
            env = os.environ
            opened.append(
                BoltStore(
                    env["NEO4J_URI"],
                    env["NEO4J_USER"],
                    env["NEO4J_PASSWORD"],
                    env.get("NEO4J_DATABASE") or None,
                )
            )
            return opened[-1]

        yield neo
    for store in opened:
        store.close()


_pushed: dict[tuple[str, str], str] = {}


def pushed(store: BoltStore, name: str, built: Built) -> BoltStore:
    """``store`` holding exactly ``built``'s graph (wiped and pushed when it holds another)."""
    key = (store.uri, str(store.database))
    if _pushed.get(key) != str(built.out_dir):
        wipe(store)
        push(store, built.graph)
        _pushed[key] = str(built.out_dir)
    return store
