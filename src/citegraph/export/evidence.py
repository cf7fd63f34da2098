"""Evidence for the view, derived from the graph alone: the sentences where entities appear.

Paper nodes carry ``title`` and ``abstract``; entity nodes carry their ``aliases``. A sentence
mentions an entity when it contains one of its aliases (or its name) as whole words, ignoring
case. Positions are character offsets into the sentence, so the page can highlight them while
building its text with DOM nodes only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import networkx as nx

from citegraph.graph import schema as S

# A sentence ends at . ! or ? followed by space and something that can start a sentence; "e.g."
# and "i.e." are followed by lower case and so do not split.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9])")

Span = tuple[int, int, int]  # start, end, which end of the edge (0 or 1)


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped, empty ones dropped.

    >>> split_sentences("We use BERT, e.g. for QA. It works!  Done.")
    ['We use BERT, e.g. for QA.', 'It works!', 'Done.']
    """
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def paper_sentences(data: dict) -> list[str]:
    """The title (first) and the sentences of the abstract of a paper node."""
    title = str(data.get(S.TITLE) or data.get(S.NAME) or "").strip()
    return ([title] if title else []) + split_sentences(str(data.get(S.ABSTRACT) or ""))


def entity_aliases(data: dict) -> tuple[str, ...]:
    """Every surface form of an entity node: its name and its ``|``-joined aliases."""
    forms = [str(data.get(S.NAME) or ""), *str(data.get(S.ALIASES) or "").split(S.LIST_SEP)]
    return tuple(dict.fromkeys(f.strip() for f in forms if f.strip()))


@lru_cache(maxsize=4096)
def _alias_search(aliases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=4096)
def alias_pattern(aliases: tuple[str, ...]) -> re.Pattern[str] | None:
    """A case-insensitive whole-word pattern for any alias, longest first.

    >>> alias_pattern(("GNN", "graph neural network")).findall("A Graph Neural Network (GNNs)")
    ['Graph Neural Network']
    """
    if not aliases:
        return None
    return re.compile(rf"(?<!\w){_alias_search(aliases).pattern}", re.IGNORECASE)


_WORD = re.compile(r"\w")


