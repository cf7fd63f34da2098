"""GraphML that NetworkX reads back identically and Gephi and yEd open."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from citegraph.errors import ExportError

# XML 1.0 forbids these; written anyway, they make the file unreadable.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_value(value: object) -> object:
    """An attribute value GraphML can hold: scalars only, no control characters.

    >>> clean_value("a\\x00b"), clean_value(None), clean_value(["x", "y"])
    ('ab', '', 'x|y')
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "|".join(str(v) for v in value)
    if isinstance(value, dict):
        raise ExportError(f"attribute value {value!r} is a mapping; GraphML holds scalars only")
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    return value


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as GraphML with lxml.

    Values are cleaned by :func:`clean_value` in a copy when any needs it; ``graph`` is left
    as it was. A graph that is already clean is written as it is, without the copy.
    """
    if _is_clean(graph):
        nx.write_graphml_lxml(graph, path, named_key_ids=True)
        return
    clean = nx.MultiDiGraph()
    clean.graph.update({k: clean_value(v) for k, v in graph.graph.items()})
    clean.add_nodes_from(
        (n, {k: clean_value(v) for k, v in d.items()}) for n, d in graph.nodes(data=True)
    )
    clean.add_edges_from(
        (u, v, k, {a: clean_value(b) for a, b in d.items()})
        for u, v, k, d in graph.edges(keys=True, data=True)
    )
    nx.write_graphml_lxml(clean, path, named_key_ids=True)


def _is_clean(graph: nx.MultiDiGraph) -> bool:
    # Copying a large graph to clean it doubles peak memory; most graphs need no cleaning.
    def ok(value: object) -> bool:
        if isinstance(value, str):
            return _CONTROL.search(value) is None
        return isinstance(value, int | float)

    return (
        all(ok(v) for v in graph.graph.values())
        and all(ok(v) for _, d in graph.nodes(data=True) for v in d.values())
        and all(ok(v) for *_, d in graph.edges(keys=True, data=True) for v in d.values())
    )


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_graphml`, equal to the graph that was written."""
    graph: nx.MultiDiGraph = nx.read_graphml(path, force_multigraph=True)
    # NetworkX adds empty GraphML defaults as graph attributes; they were never written by us.
    for name in ("node_default", "edge_default"):
        if graph.graph.get(name) == {}:
            del graph.graph[name]
    return graph
