"""The graph as typed tables: one node table per label, one rel table per edge type.

Column types come from the values in the graph, so a new scalar attribute or a new edge type
declared in :mod:`citegraph.graph.schema` reaches every store without code changes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from citegraph.errors import StoreError
from citegraph.graph import schema as S

ColumnType = Literal["BOOLEAN", "INT64", "DOUBLE", "STRING"]
Edge = tuple[str, str, dict[str, Any]]  # source, target, attributes

# Property names become Cypher identifiers; anything else is refused rather than escaped.
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class NodeTable:
    """A label and its columns (``id`` first), each with one type."""

    label: str
    columns: dict[str, ColumnType]
    nodes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RelTable:
    """An edge type, the (from label, to label) pairs it joins, and its columns."""

    type: str
    pairs: tuple[tuple[str, str], ...]
    columns: dict[str, ColumnType]
    # Edges of each label pair, grouped once so loading a pair never rescans the rest.
    edges: dict[tuple[str, str], list[Edge]]


@dataclass(frozen=True, slots=True)
class Tables:
    """Every node and rel table of one graph, in schema order."""

    graph: nx.MultiDiGraph
    nodes: tuple[NodeTable, ...]
    rels: tuple[RelTable, ...]

    def node_rows(self, table: NodeTable) -> Iterator[dict[str, Any]]:
        """Rows of ``table``: ``id`` plus every column, ``None`` where a node lacks it."""
        for node in table.nodes:
            data = self.graph.nodes[node]
            row: dict[str, Any] = {S.NODE_ID: node}
            for col, kind in table.columns.items():
                if col != S.NODE_ID:
                    row[col] = cast(data.get(col), kind)
            yield row

    def rel_rows(self, table: RelTable, pair: tuple[str, str]) -> Iterator[dict[str, Any]]:
        """Rows of ``table`` between one label pair: ``src``, ``dst`` and every column."""
        for u, v, data in table.edges.get(pair, ()):
            row: dict[str, Any] = {"src": u, "dst": v}
            row.update((col, cast(data.get(col), kind)) for col, kind in table.columns.items())
            yield row

    @property
    def size(self) -> int:
        """Nodes plus edges: the rows a full load writes."""
        return self.graph.number_of_nodes() + self.graph.number_of_edges()


def column_type(values: list[object]) -> ColumnType:
    """The narrowest column type holding every non-empty value.

    >>> column_type([1, 2]), column_type([1, 2.5]), column_type([True]), column_type(["a", 1])
    ('INT64', 'DOUBLE', 'BOOLEAN', 'STRING')
    """
    return kind_of({type(v) for v in values})


def kind_of(types: set[type]) -> ColumnType:
    """The column type of values of these Python types (``NoneType`` ignored).

    >>> kind_of({int, type(None)}), kind_of({int, float}), kind_of({str, int})
    ('INT64', 'DOUBLE', 'STRING')
    """
    kinds = types - {type(None)}
    if kinds == {bool}:
        return "BOOLEAN"
    if kinds and kinds <= {int}:
        return "INT64"
    if kinds and kinds <= {int, float}:
        return "DOUBLE"
    return "STRING"


def cast(value: object, kind: ColumnType) -> object:
    """``value`` as a ``kind`` column holds it (``None`` stays ``None``).

    >>> cast(3, "DOUBLE"), cast(3, "STRING"), cast(None, "INT64")
    (3.0, '3', None)
    """
    if value is None:
        return None
    if kind == "INT64" or kind == "BOOLEAN":
        return value
    if kind == "DOUBLE":
        return float(value)  # type: ignore[arg-type]
    if kind == "STRING":
        return value if isinstance(value, str) else str(value)
    return value


def identifier(name: str, where: str) -> str:
    """``name`` if it is safe as a Cypher identifier, else a :class:`StoreError`.

    >>> identifier("pagerank", "node attribute")
    'pagerank'
    """
    if not _IDENTIFIER.fullmatch(name):
        raise StoreError(
            f"{where} {name!r} is not a plain identifier (letters, digits, underscore); "
            "rename it in citegraph.graph.schema"
        )
    return name


_ID_COLUMN: dict[str, ColumnType] = {S.NODE_ID: "STRING"}


def _columns(items: Iterable[dict[str, Any]], skip: str, where: str) -> dict[str, ColumnType]:
    kinds: dict[str, set[type]] = defaultdict(set)
    for data in items:
        for name, value in data.items():
            kinds[name].add(type(value))
    return _columns_of(kinds, skip, where)


def _columns_of(kinds: dict[str, set[type]], skip: str, where: str) -> dict[str, ColumnType]:
    kinds = {name: types for name, types in kinds.items() if name not in (skip, S.NODE_ID)}
    return {identifier(name, where): kind_of(types) for name, types in sorted(kinds.items())}


def graph_tables(graph: nx.MultiDiGraph, *, keep_edges: bool = True) -> Tables:
    """Derive the tables of ``graph``; labels and edge types must be declared in the schema.

    With ``keep_edges=False`` the rel tables carry no edge lists (``rel_rows`` yields
    nothing): for writers that stream the graph's edges themselves, since the lists take
    hundreds of MB for millions of edges.

    Raises
    ------
    StoreError
        A node label or edge type is not in :mod:`citegraph.graph.schema`, or an attribute
        name is not a plain identifier.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("paper:p", label="Paper", name="P")
    >>> g.add_node("entity:gnn", label="Method", name="GNN", papers=1)
    >>> _ = g.add_edge("paper:p", "entity:gnn", key="MENTIONS", type="MENTIONS", weight=2)
    >>> t = graph_tables(g)
    >>> [(n.label, n.columns) for n in t.nodes]
    [('Paper', {'id': 'STRING', 'name': 'STRING'}), ('Method', {'id': 'STRING', 'name': 'STRING', \
'papers': 'INT64'})]
    >>> [(r.type, r.pairs, r.columns) for r in t.rels]
    [('MENTIONS', (('Paper', 'Method'),), {'weight': 'INT64'})]
    """
    labels = node_labels(graph)
    # One pass over the edges, grouped straight into (type, label pair): at 100k papers there
    # are millions of edges, and every intermediate list of them costs hundreds of MB.
    grouped: dict[str, dict[tuple[str, str], list[Edge]]] = defaultdict(lambda: defaultdict(list))
    # Without edge lists only the layouts matter: (type, pair, *names, *value types) repeats
    # for millions of edges, one set entry for each.
    layouts: set[tuple[Any, ...]] = set()
    for kind, pair, u, v, data in edge_groups(graph, labels):
        if keep_edges:
            grouped[kind][pair].append((u, v, data))
        else:
            layouts.add((kind, pair, *data, *map(type, data.values())))
    typed = [_layout_types(layout) for layout in layouts]
    kinds: dict[str, dict[str, set[type]]] = defaultdict(lambda: defaultdict(set))
    for kind, pair, types in typed:
        grouped[kind].setdefault(pair, [])
        for name, value_type in types.items():
            kinds[kind][name].add(value_type)
    nodes = node_tables(graph, labels)
    rels = []
    for kind in S.EDGE_TYPES:
        pairs = grouped.get(kind)
        if not pairs:
            continue
        if keep_edges:
            every = (data for edges in pairs.values() for *_, data in edges)
            columns = _columns(every, S.TYPE, "edge attribute")
        else:
            columns = _columns_of(kinds[kind], S.TYPE, "edge attribute")
        rels.append(
            RelTable(
                kind,
                pair_order(pairs),
                columns,
                dict(pairs),
            )
        )
    return Tables(graph, nodes, tuple(rels))


def node_tables(
    graph: nx.MultiDiGraph, labels: dict[str, str] | None = None
) -> tuple[NodeTable, ...]:
    """The node tables of ``graph`` (``labels``, node to label, if already known).

    Raises
    ------
    StoreError
        A node label is not in :mod:`citegraph.graph.schema`, or an attribute name is not a
        plain identifier.
    """
    by_label: dict[str, list[str]] = defaultdict(list)
    for node, label in (node_labels(graph) if labels is None else labels).items():
        by_label[label].append(node)
    return tuple(
        NodeTable(
            label,
            _ID_COLUMN
            | _columns((graph.nodes[n] for n in by_label[label]), S.LABEL, "node attribute"),
            tuple(by_label[label]),
        )
        for label in S.NODE_LABELS
        if by_label[label]
    )


def pair_order(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Label pairs in schema order.

    >>> pair_order([("Paper", "Task"), ("Paper", "Method")])
    (('Paper', 'Method'), ('Paper', 'Task'))
    """
    order = {label: i for i, label in enumerate(S.NODE_LABELS)}
    return tuple(sorted(pairs, key=lambda p: (order[p[0]], order[p[1]])))


