"""Run extraction over a corpus: in this process, in worker processes, or on a Dask cluster.

Papers go out in chunks of ``(paper_id, text)`` pairs; workers load the pipeline once and send
back :class:`~citegraph.model.PaperMentions` records, never Docs, encoded as the cache stores
them (cheaper to send than pickled records, and the cache takes them as they are). Results come
back in input order whatever the executor, so every executor builds the same graph. Papers
whose text was extracted before by the same pipeline version are read from the cache instead.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import platform
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language
from threadpoolctl import ThreadpoolController

from citegraph.config import BuildConfig, Executor
from citegraph.errors import ExtractionError
from citegraph.extract.cache import (
    CACHE_DIR,
    CACHE_FILE,
    ExtractionCache,
    decode,
    encode,
    text_hash,
)
from citegraph.extract.mentions import paper_mentions
from citegraph.extract.pipeline import build_pipeline, pipeline_version
from citegraph.model import Paper, PaperMentions
from citegraph.progress import NoProgress, Progress

Chunk = list[tuple[str, str]]
# A record and, when it crossed a process boundary, its encode() text.
Result = tuple[PaperMentions, str | None]
# A submitted chunk: calling it waits for and returns its results.
Pending = Callable[[], list[Result]]
Submit = Callable[[Chunk], Pending]

# Papers looked up in the cache at once.
_LOOKUP_BLOCK = 512
# Papers per progress report: often enough for a slow model, rarely enough to cost nothing.
_REPORT_EVERY = 16
# A rebuild that finds at most this many new papers extracts them in this process: each worker
# would first spend seconds loading the pipeline, about what extracting them here costs.
IN_PROCESS_MAX = 256

_PIPELINES: dict[str, tuple[Language, str]] = {}

# glibc's malloc maps each block over its mmap threshold afresh and gives the top of the heap
# back to the kernel once more than the trim threshold is free there; a spaCy batch allocates
# and frees tens of MB of arrays and a million Token objects, so every batch faulted the same
# pages in again (460k page faults and 10-15% of the time over 2,000 papers, 16k with these
# settings). Extracting processes keep that memory instead: a few hundred MB at most.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD = 32 << 20  # the ceiling glibc's own adaptive threshold reaches on 64-bit
_TRIM_THRESHOLD = 256 << 20


def _mallopt(param: int, value: int) -> bool:
    if platform.libc_ver()[0] != "glibc":
        return False
    return bool(ctypes.CDLL(None).mallopt(param, value))


def keep_freed_memory() -> bool:
    """Make this process's allocator keep freed memory for reuse (glibc only; else nothing).

    Returns whether the settings took. They stay for the life of the process, which suits the
    worker processes; in-process extraction uses :func:`extraction_allocator` instead.
    """
    return _mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD) and _mallopt(
        _M_TRIM_THRESHOLD, _TRIM_THRESHOLD
    )


@contextmanager
def extraction_allocator() -> Iterator[None]:
    """:func:`keep_freed_memory` for the duration; afterwards the heap is trimmed and the trim
    threshold is what glibc's adaptive rule would have reached (twice the mmap threshold).

    >>> with extraction_allocator():
    ...     pass
    """
    tuned = keep_freed_memory()
    try:
        yield
    finally:
        if tuned:
            _mallopt(_M_TRIM_THRESHOLD, 2 * _MMAP_THRESHOLD)
            ctypes.CDLL(None).malloc_trim(0)


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS libraries run on one thread for the duration.

    The pipeline multiplies small matrices batch by batch: a second BLAS thread made the shipped
    model slower (22.6k against 23.3k words/s) for 1.6 times the CPU, and with ``--jobs`` the
    other cores run workers of their own.

    >>> with one_blas_thread():
    ...     pass
    """
    with _blas().limit(limits=1, user_api="blas"):
        yield


def load_pipeline(model: str) -> tuple[Language, str]:
    """The pipeline for ``model`` and its version, built once per process."""
    if model not in _PIPELINES:
        nlp = build_pipeline(model)
        _PIPELINES[model] = (nlp, pipeline_version(nlp))
    return _PIPELINES[model]


