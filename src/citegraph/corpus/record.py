"""What every reader shares: one checked way from field values to a ``Paper`` or a ``Skip``,
and a JSON Lines loop that turns each line's object into one of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from citegraph.corpus.clean import clean, normalise_arxiv_id, normalise_doi
from citegraph.corpus.text import paper_id
from citegraph.model import Paper, Skip, Source

# Longer than any real abstract: such a value is a pasted document or a broken file.
MAX_ABSTRACT = 100_000
MAX_TITLE = 2_000

Mapper = Callable[[Mapping[str, Any], str, int], "Paper | Skip"]


def text_of(value: Any) -> str:
    """A field value as one string: lists joined, ``None`` empty.

    >>> text_of(["a", None, 3]), text_of(None)
    ('a; 3', '')
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(t for t in (text_of(v) for v in value) if t)
    return str(value)


def make_paper(
    path: str,
    line: int,
    fmt: str,
    *,
    title: Any,
    abstract: Any,
    id: Any = "",
    date: str = "",
    date_text: str = "",
    doi: Any = "",
    arxiv_id: Any = "",
    authors: Iterable[Any] = (),
    venue: Any = "",
    url: Any = "",
    latex: bool = False,
) -> Paper | Skip:
    """A cleaned paper, or the reason the record cannot be one.

    >>> make_paper("a.bib", 3, "bibtex", title=r"{\\'E}t{\\'e}", abstract="x", latex=True).title
    'Été'
    >>> str(make_paper("a.bib", 9, "bibtex", title="T", abstract=" "))
    'a.bib:9: record has no abstract'
    """
    raw_title, raw_abstract = text_of(title), text_of(abstract)
    if len(raw_title) > MAX_TITLE:
        return Skip(path, line, f"title is {len(raw_title)} characters long (limit {MAX_TITLE})")
    if len(raw_abstract) > MAX_ABSTRACT:
        return Skip(
            path, line, f"abstract is {len(raw_abstract)} characters long (limit {MAX_ABSTRACT})"
        )
    title_text = clean(raw_title, latex=latex)
    abstract_text = clean(raw_abstract, latex=latex)
    if not title_text:
        return Skip(path, line, "record has no title")
    if not abstract_text:
        return Skip(path, line, "record has no abstract")
    doi_text, arxiv = normalise_doi(text_of(doi)), normalise_arxiv_id(text_of(arxiv_id))
    return Paper(
        id=clean(text_of(id)) or arxiv or doi_text or paper_id(title_text),
        title=title_text,
        abstract=abstract_text,
        date=date,
        date_text=date_text,
        authors=tuple(a for a in (clean(text_of(x), latex=latex) for x in authors) if a),
        venue=clean(text_of(venue), latex=latex),
        url=clean(text_of(url)),
        sources=(Source(path, line, fmt),),
        doi=doi_text,
        arxiv_id=arxiv,
    )


def lines_of(text: str) -> list[str]:
    """Lines split at ``\\n`` only, as editors count them; ``str.splitlines`` would also split
    at form feeds and other separators that may sit inside a record.

    >>> lines_of("a\\x1eb\\r\\nc")
    ['a\\x1eb', 'c']
    """
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and not lines[-1]:
        lines.pop()  # the empty piece after a final newline is not a line
    return lines


def first_record(text: str) -> dict[str, Any] | None:
    """The first line of JSON Lines text that holds a JSON object, for format detection."""
    for n, line in enumerate(lines_of(text)):
        if n >= 100:
            break
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            return record
    return None


def read_json_lines(path: str, text: str, mapper: Mapper) -> Iterator[Paper | Skip]:
    """Records of JSON Lines text through ``mapper``; bad lines come back as ``Skip``."""
    for n, line in enumerate(lines_of(text), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skip(path, n, f"invalid JSON ({err.msg} at column {err.colno})")
            continue
        except (ValueError, RecursionError) as err:  # e.g. huge integers, deep nesting
            yield Skip(path, n, f"invalid JSON ({type(err).__name__})")
            continue
        if not isinstance(record, dict):
            yield Skip(path, n, f"expected a JSON object, got {type(record).__name__}")
            continue
        try:
            yield mapper(record, path, n)
        except (TypeError, ValueError, AttributeError, KeyError) as err:
            # A field of an unexpected JSON type: the record is bad, not the program.
            yield Skip(path, n, f"unexpected field value ({type(err).__name__}: {err})"[:200])
