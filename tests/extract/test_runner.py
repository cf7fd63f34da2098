from __future__ import annotations

import multiprocessing
import platform
import subprocess
import sys
import threading
from pathlib import Path

import networkx as nx
import pytest

import citegraph.extract.runner as runner_module
from citegraph.build import GRAPHML, run_build
from citegraph.config import BuildConfig
from citegraph.extract import EntityResolver, build_pipeline
from citegraph.extract.cache import CACHE_DIR, CACHE_FILE, ExtractionCache
from citegraph.extract.runner import Runner, RunOptions, run_all
from citegraph.graph.build import build_graph
from citegraph.model import Paper, PaperMentions

RULES = RunOptions(model="rules", chunk_size=3)


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline("rules")


def graph_of(papers: list[Paper], extractions: list[PaperMentions]) -> nx.MultiDiGraph:
    resolver = EntityResolver()
    for item in extractions:
        resolver.add(item)
    return build_graph(papers, extractions, resolver.finish())


def test_two_jobs_give_the_same_records_and_graph(nlp, papers: list[Paper]) -> None:
    one = run_all(papers, nlp, RULES)
    two = run_all(papers, nlp, RunOptions(model="rules", chunk_size=3, jobs=2))
    assert [r.paper_id for r in two] == [p.id for p in papers]
    assert one == two
    assert nx.utils.graphs_equal(graph_of(papers, one), graph_of(papers, two))


def test_dask_local_cluster_gives_the_same_graph(nlp, papers: list[Paper]) -> None:
    pytest.importorskip("distributed")
    one = run_all(papers, nlp, RULES)
    on_dask = run_all(papers, nlp, RunOptions(model="rules", chunk_size=3, jobs=2, executor="dask"))
    assert on_dask == one
    assert nx.utils.graphs_equal(graph_of(papers, one), graph_of(papers, on_dask))


def test_run_build_with_one_and_two_jobs_writes_equal_graphs(
    papers_file: Path, tmp_path: Path
) -> None:
    graphs = []
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        run_build(BuildConfig(inputs=(papers_file,), out_dir=out, pipeline="rules", jobs=jobs))
        graphs.append(nx.read_graphml(out / GRAPHML, force_multigraph=True))
    assert nx.utils.graphs_equal(*graphs)
    assert dict(graphs[0].nodes(data=True)) == dict(graphs[1].nodes(data=True))


def test_cache_hits_on_rebuild_and_misses_on_new_papers(
    nlp, papers: list[Paper], tmp_path: Path
) -> None:
    path = tmp_path / "c.sqlite"
    with Runner(nlp, RULES, cache_path=path) as run:
        first = list(run.extract(papers[:-1]))
    assert run.stats.extracted == len(papers) - 1 and run.stats.cached == 0
    with Runner(nlp, RULES, cache_path=path) as run:
        again = list(run.extract(papers))
    assert (run.stats.cached, run.stats.extracted) == (len(papers) - 1, 1)
    assert again[:-1] == first
    assert again == run_all(papers, nlp, RULES)


