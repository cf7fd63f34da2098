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

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import gammaln

from citegraph.graph import schema as S

STATISTICS = (S.ASSOCIATION_STRENGTH, S.NPMI, S.JACCARD, S.P_VALUE, S.Q_VALUE)
_CO_OCCURS_ATTRS = S.shared_key_dicts("CoOccursAttributes")
# A tail sum stops once its next term adds less than this fraction of what it has summed.
_TAIL_EPS = 1e-15


def hypergeom_sf(k: np.ndarray, total: int, good: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """P[X ≥ k] for X ~ Hypergeom(total, good, draws), vectorised over pairs.

    Equal to ``scipy.stats.hypergeom.sf(k - 1, total, good, draws)``, which evaluates each pair
    separately (531 s for 1.2M pairs of a 100k-paper corpus here). This sums the pmf from
    ``k`` upwards by the ratio pmf(x+1)/pmf(x) when ``k`` is above the mode (terms only fall),
    else 1 minus the sum from ``k − 1`` downwards; every pair steps at once and a pair leaves
    the loop when its terms no longer change the sum. The first pmf comes from a table of
    log-factorials up to ``total``.

    >>> hypergeom_sf(np.array([2, 1, 0]), 5, np.array([3, 3, 3]), np.array([3, 2, 2])).round(6)
    array([0.7, 0.9, 1. ])
    """
    k = np.asarray(k, dtype=np.int64)
    good = np.broadcast_to(np.asarray(good, dtype=np.int64), k.shape)
    draws = np.broadcast_to(np.asarray(draws, dtype=np.int64), k.shape)
    log_fact = gammaln(np.arange(total + 2, dtype=np.float64) + 1)
    lo = np.maximum(0, draws + good - total)
    hi = np.minimum(good, draws)
    out = np.where(k <= lo, 1.0, 0.0)
    mode = (draws + 1) * (good + 1) // (total + 2)
    inside = (k > lo) & (k <= hi)
    for idx, step in (
        (np.flatnonzero(inside & (k > mode)), 1),
        (np.flatnonzero(inside & (k <= mode)), -1),
    ):
        x = k[idx] - (step < 0)
        g, d = good[idx], draws[idx]
        bad = total - g
        term = np.exp(
            log_fact[g]
            - log_fact[x]
            - log_fact[g - x]
            + log_fact[bad]
            - log_fact[d - x]
            - log_fact[bad - d + x]
            - log_fact[total]
            + log_fact[d]
            + log_fact[total - d]
        )
        acc = term.copy()
        stop = hi[idx] if step > 0 else lo[idx]
        live = np.arange(idx.size)
        while live.size:
            xs, gs, ds = x[live].astype(np.float64), g[live], d[live]
            more = x[live] != stop[live]
            if step > 0:
                ratio = (gs - xs) * (ds - xs) / ((xs + 1.0) * (total - gs - ds + xs + 1.0))
            else:
                ratio = xs * (total - gs - ds + xs) / ((gs - xs + 1.0) * (ds - xs + 1.0))
            t = np.where(more, term[live] * ratio, 0.0)
            term[live] = t
            acc[live] += t
            x[live] += step
            live = live[more & (t > acc[live] * _TAIL_EPS)]
        out[idx] = acc if step > 0 else 1.0 - acc
    return np.clip(out, 0.0, 1.0)


def benjamini_hochberg(p_values: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values), in the input order.

    q_(i) = min over j ≥ i of (m / j)·p_(j), capped at 1, for the m p-values sorted ascending.
    With ``counts``, ``p_values[i]`` stands for ``counts[i]`` tests with that same p-value
    (tied p-values share one q-value, so grouping them changes nothing).

    >>> benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.5])).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.5]
    >>> benjamini_hochberg(np.array([0.01, 0.03, 0.5]), counts=np.array([1, 2, 1])).tolist()
    [0.04, 0.04, 0.5]
    """
    p = np.asarray(p_values, dtype=np.float64)
    if p.size == 0:
        return p.copy()
    n = np.ones(p.size, dtype=np.int64) if counts is None else np.asarray(counts, np.int64)
    order = np.argsort(p, kind="stable")
    ranks = np.cumsum(n[order])
    scaled = p[order] * ranks[-1] / ranks
    q_sorted = np.minimum.accumulate(scaled[::-1])[::-1]
    q = np.empty(p.size, dtype=np.float64)
    q[order] = np.minimum(q_sorted, 1.0)
    return q


def hypergeom_tests(
    count: np.ndarray, good: np.ndarray, draws: np.ndarray, total: int
) -> tuple[np.ndarray, np.ndarray]:
    """p-values (P[X ≥ count]) and BH q-values of many pairs, each distinct test done once.

    Most pairs of a large corpus repeat a few (count, c_i, c_j) triples (8.3M pairs, 146k
    triples in the 100k-paper benchmark), and the test is symmetric in c_i and c_j.

    >>> p, q = hypergeom_tests(np.array([2, 1, 2]), np.array([3, 3, 3]), np.array([3, 2, 3]), 5)
    >>> p.round(6).tolist(), q.round(6).tolist()
    ([0.7, 0.9, 0.7], [0.9, 0.9, 0.9])
    """
    count = np.asarray(count, dtype=np.int64)
    a = np.minimum(good, draws).astype(np.int64)
    b = np.maximum(good, draws).astype(np.int64)
    base = total + 1
    if int(count.max(initial=0) + 1) * base * base < 2**62:
        triples, inverse, n = np.unique(
            (count * base + a) * base + b, return_inverse=True, return_counts=True
        )
        k_u, rest = np.divmod(triples, base * base)
        a_u, b_u = np.divmod(rest, base)
    else:
        rows, inverse, n = np.unique(
            np.stack([count, a, b], axis=1), axis=0, return_inverse=True, return_counts=True
        )
        k_u, a_u, b_u = rows.T
    inverse = inverse.ravel()
    p_u = hypergeom_sf(k_u, total, a_u, b_u)
    return p_u[inverse], benjamini_hochberg(p_u, n)[inverse]


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

    def attribute_columns(self) -> dict[str, np.ndarray]:
        """The columns of :meth:`edge_attributes` after ``type``, in its order.

        >>> s = PairStatistics(np.array([0]), np.array([1]), np.array([2]),
        ...                    {k: np.array([0.5]) for k in STATISTICS}, 4)
        >>> list(s.attribute_columns()) == list(next(s.edge_attributes("CO_OCCURS")))[1:]
        True
        """
        return {S.WEIGHT: self.count, **{name: self.stats[name] for name in STATISTICS}}

    def edge_attributes(self, edge_type: str) -> Iterator[dict[str, Any]]:
        """Each pair's edge attribute dict, in order: ``type``, ``weight`` (the count), then
        :data:`STATISTICS` as Python floats.

        Made one at a time: the graph keeps each, so a list of them all would only double the
        memory of the statistics while the edges are added. The dicts share their keys (see
        :func:`~citegraph.graph.schema.shared_key_dicts`), filled item by item, which is about
        twice as quick as from the names zipped with the values.

        >>> s = PairStatistics(np.array([0]), np.array([1]), np.array([2]),
        ...                    {k: np.array([0.5]) for k in STATISTICS}, 4)
        >>> next(s.edge_attributes("CO_OCCURS"))  # doctest: +NORMALIZE_WHITESPACE
        {'type': 'CO_OCCURS', 'weight': 2, 'association_strength': 0.5, 'npmi': 0.5,
         'jaccard': 0.5, 'p_value': 0.5, 'q_value': 0.5}
        """
        type_, weight, strength, npmi, jaccard, p, q = (
            S.TYPE, S.WEIGHT, S.ASSOCIATION_STRENGTH, S.NPMI, S.JACCARD, S.P_VALUE, S.Q_VALUE
        )  # fmt: skip
        columns = (self.stats[name].tolist() for name in (strength, npmi, jaccard, p, q))
        make = _CO_OCCURS_ATTRS
        for w, a, n, j, pv, qv in zip(self.count.tolist(), *columns, strict=True):
            d = make()
            d[type_] = edge_type
            d[weight] = w
            d[strength] = a
            d[npmi] = n
            d[jaccard] = j
            d[p] = pv
            d[q] = qv
            yield d


def _with_statistics(
    row: np.ndarray,
    col: np.ndarray,
    count: np.ndarray,
    tests: tuple[np.ndarray, np.ndarray],
    entity_papers: np.ndarray,
    n_papers: int,
) -> PairStatistics:
    ci = entity_papers[row].astype(np.float64)
    cj = entity_papers[col].astype(np.float64)
    c = count.astype(np.float64)
    lift = n_papers * c / (ci * cj)
    p_joint = c / n_papers
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(p_joint < 1.0, np.log(lift) / -np.log(p_joint), 1.0)
    stats = {
        S.ASSOCIATION_STRENGTH: lift,
        S.NPMI: npmi,
        S.JACCARD: c / (ci + cj - c),
        S.P_VALUE: tests[0],
        S.Q_VALUE: tests[1],
    }
    return PairStatistics(row, col, count, stats, n_papers)


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
    entity_papers = np.asarray(entity_papers, dtype=np.int64)
    row, col, count = pairs.row, pairs.col, pairs.data
    tests = hypergeom_tests(count, entity_papers[row], entity_papers[col], n_papers)
    return _with_statistics(row, col, count, tests, entity_papers, n_papers)


@dataclass(frozen=True, slots=True)
class Pruned:
    """Pairs kept, and how many each filter removed (applied in this order)."""

    kept: PairStatistics
    tested: int
    removed_min_count: int
    removed_max_q: int


def significant_pairs(
    pairs: sp.coo_matrix,
    entity_papers: np.ndarray,
    n_papers: int,
    *,
    min_count: int = 1,
    max_q: float = 1.0,
) -> Pruned:
    """:func:`prune` of :func:`pair_statistics`, with the cheap statistics only for kept pairs.

    Tests (p and q) still cover every pair with c_ij ≥ 1, so the result is the same.

    >>> from citegraph.graph.build import cooccurrence
    >>> r = significant_pairs(cooccurrence([[0, 1], [0, 1], [2]], 3), np.array([2, 2, 1]), 4,
    ...                       min_count=2)
    >>> len(r.kept), r.tested, r.removed_min_count
    (1, 1, 0)
    """
    entity_papers = np.asarray(entity_papers, dtype=np.int64)
    row, col, count = pairs.row, pairs.col, pairs.data
    p, q = hypergeom_tests(count, entity_papers[row], entity_papers[col], n_papers)
    by_count = count >= min_count
    keep = by_count & (q <= max_q)
    kept = _with_statistics(
        row[keep], col[keep], count[keep], (p[keep], q[keep]), entity_papers, n_papers
    )
    return Pruned(
        kept=kept,
        tested=int(count.size),
        removed_min_count=int(count.size - by_count.sum()),
        removed_max_q=int(by_count.sum() - keep.sum()),
    )


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
