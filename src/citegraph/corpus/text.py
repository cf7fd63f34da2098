"""Small text helpers shared by the readers: title keys, dates, ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_MONTH_DAY = re.compile(
    r"^(?P<mon>[A-Z][a-z]{2})[a-z]*\.?\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?(?:\s+\d+)?$"
)
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def title_key(title: str) -> str:
    """Normalise a title for comparison: accents folded, case and punctuation dropped.

    >>> title_key("Pointer  Networks!")
    'pointer networks'
    >>> title_key("Na\u00efve Bayes") == title_key("Naive-Bayes")
    True
    """
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return _NON_WORD.sub(" ", folded).strip()


def paper_id(title: str) -> str:
    """A stable id derived from the normalised title.

    >>> paper_id("Pointer Networks") == paper_id("pointer networks.")
    True
    """
    return hashlib.sha1(title_key(title).encode()).hexdigest()[:12]


def is_month_day(line: str) -> bool:
    """Whether a line is a listing date such as ``Nov 27, 2017``, ``Jul 15`` or ``Apr 25 2``.

    >>> is_month_day("Oct 10, 2024 3"), is_month_day("Neural Networks 2")
    (True, False)
    """
    m = _MONTH_DAY.match(line.strip())
    if m is None:
        return False
    return m.group("mon").lower() in _MONTHS and 1 <= int(m.group("day")) <= 31


def parse_date(text: str) -> str:
    """ISO date for a listing date, or ``""`` when the year is unknown.

    A trailing number after a yearless date is an upvote count, never a year.

    >>> parse_date("Nov 27, 2017"), parse_date("Jul 15"), parse_date("Oct 10, 2024 3")
    ('2017-11-27', '', '2024-10-10')
    >>> parse_date("2021-03"), parse_date("not a date")
    ('2021-03', '')
    """
    text = text.strip()
    if _ISO.match(text):
        return text
    m = _MONTH_DAY.match(text)
    if not m or not m.group("year") or m.group("mon").lower() not in _MONTHS:
        return ""
    return f"{m.group('year')}-{_MONTHS[m.group('mon').lower()]:02d}-{int(m.group('day')):02d}"
