"""When entities appear: ``first_seen``/``last_seen`` per entity, and entities on the rise.

The latest period is the 12 months ending at the newest paper date in the corpus (dates after
that date minus one year); an entity is rising when more of its dated papers fall in the latest
period than in everything before it, with at least ``min_recent`` papers in the latest period.
Undated papers count towards neither.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from citegraph.graph import schema as S


@dataclass(frozen=True, slots=True)
class TimeReport:
    """The latest period and the rising entities, most gained first."""

    newest: str
    period_start: str
    rising: list[dict[str, Any]] = field(default_factory=list)


def year_before(iso: str) -> str:
    """The same day one year earlier, as a string bound for comparisons.

    >>> year_before("2024-02-29"), year_before("2021-03")
    ('2023-02-29', '2020-03')
    """
    return f"{int(iso[:4]) - 1:04d}{iso[4:]}"


def annotate_time(graph: nx.MultiDiGraph, *, min_recent: int = 2, top: int = 20) -> TimeReport:
    """Set ``first_seen`` and ``last_seen`` (ISO, ``""`` when no paper is dated) on every entity.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("paper:a", label="Paper", date="2020-05-01")
    >>> g.add_node("paper:b", label="Paper", date="")
    >>> g.add_node("entity:x", label="Method", name="x")
    >>> for p in ("paper:a", "paper:b"):
    ...     _ = g.add_edge(p, "entity:x", key="MENTIONS", type="MENTIONS", weight=1)
    >>> r = annotate_time(g)
    >>> g.nodes["entity:x"]["first_seen"], r.period_start
    ('2020-05-01', '2019-05-01')
    """
    dates: defaultdict[str, list[str]] = defaultdict(list)
    for p, e, _ in S.typed_edges(graph, S.MENTIONS):
        date = graph.nodes[p].get(S.DATE, "")
        if date:
            dates[e].append(date)
    for node, d in graph.nodes(data=True):
        if d[S.LABEL] != S.PAPER:
            seen = dates.get(node, [])
            d[S.FIRST_SEEN] = min(seen, default="")
            d[S.LAST_SEEN] = max(seen, default="")
    newest = max((d for seen in dates.values() for d in seen), default="")
    if not newest:
        return TimeReport("", "")
    start = year_before(newest)
    rising = []
    for node, seen in dates.items():
        recent = sum(1 for d in seen if d > start)
        before = len(seen) - recent
        if recent >= min_recent and recent > before:
            rising.append(
                {
                    "entity": graph.nodes[node][S.NAME],
                    "label": graph.nodes[node][S.LABEL],
                    "recent": recent,
                    "before": before,
                }
            )
    rising.sort(key=lambda r: (-(r["recent"] - r["before"]), -r["recent"], r["entity"]))
    return TimeReport(newest, start, rising[:top])