def extract_chunk(model: str, version: str, chunk: Chunk, batch_size: int) -> list[str]:
    """Mentions of a chunk of ``(paper_id, text)`` pairs, each record as :func:`encode` writes
    it; what worker processes and Dask tasks run.

    Raises
    ------
    ExtractionError
        This process builds a different pipeline version than the caller (another citegraph or
        model on a remote worker), so its results would not match.
    """
    nlp, here = load_pipeline(model)
    if here != version:
        raise ExtractionError(
            f"worker pipeline {model!r} has version {here}, the build expects {version}; "
            "install the same citegraph and model on every Dask worker"
        )
    with one_blas_thread():
        return [encode(record) for record in mentions_of(nlp, chunk, batch_size)]


def _received(chunk: Chunk, encoded: list[str]) -> list[Result]:
    pairs = zip(chunk, encoded, strict=True)
    return [(decode(paper_id, data), data) for (paper_id, _), data in pairs]


def mentions_of(nlp: Language, chunk: Chunk, batch_size: int) -> list[PaperMentions]:
    """Mentions of a chunk of ``(paper_id, text)`` pairs with a pipeline already built."""
    texts = ((text, paper_id) for paper_id, text in chunk)
    return [
        paper_mentions(paper_id, doc)
        for doc, paper_id in nlp.pipe(texts, as_tuples=True, batch_size=batch_size)
    ]


