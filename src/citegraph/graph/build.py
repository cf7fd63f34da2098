"""Assemble the NetworkX graph: papers, entities, MENTIONS and CO_OCCURS edges."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import networkx as nx
import numpy as np
import scipy.sparse as sp

from citegraph.extract.canonical import Resolution
from citegraph.graph import schema as S
from citegraph.graph.weights import significant_pairs
from citegraph.model import Entity, Paper, PaperMentions


def paper_entity_counts(extraction: PaperMentions, resolution: Resolution) -> dict[str, int]:
    """How often each canonical entity is mentioned in one paper, in order of first mention."""
    counts: dict[str, int] = {}
    paper_id = extraction.paper_id
    for m in extraction.mentions:
        key = resolution.entity_key(m, paper_id)
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    return counts


def cooccurrence(doc_entities: Sequence[Sequence[int]], n_entities: int) -> sp.coo_matrix:
    """Upper-triangular entity × entity counts of papers in common.

    Notes
    -----
    One sparse product over the binary paper × entity matrix: linear in the number of pair
    instances, with no Python loop over pairs.

    >>> c = cooccurrence([[0, 1], [0, 1, 2], [2]], 3)
    >>> sorted(zip(c.row.tolist(), c.col.tolist(), c.data.tolist()))
    [(0, 1, 2), (0, 2, 1), (1, 2, 1)]
    """
    indptr = np.zeros(len(doc_entities) + 1, dtype=np.int64)
    np.cumsum([len(d) for d in doc_entities], out=indptr[1:])
    indices = np.fromiter((i for d in doc_entities for i in d), dtype=np.int32, count=indptr[-1])
    data = np.ones(len(indices), dtype=np.int32)
    x = sp.csr_matrix((data, indices, indptr), shape=(len(doc_entities), n_entities))
    return sp.triu(x.T @ x, k=1).tocoo()


def build_graph(
    papers: Sequence[Paper],
    extractions: Iterable[PaperMentions],
    resolution: Resolution,
    *,
    min_count: int = 1,
    max_q: float = 1.0,
) -> nx.MultiDiGraph:
    """The knowledge graph of a corpus.

    ``extractions`` are matched to ``papers`` by paper id and read once, lazily: given in paper
    order (as extraction returns them), each record can be freed as soon as its paper is added,
    so the records and the finished graph are never all in memory. Edge keys are the edge types, so
    a pair of nodes has at most one edge of each type. CO_OCCURS edges carry the statistics of
    :mod:`citegraph.graph.weights`; pairs failing ``min_count`` or ``max_q`` are dropped before
    they become edges, and ``graph.graph`` records how many each filter removed.

    Examples
    --------
    >>> from citegraph.extract.canonical import EntityResolver
    >>> from citegraph.model import Mention
    >>> ex = [PaperMentions("p", (Mention("GNNs", "METHOD", 0, 4, 0),
    ...                           Mention("ImageNet", "DATASET", 9, 17, 0)))]
    >>> r = EntityResolver(); r.add(ex[0])
    >>> g = build_graph([Paper("p", "T", "A")], ex, r.finish())
    >>> sorted(g.edges(keys=True))
    [('entity:gnn', 'entity:imagenet', 'CO_OCCURS'), ('paper:p', 'entity:gnn', 'MENTIONS'), \
('paper:p', 'entity:imagenet', 'MENTIONS')]
    """
    graph = nx.MultiDiGraph()
    records = _Records(extractions)
    index: dict[str, int] = {}
    targets: list[str] = []  # entity node ids by index, each string made once
    papers_of: list[int] = []  # papers mentioning each entity, by index
    doc_entities: list[list[int]] = []
    succ, pred = graph._succ, graph._pred
    for paper in papers:
        source = S.paper_node(paper.id)
        graph.add_node(source, **paper_attributes(paper))
        extraction = records.take(paper.id)
        counts = paper_entity_counts(extraction, resolution) if extraction else {}
        out = succ[source]
        row = []
        for key, n in counts.items():
            i = index.get(key)
            if i is None:
                i = index[key] = len(targets)
                targets.append(S.entity_node(key))
                papers_of.append(0)
                graph.add_node(targets[i])
            target = targets[i]
            papers_of[i] += 1
            row.append(i)
            # Adjacency written directly, as EdgeWriter does: one MENTIONS edge per (paper,
            # entity), and a paper id seen twice adds to the edges it has.
            keyed = out.get(target)
            if keyed is None:
                keyed = out[target] = pred[target][source] = {}
            keyed[S.MENTIONS] = {S.TYPE: S.MENTIONS, S.WEIGHT: n}
        doc_entities.append(sorted(row))
    keys = sorted(index, key=index.__getitem__)
    for key, target, count in zip(keys, targets, papers_of, strict=True):
        entity = replace(resolution.entities[key], papers=count)
        graph.add_node(target, **entity_attributes(entity))
    pairs = cooccurrence(doc_entities, len(keys))
    entity_papers = np.array(papers_of, dtype=np.int64)
    pruned = significant_pairs(pairs, entity_papers, len(papers), min_count=min_count, max_q=max_q)
    graph.graph.update(
        {
            S.N_PAPERS: len(papers),
            S.PAIRS_TESTED: pruned.tested,
            S.PRUNED_MIN_COUNT: pruned.removed_min_count,
            S.PRUNED_MAX_Q: pruned.removed_max_q,
        }
    )
    kept = pruned.kept
    # Pairs are unique and between entities, which have no other edges among themselves yet.
    for i, j, attrs in zip(
        kept.row.tolist(), kept.col.tolist(), kept.edge_attributes(S.CO_OCCURS), strict=True
    ):
        u, v = targets[i], targets[j]
        succ[u][v] = pred[v][u] = {S.CO_OCCURS: attrs}
    nx._clear_cache(graph)
    return graph


class EdgeWriter:
    """Adds new edges to a MultiDiGraph as ``add_edge`` would, without its per-edge overhead.

    ``add_edge`` re-checks both ends and the key and copies the attributes for every edge: 13 s
    of the 20 s build for the 3.2M edges of 100k papers. This writes NetworkX's adjacency dicts
    directly: ``succ[u][v]`` and ``pred[v][u]`` are one key dict, holding the attribute dict,
    which must be new and owned by the graph from then on. Edges must not exist yet.
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.succ, self.pred = graph._succ, graph._pred

    def __call__(self, u: str, v: str, key: str, attrs: dict[str, object]) -> None:
        for node in (u, v):
            if node not in self.succ:
                self.graph.add_node(node)
        keyed = self.succ[u].get(v)
        if keyed is None:
            keyed = self.succ[u][v] = self.pred[v][u] = self.graph.edge_key_dict_factory()
        keyed[key] = attrs

    def done(self) -> None:
        """Drop anything NetworkX cached about the graph before these edges."""
        nx._clear_cache(self.graph)


