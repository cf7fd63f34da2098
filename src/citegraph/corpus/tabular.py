"""JSON Lines and CSV/TSV files with ``title``, ``abstract`` and optional metadata columns."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from citegraph.corpus.text import paper_id, parse_date
from citegraph.model import Paper, Skip, Source

JSONL = "jsonl"
CSV = "csv"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    return " ".join(str(value).split())


def record_to_paper(record: Mapping[str, Any], path: str, line: int, fmt: str) -> Paper | Skip:
    """A paper from one mapping with ``title`` and ``abstract``, or the reason it is skipped.

    >>> record_to_paper({"title": "T", "abstract": "A."}, "f.jsonl", 1, JSONL).title
    'T'
    >>> str(record_to_paper({"title": "T"}, "f.jsonl", 2, JSONL))
    'f.jsonl:2: record has no abstract'
    """
    title, abstract = _text(record.get("title")), _text(record.get("abstract"))
    if not title:
        return Skip(path, line, "record has no title")
    if not abstract:
        return Skip(path, line, "record has no abstract")
    authors = record.get("authors") or ()
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.replace(" and ", ";").split(";") if a.strip()]
    date_text = _text(record.get("date"))
    return Paper(
        id=_text(record.get("id")) or paper_id(title),
        title=title,
        abstract=abstract,
        date=parse_date(date_text),
        date_text=date_text,
        authors=tuple(_text(a) for a in authors),
        venue=_text(record.get("venue")),
        url=_text(record.get("url")),
        sources=(Source(path, line, fmt),),
    )


def read_jsonl(path: str, text: str) -> Iterator[Paper | Skip]:
    """Papers from JSON Lines, one object per line; blank lines are allowed."""
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skip(path, n, f"invalid JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(record, dict):
            yield Skip(path, n, f"expected a JSON object, got {type(record).__name__}")
            continue
        yield record_to_paper(record, path, n, JSONL)


def read_csv(path: str, text: str) -> Iterator[Paper | Skip]:
    """Papers from CSV or TSV with a header row naming ``title`` and ``abstract``."""
    delimiter = "\t" if path.endswith(".tsv") else ","
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        pass
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    fields = {f.strip().lower() for f in reader.fieldnames or []}
    if not {"title", "abstract"} <= fields:
        yield Skip(
            path, 1, f"header has no 'title' and 'abstract' columns (found {sorted(fields)})"
        )
        return
    line = reader.line_num + 1
    try:
        for row in reader:
            record = {(k or "").strip().lower(): v for k, v in row.items()}
            yield record_to_paper(record, path, line, CSV)
            line = reader.line_num + 1
    except csv.Error as err:
        yield Skip(path, line, f"malformed CSV ({err})")
