"""Semantic Scholar papers: Graph API results (``paperId``, ``externalIds``, ``publicationDate``)
or dataset snapshot lines (``corpusid``, ``externalids``, ``publicationdate``), as JSON Lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from citegraph.corpus.clean import any_date
from citegraph.corpus.record import make_paper, read_json_lines, text_of
from citegraph.model import Paper, Skip

S2 = "s2"


def sniff(record: Mapping[str, Any]) -> bool:
    """Whether a JSON object is a Semantic Scholar paper.

    >>> sniff({"paperId": "abc", "title": "T"}), sniff({"corpusid": 1}), sniff({"id": 1})
    (True, True, False)
    """
    keys = {k.lower() for k in record}
    return bool({"paperid", "corpusid", "externalids"} & keys)


def record_to_paper(record: Mapping[str, Any], path: str, line: int) -> Paper | Skip:
    """A paper from one Semantic Scholar record; keys are matched without regard to case.

    >>> r = {"paperId": "ab12", "title": "T", "abstract": "A.", "year": 2020,
    ...      "externalIds": {"DOI": "10.1/X", "ArXiv": "2001.00001"}}
    >>> p = record_to_paper(r, "s2.jsonl", 1)
    >>> p.id, p.date, p.doi, p.arxiv_id
    ('ab12', '2020', '10.1/x', '2001.00001')
    """
    rec = {k.lower(): v for k, v in record.items()}
    external = rec.get("externalids")
    ext = {k.lower(): v for k, v in external.items()} if isinstance(external, Mapping) else {}
    date_text = text_of(rec.get("publicationdate") or rec.get("year"))
    authors = rec.get("authors")
    venue = rec.get("venue") or rec.get("journal") or ""
    if isinstance(venue, Mapping):
        venue = venue.get("name") or ""
    return make_paper(
        path,
        line,
        S2,
        id=text_of(rec.get("paperid") or rec.get("corpusid")),
        title=rec.get("title"),
        abstract=rec.get("abstract"),
        date=any_date(date_text),
        date_text=date_text,
        doi=text_of(ext.get("doi")),
        arxiv_id=text_of(ext.get("arxiv")),
        authors=[a.get("name") if isinstance(a, Mapping) else a for a in authors]
        if isinstance(authors, list)
        else [],
        venue=venue,
        url=text_of(rec.get("url")),
    )


def read_s2(path: str, text: str) -> Iterator[Paper | Skip]:
    """Papers of a Semantic Scholar papers file."""
    return read_json_lines(path, text, record_to_paper)
