"""Reading a corpus file by file, reporting each file to a progress receiver."""

from __future__ import annotations

from pathlib import Path

from citegraph.corpus.read import ReadResult, discover_files, read_corpus
from citegraph.progress import Progress


def read_corpus_reporting(
    inputs: tuple[Path, ...] | list[Path], on_error: str, progress: Progress
) -> ReadResult:
    """:func:`~citegraph.corpus.read_corpus`, one file at a time, each reported as done.

    Raises
    ------
    CorpusError
        As :func:`~citegraph.corpus.read_corpus`.
    """
    files = discover_files(inputs)
    progress.start("read", len(files))
    result = ReadResult()
    for path in files:
        part = read_corpus([path], on_error=on_error)
        result.papers += part.papers
        result.skipped += part.skipped
        result.ignored += part.ignored
        result.files.update(part.files)
        progress.advance("read")
    progress.finish("read")
    return result
