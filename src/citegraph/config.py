"""Frozen configuration objects; CLI options map onto them one to one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

OnError = Literal["skip", "fail"]


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
    min_count: int = 1
    max_q: float = 1.0
    related_k: int = 5
