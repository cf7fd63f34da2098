"""A tiny hand-made corpus for the analytics tests: papers as lists of (text, label, introduced)."""

from __future__ import annotations

import networkx as nx

from citegraph.extract.canonical import EntityResolver, Resolution
from citegraph.graph.build import assemble, build_graph
from citegraph.graph.citations import add_cites, cites_columns, link_related
from citegraph.graph.columns import EdgeColumns
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


def graph_with_columns(
    ids: tuple[str, ...] = ("p1", "p2", "p3", "p4", "p5", "p6"),
) -> tuple[nx.MultiDiGraph, tuple[EdgeColumns, ...]]:
    """A graph with edges of every type (papers named by ``ids``), and the columns of its
    edges as a build makes them."""
    names = [["Alpha", "Beta"], ["Alpha", "Gamma"], ["Beta", "Gamma", "Delta"], ["Alpha"]]
    docs = {pid: names[i % len(names)] for i, pid in enumerate(ids)}
    dates = {pid: f"202{i}-01-01" for i, pid in enumerate(ids)}
    papers, records, resolution = corpus(docs, dates=dates, introduced={ids[0]: {"Alpha"}})
    assembly = assemble(papers, records, resolution)
    related = link_related(assembly.graph, k=2, mentions=assembly.mentions)
    cites = add_cites(assembly.graph, records, resolution)
    return assembly.graph, (*assembly.columns, related, cites_columns(cites))
