"""Paper–paper links derived from shared entities, since abstracts carry no reference lists.

``RELATED`` (paper → paper): cosine similarity of paper vectors over entities, where a paper's
entry for an entity it mentions is ``idf × label weight`` (presence, not counts). IDF is the
smooth ``ln((1 + N) / (1 + df)) + 1``; label weights say that sharing a dataset or a method
says more than sharing a generic concept (:data:`LABEL_WEIGHTS`). Each paper keeps edges to its
``k`` most similar papers (ties by paper order), so P → Q reads "Q is among P's k nearest".
Entities in more than max(50, 1% of) papers, and in any case more than 200, are left out of the
vectors: they would relate every paper to every other and make the computation quadratic, for
little signal.

``CITES`` (Q → P, ``via`` the entity): paper P introduces an entity (a mention marked
``introduced``, e.g. "we propose X") and paper Q ≠ P mentions it. When both dates are known,
Q must not be older than P. A coined name is a proper name: an entity whose display name is all
lower case (the corpus writes it as an ordinary phrase, e.g. "recurrent neural network" reached
from an "RNN" in "a novel variational RNN") credits no paper.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from citegraph.extract.canonical import Resolution
from citegraph.graph import schema as S
from citegraph.graph.build import Incidence, incidence
from citegraph.graph.columns import EdgeColumns, add_edges
from citegraph.model import PaperMentions

LABEL_WEIGHTS: dict[str, float] = {
    S.DATASET: 3.0,
    S.METHOD: 2.0,
    S.TASK: 1.5,
    S.METRIC: 1.0,
    S.CONCEPT: 0.5,
}


# Similarities are computed this many papers at a time, so memory stays O(BLOCK × papers).
BLOCK = 2048
# An entity in more than min(COMMON_MAX, max(COMMON_MIN, COMMON_SHARE × papers)) papers does
# not relate papers. The work is at most (that bound) × (MENTIONS edges): the fixed cap keeps it
# linear in the corpus (with the 1% share alone, RELATED took 0.6 s at 10k papers, 47 s at 100k).
COMMON_MIN = 50
COMMON_SHARE = 0.01
COMMON_MAX = 200
# RELATED edges number k per paper: their dicts share keys (see schema.shared_key_dicts).
_RELATED_KEYED = S.shared_key_dicts("RelatedKeyed")
_RELATED_ATTRS = S.shared_key_dicts("RelatedAttributes")


def top_k_per_row(m: sp.csr_matrix, k: int) -> sp.coo_matrix:
    """The ``k`` largest positive entries of each row (ties by column), vectorised.

    >>> m = sp.csr_matrix(np.array([[0, 3, 1, 2], [5, 0, 0, 5]]))
    >>> t = top_k_per_row(m, 2)
    >>> sorted(zip(t.row.tolist(), t.col.tolist(), t.data.tolist()))
    [(0, 1, 3), (0, 3, 2), (1, 0, 5), (1, 3, 5)]
    """
    m = m.tocsr()
    m.sort_indices()
    m = m.tocoo()
    keep = m.data > 0
    row, col, data = m.row[keep], m.col[keep], m.data[keep]
    # Entries come by row, then column: two stable sorts order them by row, then value, then
    # column, which one lexsort of the three keys did at 1.5 times the cost.
    order = np.argsort(-data, kind="stable")
    order = order[np.argsort(row[order], kind="stable")]
    row, col, data = row[order], col[order], data[order]
    starts = np.searchsorted(row, row, side="left")
    rank = np.arange(row.size) - starts
    sel = rank < k
    return sp.coo_matrix((data[sel], (row[sel], col[sel])), shape=m.shape)


def add_related(
    graph: nx.MultiDiGraph,
    k: int = 5,
    label_weights: dict[str, float] | None = None,
    *,
    mentions: Incidence | None = None,
) -> int:
    """Add ``RELATED`` edges (``similarity``, a float) from each paper to its ``k`` nearest.

    Returns the number of edges added. ``mentions``, the graph's :func:`incidence` when already
    at hand (see :class:`~citegraph.graph.build.Assembly`), saves walking the edges.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for p in "abc":
    ...     g.add_node(f"paper:{p}", label="Paper")
    >>> g.add_node("entity:x", label="Dataset"); g.add_node("entity:y", label="Concept")
    >>> for p, e in [("a", "x"), ("b", "x"), ("b", "y"), ("c", "y")]:
    ...     _ = g.add_edge(f"paper:{p}", f"entity:{e}", key="MENTIONS", type="MENTIONS")
    >>> add_related(g, k=1), sorted(g.successors("paper:b"))
    (3, ['entity:x', 'entity:y', 'paper:a'])
    """
    return len(link_related(graph, k, label_weights, mentions=mentions))


def link_related(
    graph: nx.MultiDiGraph,
    k: int = 5,
    label_weights: dict[str, float] | None = None,
    *,
    mentions: Incidence | None = None,
) -> EdgeColumns:
    """:func:`add_related`, returning the edges it added as columns."""
    related = related_columns(graph, k, label_weights, mentions=mentions)
    # Each (paper, paper) pair occurs once.
    add_edges(graph, related.edges(_RELATED_ATTRS), S.RELATED, _RELATED_KEYED)
    return related


def related_columns(
    graph: nx.MultiDiGraph,
    k: int = 5,
    label_weights: dict[str, float] | None = None,
    *,
    mentions: Incidence | None = None,
) -> EdgeColumns:
    """The edges :func:`add_related` would add, as columns, leaving ``graph`` as it is.

    ``mentions`` is needed when the graph holds no MENTIONS edges (see
    :func:`~citegraph.graph.build.assemble`).
    """
    weights = label_weights or LABEL_WEIGHTS
    mentions = mentions or incidence(graph)
    papers, entities, x = mentions.papers, mentions.entities, mentions.matrix
    if k <= 0 or not papers or not entities:
        none = np.zeros(0, dtype=np.int64)
        return EdgeColumns(S.RELATED, papers, none, papers, none, {S.SIMILARITY: np.zeros(0)})
    df = np.asarray(x.sum(axis=0)).ravel()
    idf = np.log((1 + len(papers)) / (1 + df)) + 1.0
    label = np.array([weights.get(graph.nodes[e][S.LABEL], 1.0) for e in entities])
    # Entities in a large share of papers relate everything to everything: they would make the
    # similarity matrix dense (quadratic in papers) while their low IDF adds little signal.
    common = min(COMMON_MAX, max(COMMON_MIN, COMMON_SHARE * len(papers)))
    informative = (df <= common).astype(np.float64)
    w = (x @ sp.diags(idf * label * informative)).tocsr()
    norms = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    w = (sp.diags(1.0 / norms) @ w).tocsr()
    wt = w.T.tocsc()
    parts = []
    for start in range(0, len(papers), BLOCK):
        block = (w[start : start + BLOCK] @ wt).tocoo()
        off_diagonal = block.row + start != block.col
        block = sp.coo_matrix(
            (block.data[off_diagonal], (block.row[off_diagonal], block.col[off_diagonal])),
            shape=block.shape,
        )
        best = top_k_per_row(block.tocsr(), k)
        parts.append((best.row + start, best.col, best.data))
    rows, cols, sims = (np.concatenate(a) for a in zip(*parts, strict=True))
    top = sp.coo_matrix((sims, (rows, cols)), shape=(len(papers), len(papers)))
    # Python's round, which np.round can differ from in the last bit.
    similarity = np.array([round(s, 6) for s in top.data.tolist()], dtype=np.float64)
    return EdgeColumns(S.RELATED, papers, top.row, papers, top.col, {S.SIMILARITY: similarity})


def is_proper_name(name: str) -> bool:
    """Whether an entity name reads as a coined name rather than an ordinary phrase.

    >>> is_proper_name("GradSign"), is_proper_name("LC-PFN"), is_proper_name("graph")
    (True, True, False)
    """
    return any(c.isupper() or c.isdigit() for c in name)


@dataclass(frozen=True, slots=True)
class Citation:
    """An inferred citation: ``citing`` mentions what ``cited`` introduced."""

    citing: str
    cited: str
    via: tuple[str, ...]


def _first_introducer(graph: nx.MultiDiGraph, papers: set[str]) -> str | None:
    """The paper credited with an entity several papers claim to introduce: the only one, or
    the single earliest dated one; ``None`` when the claim cannot be settled."""
    if len(papers) == 1:
        return next(iter(papers))
    dates = sorted((graph.nodes[p].get(S.DATE, ""), p) for p in papers)
    if not dates[0][0] or (len(dates) > 1 and dates[0][0] == dates[1][0]):
        return None
    return dates[0][1]


def add_cites(
    graph: nx.MultiDiGraph, extractions: Sequence[PaperMentions], resolution: Resolution
) -> list[Citation]:
    """Add ``CITES`` edges Q → P where P introduces an entity that Q mentions.

    One edge per pair of papers; ``via`` lists every entity name behind it (``|``-separated).
    When several papers claim to introduce one entity, only the earliest dated one is credited,
    and none when their dates cannot tell them apart: a name many papers "propose" is no
    evidence of who they build on.
    Returns the citations in paper order of the cited paper.
    """
    found = find_cites(graph, extractions, resolution)
    add_edges(graph, cites_columns(found).edges(), S.CITES)
    return found


def find_cites(
    graph: nx.MultiDiGraph,
    extractions: Sequence[PaperMentions],
    resolution: Resolution,
    *,
    mentioning: Callable[[str], Iterable[str]] | None = None,
) -> list[Citation]:
    """The citations :func:`add_cites` would add, leaving ``graph`` as it is.

    ``mentioning`` gives the papers mentioning an entity in paper order, for a graph that holds
    no MENTIONS edges (see :func:`~citegraph.graph.columns.sources_of`).
    """
    if mentioning is None:
        pred = graph._pred

        def mentioning(entity: str) -> Iterable[str]:
            return (u for u, keyed in pred[entity].items() if S.MENTIONS in keyed)

    introducers: defaultdict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        cited = S.paper_node(extraction.paper_id)
        if cited not in graph:
            continue
        for m in extraction.mentions:
            key = resolution.entity_key(m, extraction.paper_id) if m.introduced else None
            if key is not None and is_proper_name(m.text) and S.entity_node(key) in graph:
                introducers[key].add(cited)
    via: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for key, papers in sorted(introducers.items()):
        first = _first_introducer(graph, papers)
        if first is None:
            continue
        cited = first
        entity = S.entity_node(key)
        cited_date = graph.nodes[cited].get(S.DATE, "")
        for citing in mentioning(entity):
            if citing == cited:
                continue
            citing_date = graph.nodes[citing].get(S.DATE, "")
            if cited_date and citing_date and citing_date < cited_date:
                continue
            via[(citing, cited)].add(graph.nodes[entity][S.NAME])
    return [Citation(citing, cited, tuple(sorted(names))) for (citing, cited), names in via.items()]


def cites_columns(citations: Sequence[Citation]) -> EdgeColumns:
    """The ``CITES`` edges of ``citations`` (as :func:`add_cites` adds them) as columns.

    >>> c = cites_columns([Citation("paper:q", "paper:p", ("BERT", "GLUE"))])
    >>> next(c.edges())
    ('paper:q', 'paper:p', {'type': 'CITES', 'via': 'BERT|GLUE'})
    """
    citing = [c.citing for c in citations]
    cited = [c.cited for c in citations]
    via = np.array([S.LIST_SEP.join(c.via) for c in citations], dtype=object)
    at = np.arange(len(citations))
    return EdgeColumns(S.CITES, citing, at, cited, at, {S.VIA: via})
