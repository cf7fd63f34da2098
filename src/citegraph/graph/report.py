"""The analytics part of the build summary: JSON-ready data and lines for the terminal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import networkx as nx

from citegraph.graph import schema as S
from citegraph.graph.citations import Citation


class _Config(Protocol):
    @property
    def min_count(self) -> int: ...
    @property
    def max_q(self) -> float: ...


class _Summary(Protocol):
    @property
    def co_occurs(self) -> dict[str, Any]: ...
    @property
    def structure(self) -> dict[str, Any]: ...
    @property
    def dates(self) -> dict[str, Any]: ...
    @property
    def citations(self) -> list[dict[str, str]]: ...


def citation_rows(graph: nx.MultiDiGraph, citations: Iterable[Citation]) -> list[dict[str, str]]:
    """Inferred citations as ``{citing, cited, via}`` rows of paper titles."""
    return [
        {
            "citing": graph.nodes[c.citing][S.TITLE],
            "cited": graph.nodes[c.cited][S.TITLE],
            "via": S.LIST_SEP.join(c.via),
        }
        for c in citations
    ]


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
    ...     dates = {"resolved": 2, "dates_unknown": 1, "undated": 5, "newest": "2024-01-02",
    ...              "period_start": "2023-01-02", "rising": [{"entity": "x", "recent": 2,
    ...                                                       "before": 0}]}
    ...     citations = [{"citing": "A", "cited": "B", "via": "x"}]
    >>> print("\\n".join(analytics_lines(Sm())))
    CO_OCCURS: 9 pairs tested; 4 removed by --min-count 2, 1 by --max-q 0.05.
    Communities: 3 (modularity 0.410).
    Dates: 2 resolved via page dates; 1 unknown (printed without a year); 5 undated.
    Rising (2023-01-02 .. 2024-01-02 vs before): x 2/0.
    Inferred citations: 1.
      'A' -> 'B' via x
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
    dt = summary.dates
    if dt:
        lines.append(
            f"Dates: {dt['resolved']} resolved via page dates; {dt['dates_unknown']} unknown "
            f"(printed without a year); {dt['undated']} undated."
        )
        if dt.get("rising"):
            rising = ", ".join(
                f"{r['entity']} {r['recent']}/{r['before']}" for r in dt["rising"][:8]
            )
            lines.append(f"Rising ({dt['period_start']} .. {dt['newest']} vs before): {rising}.")
    if summary.citations or dt:
        lines.append(f"Inferred citations: {len(summary.citations)}.")
        lines += [
            f"  {c['citing']!r} -> {c['cited']!r} via {c['via']}" for c in summary.citations[:10]
        ]
    return lines
