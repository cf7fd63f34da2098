"""Merge the same paper read from several listings into one record.

Two entries are the same paper when their normalised titles are equal, or when one title is the
other followed by author names (``"... Language Models Luke Marks Amir Abdullah"``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from citegraph.corpus.text import title_key
from citegraph.model import Paper

# Shortest title, in words, that may have author names glued after it.
_MIN_PREFIX_WORDS = 4
# Longest glued tail, in words.
_MAX_TAIL_WORDS = 16
_NAME = re.compile(r"^(?:[A-Z][a-z'\-]+\.?|[A-Z]\.|\d+(?:,\d+)*[,*†‡]?|[*†‡,]|and)$")
# Capitalised words that end real titles and must not be mistaken for author names.
_TITLE_WORDS = frozenset(
    [
        "Networks",
        "Network",
        "Learning",
        "Models",
        "Model",
        "Data",
        "Dataset",
        "Datasets",
        "Benchmark",
        "Systems",
        "Analysis",
        "Search",
        "Training",
        "Optimization",
        "Optimisation",
        "Inference",
        "Transformers",
        "Transformer",
        "Graphs",
        "Graph",
        "Generation",
        "Representations",
        "Representation",
        "Detection",
        "Classification",
        "Segmentation",
        "Theory",
        "Approach",
        "Framework",
        "Algorithms",
        "Algorithm",
        "Methods",
        "Method",
        "Perspective",
        "Review",
        "Survey",
        "Study",
        "Tasks",
        "Task",
        "Language",
        "Vision",
        "Control",
        "Agents",
        "Agent",
        "Functions",
        "Function",
        "Kernels",
        "Kernel",
        "Scale",
    ]
)


@dataclass(frozen=True, slots=True)
class DedupeResult:
    """Unique papers in first-seen order, and how many entries were merged into them."""

    papers: tuple[Paper, ...]
    merged: int
    glued_titles: int


def _looks_like_names(words: list[str]) -> bool:
    names = [w for w in words if w[:1].isalpha() and w != "and"]
    return (
        0 < len(words) <= _MAX_TAIL_WORDS
        and len(names) >= 2
        and all(_NAME.match(w) for w in words)
        and not any(w in _TITLE_WORDS for w in names)
    )


def merge(a: Paper, b: Paper) -> Paper:
    """One paper from two entries of it: ``a``'s identity, the longer abstract, every source.

    >>> from citegraph.model import Source
    >>> m = merge(Paper("1", "T", "short", sources=(Source("a", 1, "x"),)),
    ...           Paper("2", "T", "longer one", date="2020-01-02", sources=(Source("b", 5, "x"),)))
    >>> m.abstract, m.date, [str(s) for s in m.sources]
    ('longer one', '2020-01-02', ['a:1', 'b:5'])
    """
    return replace(
        a,
        abstract=max(a.abstract, b.abstract, key=len),
        date=a.date or b.date,
        date_text=a.date_text or b.date_text,
        authors=a.authors or b.authors,
        venue=a.venue or b.venue,
        url=a.url or b.url,
        sources=a.sources + tuple(s for s in b.sources if s not in a.sources),
    )


def deduplicate(papers: Iterable[Paper]) -> DedupeResult:
    """Merge entries of the same paper.

    Notes
    -----
    Linear in the number of papers times title length: each title is looked up by its key and
    by each of its word prefixes, never compared with every other title.

    Examples
    --------
    >>> ps = [Paper("a", "Deep Nets for Graph Data", "x"),
    ...       Paper("b", "Deep Nets for Graph Data Ada Lovelace Alan Turing", "yy"),
    ...       Paper("c", "deep nets for graph data!", "z")]
    >>> r = deduplicate(ps)
    >>> [p.title for p in r.papers], r.merged, r.glued_titles
    (['Deep Nets for Graph Data'], 2, 1)
    """
    ordered = list(papers)
    by_key: dict[str, Paper] = {}
    order: list[str] = []
    glued: list[Paper] = []
    merged = 0
    for paper in ordered:
        key = title_key(paper.title)
        if key in by_key:
            by_key[key] = merge(by_key[key], paper)
            merged += 1
        else:
            by_key[key] = paper
            order.append(key)
    # Second pass: a title that is another title plus author names merges into the clean one.
    glued_titles = 0
    for key in list(order):
        words_key = key.split()
        raw_words = by_key[key].title.split()
        for n in range(len(words_key) - 1, _MIN_PREFIX_WORDS - 1, -1):
            prefix = " ".join(words_key[:n])
            if prefix in by_key and prefix != key:
                tail = raw_words[_raw_prefix_len(raw_words, n) :]
                if _looks_like_names(tail):
                    by_key[prefix] = merge(by_key[prefix], by_key.pop(key))
                    order.remove(key)
                    merged += 1
                    glued_titles += 1
                break
    del glued
    return DedupeResult(tuple(by_key[k] for k in order), merged, glued_titles)


def _raw_prefix_len(raw_words: list[str], n: int) -> int:
    """How many raw (whitespace-separated) words cover the first ``n`` key words."""
    covered = 0
    for i, word in enumerate(raw_words):
        covered += len(title_key(word).split())
        if covered >= n:
            return i + 1
    return len(raw_words)
