"""citegraph: research-paper abstracts to a knowledge graph you can query, view and export.

Examples
--------
>>> from pathlib import Path
>>> from citegraph import BuildConfig, run_build
>>> # run_build(BuildConfig(inputs=(Path("papers.jsonl"),), out_dir=Path("graph")))
"""

__version__ = "0.1.0"

from citegraph.build import BuildSummary, run_build
from citegraph.config import BuildConfig
from citegraph.errors import (
    CitegraphError,
    CorpusError,
    ExportError,
    ExtractionError,
    StoreError,
)

__all__ = [
    "BuildConfig",
    "BuildSummary",
    "CitegraphError",
    "CorpusError",
    "ExportError",
    "ExtractionError",
    "StoreError",
    "__version__",
    "run_build",
]
