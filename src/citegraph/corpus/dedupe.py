"""Merge the same paper read from several listings into one record.

Rules, in order: two entries are the same paper when they share a DOI or an arXiv id; when their
normalised titles are equal; when one title is the other followed by author names
(``"... Language Models Luke Marks Amir Abdullah"``); or when their titles are nearly equal
(rapidfuzz ``token_sort_ratio`` >= 95) among titles that share a blocking key.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
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


# Fuzzy title matching: the score two titles need, and the shortest title key it applies to,
# since one typo in a short title is a different title as often as not.
FUZZY_SCORE = 95.0
_FUZZY_MIN_CHARS = 24
# A blocking key shared by more titles than this says nothing; it is not used.
_MAX_BLOCK = 200


@dataclass(frozen=True, slots=True)
class DedupeResult:
    """Unique papers in first-seen order, and how many entries were merged into them.

    ``merged`` counts every merge; ``by_id``, ``by_title``, ``glued_titles`` and
    ``fuzzy_titles`` count them by the rule that made them. ``renamed_ids`` counts distinct papers
    whose id was already taken and got a ``~2``-style suffix.
    """

    papers: tuple[Paper, ...]
    merged: int
    glued_titles: int
    by_id: int = 0
    by_title: int = 0
    fuzzy_titles: int = 0
    renamed_ids: int = 0

    def by_rule(self) -> dict[str, int]:
        """Merges by rule, for the build summary."""
        return {
            "doi_or_arxiv_id": self.by_id,
            "exact_title": self.by_title,
            "glued_authors": self.glued_titles,
            "fuzzy_title": self.fuzzy_titles,
        }


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
        doi=a.doi or b.doi,
        arxiv_id=a.arxiv_id or b.arxiv_id,
    )


def _id_keys(paper: Paper) -> list[str]:
    return [
        k
        for k in (paper.doi and "doi:" + paper.doi, paper.arxiv_id and "arxiv:" + paper.arxiv_id)
        if k
    ]


def merge_by_id(papers: Iterable[Paper]) -> tuple[list[Paper], int]:
    """Entries sharing a DOI or arXiv id merged (transitively), in first-seen order, and the
    number of merges.

    >>> ps = [Paper("a", "T1", "x", doi="10.1/a"), Paper("b", "T2", "y", arxiv_id="2101.1"),
    ...       Paper("c", "T3", "zz", doi="10.1/a", arxiv_id="2101.1")]
    >>> out, n = merge_by_id(ps)
    >>> [(p.id, p.doi, p.arxiv_id) for p in out], n
    ([('a', '10.1/a', '2101.1')], 2)
    """
    groups: list[Paper | None] = []
    keys_of: list[set[str]] = []
    group_of: dict[str, int] = {}
    merges = 0
    for paper in papers:
        keys = _id_keys(paper)
        found = sorted({group_of[k] for k in keys if k in group_of})
        if not found:
            groups.append(paper)
            keys_of.append(set(keys))
            for k in keys:
                group_of[k] = len(groups) - 1
            continue
        target = found[0]
        merged = merge(groups[target], paper)  # type: ignore[arg-type]
        merges += 1
        keys_of[target].update(keys)
        for other in found[1:]:  # the paper links two groups read earlier: they become one
            merged = merge(merged, groups[other])  # type: ignore[arg-type]
            merges += 1
            groups[other] = None
            keys_of[target] |= keys_of[other]
        groups[target] = merged
        for k in keys_of[target]:
            group_of[k] = target
    return [p for p in groups if p is not None], merges


def _blocking_keys(words: list[str], freq: Counter[str]) -> list[str]:
    """First three words, last three words, and the two rarest words (ties alphabetical).

    One typo in a title of seven or more words leaves its first or its last three words intact.
    """
    rare = sorted(set(words), key=lambda w: (freq[w], w))[:2]
    return [
        "first:" + " ".join(words[:3]),
        "last:" + " ".join(words[-3:]),
        "rare:" + " ".join(sorted(rare)),
    ]


def fuzzy_groups(keys: list[str], score: float = FUZZY_SCORE) -> list[list[int]]:
    """Indices of ``keys`` (normalised titles) that are near-duplicates, grouped, each group in
    index order; singletons are left out.

    Notes
    -----
    Titles are compared only within blocks of titles sharing a blocking key, never all pairs.

    >>> fuzzy_groups(["graph neural networks for molecule property prediction",
    ...               "graph neural network for molecule property prediction",
    ...               "convolutional networks for images and more"])
    [[0, 1]]
    """
    from rapidfuzz import fuzz

    words = [k.split() for k in keys]
    # Titles that differ in a number ("GPT 3" / "GPT 4", "Part 1" / "Part 2") are different
    # papers however close the rest is.
    numbers = [sorted(w for w in ws if any(map(str.isdigit, w))) for ws in words]
    freq: Counter[str] = Counter(w for ws in words for w in set(ws))
    blocks: defaultdict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        if len(keys[i]) >= _FUZZY_MIN_CHARS:
            for b in _blocking_keys(ws, freq):
                blocks[b].append(i)
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for members in blocks.values():
        if len(members) < 2 or len(members) > _MAX_BLOCK:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                ri, rj = find(i), find(j)
                if (
                    ri != rj
                    and numbers[i] == numbers[j]
                    and fuzz.token_sort_ratio(keys[i], keys[j], score_cutoff=score)
                ):
                    parent[max(ri, rj)] = min(ri, rj)
    grouped: defaultdict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        grouped[find(i)].append(i)
    return [g for g in grouped.values() if len(g) > 1]


def deduplicate(papers: Iterable[Paper]) -> DedupeResult:
    """Merge entries of the same paper.

    Notes
    -----
    Near-linear: ids and titles are looked up by key, each title by each of its word prefixes,
    and fuzzy comparison runs only within small blocks of titles that share a key.

    Examples
    --------
    >>> ps = [Paper("a", "Deep Nets for Graph Data", "x"),
    ...       Paper("b", "Deep Nets for Graph Data Ada Lovelace Alan Turing", "yy"),
    ...       Paper("c", "deep nets for graph data!", "z")]
    >>> r = deduplicate(ps)
    >>> [p.title for p in r.papers], r.merged, r.glued_titles
    (['Deep Nets for Graph Data'], 2, 1)
    """
    ordered, by_id = merge_by_id(papers)
    by_key: dict[str, Paper] = {}
    order: list[str] = []
    by_title = 0
    for paper in ordered:
        key = title_key(paper.title)
        if key in by_key:
            by_key[key] = merge(by_key[key], paper)
            by_title += 1
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
                    glued_titles += 1
                break
    fuzzy = 0
    for group in fuzzy_groups(order):
        first = order[group[0]]
        for i in group[1:]:
            by_key[first] = merge(by_key[first], by_key.pop(order[i]))
            fuzzy += 1
    unique, renamed = _unique_ids([by_key[k] for k in order if k in by_key])
    return DedupeResult(
        tuple(unique),
        by_id + by_title + glued_titles + fuzzy,
        glued_titles,
        by_id=by_id,
        by_title=by_title,
        fuzzy_titles=fuzzy,
        renamed_ids=renamed,
    )


def _unique_ids(papers: list[Paper]) -> tuple[list[Paper], int]:
    """Papers with ids made unique (graph nodes are keyed by id), and how many were renamed."""
    seen: Counter[str] = Counter(p.id for p in papers)
    used = set(seen)
    taken: set[str] = set()
    out, renamed = [], 0
    for paper in papers:
        if paper.id in taken:
            n = 2
            while f"{paper.id}~{n}" in used:
                n += 1
            new_id = f"{paper.id}~{n}"
            used.add(new_id)
            paper = replace(paper, id=new_id)
            renamed += 1
        taken.add(paper.id)
        out.append(paper)
    return out, renamed


def _raw_prefix_len(raw_words: list[str], n: int) -> int:
    """How many raw (whitespace-separated) words cover the first ``n`` key words."""
    covered = 0
    for i, word in enumerate(raw_words):
        covered += len(title_key(word).split())
        if covered >= n:
            return i + 1
    return len(raw_words)
