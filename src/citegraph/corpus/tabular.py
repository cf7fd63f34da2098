"""JSON Lines and CSV/TSV files with ``title``, ``abstract`` and optional metadata columns.

CSV headers are matched without regard to case; a column mapping
(``{"title": "Title", "abstract": "Abstract", "date": "Year"}``) reads any other header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any

from citegraph.corpus.clean import any_date
from citegraph.corpus.record import make_paper, read_json_lines, text_of
from citegraph.model import Paper, Skip

JSONL = "jsonl"
CSV = "csv"
# Fields a column mapping may name.
FIELDS = ("title", "abstract", "date", "id", "doi", "arxiv_id", "authors", "venue", "url")


def _split_authors(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [a.strip() for a in value.replace(" and ", ";").split(";") if a.strip()]
    return list(value) if isinstance(value, list | tuple) else []


def record_to_paper(
    record: Mapping[str, Any], path: str, line: int, fmt: str = JSONL
) -> Paper | Skip:
    """A paper from one mapping with ``title`` and ``abstract``, or the reason it is skipped.

    >>> record_to_paper({"title": "T", "abstract": "A."}, "f.jsonl", 1, JSONL).title
    'T'
    >>> str(record_to_paper({"title": "T"}, "f.jsonl", 2, JSONL))
    'f.jsonl:2: record has no abstract'
    """
    date_text = " ".join(text_of(record.get("date") or record.get("year")).split())
    return make_paper(
        path,
        line,
        fmt,
        id=record.get("id"),
        title=record.get("title"),
        abstract=record.get("abstract"),
        date=any_date(date_text),
        date_text=date_text,
        doi=record.get("doi") or "",
        arxiv_id=record.get("arxiv_id") or "",
        authors=_split_authors(record.get("authors")),
        venue=record.get("venue") or "",
        url=record.get("url") or "",
    )


def read_jsonl(path: str, text: str) -> Iterator[Paper | Skip]:
    """Papers from JSON Lines, one object per line; blank lines are allowed."""
    return read_json_lines(path, text, record_to_paper)


def read_csv(
    path: str, text: str, columns: Mapping[str, str] | None = None
) -> Iterator[Paper | Skip]:
    """Papers from CSV or TSV with a header row.

    ``columns`` maps a paper field (see ``FIELDS``) to the header that holds it; without it
    the headers must be named ``title`` and ``abstract``.

    >>> rows = "Name,Summary,Year\\nGraph nets,We study graphs.,2020\\n"
    >>> p = next(read_csv("a.csv", rows, {"title": "Name", "abstract": "Summary", "date": "Year"}))
    >>> p.title, p.date, str(p.sources[0])
    ('Graph nets', '2020', 'a.csv:2')
    """
    delimiter = "\t" if path.endswith(".tsv") else ","
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        pass
    # The default field limit (128 KiB) would end the file at an over-long field; make_paper
    # skips such a record with its length instead, and the rows after it are still read.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    except csv.Error as err:
        yield Skip(path, 1, f"malformed CSV header ({err})")
        return
    wanted = {k: v.strip().lower() for k, v in (columns or {}).items()}
    mapping = {f: wanted.get(f, f) for f in FIELDS}
    missing = [f"{f}={mapping[f]}" for f in ("title", "abstract") if mapping[f] not in headers]
    if missing:
        yield Skip(
            path,
            1,
            f"header has no column for {', '.join(missing)} (found {sorted(headers)}); "
            "use --columns title=...,abstract=...",
        )
        return
    line = reader.line_num + 1
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as err:
            yield Skip(path, line, f"malformed CSV ({err})")
            if reader.line_num + 1 <= line:
                return  # the reader cannot move past the error
            line = reader.line_num + 1
            continue
        lowered = {(k or "").strip().lower(): v for k, v in row.items()}
        record = {f: lowered.get(col) for f, col in mapping.items()}
        yield record_to_paper(record, path, line, CSV)
        line = reader.line_num + 1
