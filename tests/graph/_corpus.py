"""A tiny hand-made corpus for the analytics tests: papers as lists of (text, label, introduced)."""

from __future__ import annotations

import networkx as nx

from citegraph.extract.canonical import EntityResolver, Resolution
from citegraph.graph.build import build_graph
from citegraph.model import Mention, Paper, PaperMentions

# Five papers, entities A, B, C: c_A = 3, c_B = 3, c_C = 2, c_AB = 2, c_AC = 1, c_BC = 0.
TINY = {
    "p1": ["Alpha", "Beta"],
    "p2": ["Alpha", "Beta"],
    "p3": ["Alpha", "Gamma"],
    "p4": ["Beta"],
    "p5": ["Gamma"],
}


def extraction(pid: str, names: list[str], introduced: set[str] | frozenset[str] = frozenset()):
    mentions = tuple(
        Mention(n, "METHOD", 10 * i, 10 * i + len(n), 0, introduced=n in introduced)
        for i, n in enumerate(names)
    )
    return PaperMentions(pid, mentions)


def corpus(
    docs: dict[str, list[str]],
    dates: dict[str, str] | None = None,
    introduced: dict[str, set[str]] | None = None,
) -> tuple[list[Paper], list[PaperMentions], Resolution]:
    dates, introduced = dates or {}, introduced or {}
    papers = [Paper(pid, f"Title {pid}", "abstract", date=dates.get(pid, "")) for pid in docs]
    extractions = [
        extraction(pid, names, introduced.get(pid, set())) for pid, names in docs.items()
    ]
    resolver = EntityResolver()
    for e in extractions:
        resolver.add(e)
    return papers, extractions, resolver.finish()


def tiny_graph(**options: object) -> nx.MultiDiGraph:
    return build_graph(*corpus(TINY), **options)  # type: ignore[arg-type]