@pytest.mark.parametrize("forking", [False, True], ids=["in-process", "forked"])
def test_rebuild_extracts_a_few_new_papers_without_starting_fresh_workers(
    forking: bool, nlp, papers: list[Paper], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite"
    two_jobs = RunOptions(model="rules", chunk_size=3, jobs=2)
    with Runner(nlp, two_jobs, cache_path=path) as run:
        first = list(run.extract(papers[:-4]))
    assert (run.stats.ran, run.forked) == ("2 worker processes", False)
    # Whether this process may fork depends on the threads it runs (a Dask cluster leaves one).
    monkeypatch.setattr(runner_module, "can_fork", lambda: forking)
    with Runner(nlp, two_jobs, cache_path=path) as run:
        again = list(run.extract(papers))
    ran = "2 forked worker processes" if forking else "in-process"
    assert (run.stats.ran, run.forked, run.stats.extracted) == (ran, forking, 4)
    assert again[:-4] == first and again == run_all(papers, nlp, RULES)
    with Runner(nlp, two_jobs, cache_path=path) as run:
        list(run.extract(papers))
    assert run.stats.ran == "none"


def test_workers_are_not_forked_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not runner_module.can_fork()
    finally:
        stop.set()
        other.join()


def test_extraction_starts_before_the_records_are_read(
    nlp, papers: list[Paper], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build starts its own threads once extract() returns: the workers exist by then."""
    path = tmp_path / "c.sqlite"
    two_jobs = RunOptions(model="rules", chunk_size=3, jobs=2)
    with Runner(nlp, two_jobs, cache_path=path) as run:
        list(run.extract(papers[:-4]))
    monkeypatch.setattr(runner_module, "can_fork", lambda: True)
    with Runner(nlp, two_jobs, cache_path=path) as run:
        records = run.extract(papers)
        assert run.forked and len(multiprocessing.active_children()) == 2
        assert [r.paper_id for r in records] == [p.id for p in papers]


def test_large_rebuild_with_repeated_texts_keeps_order_and_records(
    nlp, papers: list[Paper], tmp_path: Path
) -> None:
    # Enough cached papers for the one-pass read, and texts that come back under two ids.
    many = [
        Paper(f"{p.id}-{i}", p.title, p.abstract)
        for i in range(1200 // len(papers) + 1)
        for p in papers
    ]
    path = tmp_path / "c.sqlite"
    with Runner(nlp, RULES, cache_path=path) as run:
        list(run.extract(many[:-3]))
    with Runner(nlp, RULES, cache_path=path) as run:
        again = list(run.extract(many))
    assert run.stats.extracted == 0 and run.stats.cached == len(many)
    assert again == run_all(many, nlp, RULES)
    assert [r.paper_id for r in again] == [p.id for p in many]


def test_changed_pipeline_version_invalidates_the_cache(
    nlp, papers: list[Paper], tmp_path: Path
) -> None:
    path = tmp_path / "c.sqlite"
    with Runner(nlp, RULES, cache_path=path) as run:
        list(run.extract(papers))
    other = build_pipeline("rules", rules=False)
    with Runner(other, RULES, cache_path=path) as run:
        list(run.extract(papers))
    assert run.stats.pruned == len(papers)
    assert (run.stats.cached, run.stats.extracted) == (0, len(papers))


def test_interrupted_build_resumes_from_the_cache(
    papers_file: Path, papers: list[Paper], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = runner_module.paper_mentions
    calls = 0

    def failing(paper_id, doc):
        nonlocal calls
        calls += 1
        if calls > 5:
            raise KeyboardInterrupt
        return real(paper_id, doc)

    config = BuildConfig(inputs=(papers_file,), out_dir=tmp_path, pipeline="rules", chunk_size=2)
    monkeypatch.setattr(runner_module, "paper_mentions", failing)
    with pytest.raises(KeyboardInterrupt):
        run_build(config)
    monkeypatch.setattr(runner_module, "paper_mentions", real)
    # Chunks of two: the first two chunks came back before the third one failed.
    nlp = build_pipeline("rules")
    with Runner(nlp, RULES) as run:
        version = run.version
    with ExtractionCache(tmp_path / CACHE_DIR / CACHE_FILE, version) as cache:
        assert len(cache) == 4
    summary = run_build(config)
    assert (summary.extraction["cached"], summary.extraction["extracted"]) == (4, len(papers) - 4)


def test_no_cache_leaves_no_cache_file(papers_file: Path, tmp_path: Path) -> None:
    config = BuildConfig(inputs=(papers_file,), out_dir=tmp_path, pipeline="rules", cache=False)
    run_build(config)
    assert not (tmp_path / CACHE_DIR).exists()


def test_rebuild_keeps_the_cache_and_reuses_it(papers_file: Path, tmp_path: Path) -> None:
    config = BuildConfig(inputs=(papers_file,), out_dir=tmp_path, pipeline="rules")
    first = run_build(config)
    second = run_build(config)
    assert first.extraction["extracted"] == second.extraction["cached"] > 0
    assert second.extraction["extracted"] == 0
    assert (tmp_path / CACHE_DIR / CACHE_FILE).is_file()


# Allocates 64 blocks of 1 MiB, frees them, allocates them again, and prints the page faults of
# the second round: pages the allocator kept cost none.
_REALLOCATE = """
import resource, sys
from citegraph.extract.runner import extraction_allocator, keep_freed_memory

def second_round_faults():
    blocks = [bytearray(1 << 20) for _ in range(64)]
    del blocks
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    blocks = [bytearray(1 << 20) for _ in range(64)]
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

if sys.argv[1] == "tuned":
    with extraction_allocator():
        print(second_round_faults())
else:
    print(second_round_faults())
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the settings are glibc's")
def test_extraction_allocator_keeps_freed_memory_for_reuse() -> None:
    def faults(mode: str) -> int:
        out = subprocess.run(
            [sys.executable, "-c", _REALLOCATE, mode], capture_output=True, text=True, check=True
        )
        return int(out.stdout)

    pages = 64 * (1 << 20) // 4096
    assert faults("default") > pages // 2  # each block mapped and faulted in afresh
    assert faults("tuned") < pages // 20


def test_one_blas_thread_limits_blas_for_its_duration_only() -> None:
    from threadpoolctl import threadpool_info

    from citegraph.extract.runner import one_blas_thread

    def blas_threads() -> set[int]:
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}

    before = blas_threads()
    assert before  # NumPy brings a BLAS
    with one_blas_thread():
        assert blas_threads() == {1}
    assert blas_threads() == before
