"""BibTeX files (``.bib``): one paper per entry that has a title and an abstract.

Parsed with bibtexparser v2, which keeps each entry's start line and isolates a broken entry
in a failed block instead of losing the rest of the file. LaTeX in the values becomes text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from citegraph.corpus.clean import any_date, iso_date
from citegraph.corpus.record import make_paper
from citegraph.model import Paper, Skip

BIBTEX = "bibtex"

_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_AUTHOR_SEP = re.compile(r"\s+and\s+", re.IGNORECASE)
# Entry types that hold no paper: their blocks are not records.
_NOT_PAPERS = frozenset({"string", "preamble", "comment"})


def sniff(text: str) -> bool:
    """Whether ``text`` looks like BibTeX: an ``@type{`` line near the top.

    >>> sniff("% refs\\n@article{k, title={T}}"), sniff("Title\\n\\nAbstract")
    (True, False)
    """
    return bool(_ENTRY.search(text[:20_000]))


def read_bibtex(path: str, text: str) -> Iterator[Paper | Skip]:
    """Papers of a BibTeX file; entries without title or abstract and broken entries come back
    as ``Skip`` at the line where the entry starts.

    Examples
    --------
    >>> bib = '@article{k1,\\n  title = {{GNN}s for {\\\\"u}ber graphs},\\n  abstract = {A.},\\n'
    >>> bib += '  year = 2020, month = jul, doi = {https://doi.org/10.1/ABC}\\n}\\n'
    >>> p = next(read_bibtex("refs.bib", bib))
    >>> p.title, p.date, p.doi, str(p.sources[0])
    ('GNNs for über graphs', '2020-07', '10.1/abc', 'refs.bib:1')
    """
    import bibtexparser
    from bibtexparser import model

    # bibtexparser logs each failed block; those become Skips here, the library stays quiet.
    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
    try:
        library = bibtexparser.parse_string(text)
    except Exception as err:  # the splitter may still trip on adversarial input
        yield Skip(path, 1, f"cannot parse BibTeX ({type(err).__name__}); check the file")
        return
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.DuplicateBlockKeyBlock):
            # Same key twice: still a record; de-duplication decides whether it is the same paper.
            entry = block.ignore_error_block
            if isinstance(entry, model.Entry):
                yield _paper(path, line, entry)
        elif isinstance(block, model.ParsingFailedBlock):
            yield Skip(path, line, f"malformed BibTeX entry ({_first_line(block.error)})")
        elif isinstance(block, model.Entry) and block.entry_type.lower() not in _NOT_PAPERS:
            yield _paper(path, line, block)


def _first_line(error: object) -> str:
    text = (getattr(error, "abort_reason", "") or str(error)).strip().splitlines()
    reason = text[0][:160] if text else "syntax error"
    return f"{reason}; check its braces and quotes"


def _paper(path: str, line: int, entry: object) -> Paper | Skip:
    fields = {f.key.lower(): str(f.value) for f in entry.fields}  # type: ignore[attr-defined]
    date = any_date(fields.get("date", "")) or iso_date(
        fields.get("year", ""), fields.get("month", ""), fields.get("day", "")
    )
    eprint = fields.get("eprint", "")
    if fields.get("archiveprefix", "arxiv").lower() != "arxiv":
        eprint = ""
    return make_paper(
        path,
        line,
        BIBTEX,
        id=entry.key,  # type: ignore[attr-defined]
        title=fields.get("title", ""),
        abstract=fields.get("abstract", ""),
        date=date,
        date_text=fields.get("date") or fields.get("year", ""),
        doi=fields.get("doi", ""),
        arxiv_id=eprint,
        authors=[a for a in _AUTHOR_SEP.split(fields.get("author", "")) if a.strip()],
        venue=fields.get("journal") or fields.get("booktitle", ""),
        url=fields.get("url", ""),
        latex=True,
    )
