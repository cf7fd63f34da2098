"""Turn field values from any source into plain text, and identifiers into one spelling.

Abstracts arrive with LaTeX (BibTeX, arXiv), HTML or JATS tags and entities (OpenAlex,
Semantic Scholar, CSV exports) and ragged whitespace; DOIs as URLs or ``doi:`` strings and arXiv
ids with version suffixes. Every reader sends its values through these functions so that the
same paper read from two sources compares equal.
"""

from __future__ import annotations

import html
import re
from email.utils import parsedate_to_datetime

from citegraph.corpus.text import parse_date

# LaTeX conversion is superlinear on pathological input; longer values are left as they are.
_LATEX_MAX = 100_000
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:_-]*(?:\s[^<>]*)?/?>")
_LATEX_HINT = re.compile(r"[\\{}$]")
_DOI = re.compile(r"10\.\d+(?:\.\d+)*/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_NEW = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?")
_ARXIV_OLD = re.compile(r"([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
_ARXIV_PREFIX = re.compile(r"^(?:arxiv:\s*|https?://arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def squash(text: str) -> str:
    """Whitespace runs (newlines, tabs, no-break spaces) as single spaces, ends trimmed.

    >>> squash("  a\\n\\t b\\u00a0c ")
    'a b c'
    """
    return " ".join(text.split())


def strip_html(text: str) -> str:
    """Text without HTML/JATS tags and with entities unescaped.

    >>> strip_html("<jats:p>Graphs &amp; <i>nets</i> &lt;3</jats:p>")
    'Graphs & nets <3'
    """
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return squash(text)


def latex_to_text(text: str) -> str:
    """Plain text of a LaTeX fragment: accents resolved, braces and markup commands dropped.

    >>> latex_to_text(r"{GNN}s for {\\"u}ber \\emph{fast} graphs, 50\\%")
    'GNNs for über fast graphs, 50%'
    """
    if not _LATEX_HINT.search(text) or len(text) > _LATEX_MAX:
        return squash(text)
    from pylatexenc.latex2text import LatexNodes2Text

    # A bare % in an abstract is a percent sign, not the start of a LaTeX comment.
    text = re.sub(r"(?<!\\)%", r"\\%", text)
    try:
        return squash(LatexNodes2Text(math_mode="text").latex_to_text(text))
    except Exception:  # pylatexenc is tolerant, but is not worth losing a record over
        return squash(text)


def clean(text: str, *, latex: bool = False) -> str:
    """A field value as plain text: HTML removed, LaTeX converted when ``latex``.

    >>> clean("A <b>bold</b>\\n claim &gt; 2")
    'A bold claim > 2'
    """
    text = strip_html(text)
    return latex_to_text(text) if latex else text


def normalise_doi(value: str) -> str:
    """A DOI in lower case without URL or ``doi:`` prefix, ``""`` if there is none.

    >>> normalise_doi("https://doi.org/10.1000/ABC.def"), normalise_doi("doi: 10.5/X")
    ('10.1000/abc.def', '10.5/x')
    >>> normalise_doi("n/a")
    ''
    """
    value = _DOI_PREFIX.sub("", value.strip())
    m = _DOI.search(value)
    return m.group(0).rstrip(".,;").lower() if m else ""


def normalise_arxiv_id(value: str) -> str:
    """An arXiv id without prefix and version suffix, ``""`` if there is none.

    >>> normalise_arxiv_id("arXiv:2101.00001v3"), normalise_arxiv_id("hep-th/9901001v1")
    ('2101.00001', 'hep-th/9901001')
    """
    value = _ARXIV_PREFIX.sub("", value.strip())
    m = _ARXIV_NEW.fullmatch(value) or _ARXIV_OLD.fullmatch(value)
    return m.group(1) if m else ""


def iso_date(year: object = "", month: object = "", day: object = "") -> str:
    """ISO date from parts in the usual bibliographic spellings, ``""`` without a year.

    >>> iso_date("2020", "jul"), iso_date(2019, 3, 7), iso_date("n.d.")
    ('2020-07', '2019-03-07', '')
    """
    y = str(year).strip()
    if not re.fullmatch(r"\d{4}", y):
        return ""
    m = str(month).strip().lower()[:3]
    mon = _MONTHS.get(m) or (int(m) if m.isdigit() and 1 <= int(m) <= 12 else 0)
    if not mon:
        return y
    d = str(day).strip()
    if d.isdigit() and 1 <= int(d) <= 31:
        return f"{y}-{mon:02d}-{int(d):02d}"
    return f"{y}-{mon:02d}"


def any_date(text: str) -> str:
    """ISO date of ``2020-05-17``, ``2020/05/17/``, ``Mon, 2 Apr 2007 19:18:42 GMT`` and the
    listing spellings; ``""`` when no year can be read.

    >>> any_date("2020/05/17/"), any_date("Mon, 2 Apr 2007 19:18:42 GMT"), any_date("2021")
    ('2020-05-17', '2007-04-02', '2021')
    """
    text = text.strip()
    parts = re.fullmatch(r"(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?[/\w\s-]*", text)
    if parts:
        return iso_date(parts.group(1), parts.group(2) or "", parts.group(3) or "")
    if "," in text and ":" in text:
        try:
            return parsedate_to_datetime(text).date().isoformat()
        except (TypeError, ValueError, IndexError, OverflowError):
            return ""
    return parse_date(text)
