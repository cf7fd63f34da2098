"""``citegraph build``: corpus → papers → mentions → graph → exports, as one call."""

from __future__ import annotations

import gc
import json
import time
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

import networkx as nx

from citegraph.config import BuildConfig
from citegraph.corpus import deduplicate, discover_files, read_corpus
from citegraph.corpus.dates import page_dates, resolve_dates
from citegraph.errors import ExportError
from citegraph.export import GRAPHML, HTML, SUMMARY
from citegraph.export.atomic import staging
from citegraph.export.graphml import stage_graphml
from citegraph.export.html import write_html
from citegraph.extract import EntityResolver, build_pipeline, pipeline_version
from citegraph.extract.runner import Runner
from citegraph.graph import schema as S
from citegraph.graph.analysis import annotate_structure, pair_network
from citegraph.graph.build import assemble, paper_nodes
from citegraph.graph.citations import (
    add_cites,
    cites_columns,
    find_cites,
    link_related,
    related_columns,
)
from citegraph.graph.columns import EdgeColumns, covers, sources_of
from citegraph.graph.report import analytics_lines, citation_rows, co_occurs_report
from citegraph.graph.time import annotate_time
from citegraph.model import PaperMentions
from citegraph.progress import NoProgress, Progress
from citegraph.store.embedded import STORE, stage_nodes, stage_store


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build read, merged, found and wrote; saved as ``summary.json``."""

    entries_read: int
    papers: int
    duplicates_merged: int
    glued_titles_merged: int
    entities: dict[str, int]
    edges: dict[str, int]
    skipped: list[dict[str, Any]]
    ignored: list[dict[str, Any]]
    files: dict[str, str]
    pipeline: dict[str, Any]
    papers_without_entities: int
    seconds: dict[str, float]
    outputs: list[str] = field(default_factory=list)
    duplicates_by_rule: dict[str, int] = field(default_factory=dict)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    extraction: dict[str, Any] = field(default_factory=dict)
    co_occurs: dict[str, Any] = field(default_factory=dict)
    structure: dict[str, Any] = field(default_factory=dict)
    dates: dict[str, Any] = field(default_factory=dict)
    citations: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON-ready data, ``skipped`` also counted."""
        data = asdict(self)
        data["skipped_count"] = len(self.skipped)
        return data

    def describe(self) -> str:
        """A short human-readable account for the terminal."""
        ents = ", ".join(f"{n} {label}" for label, n in self.entities.items()) or "none"
        edges = ", ".join(f"{n} {t}" for t, n in self.edges.items()) or "none"
        lines = [
            f"Read {self.entries_read} entries from {len(self.files)} files; "
            f"{self.duplicates_merged} duplicates merged into {self.papers} papers.",
            f"Entities: {sum(self.entities.values())} ({ents}).",
            f"Edges: {edges}.",
            f"Skipped records: {len(self.skipped)}; ignored stray lines: {len(self.ignored)}.",
        ]
        lines += [f"Warning: {w['path']}: {w['reason']}" for w in self.warnings]
        if self.papers_without_entities:
            lines.append(f"Warning: {self.papers_without_entities} papers have no entities.")
        lines += [f"  skipped {s['path']}:{s['line']}: {s['reason']}" for s in self.skipped[:20]]
        if len(self.skipped) > 20:
            lines.append(f"  ... and {len(self.skipped) - 20} more in summary.json")
        if self.extraction.get("cached"):
            lines.append(
                f"Extraction: {self.extraction['cached']} papers from the cache, "
                f"{self.extraction['extracted']} extracted."
            )
        lines += analytics_lines(self)
        lines.append(f"Wrote {', '.join(self.outputs)} in {sum(self.seconds.values()):.1f} s.")
        return "\n".join(lines)


def count_by(
    graph: nx.MultiDiGraph, columns: Sequence[EdgeColumns] = ()
) -> tuple[dict[str, int], dict[str, int]]:
    """Entity nodes by label and edges by type, labels in schema order; ``columns``, if given,
    hold every edge of ``graph``."""
    labels = Counter(d[S.LABEL] for _, d in graph.nodes(data=True) if d[S.LABEL] != S.PAPER)
    types: Counter[str] = Counter()
    for table in columns:
        types[table.type] += len(table)
    if not columns:
        # Edges are keyed by their type, so counting keys reads no attributes (and runs in C).
        keyed = chain.from_iterable(map(dict.values, graph._succ.values()))
        types.update(chain.from_iterable(keyed))
    return (
        {label: labels[label] for label in S.ENTITY_LABELS if labels[label]},
        {t: types[t] for t in S.EDGE_TYPES if types[t]},
    )


