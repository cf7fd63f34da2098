"""arXiv metadata snapshot (Kaggle ``arxiv-metadata-oai-snapshot.json``): JSON Lines with
``id``, ``title``, ``abstract``, ``versions``, ``update_date`` and ``categories``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from citegraph.corpus.clean import any_date, normalise_arxiv_id
from citegraph.corpus.record import make_paper, read_json_lines, text_of
from citegraph.model import Paper, Skip

ARXIV = "arxiv"


def sniff(record: Mapping[str, Any]) -> bool:
    """Whether a JSON object is an arXiv snapshot record.

    >>> sniff({"id": "2101.00001", "abstract": "x", "versions": []}), sniff({"id": "W1"})
    (True, False)
    """
    return "id" in record and bool({"versions", "update_date", "categories"} & record.keys())


def first_version_date(versions: Any) -> str:
    """ISO date of the first version's ``created`` stamp, ``""`` when there is none.

    >>> first_version_date([{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}])
    '2007-04-02'
    """
    if isinstance(versions, list) and versions and isinstance(versions[0], Mapping):
        return any_date(text_of(versions[0].get("created")))
    return ""


def record_to_paper(record: Mapping[str, Any], path: str, line: int) -> Paper | Skip:
    """A paper from one snapshot record; the date is the first version's, else ``update_date``.

    >>> r = {"id": "2101.00001v2", "title": "A\\n  {GNN}s", "abstract": " x ",
    ...      "update_date": "2021-02-03"}
    >>> p = record_to_paper(r, "a.json", 1)
    >>> p.id, p.title, p.date, p.arxiv_id
    ('2101.00001', 'A GNNs', '2021-02-03', '2101.00001')
    """
    arxiv_id = normalise_arxiv_id(text_of(record.get("id")))
    created = first_version_date(record.get("versions"))
    update = text_of(record.get("update_date"))
    return make_paper(
        path,
        line,
        ARXIV,
        id=arxiv_id or text_of(record.get("id")),
        title=record.get("title"),
        abstract=record.get("abstract"),
        date=created or any_date(update),
        date_text=created or update,
        doi=text_of(record.get("doi")).split(" ")[0],
        arxiv_id=arxiv_id,
        authors=_authors(record),
        venue=record.get("journal-ref") or "",
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else "",
        latex=True,
    )


def _authors(record: Mapping[str, Any]) -> list[str]:
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list):
        names = []
        for parts in parsed:
            if isinstance(parts, list) and parts:
                last, first = text_of(parts[0]), text_of(parts[1]) if len(parts) > 1 else ""
                names.append(f"{first} {last}".strip())
        return names
    return [a for a in text_of(record.get("authors")).replace(" and ", ",").split(",")]


def read_arxiv(path: str, text: str) -> Iterator[Paper | Skip]:
    """Papers of an arXiv snapshot file."""
    return read_json_lines(path, text, record_to_paper)
