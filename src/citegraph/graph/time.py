"""When entities appear: ``first_seen``/``last_seen`` per entity, and entities on the rise.

The latest period is the 12 months ending at the newest paper date in the corpus (dates after
that date minus one year); an entity is rising when more of its dated papers fall in the latest
period than in everything before it, with at least ``min_recent`` papers in the latest period.
Undated papers count towards neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from citegraph.graph import schema as S
from citegraph.graph.build import Incidence, incidence


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


def annotate_time(
    graph: nx.MultiDiGraph,
    *,
    min_recent: int = 2,
    top: int = 20,
    mentions: Incidence | None = None,
) -> TimeReport:
    """Set ``first_seen`` and ``last_seen`` (ISO, ``""`` when no paper is dated) on every entity.

    ``mentions``, the graph's :func:`~citegraph.graph.build.incidence` when already at hand,
    saves walking the edges. Rising entities tied on every count are listed in graph order.

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
    mentions = mentions or incidence(graph)
    nodes = graph.nodes
    paper_dates = np.array([nodes[p].get(S.DATE, "") or "" for p in mentions.papers], dtype=object)
    dated = paper_dates != ""
    # Dates compare as strings: each dated mention becomes the rank of its date among them all.
    days, rank = np.unique(paper_dates[dated].astype(str), return_inverse=True)
    by_entity = sp.csc_matrix(mentions.matrix[dated])
    ranks = rank.ravel()[by_entity.indices]
    seen = np.flatnonzero(np.diff(by_entity.indptr))  # entities with a dated paper
    starts = by_entity.indptr[seen]
    first = np.full(len(mentions.entities), -1)
    last = np.full(len(mentions.entities), -1)
    if ranks.size:
        first[seen] = np.minimum.reduceat(ranks, starts)
        last[seen] = np.maximum.reduceat(ranks, starts)
    for node, lo, hi in zip(mentions.entities, first.tolist(), last.tolist(), strict=True):
        d = nodes[node]
        d[S.FIRST_SEEN] = str(days[lo]) if lo >= 0 else ""
        d[S.LAST_SEEN] = str(days[hi]) if hi >= 0 else ""
    if not ranks.size:
        return TimeReport("", "")
    newest = str(days[ranks.max()])
    start = year_before(newest)
    recent_day = np.asarray([day > start for day in days.tolist()], dtype=np.int64)
    recent = np.add.reduceat(recent_day[ranks], starts)
    total = np.diff(by_entity.indptr)[seen]
    rising = []
    for i, now, all_ in zip(seen.tolist(), recent.tolist(), total.tolist(), strict=True):
        before = all_ - now
        if now >= min_recent and now > before:
            node = mentions.entities[i]
            rising.append(
                {
                    "entity": nodes[node][S.NAME],
                    "label": nodes[node][S.LABEL],
                    "recent": now,
                    "before": before,
                }
            )
    rising.sort(key=lambda r: (-(r["recent"] - r["before"]), -r["recent"], r["entity"]))
    return TimeReport(newest, start, rising[:top])