# Above this many edges a graph that holds its edges (a paper id came twice) is released before
# the store loads, rather than alongside the GraphML and HTML writers (see _build): about 0.4 GB
# of graph.
OVERLAP_MAX_EDGES = 1_000_000


def _drain(items: deque[PaperMentions]) -> Iterator[PaperMentions]:
    """The items of ``items``, removed as they are yielded."""
    while items:
        yield items.popleft()


def run_build(config: BuildConfig, progress: Progress | None = None) -> BuildSummary:
    """Build the knowledge graph of ``config.inputs`` into ``config.out_dir``.

    ``progress`` receives reports stage by stage (see :mod:`citegraph.progress`).

    Raises
    ------
    CitegraphError
        An input cannot be read (or a record is bad under ``on_error="fail"``), the pipeline
        cannot be built, or an output cannot be written. Outputs of an earlier build are left
        as they were.
    """
    with _collector_paused():
        return _build(config, progress)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the duration, as it was before afterwards.

    A build makes millions of long-lived objects (records, then the graph), and every full
    collection walks them all: at 100k papers the collector took over half the graph stage
    (61 s against 25 s without it), and during extraction each spaCy batch's million Token
    objects set off collections over the records kept so far. What a build leaves in cycles
    is small (spaCy leaves about one object per two papers, and the graph is collected
    explicitly once written). The pause is a zero threshold, not ``gc.disable()`` alone:
    loading a spaCy model calls ``gc.enable()`` (srsly's msgpack reader does).
    """
    enabled, thresholds = gc.isenabled(), gc.get_threshold()
    gc.disable()
    gc.set_threshold(0)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if enabled:
            gc.enable()
        else:
            gc.disable()


@contextmanager
def _writing(out_dir: Path) -> Iterator[None]:
    """An ``OSError`` while outputs are written, as the :class:`ExportError` a user can act on."""
    try:
        yield
    except OSError as err:
        raise ExportError(
            f"{out_dir}: cannot write outputs ({err.strerror}); check free space and permissions"
        ) from None


def _build(config: BuildConfig, progress: Progress | None) -> BuildSummary:
    clock = time.perf_counter()
    seconds: dict[str, float] = {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 3)
        clock = now

    progress = progress or NoProgress()
    files = discover_files(config.inputs)
    progress.start("read", len(files))
    read = read_corpus(
        files,
        on_error=config.on_error,
        fmt=config.format,
        columns=dict(config.columns),
        on_file=lambda _: progress.advance("read"),
    )
    progress.finish("read")
    unique = deduplicate(read.papers)
    dated = resolve_dates(unique.papers, page_dates(read.files))
    lap("read")
    with staging(config.out_dir) as tmp, ThreadPoolExecutor(1) as background:
        loading: list[Future[None]] = []
        loaded: set[str] = set()

        def load_papers() -> None:
            # The papers' table is known once the listings are read; at 100k papers its
            # abstracts take 2.4 s of the store's load.
            papers_only = paper_nodes(dated.papers)
            if len(papers_only) == len(dated.papers):  # else a paper id came twice
                with _writing(config.out_dir):
                    early = stage_nodes(papers_only, tmp / STORE)
                loading.append(background.submit(early.run))
                loaded.add(S.PAPER)

        nlp = build_pipeline(config.pipeline)
        resolver = EntityResolver()
        extractions: deque[PaperMentions] = deque()
        claims = []  # each paper's "we propose X" mentions, all that CITES needs of the records
        without_entities = 0
        with Runner.for_config(nlp, config, progress) as runner:
            # Extraction starts before any thread of this build: a rebuild forks its workers
            # (see runner.can_fork).
            records = runner.extract(dated.papers)
            # The papers' table loads while extraction runs, unless this process decodes the
            # cached records while forked workers extract the new ones: both cores are busy
            # then, and it loads during assembly instead, which leaves one idle.
            early_papers = config.store and not runner.forked
            if early_papers:
                load_papers()
            for item in records:
                resolver.add(item)
                extractions.append(item)
                without_entities += not item.mentions
                introduced = tuple(m for m in item.mentions if m.introduced)
                if introduced:
                    claims.append(PaperMentions(item.paper_id, introduced))
        if config.store and not early_papers:
            load_papers()
        lap("extract")
        progress.start("graph", None)
        resolution = resolver.finish()
        del resolver
        # Records are handed over as they are consumed: each is freed once its paper is in the
        # graph (at 100k papers the records take 0.7 GB). The edges are kept as columns, which
        # the writers read, and the graph holds the nodes; unless a paper id came twice, whose
        # MENTIONS edges only the graph can hold.
        assembly = assemble(
            dated.papers,
            _drain(extractions),
            resolution,
            min_count=config.min_count,
            max_q=config.max_q,
            edges=False,
        )
        graph, mentions, pairs = assembly.graph, assembly.mentions, assembly.pairs
        columnar = not assembly.edges
        assembly_columns = assembly.columns
        del assembly
        network = pair_network(mentions.entities, pairs.row, pairs.col, pairs.count)
        del pairs
        structure = annotate_structure(graph, network=network)
        del network
        timeline = annotate_time(graph, mentions=mentions)
        columns: tuple[EdgeColumns, ...] = ()
        store_columns: tuple[EdgeColumns, ...] = ()  # the edges the store has still to load
        if columnar:
            if config.store:
                # The entities and their MENTIONS and CO_OCCURS edges are final: they load
                # while the papers' links are found and the other outputs written.
                with _writing(config.out_dir):
                    entity_loads = stage_store(
                        graph, tmp / STORE, columns=assembly_columns, loaded=loaded
                    )
                    loading += [background.submit(load.run) for load in entity_loads]
                loaded.update(S.NODE_LABELS)
            related = related_columns(graph, k=config.related_k, mentions=mentions)
            (mention_columns,) = (c for c in assembly_columns if c.type == S.MENTIONS)
            mentioning = sources_of(mention_columns)
            citations = find_cites(graph, claims, resolution, mentioning=mentioning)
            store_columns = (related, cites_columns(citations))
            columns = (*assembly_columns, *store_columns)
        else:
            related = link_related(graph, k=config.related_k, mentions=mentions)
            citations = add_cites(graph, claims, resolution)
            columns = (*assembly_columns, related, cites_columns(citations))
            if not covers(graph, columns):
                columns = ()
            store_columns = columns
        del mentions, claims, resolution
        entities, edges = count_by(graph, columns)
        progress.finish("graph")
        lap("graph")
        outputs = [GRAPHML, HTML, *([STORE] if config.store else []), SUMMARY]
        summary = BuildSummary(
            entries_read=len(read.papers),
            papers=len(unique.papers),
            duplicates_merged=unique.merged,
            glued_titles_merged=unique.glued_titles,
            entities=entities,
            edges=edges,
            skipped=[{"path": s.path, "line": s.line, "reason": s.reason} for s in read.skipped],
            ignored=[{"path": s.path, "line": s.line, "reason": s.reason} for s in read.ignored],
            files=read.files,
            pipeline={
                "components": nlp.pipe_names,
                "version": pipeline_version(nlp),
                "model": config.pipeline,
            },
            papers_without_entities=without_entities,
            seconds=seconds,
            outputs=outputs,
            duplicates_by_rule=unique.by_rule(),
            warnings=[{"path": s.path, "line": s.line, "reason": s.reason} for s in read.warnings],
            extraction=runner.stats.to_json(),
            co_occurs=co_occurs_report(graph, config),
            structure=asdict(structure),
            dates={
                "resolved": dated.resolved,
                "dates_unknown": dated.unknown,
                "undated": dated.undated,
                **asdict(timeline),
            },
            citations=citation_rows(graph, citations),
        )
        with _writing(config.out_dir):
            progress.start("export", 3 if config.store else 2)
            # LadybugDB's load runs in native code that releases the GIL, so it overlaps
            # writing the outputs; but it holds the whole database in memory meanwhile. A graph
            # that holds its edges (a paper id came twice) is freed before the load starts when
            # large: once the store's node files, the HTML view and the GraphML nodes are
            # written, only the edge columns are read. A graph of edge columns holds only its
            # nodes, and its store loads alongside everything (100k papers peak at 2.4 GB).
            overlap = columnar or sum(edges.values()) <= OVERLAP_MAX_EDGES
            loads = (
                stage_store(graph, tmp / STORE, columns=store_columns, loaded=loaded)
                if config.store
                else iter(())
            )
            if overlap:
                loading += [background.submit(load.run) for load in loads]
            # The loads that need the graph: the nodes', and the edges' unless they are columns.
            staged = list(islice(loads, 1)) if columns else list(loads)
            write_html(graph, tmp / HTML, max_nodes=config.html_max_nodes, columns=columns)
            progress.advance("export")
            finish_graphml = stage_graphml(graph, tmp / GRAPHML, columns=columns)
            if not overlap:
                del graph
                gc.collect()
                loading += [background.submit(load.run) for load in chain(staged, loads)]
            finish_graphml()
            progress.advance("export")
            lap("export")
            if config.store:
                for pending in loading:
                    pending.result()
                progress.advance("export")
                lap("store")
            (tmp / SUMMARY).write_text(
                json.dumps(summary.to_json(), indent=2, ensure_ascii=False), encoding="utf-8"
            )
    progress.finish("export")
    return summary
