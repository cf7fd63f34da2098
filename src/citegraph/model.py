"""Records that cross stage boundaries: corpus -> papers -> mentions -> graph.

All are frozen so a stage can never change what an earlier stage produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record was read: file path, 1-based line and detected format."""

    path: str
    line: int
    format: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper: title, abstract and what the listing said about it.

    ``date`` is ISO (``YYYY-MM-DD``) or empty when unknown; ``date_text`` keeps what the
    listing printed (``"Jul 15"``) so a later stage can resolve it with more context.

    Examples
    --------
    >>> p = Paper(id="p1", title="A title", abstract="An abstract.")
    >>> p.text
    'A title.\\nAn abstract.'
    """

    id: str
    title: str
    abstract: str
    date: str = ""
    date_text: str = ""
    authors: tuple[str, ...] = ()
    venue: str = ""
    url: str = ""
    sources: tuple[Source, ...] = field(default=())
    doi: str = ""  # lower case, no https://doi.org/ prefix
    arxiv_id: str = ""  # no version suffix: 2101.00001, hep-th/9901001

    @property
    def text(self) -> str:
        """Title and abstract as one text, the title a sentence of its own."""
        title = self.title.strip()
        if title and title[-1] not in ".?!":
            title += "."
        return f"{title}\n{self.abstract.strip()}"


@dataclass(frozen=True, slots=True)
class Skip:
    """A record that was not read, with the reason."""

    path: str
    line: int
    reason: str
    kind: str = "record"  # "record": a record was dropped; "stray": text that is no record

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed entity mention in one paper's text (character offsets into ``Paper.text``)."""

    text: str
    label: str
    start: int
    end: int
    sentence: int
    introduced: bool = False


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """A short form defined in a text next to its long form: ``graph neural networks (GNNs)``."""

    short: str
    long: str


@dataclass(frozen=True, slots=True)
class PaperMentions:
    """What extraction found in one paper: small enough to ship between processes."""

    paper_id: str
    mentions: tuple[Mention, ...]
    abbreviations: tuple[Abbreviation, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity: every alias of it across the corpus resolves to ``key``."""

    key: str
    label: str
    name: str
    aliases: tuple[str, ...]
    papers: int = 0
