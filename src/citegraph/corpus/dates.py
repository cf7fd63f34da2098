"""Resolve the dates listings print into ISO dates, never guessing a year silently.

A full date ("Nov 27, 2017") is parsed as printed. A yearless entry date ("Jul 15") takes its
year from the listing's page date ("Aug 6, 2024") when that has one; an entry date later in the
year than the page date belongs to the year before, since a page lists papers up to its own
date. Without a page year the entry date stays unknown and is counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from citegraph.corpus.listing import DAILY, PAGE_CHROME, blocks_of
from citegraph.corpus.read import decode
from citegraph.corpus.text import _MONTH_DAY, _MONTHS, is_month_day, parse_date
from citegraph.errors import CitegraphError
from citegraph.model import Paper


def page_date(text: str) -> str:
    """The page's own date line of a daily listing (after the page chrome), or ``""``.

    >>> page_date("new\\n\\nDaily Papers\\n\\nAug 6, 2024\\n\\nA Title\\n\\nAbstract ...")
    'Aug 6, 2024'
    >>> page_date("A Title\\n\\nAbstract ...")
    ''
    """
    blocks = blocks_of(text)
    i = 0
    while i < len(blocks) and blocks[i].text.lower() in PAGE_CHROME:
        i += 1
    if i and i < len(blocks) and is_month_day(blocks[i].text):
        return blocks[i].text
    return ""


def resolve_date(date_text: str, page: str = "") -> str:
    """ISO date of an entry's ``date_text``, using the ``page`` date's year when it has none.

    >>> resolve_date("Nov 27, 2017"), resolve_date("Jul 15", "Aug 6, 2024")
    ('2017-11-27', '2024-07-15')
    >>> resolve_date("Dec 11", "Feb 2, 2025"), resolve_date("Jul 15", "Aug 6")
    ('2024-12-11', '')
    """
    full = parse_date(date_text)
    if full or not date_text:
        return full
    entry, pg = _MONTH_DAY.match(date_text.strip()), _MONTH_DAY.match(page.strip())
    if not entry or not pg or not pg.group("year") or not is_month_day(date_text):
        return ""
    month, day = _MONTHS[entry.group("mon").lower()], int(entry.group("day"))
    page_month = _MONTHS.get(pg.group("mon").lower(), 0)
    year = int(pg.group("year"))
    if (month, day) > (page_month, int(pg.group("day"))):
        year -= 1
    return f"{year}-{month:02d}-{day:02d}"


@dataclass(frozen=True, slots=True)
class DatedPapers:
    """Papers with every resolvable date filled in, and counts of the rest.

    ``unknown``: the listing printed a date that cannot be resolved (no year anywhere);
    ``undated``: the listing printed no date at all.
    """

    papers: tuple[Paper, ...]
    resolved: int
    unknown: int
    undated: int


def page_dates(files: Mapping[str, str]) -> dict[str, str]:
    """Page date of each daily-listing file in ``files`` (path → format); unreadable ones skip."""
    found = {}
    for path, fmt in files.items():
        if fmt != DAILY:
            continue
        try:
            text, _ = decode(Path(path), Path(path).read_bytes())
        except (OSError, CitegraphError):
            continue
        found[path] = page_date(text)
    return found


def resolve_dates(papers: Iterable[Paper], pages: Mapping[str, str]) -> DatedPapers:
    """Fill in ``date`` from ``date_text`` and the page date of the paper's first source file.

    >>> from citegraph.model import Source
    >>> p = Paper("1", "T", "A", date_text="Jul 15", sources=(Source("a.txt", 9, "x"),))
    >>> r = resolve_dates([p], {"a.txt": "Aug 6, 2024"})
    >>> r.papers[0].date, r.resolved, r.unknown
    ('2024-07-15', 1, 0)
    """
    out, resolved, unknown, undated = [], 0, 0, 0
    for paper in papers:
        if not paper.date and paper.date_text:
            page = next((pages[s.path] for s in paper.sources if pages.get(s.path)), "")
            date = resolve_date(paper.date_text, page)
            if date:
                paper = replace(paper, date=date)
                resolved += 1
            else:
                unknown += 1
        elif not paper.date:
            undated += 1
        out.append(paper)
    return DatedPapers(tuple(out), resolved, unknown, undated)
