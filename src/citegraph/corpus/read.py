"""Find input files, detect their format and read them into papers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from citegraph.corpus import arxiv, bibtex, listing, openalex, ris, s2, tabular
from citegraph.corpus.record import first_record
from citegraph.errors import CorpusError
from citegraph.model import Paper, Skip

SUFFIXES = (".txt", ".md", ".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".bib", ".ris")
LISTING = "listing"
# Names ``--format`` accepts; "auto" detects each file's format from its suffix and content.
FORMATS = (
    "auto",
    bibtex.BIBTEX,
    ris.RIS,
    arxiv.ARXIV,
    openalex.OPENALEX,
    s2.S2,
    tabular.JSONL,
    tabular.CSV,
    LISTING,
)
_JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")


@dataclass(slots=True)
class ReadResult:
    """Papers read so far, and every record or line that did not become one."""

    papers: list[Paper] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    ignored: list[Skip] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    warnings: list[Skip] = field(default_factory=list)


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


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Text of a file and a warning (``""`` if none): UTF-8 (with or without BOM), UTF-16 with
    BOM, else cp1252/latin-1 with a warning, since such text may hold misread characters.

    >>> text, warning = decode(Path("a.txt"), "caf\u00e9".encode("cp1252"))
    >>> text, warning.split("; ")[1]
    ('café', 'read as cp1252, check accented characters')

    Raises
    ------
    CorpusError
        The file is binary.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError as err:
            raise CorpusError.at(
                path, 1, f"broken UTF-16 at byte {err.start}; re-save the file as UTF-8"
            ) from None
    if b"\x00" in data[:8192]:
        raise CorpusError.at(path, 1, "binary file, not a paper listing; remove it from the input")
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # five bytes cp1252 leaves undefined
        text, encoding = data.decode("latin-1"), "latin-1"
    return text, (
        f"not valid UTF-8 (first bad byte on line {line}); read as {encoding}, "
        "check accented characters"
    )


def detect_format(path: Path, text: str) -> str:
    """The format of one file, from its suffix and content.

    JSON Lines files are told apart by the keys of their first valid record.

    >>> detect_format(Path("a.jsonl"), '{"paperId": "x", "title": "T"}')
    's2'
    >>> detect_format(Path("refs.txt"), "TY  - JOUR\\nER  - ")
    'ris'

    Raises
    ------
    CorpusError
        The content matches no known format.
    """
    suffix = path.suffix.lower()
    stripped = text.lstrip()
    if suffix == ".bib":
        return bibtex.BIBTEX
    if suffix == ".ris" or ris.sniff(text):
        return ris.RIS
    if suffix in (".csv", ".tsv"):
        return tabular.CSV
    if suffix in _JSON_SUFFIXES or stripped.startswith("{"):
        return json_format(text)
    if bibtex.sniff(text) and not listing.sniff(text):
        return bibtex.BIBTEX
    fmt = listing.sniff(text)
    if fmt is None:
        raise CorpusError.at(
            path,
            1,
            "unknown format; expected a paper listing (title line, blank line, "
            "abstract paragraph), BibTeX, RIS, JSON Lines or CSV with title and abstract; "
            "or name it with --format",
        )
    return fmt


def json_format(text: str) -> str:
    """Which JSON Lines flavour ``text`` is, from the keys of its first JSON object.

    >>> json_format('{"id": "https://openalex.org/W1"}'), json_format('{"title": "T"}')
    ('openalex', 'jsonl')
    """
    record = first_record(text)
    if record is None:
        return tabular.JSONL
    for module in (openalex, s2, arxiv):
        if module.sniff(record):
            return {openalex: openalex.OPENALEX, s2: s2.S2, arxiv: arxiv.ARXIV}[module]
    return tabular.JSONL


def read_text(
    path: Path, text: str, fmt: str, columns: dict[str, str] | None = None
) -> Iterator[Paper | Skip]:
    """Records of ``text`` read as ``fmt`` (a name from ``FORMATS`` other than "auto")."""
    name = str(path)
    readers = {
        bibtex.BIBTEX: bibtex.read_bibtex,
        ris.RIS: ris.read_ris,
        arxiv.ARXIV: arxiv.read_arxiv,
        openalex.OPENALEX: openalex.read_openalex,
        s2.S2: s2.read_s2,
        tabular.JSONL: tabular.read_jsonl,
    }
    if fmt in readers:
        return readers[fmt](name, text)
    if fmt == tabular.CSV:
        return tabular.read_csv(name, text, columns)
    return listing.read_listing(name, text, fmt)


def read_file(
    path: Path, fmt: str = "auto", columns: dict[str, str] | None = None
) -> tuple[str, Iterator[Paper | Skip], str]:
    """Format, records and decoding warning (``""`` if none) of one file.

    Raises
    ------
    CorpusError
        The file cannot be read, is empty or binary, or its format is unknown.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError.at(
            path, 0, f"cannot read ({err.strerror}); check its permissions"
        ) from None
    return read_data(path, data, fmt, columns)


def read_data(
    path: Path, data: bytes, fmt: str = "auto", columns: dict[str, str] | None = None
) -> tuple[str, Iterator[Paper | Skip], str]:
    """Like :func:`read_file`, for the bytes ``data`` of ``path``.

    >>> fmt, records, warning = read_data(Path("a.ris"), b"TY  - JOUR\\nTI  - T\\nAB  - A.\\nER  -")
    >>> fmt, [p.title for p in records], warning
    ('ris', ['T'], '')
    """
    text, warning = decode(path, data)
    if not text.strip():
        raise CorpusError.at(path, 1, "file is empty; remove it or add papers to it")
    if fmt == "auto":
        fmt = detect_format(path, text)
    elif fmt == LISTING:
        fmt = listing.sniff(text) or listing.NEURIPS
    return fmt, read_text(path, text, fmt, columns), warning


def read_corpus(
    inputs: tuple[Path, ...] | list[Path],
    on_error: str = "skip",
    fmt: str = "auto",
    columns: dict[str, str] | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> ReadResult:
    """Read every paper under ``inputs``; ``on_file`` is called after each file is read.

    With ``on_error="skip"`` a bad file or record is recorded in ``skipped`` and reading goes
    on; with ``"fail"`` the first one raises. ``fmt`` forces one format for every file;
    ``columns`` maps paper fields to CSV headers. A file that is not UTF-8 is read as cp1252
    and noted in ``warnings``.

    Raises
    ------
    CorpusError
        A path is missing, or ``on_error="fail"`` and a file or record is bad.
    """
    result = ReadResult()
    for path in discover_files(inputs):
        try:
            file_fmt, records, warning = read_file(path, fmt, columns)
        except CorpusError as err:
            if on_error == "fail":
                raise
            result.skipped.append(Skip(err.path, err.line, err.reason, "file"))
            if on_file:
                on_file(path)
            continue
        if warning:
            result.warnings.append(Skip(str(path), 1, warning, "warning"))
        result.files[str(path)] = file_fmt
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
        if on_file:
            on_file(path)
    return result
