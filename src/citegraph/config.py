"""Frozen configuration objects; CLI options map onto them one to one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

OnError = Literal["skip", "fail"]
Executor = Literal["local", "dask"]


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """Everything ``citegraph build`` needs.

    Examples
    --------
    >>> BuildConfig(inputs=(Path("papers.jsonl"),)).out_dir
    PosixPath('graph')
    """

    inputs: tuple[Path, ...]
    out_dir: Path = Path("graph")
    on_error: OnError = "skip"
    pipeline: str = "default"
    batch_size: int = 64
    html_max_nodes: int = 300
    formats: tuple[str, ...] = field(default=("graphml", "html"))
    # Input format of every file ("auto": detect per file) and CSV columns as (field, header).
    format: str = "auto"
    columns: tuple[tuple[str, str], ...] = ()
    store: bool = True
    # Extraction at scale: worker processes, where they run, papers per task, the cache.
    jobs: int = 1
    executor: Executor = "local"
    scheduler: str | None = None
    chunk_size: int = 64
    cache: bool = True
    # Analytics: CO_OCCURS pairs kept (papers in common, BH q-value) and RELATED edges per paper.
    min_count: int = 1
    max_q: float = 1.0
    related_k: int = 5


@dataclass(frozen=True, slots=True)
class ViewConfig:
    """Everything ``citegraph view`` needs; ``citegraph build`` uses the selection options.

    Examples
    --------
    >>> ViewConfig(ego="BERT", depth=2).max_nodes
    300
    """

    graph_dir: Path = Path("graph")
    out: Path | None = None
    max_nodes: int = 300
    min_weight: int = 1
    max_edges: int = 1000
    ego: str | None = None
    depth: int = 1
    max_papers: int = 150
    max_evidence: int = 5