def alias_matches(aliases: tuple[str, ...], text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each match of :func:`alias_pattern` in ``text``, in order.

    Without the pattern's leading lookbehind the regex engine skips straight to the
    characters an alias can start with (a third less time over abstracts). A match that
    follows a word character is dropped and the search goes on from the next character, which
    is where the lookbehind would have sent it.

    >>> list(alias_matches(("GNN",), "xGNN, GNN"))
    [(6, 9)]
    """
    if not aliases:
        return
    search, at = _alias_search(aliases).search, 0
    while (m := search(text, at)) is not None:
        start = m.start()
        if start and _WORD.match(text, start - 1):
            at = start + 1
        else:
            at = m.end()
            yield start, at


def find_spans(sentence: str, patterns: Iterable[re.Pattern[str] | None]) -> list[Span]:
    """Non-overlapping matches of each pattern in ``sentence``, tagged with the pattern's index.

    >>> find_spans("BERT beats GPT", [re.compile("BERT"), re.compile("GPT")])
    [(0, 4, 0), (11, 14, 1)]
    """
    return merge_spans(
        [(m.start(), m.end()) for m in pattern.finditer(sentence)] if pattern else []
        for pattern in patterns
    )


def merge_spans(matches: Iterable[Sequence[tuple[int, int]]]) -> list[Span]:
    """Matches of several patterns (one list each) tagged with the list's index, overlaps
    dropped: earlier first, longer first at the same start.

    >>> merge_spans([[(0, 9)], [(5, 9), (11, 14)]])
    [(0, 9, 0), (11, 14, 1)]
    """
    found = [(a, b, which) for which, spans in enumerate(matches) for a, b in spans]
    found.sort(key=lambda s: (s[0], s[0] - s[1]))
    kept: list[Span] = []
    for span in found:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a paper (index 0 is the title) and where the entities appear in it."""

    index: int
    text: str
    spans: tuple[Span, ...]


def mention_sentences(
    sentences: list[str], patterns: list[re.Pattern[str] | None], limit: int = 3
) -> list[Sentence]:
    """Up to ``limit`` sentences that mention the entities: those naming all of them first, then
    the first sentence naming each one not yet covered.

    >>> s = mention_sentences(["BERT and GPT.", "GPT again."], [re.compile("BERT"),
    ...                       re.compile("GPT")])
    >>> [(x.index, x.spans) for x in s]
    [(0, ((0, 4, 0), (9, 12, 1)))]
    """
    tagged = [(i, text, find_spans(text, patterns)) for i, text in enumerate(sentences)]
    return choose_sentences(tagged, len(patterns), limit)


def choose_sentences(
    tagged: list[tuple[int, str, list[Span]]], n_entities: int, limit: int = 3
) -> list[Sentence]:
    """The selection of :func:`mention_sentences` from sentences already tagged with spans."""
    tagged = [t for t in tagged if t[2]]
    wanted = set(range(n_entities))
    both = [t for t in tagged if {s[2] for s in t[2]} == wanted]
    chosen = both[:limit]
    covered = {s[2] for t in chosen for s in t[2]}
    for t in tagged:
        if len(chosen) >= limit or covered == wanted:
            break
        new = {s[2] for s in t[2]} - covered
        if new and t not in chosen:
            chosen.append(t)
            covered |= new
    chosen.sort(key=lambda t: t[0])
    return [Sentence(i, text, tuple(spans)) for i, text, spans in chosen]


def papers_of(
    graph: nx.MultiDiGraph,
    entity: str,
    order: Mapping[str, int] | None = None,
    mentioning: Callable[[str], list[str]] | None = None,
) -> list[str]:
    """Paper nodes with a MENTIONS edge to ``entity``, newest first, then by title.

    ``order``, from :func:`paper_order`, ranks the papers once for many entities: hubs of a
    large graph are mentioned by tens of thousands of papers. ``mentioning``, if given, lists
    the papers mentioning an entity in place of the graph's edges (which it then need not hold).
    """
    if mentioning is not None:
        papers = mentioning(entity)
    else:
        # Edges are keyed by their type, as in ``schema.typed_edges``. The adjacency is read as
        # the dicts it is: NetworkX's views wrap every item (80% of this for a hub of 10k
        # papers).
        papers = [u for u, keyed in graph._pred[entity].items() if S.MENTIONS in keyed]
    if order is not None:
        papers.sort(key=order.__getitem__)
    else:
        _newest_first(graph, papers)
    return papers


def paper_order(graph: nx.MultiDiGraph) -> dict[str, int]:
    """The rank of every Paper node in the order of :func:`papers_of`.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("p1", label="Paper", title="B", date="2024-01-01")
    >>> g.add_node("p2", label="Paper", title="A", date="2024-01-01")
    >>> g.add_node("p3", label="Paper", title="C", date="2025-06-01")
    >>> paper_order(g)
    {'p3': 0, 'p2': 1, 'p1': 2}
    """
    papers = [n for n, d in graph.nodes(data=True) if d.get(S.LABEL) == S.PAPER]
    _newest_first(graph, papers)
    return {p: i for i, p in enumerate(papers)}


def _newest_first(graph: nx.MultiDiGraph, papers: list[str]) -> None:
    papers.sort(key=lambda p: str(graph.nodes[p].get(S.TITLE) or ""))
    papers.sort(key=lambda p: str(graph.nodes[p].get(S.DATE) or ""), reverse=True)


class EvidenceIndex:
    """Sentences of papers and where each entity appears in them, each worked out once.

    Views look up many edges sharing the same papers and entities; the index keeps the
    splitting and the alias matching of a (paper, entity) pair for all of them.
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self._sentences: dict[str, list[str]] = {}
        # Each paper's sentences joined by NUL (which no alias contains), and where each starts,
        # so an entity is matched in one pass over the paper.
        self._joined: dict[str, tuple[str, list[int]]] = {}
        self._matches: dict[tuple[str, str], list[list[tuple[int, int]]]] = {}
        self._aliases: dict[str, tuple[str, ...]] = {}

    def sentences(self, paper: str) -> list[str]:
        """The title and the abstract's sentences of ``paper``."""
        found = self._sentences.get(paper)
        if found is None:
            found = self._sentences[paper] = paper_sentences(self.graph.nodes[paper])
        return found

    def matches(self, paper: str, entity: str) -> list[list[tuple[int, int]]]:
        """For each sentence of ``paper``, the (start, end) of every match of ``entity``."""
        found = self._matches.get((paper, entity))
        if found is not None:
            return found
        sentences = self.sentences(paper)
        found = [[] for _ in sentences]
        aliases = self._aliases.get(entity)
        if aliases is None:
            aliases = self._aliases[entity] = entity_aliases(self.graph.nodes[entity])
        if aliases:
            joined = self._joined.get(paper)
            if joined is None:
                starts = list(accumulate((len(t) + 1 for t in sentences[:-1]), initial=0))
                joined = self._joined[paper] = ("\x00".join(sentences), starts)
            text, starts = joined
            for start, end in alias_matches(aliases, text):
                i = bisect_right(starts, start) - 1
                found[i].append((start - starts[i], end - starts[i]))
        self._matches[(paper, entity)] = found
        return found


# Common papers an edge's evidence reads, per paper it shows: the newest ones only.
READ_PER_SHOWN = 4


def edge_evidence(
    graph: nx.MultiDiGraph,
    u: str,
    v: str,
    max_papers: int = 5,
    max_sentences: int = 3,
    common: Sequence[str] | None = None,
    index: EvidenceIndex | None = None,
) -> tuple[list[tuple[str, list[Sentence]]], int]:
    """The papers mentioning both ``u`` and ``v`` with their evidence sentences, and how many
    such papers there are.

    At most ``max_papers`` are returned, those with a sentence naming both ends first. Only the
    newest ``READ_PER_SHOWN * max_papers`` common papers are read, so heavy edges cost no more
    than light ones. ``common`` may give the common papers, newest first, when already known;
    the newest ``READ_PER_SHOWN * max_papers`` are enough, though the count returned is then
    theirs.
    """
    if common is None:
        of_v = set(papers_of(graph, v))
        common = [p for p in papers_of(graph, u) if p in of_v]
    index = index or EvidenceIndex(graph)
    found = []
    together_seen = 0
    for rank, paper in enumerate(common[: READ_PER_SHOWN * max_papers]):
        if together_seen >= max_papers:
            break  # later papers rank below these whatever their sentences hold
        at_u, at_v = index.matches(paper, u), index.matches(paper, v)
        # Whether the sentences chosen below will include one naming both ends: whether any
        # sentence does. Only the papers shown have their sentences chosen.
        together = max_sentences > 0 and any(
            a and b and len({span[2] for span in merge_spans((a, b))}) == 2
            for a, b in zip(at_u, at_v, strict=True)
        )
        together_seen += together
        found.append((not together, rank, paper, at_u, at_v))
    found.sort(key=lambda f: (f[0], f[1]))
    shown = []
    for _, _, paper, at_u, at_v in found[:max_papers]:
        tagged = [
            (i, text, merge_spans((at_u[i], at_v[i])))
            for i, text in enumerate(index.sentences(paper))
            if at_u[i] or at_v[i]
        ]
        shown.append((paper, choose_sentences(tagged, 2, limit=max_sentences)))
    return shown, len(common)
