"""Reading paper listings into :class:`~citegraph.model.Paper` records."""

from citegraph.corpus.dedupe import DedupeResult, deduplicate
from citegraph.corpus.read import ReadResult, discover_files, read_corpus

__all__ = ["DedupeResult", "ReadResult", "deduplicate", "discover_files", "read_corpus"]
