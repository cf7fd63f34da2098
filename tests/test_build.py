from __future__ import annotations

import gc
from pathlib import Path

import pytest

from citegraph.build import run_build
from citegraph.config import BuildConfig
from citegraph.errors import CitegraphError


@pytest.mark.parametrize("enabled", [True, False])
def test_build_leaves_the_garbage_collector_as_it_found_it(
    enabled: bool, papers_file: Path, tmp_path: Path
) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        run_build(BuildConfig(inputs=(papers_file,), out_dir=tmp_path, pipeline="rules"))
        assert gc.isenabled() is enabled
        with pytest.raises(CitegraphError):
            run_build(BuildConfig(inputs=(tmp_path / "missing.jsonl",), out_dir=tmp_path))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_no_collection_runs_during_a_build_even_after_spacy_reenables_the_collector(
    papers_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import citegraph.build as build_module

    collections: list[int] = []
    at_end: list[int] = []
    work = build_module._build

    def build_and_count(*args: object) -> object:
        summary = work(*args)  # type: ignore[arg-type]
        at_end.append(len(collections))  # the paused collector runs again once restored
        return summary

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    monkeypatch.setattr(build_module, "_build", build_and_count)
    gc.callbacks.append(seen)
    try:
        # The shipped model's loader calls gc.enable(); extraction then allocates millions.
        run_build(BuildConfig(inputs=(papers_file,), out_dir=tmp_path, pipeline="default"))
    finally:
        gc.callbacks.remove(seen)
    assert at_end == [0]


@pytest.mark.parametrize("overlap_max_edges", [10**9, 0])
def test_a_graph_holding_its_edges_writes_what_edge_columns_write(
    overlap_max_edges: int, papers_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build keeps its edges as columns; one whose graph must hold them (a paper id came
    twice) writes from the graph, its store loaded alongside the exports or after the graph
    is freed. Both write the same files."""
    import citegraph.build as build_module
    from citegraph.graph.build import assemble
    from citegraph.store import STORE, open_store

    def query(out: Path) -> dict[str, list[tuple[object, ...]]]:
        with open_store(out / STORE) as store:
            return {
                kind: sorted(store.run(f"MATCH (a)-[r:{kind}]->(b) RETURN a.id, b.id, r").rows)
                for kind in summary.edges
            } | {"nodes": store.run("MATCH (n) RETURN label(n), n ORDER BY n.id").rows}

    columns = tmp_path / "columns"
    summary = run_build(BuildConfig(inputs=(papers_file,), out_dir=columns, pipeline="rules"))
    assert set(summary.edges) >= {"MENTIONS", "CO_OCCURS", "RELATED"}

    def with_edges(*args: object, **options: object) -> object:
        return assemble(*args, **{**options, "edges": True})  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "assemble", with_edges)
    monkeypatch.setattr(build_module, "OVERLAP_MAX_EDGES", overlap_max_edges)
    graph = tmp_path / "graph"
    run_build(BuildConfig(inputs=(papers_file,), out_dir=graph, pipeline="rules"))
    for name in ("graph.graphml", "graph.html"):
        assert (graph / name).read_bytes() == (columns / name).read_bytes()
    rows = query(columns)
    assert query(graph) == rows and all(rows.values())
    assert not list(graph.glob(".*copy*")) and not list(columns.glob(".*copy*"))


def test_edges_counted_from_columns_as_from_the_graph():
    from citegraph.build import count_by
    from tests.graph._corpus import graph_with_columns

    graph, columns = graph_with_columns()
    assert count_by(graph, columns) == count_by(graph)
    assert set(count_by(graph)[1]) == {"MENTIONS", "CO_OCCURS", "RELATED", "CITES"}


def test_rebuild_with_forked_workers_writes_what_a_fresh_build_writes(
    papers_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked workers extract the new papers while the cached ones are read, and the papers'
    table then loads after extraction: the outputs are those of a fresh one-job build."""
    import citegraph.extract.runner as runner_module
    from citegraph.store import STORE, open_store

    def rows(out: Path) -> list[tuple[object, ...]]:
        with open_store(out / STORE) as store:
            nodes = store.run("MATCH (n) RETURN label(n), n.id ORDER BY n.id").rows
            return nodes + store.run("MATCH (a)-[r]->(b) RETURN a.id, b.id, label(r)").rows

    lines = papers_file.read_text(encoding="utf-8").splitlines(keepends=True)
    first = tmp_path / "first.jsonl"
    first.write_text("".join(lines[:-3]), encoding="utf-8")
    rebuilt, fresh = tmp_path / "rebuilt", tmp_path / "fresh"
    run_build(BuildConfig(inputs=(first,), out_dir=rebuilt, pipeline="rules", jobs=2))
    monkeypatch.setattr(runner_module, "can_fork", lambda: True)
    summary = run_build(
        BuildConfig(inputs=(papers_file,), out_dir=rebuilt, pipeline="rules", jobs=2)
    )
    assert summary.extraction["ran"] == "2 forked worker processes"
    assert summary.extraction["extracted"] == 3
    run_build(BuildConfig(inputs=(papers_file,), out_dir=fresh, pipeline="rules", jobs=1))
    for name in ("graph.graphml", "graph.html"):
        assert (rebuilt / name).read_bytes() == (fresh / name).read_bytes()
    assert sorted(rows(rebuilt)) == sorted(rows(fresh)) != []
