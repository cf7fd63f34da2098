"""Every file in queries/ gives the answer computed on NetworkX, on every backend."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from citegraph.graph import schema as S
from citegraph.store import STORE, QueryResult, load_query, open_store
from citegraph.store.query import parameters_of
from tests.store import expected
from tests.store.conftest import QUERIES, BoltFactory, Built, pushed

FILES = sorted(QUERIES.glob("*.cypher"))


def params_for(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Parameters that hit real entities: the most mentioned method (by an alias) and dataset."""

    def top(label: str) -> dict[str, Any]:
        return max(
            (d for _, d in g.nodes(data=True) if d[S.LABEL] == label),
            key=lambda d: (d[S.PAPERS], d[S.KEY]),
        )

    method, dataset = top(S.METHOD), top(S.DATASET)
    paper = max(
        (n for n, d in g.nodes(data=True) if d[S.LABEL] == S.PAPER),
        key=lambda n: (g.out_degree(n), n),
    )
    alias = method[S.ALIASES].split(S.LIST_SEP)[0] or method[S.NAME]
    return {
        "name": alias,
        "limit": 10,
        "a": alias,
        "b": dataset[S.NAME],
        "id": paper,
        "dataset": dataset[S.NAME],
    }


def answer(stem: str, g: nx.MultiDiGraph, query: str, params: dict[str, Any]) -> list[tuple]:
    fn = getattr(expected, stem)
    return fn(g, **{p: params[p] for p in parameters_of(query)})


def check(stem: str, g: nx.MultiDiGraph, result: QueryResult, want: list[tuple]) -> None:
    if stem != "shortest_path":
        assert result.rows == want
        return
    # Several shortest paths may exist: compare lengths, then check the path returned is one.
    assert [r[:3] for r in result.rows] == want
    h = expected.co_graph(g)
    by_key = {d[S.KEY]: n for n, d in g.nodes(data=True) if S.KEY in d}
    for source, target, hops, path in result.rows:
        nodes = [by_key[k] for k in path]
        assert (nodes[0], nodes[-1], len(nodes) - 1) == (by_key[source], by_key[target], hops)
        assert all(h.has_edge(u, v) for u, v in itertools.pairwise(nodes))


def test_every_query_has_a_header_and_an_expected_answer() -> None:
    assert len(FILES) >= 8
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("// ") and "// Example: citegraph query queries/" in text, path
        assert "// Parameters:" in text, path
        assert hasattr(expected, path.stem), f"tests/store/expected.py lacks {path.stem}()"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_query_on_embedded_store(path: Path, built: Built) -> None:
    query = load_query(str(path), "ladybug")
    params = params_for(built.graph)
    want = answer(path.stem, built.graph, query, params)
    with open_store(built.out_dir / STORE) as store:
        result = store.run(query, {p: params[p] for p in parameters_of(query)})
    check(path.stem, built.graph, result, want)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_query_over_bolt(path: Path, built: Built, bolt: BoltFactory) -> None:
    name = "seeds" if "seeds" in built.out_dir.name else "fixtures"
    store = pushed(bolt(name), name, built)
    query = load_query(str(path), "neo4j")
    params = params_for(built.graph)
    want = answer(path.stem, built.graph, query, params)
    result = store.run(query, {p: params[p] for p in parameters_of(query)})
    check(path.stem, built.graph, result, want)


def test_answers_are_not_empty_on_the_fixtures(fixture_build: Built) -> None:
    g = fixture_build.graph
    params = params_for(g)
    for path in FILES:
        query = load_query(str(path))
        assert answer(path.stem, g, query, params), f"{path.stem} answers nothing on fixtures"
