"""OpenAlex works (API results or snapshot ``works`` files): JSON Lines whose abstract is an
``abstract_inverted_index`` mapping each word to its positions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from citegraph.corpus.clean import any_date
from citegraph.corpus.record import make_paper, read_json_lines, text_of
from citegraph.model import Paper, Skip

OPENALEX = "openalex"
# An index claiming more word positions than this is broken, not a long abstract.
_MAX_POSITIONS = 50_000


def sniff(record: Mapping[str, Any]) -> bool:
    """Whether a JSON object is an OpenAlex work.

    >>> sniff({"id": "https://openalex.org/W1", "title": "T"}), sniff({"paperId": "x"})
    (True, False)
    """
    return "abstract_inverted_index" in record or text_of(record.get("id")).startswith(
        "https://openalex.org/"
    )


def rebuild_abstract(index: Any) -> str:
    """The abstract text of an inverted index, words in position order.

    >>> rebuild_abstract({"graphs": [1, 3], "We": [0], "love": [2]})
    'We graphs love graphs'
    >>> rebuild_abstract(None)
    ''
    """
    if not isinstance(index, Mapping):
        return ""
    words: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(positions, list):
            continue
        for pos in positions:
            if isinstance(pos, int) and not isinstance(pos, bool) and 0 <= pos < _MAX_POSITIONS:
                words.setdefault(pos, str(word))
    return " ".join(words[p] for p in sorted(words))


def record_to_paper(record: Mapping[str, Any], path: str, line: int) -> Paper | Skip:
    """A paper from one OpenAlex work.

    >>> r = {"id": "https://openalex.org/W42", "display_name": "T", "doi": "https://doi.org/10.1/X",
    ...      "publication_date": "2020-05-17", "abstract_inverted_index": {"Hi": [0], "there": [1]}}
    >>> p = record_to_paper(r, "w.jsonl", 1)
    >>> p.id, p.abstract, p.doi, p.date
    ('W42', 'Hi there', '10.1/x', '2020-05-17')
    """
    ids = record.get("ids") if isinstance(record.get("ids"), Mapping) else {}
    work_id = text_of(record.get("id")).rsplit("/", 1)[-1]
    abstract = rebuild_abstract(record.get("abstract_inverted_index")) or record.get("abstract")
    date_text = text_of(record.get("publication_date") or record.get("publication_year"))
    return make_paper(
        path,
        line,
        OPENALEX,
        id=work_id,
        title=record.get("title") or record.get("display_name"),
        abstract=abstract,
        date=any_date(date_text),
        date_text=date_text,
        doi=record.get("doi") or ids.get("doi") or "",  # type: ignore[union-attr]
        arxiv_id=_arxiv_from_locations(record.get("locations")),
        authors=_authors(record.get("authorships")),
        venue=_venue(record.get("primary_location")),
        url=text_of(record.get("id")),
    )


def _authors(authorships: Any) -> list[str]:
    if not isinstance(authorships, list):
        return []
    names = []
    for a in authorships:
        author = a.get("author") if isinstance(a, Mapping) else None
        if isinstance(author, Mapping):
            names.append(text_of(author.get("display_name")))
    return names


def _venue(location: Any) -> str:
    source = location.get("source") if isinstance(location, Mapping) else None
    return text_of(source.get("display_name")) if isinstance(source, Mapping) else ""


def _arxiv_from_locations(locations: Any) -> str:
    if not isinstance(locations, list):
        return ""
    for loc in locations:
        url = text_of(loc.get("landing_page_url")) if isinstance(loc, Mapping) else ""
        if "arxiv.org/abs/" in url:
            return url.split("arxiv.org/abs/", 1)[1]
    return ""


def read_openalex(path: str, text: str) -> Iterator[Paper | Skip]:
    """Papers of an OpenAlex works file."""
    return read_json_lines(path, text, record_to_paper)