def edge_type_error(u: str, v: str, kind: object) -> StoreError:
    """The error for an edge whose type the schema does not declare."""
    return StoreError(
        f"edge {u!r} -> {v!r} has type {kind!r}, which "
        "citegraph.graph.schema.EDGE_TYPES does not declare; add it there"
    )


def _layout_types(layout: tuple[Any, ...]) -> tuple[str, tuple[str, str], dict[str, type]]:
    """(type, pair, {attribute name: value type}) of a ``(type, pair, *names, *types)`` layout."""
    kind, pair, *rest = layout
    half = len(rest) // 2
    return kind, pair, dict(zip(rest[:half], rest[half:], strict=True))


def node_labels(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Every node of ``graph`` and its label.

    Raises
    ------
    StoreError
        A node label is not in :mod:`citegraph.graph.schema`.
    """
    labels: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        label = data.get(S.LABEL)
        if label not in S.NODE_LABELS:
            raise StoreError(
                f"node {node!r} has label {label!r}, which citegraph.graph.schema.NODE_LABELS "
                "does not declare; add it there"
            )
        labels[node] = label
    return labels


def edge_groups(
    graph: nx.MultiDiGraph, labels: dict[str, str]
) -> Iterator[tuple[str, tuple[str, str], str, str, dict[str, Any]]]:
    """Every edge as (type, (source label, target label), source, target, attributes), in the
    graph's order; ``labels`` maps every node to its label.

    Raises
    ------
    StoreError
        An edge type is not declared in :mod:`citegraph.graph.schema`.
    """
    for u, successors in graph.adjacency():
        for v, keyed in successors.items():
            for k, data in keyed.items():
                kind = data.get(S.TYPE, k)
                if kind not in S.EDGE_TYPES:
                    raise edge_type_error(u, v, kind)
                yield kind, (labels[u], labels[v]), u, v, data


def batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Rows in lists of at most ``size``, for ``UNWIND $rows`` statements.

    >>> [len(b) for b in batches(({"i": i} for i in range(5)), 2)]
    [2, 2, 1]
    """
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
