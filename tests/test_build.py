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


def test_store_loaded_after_the_graph_is_released_holds_the_same_rows(
    papers_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import citegraph.build as build_module
    from citegraph.store import STORE, open_store

    query = "MATCH (p:Paper)-[r:MENTIONS]->(e) RETURN p.id, e.id, r.weight ORDER BY p.id, e.id"
    rows = []
    for limit in (10**9, 0):  # loaded alongside GraphML and HTML, then after the graph is freed
        monkeypatch.setattr(build_module, "OVERLAP_MAX_EDGES", limit)
        out = tmp_path / str(limit)
        run_build(BuildConfig(inputs=(papers_file,), out_dir=out, pipeline="rules"))
        with open_store(out / STORE) as store:
            rows.append(store.run(query).rows)
        assert not list(out.glob(".*copy*"))
    assert rows[0] == rows[1] and rows[0]


def test_edges_counted_from_columns_as_from_the_graph():
    from citegraph.build import count_by
    from tests.graph._corpus import graph_with_columns

    graph, columns = graph_with_columns()
    assert count_by(graph, columns) == count_by(graph)
    assert set(count_by(graph)[1]) == {"MENTIONS", "CO_OCCURS", "RELATED", "CITES"}