def _init_worker(model: str) -> None:
    keep_freed_memory()
    load_pipeline(model)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How to run extraction; mirrors the fields of :class:`~citegraph.config.BuildConfig`."""

    model: str = "default"
    jobs: int = 1
    executor: Executor = "local"
    scheduler: str | None = None
    chunk_size: int = 64
    batch_size: int = 64


@dataclass(slots=True)
class RunStats:
    """What a run did: papers served from the cache, papers extracted, stale entries pruned,
    and where extraction ran (``"none"`` when everything came from the cache)."""

    papers: int = 0
    cached: int = 0
    extracted: int = 0
    pruned: int = 0
    ran: str = "none"

    def to_json(self) -> dict[str, int | str]:
        return {
            "papers": self.papers,
            "cached": self.cached,
            "extracted": self.extracted,
            "pruned": self.pruned,
            "ran": self.ran,
        }


class Runner:
    """Extraction of many papers with an executor and an optional cache; a context manager.

    Examples
    --------
    >>> nlp = build_pipeline("rules")
    >>> with Runner(nlp, RunOptions(model="rules")) as run:
    ...     [m.text for pm in run.extract([Paper("p", "ImageNet", "We use CIFAR-10.")])
    ...      for m in pm.mentions]
    ['ImageNet', 'CIFAR-10']
    """

    def __init__(
        self,
        nlp: Language,
        options: RunOptions,
        *,
        cache_path: Path | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.nlp, self.options = nlp, options
        self.version = pipeline_version(nlp)
        self.progress = progress or NoProgress()
        self.stats = RunStats()
        # Whether extract() forked workers from this process (see forked_pool).
        self.forked = False
        self._stack = ExitStack()
        self.cache: ExtractionCache | None = None
        if cache_path is not None:
            self.cache = self._stack.enter_context(ExtractionCache(cache_path, self.version))
            self.stats.pruned = self.cache.pruned
        if options.jobs < 1:
            raise ExtractionError(f"jobs must be at least 1, not {options.jobs}; use --jobs 1")

    @classmethod
    def for_config(cls, nlp: Language, config: BuildConfig, progress: Progress | None) -> Runner:
        """The runner a build with ``config`` uses; its cache lives in ``out_dir/.cache``."""
        options = RunOptions(
            model=config.pipeline,
            jobs=config.jobs,
            executor=config.executor,
            scheduler=config.scheduler,
            chunk_size=config.chunk_size,
            batch_size=config.batch_size,
        )
        cache = config.out_dir / CACHE_DIR / CACHE_FILE if config.cache else None
        return cls(nlp, options, cache_path=cache, progress=progress)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def extract(self, papers: Sequence[Paper]) -> Iterator[PaperMentions]:
        """Mentions of every paper, in input order; each new result is cached as it arrives.

        The cache is read and extraction of the new papers starts before this returns; the
        records come as the iterator is consumed.
        """
        self.progress.start("extract", len(papers))
        known = self.cache.keys() if self.cache is not None else set()
        hashes = [text_hash(p.text) for p in papers]
        misses = [p for p, h in zip(papers, hashes, strict=True) if h not in known]
        self.stats.papers += len(papers)
        return self._serve(papers, hashes, known, len(misses), self._ordered(misses))

    def _serve(
        self,
        papers: Sequence[Paper],
        hashes: list[str],
        known: set[str],
        misses: int,
        fresh: Iterator[Result],
    ) -> Iterator[PaperMentions]:
        # A rebuild finds most papers in the cache: fetch them together (one pass over the
        # table), else block by block so a mostly new corpus starts extracting at once.
        hits = len(papers) - misses
        scan = hits > _LOOKUP_BLOCK and hits >= misses
        step = len(papers) if scan else _LOOKUP_BLOCK
        for start in range(0, len(papers), max(step, 1)):
            block = range(start, min(start + step, len(papers)))
            wanted = [hashes[i] for i in block if hashes[i] in known]
            found = (
                self.cache.get_many(wanted, scan=scan and 4 * len(wanted) >= len(known))
                if self.cache is not None and wanted
                else {}
            )
            for i in block:
                data = found.get(hashes[i])
                if data is not None:
                    self.stats.cached += 1
                    yield decode(papers[i].id, data)
                else:
                    item, encoded = next(fresh)
                    self.stats.extracted += 1
                    if self.cache is not None:
                        self.cache.put(hashes[i], item, encoded)
                    yield item
                if (i + 1) % _REPORT_EVERY == 0:
                    self.progress.advance("extract", _REPORT_EVERY)
        self.progress.advance("extract", len(papers) % _REPORT_EVERY)
        if self.cache is not None:
            self.cache.flush()
        self.progress.finish("extract")

    def _ordered(self, papers: list[Paper]) -> Iterator[Result]:
        """Results of ``papers`` in order, with a bounded number of chunks in flight.

        The executor starts and the first chunks are submitted at once, so worker processes
        load the pipeline and extract while cached records are read (new papers come last in a
        rebuild); a fully cached build starts none.
        """
        if not papers:
            return iter(())
        o = self.options
        rebuild = len(papers) < self.stats.papers  # the cache holds the others
        few = o.executor == "local" and len(papers) <= (IN_PROCESS_MAX if rebuild else o.chunk_size)
        executor: AbstractContextManager[Submit]
        size = max(1, o.chunk_size)
        if few and rebuild and o.jobs > 1 and can_fork():
            # The new papers are shared out at once among workers forked from this process,
            # which start with its pipeline built: they extract while the cached records are
            # read here.
            workers = min(o.jobs, len(papers))
            size = -(-len(papers) // workers)
            self.stats.ran, self.forked = f"{workers} forked worker processes", True
            executor = forked_pool(self.nlp, o, self.version, workers)
        elif few:
            self.stats.ran, executor = "in-process", in_process(self.nlp, o.batch_size)
        else:
            self.stats.ran, executor = self._executor()
        submit = self._stack.enter_context(executor)
        chunks = (
            [(p.id, p.text) for p in papers[i : i + size]] for i in range(0, len(papers), size)
        )
        window: deque[Pending] = deque()
        limit = 1 if self.options.jobs == 1 else 2 * self.options.jobs
        window.extend(submit(c) for c in islice(chunks, limit))
        return _in_turn(window, submit, chunks)

    def _executor(self) -> tuple[str, AbstractContextManager[Submit]]:
        """Where extraction runs under the options (for ``RunStats.ran``), and how."""
        o = self.options
        if o.executor == "dask":
            return "dask", dask_executor(o, self.version)
        if o.executor != "local":
            raise ExtractionError(f"unknown executor {o.executor!r}; use 'local' or 'dask'")
        if o.jobs == 1:
            return "in-process", in_process(self.nlp, o.batch_size)
        return f"{o.jobs} worker processes", process_pool(o, self.version)


def _in_turn(window: deque[Pending], submit: Submit, chunks: Iterator[Chunk]) -> Iterator[Result]:
    """The results of the pending chunks in order, submitting one more as each is taken."""
    while window:
        records = window.popleft()()
        window.extend(submit(c) for c in islice(chunks, 1))
        yield from records


@contextmanager
def in_process(nlp: Language, batch_size: int) -> Iterator[Submit]:
    """Run chunks here, lazily, with the pipeline the caller built."""

    def submit(chunk: Chunk) -> Pending:
        def run() -> list[Result]:
            return [(record, None) for record in mentions_of(nlp, chunk, batch_size)]

        return run

    with extraction_allocator(), one_blas_thread():
        yield submit


def _start_method() -> str:
    # forkserver: no fork of a parent that may run threads (progress bars, Dask), yet cheaper
    # than spawn; both need the `if __name__ == "__main__"` guard the entry points have.
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def process_pool(options: RunOptions, version: str) -> AbstractContextManager[Submit]:
    """``options.jobs`` worker processes, each loading the pipeline once in its initializer."""
    pool = ProcessPoolExecutor(
        max_workers=options.jobs,
        mp_context=multiprocessing.get_context(_start_method()),
        initializer=_init_worker,
        initargs=(options.model,),
    )
    return _pool_submit(pool, options, version)


def can_fork() -> bool:
    """Whether this process may fork workers: on Linux, with no other thread running.

    A child holds only the thread that forked it, and a lock another thread held at that
    moment (in the allocator, a logger, a progress bar) would stay locked in the child.
    """
    return sys.platform == "linux" and threading.active_count() == 1


def _adopt_pipeline(model: str, nlp: Language, version: str) -> None:
    keep_freed_memory()
    _PIPELINES[model] = (nlp, version)


def forked_pool(
    nlp: Language, options: RunOptions, version: str, workers: int
) -> AbstractContextManager[Submit]:
    """``workers`` processes forked from this one, extracting with ``nlp`` as already built.

    Starting one takes milliseconds where a fresh worker loads the pipeline for seconds; call
    it only when :func:`can_fork`.
    """
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_adopt_pipeline,
        initargs=(options.model, nlp, version),  # a fork copies them; nothing is pickled
    )
    return _pool_submit(pool, options, version)


@contextmanager
def _pool_submit(pool: ProcessPoolExecutor, options: RunOptions, version: str) -> Iterator[Submit]:
    """Chunks submitted to ``pool``, shut down on leaving (waiting only after success)."""
    ok = False
    try:

        def submit(chunk: Chunk) -> Pending:
            future = pool.submit(extract_chunk, options.model, version, chunk, options.batch_size)
            return lambda: _received(chunk, future.result())

        yield submit
        ok = True
    finally:
        pool.shutdown(wait=ok, cancel_futures=True)


@contextmanager
def dask_executor(options: RunOptions, version: str) -> Iterator[Submit]:
    """Chunks as Dask tasks: on ``options.scheduler`` or on a LocalCluster of ``jobs`` workers.

    Raises
    ------
    ExtractionError
        Dask is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ExtractionError(
            "--executor dask needs Dask; install it with: pip install -e .[dask]"
        ) from None
    with ExitStack() as stack:
        try:
            if options.scheduler:
                client = stack.enter_context(Client(options.scheduler, timeout="10s"))
            else:
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=options.jobs,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                    )
                )
                client = stack.enter_context(Client(cluster))
        except OSError as err:
            where = options.scheduler or "a local cluster"
            raise ExtractionError(
                f"{where}: cannot connect to the Dask scheduler ({err}); check the address "
                "and that `dask scheduler` is running there"
            ) from None

        def submit(chunk: Chunk) -> Pending:
            future: Any = client.submit(
                extract_chunk, options.model, version, chunk, options.batch_size, pure=False
            )
            return lambda: _received(chunk, future.result())

        yield submit


def run_all(
    papers: Iterable[Paper], nlp: Language, options: RunOptions, cache_path: Path | None = None
) -> list[PaperMentions]:
    """Every paper's mentions as a list: a convenience for tools and tests."""
    with Runner(nlp, options, cache_path=cache_path) as run:
        return list(run.extract(list(papers)))
