"""The analytics part of the build summary: JSON-ready data and lines for the terminal."""

from __future__ import annotations

from typing import Any, Protocol

import networkx as nx

from citegraph.graph import schema as S


class _Config(Protocol):
    min_count: int
    max_q: float


class _Summary(Protocol):
    co_occurs: dict[str, Any]
    structure: dict[str, Any]


def co_occurs_report(graph: nx.MultiDiGraph, config: _Config) -> dict[str, Any]:
    """Pairs tested and removed by each CO_OCCURS filter, from the graph's own attributes."""
    return {
        "pairs_tested": graph.graph.get(S.PAIRS_TESTED, 0),
        "min_count": config.min_count,
        "removed_by_min_count": graph.graph.get(S.PRUNED_MIN_COUNT, 0),
        "max_q": config.max_q,
        "removed_by_max_q": graph.graph.get(S.PRUNED_MAX_Q, 0),
    }


def analytics_lines(summary: _Summary) -> list[str]:
    """Terminal lines on edge pruning and communities.

    >>> class Sm:
    ...     co_occurs = {"pairs_tested": 9, "min_count": 2, "removed_by_min_count": 4,
    ...                  "max_q": 0.05, "removed_by_max_q": 1}
    ...     structure = {"modularity": 0.41, "communities": 3, "top": []}
    >>> print("\\n".join(analytics_lines(Sm())))
    CO_OCCURS: 9 pairs tested; 4 removed by --min-count 2, 1 by --max-q 0.05.
    Communities: 3 (modularity 0.410).
    """
    lines = []
    co = summary.co_occurs
    if co:
        lines.append(
            f"CO_OCCURS: {co['pairs_tested']} pairs tested; {co['removed_by_min_count']} removed "
            f"by --min-count {co['min_count']}, {co['removed_by_max_q']} by --max-q {co['max_q']}."
        )
    st = summary.structure
    if st:
        lines.append(f"Communities: {st['communities']} (modularity {st['modularity']:.3f}).")
        lines += [
            f"  {c[S.COMMUNITY]} ({c['size']}): {', '.join(c['entities'])}" for c in st["top"][:5]
        ]
    return lines
