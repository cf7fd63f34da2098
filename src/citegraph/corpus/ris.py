"""RIS files (``.ris``, or ``.txt`` starting with ``TY  -``): one paper per ``TY`` ... ``ER``.

The file is split into records here, each parsed with rispy on its own, so every paper keeps
the line of its ``TY`` tag and a broken record never costs its neighbours.
"""

from __future__ import annotations

from collections.abc import Iterator

from citegraph.corpus.clean import any_date
from citegraph.corpus.record import lines_of, make_paper, text_of
from citegraph.model import Paper, Skip

RIS = "ris"


def sniff(text: str) -> bool:
    """Whether ``text`` is RIS: its first non-blank line is a ``TY  -`` tag.

    >>> sniff("\\nTY  - JOUR\\nTI  - T\\nER  - \\n"), sniff("TYPE - x")
    (True, False)
    """
    return text.lstrip().startswith("TY  -")


def split_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """``(line of TY, lines)`` of each record; a non-blank line outside any record comes back
    alone as ``(its line, [it])`` so the caller can report it.

    >>> [(n, len(r)) for n, r in split_records("TY  - JOUR\\nTI  - A\\nER  - \\n\\nTY  - X\\n")]
    [(1, 3), (5, 1)]
    """
    start, lines = 0, list[str]()
    for n, raw in enumerate(lines_of(text), 1):
        line = raw.rstrip()
        if line.startswith("TY  -"):
            if lines:
                yield start, lines
            start, lines = n, [line]
        elif lines:
            lines.append(line)
            if line.startswith("ER  -"):
                yield start, lines
                start, lines = 0, []
        elif line.strip():
            yield n, [line]
    if lines:
        yield start, lines


def read_ris(path: str, text: str) -> Iterator[Paper | Skip]:
    """Papers of an RIS file; records without title or abstract come back as ``Skip``.

    Examples
    --------
    >>> ris = "TY  - JOUR\\nT1  - Graph nets\\nAB  - We study graphs.\\nPY  - 2021/05/03/\\n"
    >>> ris += "DO  - https://doi.org/10.9/XYZ\\nER  - \\n"
    >>> p = next(read_ris("refs.ris", ris))
    >>> p.title, p.date, p.doi
    ('Graph nets', '2021-05-03', '10.9/xyz')
    """
    import rispy

    for line, lines in split_records(text):
        if not lines[0].startswith("TY  -"):
            yield Skip(path, line, f"text outside an RIS record: {lines[0][:40]!r}")
            continue
        if not lines[-1].startswith("ER  -"):
            yield Skip(path, line, "RIS record has no 'ER  -' end tag; the file may be cut short")
            continue
        try:
            entries = rispy.loads("\n".join(lines) + "\n", skip_unknown_tags=True)
        except Exception as err:  # rispy raises bare IOError/ValueError on malformed text
            yield Skip(path, line, f"malformed RIS record ({type(err).__name__}: {err})"[:200])
            continue
        if len(entries) != 1:
            yield Skip(path, line, "malformed RIS record")
            continue
        yield _paper(path, line, entries[0])


def _paper(path: str, line: int, entry: dict[str, object]) -> Paper | Skip:
    def get(*keys: str) -> str:
        for key in keys:
            value = text_of(entry.get(key))
            if value.strip():
                return value
        return ""

    date_text = get("date", "year", "publication_year")
    authors = entry.get("authors") or entry.get("first_authors") or []
    return make_paper(
        path,
        line,
        RIS,
        id=get("id"),
        title=get("title", "primary_title", "translated_title"),
        abstract=get("abstract", "notes_abstract"),
        date=any_date(get("date")) or any_date(get("year", "publication_year")),
        date_text=date_text,
        doi=get("doi"),
        authors=authors if isinstance(authors, list) else [authors],
        venue=get("journal_name", "secondary_title", "alternate_title3"),
        url=get("urls", "url"),
    )
