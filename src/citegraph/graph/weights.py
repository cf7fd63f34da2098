"""How strong and how surprising each entity co-occurrence is, computed over all pairs at once.

For entities *i*, *j* in a corpus of *N* papers, with *c_i*, *c_j* the papers mentioning each
and *c_ij* the papers mentioning both:

- ``association_strength`` = N·c_ij / (c_i·c_j): VOSviewer's association strength
  c_ij / (c_i·c_j) scaled by N, so 1 means "as often as chance" (it equals the lift).
- ``npmi`` = log(N·c_ij / (c_i·c_j)) / −log(c_ij / N), in [−1, 1]; 1 when c_ij = N.
- ``jaccard`` = c_ij / (c_i + c_j − c_ij).
- ``p_value`` = P[X ≥ c_ij] for X ~ Hypergeom(N, c_i, c_j): the chance that *c_j* papers drawn
  at random from *N* hit at least *c_ij* of the *c_i* papers of *i*.
- ``q_value``: Benjamini–Hochberg adjusted p-value over all tested pairs. The tested pairs are
  every pair with c_ij ≥ 1 (pairs that never co-occur are neither tested nor edges), so the
  number of tests is the number of CO_OCCURS edges before pruning.

Pruning (``min_count``, then ``max_q``) happens here on arrays, before any NetworkX object exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.stats import hypergeom

from citegraph.graph import schema as S

STATISTICS = (S.ASSOCIATION_STRENGTH, S.NPMI, S.JACCARD, S.P_VALUE, S.Q_VALUE)


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values), in the input order.

    q_(k) = min over m ≥ k of (n / m)·p_(m), capped at 1, for p sorted ascending.

    Examples
    --------
    >>> benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.5])).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.5]
    """
    p = np.asarray(p_values, dtype=np.float64)
    n = p.size
    if n == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    scaled = p[order] * n / np.arange(1, n + 1)
    q_sorted = np.minimum.accumulate(scaled[::-1])[::-1]
    q = np.empty(n, dtype=np.float64)
    q[order] = np.minimum(q_sorted, 1.0)
    return q


@dataclass(frozen=True, slots=True)
class PairStatistics:
    """Entity pairs (``row`` < ``col``), their counts and one array per statistic."""

    row: np.ndarray
    col: np.ndarray
    count: np.ndarray
    stats: dict[str, np.ndarray]
    n_papers: int

    def __len__(self) -> int:
        return int(self.count.size)

    def select(self, mask: np.ndarray) -> PairStatistics:
        """The pairs where ``mask`` is true."""
        return PairStatistics(
            self.row[mask],
            self.col[mask],
            self.count[mask],
            {k: v[mask] for k, v in self.stats.items()},
            self.n_papers,
        )

    def attributes(self) -> list[dict[str, float]]:
        """Edge attribute dicts (statistics only), one per pair, as Python floats."""
        columns = [(name, self.stats[name].tolist()) for name in STATISTICS]
        return [{name: values[k] for name, values in columns} for k in range(len(self))]


def pair_statistics(
    pairs: sp.coo_matrix, entity_papers: np.ndarray, n_papers: int
) -> PairStatistics:
    """Every statistic of the module docstring for each pair in ``pairs``.

    Parameters
    ----------
    pairs
        Upper-triangular entity × entity papers-in-common counts, as from
        :func:`citegraph.graph.build.cooccurrence`.
    entity_papers
        Papers mentioning each entity (c_i), indexed like the rows of ``pairs``.
    n_papers
        Papers in the corpus (N).

    Examples
    --------
    >>> from citegraph.graph.build import cooccurrence
    >>> s = pair_statistics(cooccurrence([[0, 1], [0, 1], [2]], 3), np.array([2, 2, 1]), 4)
    >>> s.count.tolist(), s.stats["association_strength"].tolist(), s.stats["jaccard"].tolist()
    ([2], [2.0], [1.0])
    """
    row = pairs.row.astype(np.int64)
    col = pairs.col.astype(np.int64)
    count = pairs.data.astype(np.int64)
    order = np.lexsort((col, row))
    row, col, count = row[order], col[order], count[order]
    entity_papers = np.asarray(entity_papers, dtype=np.int64)
    ci = entity_papers[row].astype(np.float64)
    cj = entity_papers[col].astype(np.float64)
    c = count.astype(np.float64)
    n = float(n_papers)
    lift = n * c / (ci * cj)
    p_joint = c / n
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(p_joint < 1.0, np.log(lift) / -np.log(p_joint), 1.0)
    jaccard = c / (ci + cj - c)
    p_value = np.clip(
        hypergeom.sf(count - 1, n_papers, entity_papers[row], entity_papers[col]), 0.0, 1.0
    )
    stats = {
        S.ASSOCIATION_STRENGTH: lift,
        S.NPMI: npmi,
        S.JACCARD: jaccard,
        S.P_VALUE: p_value,
        S.Q_VALUE: benjamini_hochberg(p_value),
    }
    return PairStatistics(row, col, count, stats, n_papers)


@dataclass(frozen=True, slots=True)
class Pruned:
    """Pairs kept, and how many each filter removed (applied in this order)."""

    kept: PairStatistics
    tested: int
    removed_min_count: int
    removed_max_q: int


def prune(stats: PairStatistics, *, min_count: int = 1, max_q: float = 1.0) -> Pruned:
    """Drop pairs with fewer than ``min_count`` papers in common, then those with q > ``max_q``.

    q-values stay those of all tested pairs: pruning never changes the multiple-testing family.

    >>> s = pair_statistics(sp.coo_matrix(np.array([[0, 1, 3], [0, 0, 1], [0, 0, 0]])),
    ...                     np.array([3, 2, 4]), 5)
    >>> r = prune(s, min_count=2)
    >>> len(r.kept), r.removed_min_count, r.removed_max_q
    (1, 2, 0)
    """
    by_count = stats.count >= min_count
    by_q = by_count & (stats.stats[S.Q_VALUE] <= max_q)
    return Pruned(
        kept=stats.select(by_q),
        tested=len(stats),
        removed_min_count=int((~by_count).sum()),
        removed_max_q=int((by_count & ~by_q).sum()),
    )
