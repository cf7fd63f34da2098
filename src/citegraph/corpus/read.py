"""Find input files, detect their format and read them into papers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from citegraph.corpus import listing, tabular
from citegraph.errors import CorpusError
from citegraph.model import Paper, Skip

SUFFIXES = (".txt", ".md", ".jsonl", ".ndjson", ".json", ".csv", ".tsv")


@dataclass(slots=True)
class ReadResult:
    """Papers read so far, and every record or line that did not become one."""

    papers: list[Paper] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    ignored: list[Skip] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)


def discover_files(inputs: tuple[Path, ...] | list[Path]) -> list[Path]:
    """Input files: files as given, folders searched recursively for known suffixes.

    Raises
    ------
    CorpusError
        A path does not exist, or no input file was found.
    """
    files: list[Path] = []
    for path in inputs:
        if not path.exists():
            raise CorpusError(f"{path}: no such file or folder; check the path")
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
            )
            if not found:
                raise CorpusError(
                    f"{path}: folder has no input files ({', '.join(SUFFIXES)}); "
                    "point citegraph at a folder of listings"
                )
            files.extend(found)
        else:
            files.append(path)
    return files


def decode(path: Path, data: bytes) -> str:
    """Text of a file: UTF-8 (with or without BOM) or UTF-16 with BOM.

    Raises
    ------
    CorpusError
        The file is binary or in an unknown encoding.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise CorpusError.at(path, 1, "binary file, not a paper listing; remove it from the input")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CorpusError.at(
            path, line, "not valid UTF-8 text; re-save the file as UTF-8"
        ) from None


def detect_format(path: Path, text: str) -> str:
    """The format of one file, from its suffix and content.

    Raises
    ------
    CorpusError
        The content matches no known format.
    """
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return tabular.JSONL
    if suffix in (".csv", ".tsv"):
        return tabular.CSV
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return tabular.JSONL
    fmt = listing.sniff(text)
    if fmt is None:
        raise CorpusError.at(
            path,
            1,
            "unknown format; expected a paper listing (title line, blank line, "
            "abstract paragraph), JSON Lines or CSV with title and abstract",
        )
    return fmt


def read_file(path: Path) -> tuple[str, Iterator[Paper | Skip]]:
    """Detected format and records of one file."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError.at(
            path, 0, f"cannot read ({err.strerror}); check its permissions"
        ) from None
    text = decode(path, data)
    if not text.strip():
        raise CorpusError.at(path, 1, "file is empty; remove it or add papers to it")
    fmt = detect_format(path, text)
    name = str(path)
    if fmt == tabular.JSONL:
        return fmt, tabular.read_jsonl(name, text)
    if fmt == tabular.CSV:
        return fmt, tabular.read_csv(name, text)
    return fmt, listing.read_listing(name, text, fmt)


def read_corpus(inputs: tuple[Path, ...] | list[Path], on_error: str = "skip") -> ReadResult:
    """Read every paper under ``inputs``.

    With ``on_error="skip"`` a bad file or record is recorded in ``skipped`` and reading goes
    on; with ``"fail"`` the first one raises.

    Raises
    ------
    CorpusError
        A path is missing, or ``on_error="fail"`` and a file or record is bad.
    """
    result = ReadResult()
    for path in discover_files(inputs):
        try:
            fmt, records = read_file(path)
        except CorpusError as err:
            if on_error == "fail":
                raise
            result.skipped.append(Skip(err.path, err.line, err.reason))
            continue
        result.files[str(path)] = fmt
        for record in records:
            if isinstance(record, Paper):
                result.papers.append(record)
            elif record.kind == "stray":
                result.ignored.append(record)
            elif on_error == "fail":
                raise CorpusError.at(
                    record.path, record.line, f"{record.reason}; use --on-error skip to continue"
                )
            else:
                result.skipped.append(record)
    return result