class _Records:
    """Records taken by paper id from an iterable read only as far as needed."""

    def __init__(self, extractions: Iterable[PaperMentions]) -> None:
        self._rest = iter(extractions)
        self._ahead: dict[str, PaperMentions] = {}

    def take(self, paper_id: str) -> PaperMentions | None:
        found = self._ahead.pop(paper_id, None)
        if found is not None:
            return found
        for record in self._rest:
            if record.paper_id == paper_id:
                return record
            self._ahead[record.paper_id] = record
        return None


def paper_attributes(paper: Paper) -> dict[str, str]:
    """Node attributes of a paper; every value a string so GraphML keeps one type per key."""
    return {
        S.LABEL: S.PAPER,
        S.NAME: paper.title,
        S.TITLE: paper.title,
        S.DATE: paper.date,
        S.SOURCES: S.LIST_SEP.join(str(s) for s in paper.sources),
        S.ABSTRACT: paper.abstract,
    }


def entity_attributes(entity: Entity) -> dict[str, str | int]:
    """Node attributes of a canonical entity."""
    return {
        S.LABEL: entity.label,
        S.NAME: entity.name,
        S.KEY: entity.key,
        S.ALIASES: S.LIST_SEP.join(entity.aliases),
        S.PAPERS: entity.papers,
    }
