"""Plain-text paper listings: conference pages and daily-papers pages.

Both list a title line, sometimes a venue line, and an abstract paragraph, separated by blank
lines. Daily-papers pages add page chrome at the top and, after some abstracts, an author count,
a ``·`` and a date line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from citegraph.corpus.record import MAX_ABSTRACT, lines_of
from citegraph.corpus.text import is_month_day, paper_id, parse_date
from citegraph.model import Paper, Skip, Source

NEURIPS = "neurips-listing"
DAILY = "daily-listing"

PAGE_CHROME = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
    }
)
_AUTHORS = re.compile(r"^[•·*-]?\s*(\d+)\s+authors?$")
_SEPARATOR = {"·", "•", "-"}
# A paragraph this long is an abstract, never a title or venue.
_LONG = 200
_SHORT = 120


@dataclass(frozen=True, slots=True)
class Block:
    """A non-blank line of a listing and its 1-based line number."""

    line: int
    text: str


def blocks_of(text: str) -> list[Block]:
    """The non-blank lines of ``text``, stripped, with their line numbers."""
    return [Block(i, s.strip()) for i, s in enumerate(lines_of(text), 1) if s.strip()]


def _is_meta(text: str) -> bool:
    return bool(_AUTHORS.match(text)) or text in _SEPARATOR or is_month_day(text)


def find_venue(blocks: list[Block]) -> str | None:
    """The venue line of a conference listing: a short line between a title and an abstract,
    repeated for most entries. ``None`` when the listing has no venue lines."""
    seen: Counter[str] = Counter()
    for prev, cur, nxt in zip(blocks, blocks[1:], blocks[2:], strict=False):
        if len(cur.text) < _SHORT and len(nxt.text) >= _LONG and len(prev.text) < _LONG * 2:
            seen[cur.text] += 1
    if not seen:
        return None
    venue, count = seen.most_common(1)[0]
    return venue if count >= 2 or len(seen) == 1 else None


def sniff(text: str) -> str | None:
    """Which listing format ``text`` is in, or ``None``."""
    blocks = blocks_of(text)
    if any(b.text.lower() in PAGE_CHROME for b in blocks[:8]):
        return DAILY
    if find_venue(blocks):
        return NEURIPS
    if any(len(b.text) >= _LONG for b in blocks) and any(len(b.text) < _SHORT for b in blocks):
        return DAILY
    return None


def read_listing(path: str, text: str, fmt: str) -> Iterator[Paper | Skip]:
    """Papers in a listing; lines that belong to no entry come back as ``Skip`` of kind stray.

    Examples
    --------
    >>> entry = "{}\\n\\nNeural Information Processing Systems\\n\\n" + "Words. " * 40 + "\\n\\n"
    >>> text = "Stray\\n\\n" + entry.format("A Title") + entry.format("B")
    >>> [getattr(r, "title", "stray") for r in read_listing("x.txt", text, NEURIPS)]
    ['A Title', 'B', 'stray']
    """
    blocks = blocks_of(text)
    records = _read_neurips(path, blocks) if fmt == NEURIPS else _read_daily(path, blocks)
    for record in records:
        if isinstance(record, Paper) and len(record.abstract) > MAX_ABSTRACT:
            length = len(record.abstract)
            yield Skip(
                path,
                record.sources[0].line,
                f"abstract is {length} characters long (limit {MAX_ABSTRACT})",
            )
        else:
            yield record


def _paper(path: str, fmt: str, title: Block, abstract: str, **extra: str) -> Paper:
    date_text = extra.pop("date_text", "")
    return Paper(
        id=paper_id(title.text),
        title=title.text,
        abstract=abstract,
        date=parse_date(date_text) if date_text else "",
        date_text=date_text,
        venue=extra.get("venue", ""),
        sources=(Source(path, title.line, fmt),),
    )


def _stray(path: str, block: Block) -> Skip:
    return Skip(
        path, block.line, f"stray text {block.text[:40]!r} is not part of an entry", "stray"
    )


def _read_neurips(path: str, blocks: list[Block]) -> Iterator[Paper | Skip]:
    venue = find_venue(blocks)
    used: set[int] = set()
    for i, block in enumerate(blocks):
        if block.text != venue or i == 0 or i + 1 >= len(blocks):
            continue
        title, abstract = blocks[i - 1], blocks[i + 1]
        if i - 1 in used or len(abstract.text) < _SHORT or abstract.text == venue:
            continue
        used.update((i - 1, i, i + 1))
        yield _paper(path, NEURIPS, title, abstract.text, venue=block.text)
    for i, block in enumerate(blocks):
        if i not in used:
            yield _stray(path, block)


def _read_daily(path: str, blocks: list[Block]) -> Iterator[Paper | Skip]:
    i = 0
    while i < len(blocks) and blocks[i].text.lower() in PAGE_CHROME:
        i += 1
    if i and i < len(blocks) and is_month_day(blocks[i].text):
        i += 1  # the page's own date, which belongs to no entry
    pending: tuple[Block, str] | None = None
    date_text = ""
    while i < len(blocks):
        block = blocks[i]
        if _is_meta(block.text):
            if pending and is_month_day(block.text):
                date_text = block.text
            elif not pending:
                yield _stray(path, block)
            i += 1
            continue
        if pending:
            yield _paper(path, DAILY, pending[0], pending[1], date_text=date_text)
            pending, date_text = None, ""
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        after = blocks[i + 2] if i + 2 < len(blocks) else None
        if nxt and after and len(nxt.text) < _SHORT <= _LONG <= len(after.text):
            yield Skip(path, block.line, f"title {block.text[:40]!r} has no abstract")
            i += 1
            continue
        if nxt is None or _is_meta(nxt.text) or len(block.text) >= _LONG > len(nxt.text):
            yield (
                _stray(path, block)
                if len(block.text) < _SHORT
                else Skip(path, block.line, "abstract without a title line before it")
            )
            i += 1
            continue
        pending = (block, nxt.text)
        i += 2
    if pending:
        yield _paper(path, DAILY, pending[0], pending[1], date_text=date_text)
