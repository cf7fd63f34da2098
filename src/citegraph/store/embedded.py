"""The embedded Cypher store: a LadybugDB database file written beside the GraphML.

LadybugDB (PyPI ``ladybug``, the maintained Kùzu fork) needs tables declared before loading;
they are derived from the graph by :func:`citegraph.store.tables.graph_tables`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq

from citegraph.errors import StoreError
from citegraph.graph import schema as S
from citegraph.store.query import QueryResult, plain
from citegraph.store.tables import (
    ColumnType,
    NodeTable,
    cast,
    edge_columns,
    kind_of,
    label_pairs,
    node_labels,
    node_tables,
    undeclared_edge_type,
)

STORE = "graph.lbug"


def _ladybug() -> Any:
    try:
        import ladybug
    except ImportError:  # pragma: no cover - a runtime dependency
        raise StoreError("the embedded store needs LadybugDB: pip install ladybug") from None
    return ladybug


def _node_ddl(table: NodeTable) -> str:
    cols = ", ".join(f"`{name}` {kind}" for name, kind in table.columns.items())
    return f"CREATE NODE TABLE `{table.label}`({cols}, PRIMARY KEY(`{S.NODE_ID}`))"


def _rel_ddl(kind: str, pairs: tuple[tuple[str, str], ...], columns: Mapping[str, str]) -> str:
    parts = [f"FROM `{a}` TO `{b}`" for a, b in pairs]
    parts += [f"`{name}` {column}" for name, column in columns.items()]
    return f"CREATE REL TABLE `{kind}`({', '.join(parts)})"


def write_store(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as a new LadybugDB database at ``path`` (which must not exist).

    Examples
    --------
    >>> import tempfile
    >>> g = nx.MultiDiGraph(); g.add_node("paper:p", label="Paper", name="P")
    >>> path = Path(tempfile.mkdtemp()) / STORE
    >>> write_store(g, path)
    >>> with open_store(path) as store:
    ...     store.run("MATCH (p:Paper) RETURN p.name AS name").rows
    [('P',)]
    """
    for load in stage_store(graph, path):
        load.run()


@dataclass(frozen=True, slots=True)
class StoreLoad:
    """Part of a graph's tables written out as CSV beside ``path``, loadable without the graph.

    Splitting the write lets a caller free the graph before LadybugDB loads the rows: the load
    holds the whole database in memory (800 MB for the 2.4M edges of 100k papers).
    """

    path: Path
    scratch: Path
    statements: tuple[str, ...]

    def run(self) -> None:
        """Open (or create) the database, run the statements, and delete the CSV files."""
        lb = _ladybug()
        try:
            db = lb.Database(str(self.path))
            try:
                conn = lb.Connection(db)
                for statement in self.statements:
                    conn.execute(statement)
                conn.close()
            finally:
                db.close()
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)


def stage_store(graph: nx.MultiDiGraph, path: Path) -> Iterator[StoreLoad]:
    """The loads that make the store of ``graph`` at ``path``, each written as it is asked for:
    the node tables first, then the edges. Run them in this order; a caller can load the nodes
    while the edges are still being written.

    Tables are staged as Parquet files, written by Arrow from columns of the graph's values and
    read by LadybugDB's ``COPY`` in native code: no value is formatted as text on the way.
    """
    labels = node_labels(graph)
    nodes = node_tables(graph, labels)
    yield _staged(path, lambda scratch: _node_copies(graph, nodes, scratch))
    yield _staged(path, lambda scratch: _rel_copies(graph, labels, scratch))


def _staged(path: Path, write: Callable[[Path], list[str]]) -> StoreLoad:
    """``write`` run on a new scratch folder beside ``path``, which is removed if it fails."""
    scratch = Path(tempfile.mkdtemp(prefix=".copy-", dir=path.parent))
    try:
        return StoreLoad(path, scratch, tuple(write(scratch)))
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


_ARROW = {"BOOLEAN": pa.bool_(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "STRING": pa.string()}
# Edges are staged this many at a time, so the staging never holds more than one chunk of
# values beyond the graph itself.
CHUNK_ROWS = 1 << 18


def _array(values: list[Any], kind: ColumnType) -> pa.Array:
    """``values`` as an Arrow array of ``kind`` (``None`` is null), cast as :func:`cast` does."""
    try:
        return pa.array(values, type=_ARROW[kind])
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([cast(v, kind) for v in values], type=_ARROW[kind])


def _copy(table: str, file: Path, options: str = "") -> str:
    return f"COPY `{table}` FROM '{_quoted(file)}'{options}"


def _quoted(path: Path) -> str:
    return str(path.resolve()).replace("\\", "\\\\").replace("'", "\\'")


def _node_copies(graph: nx.MultiDiGraph, tables: tuple[NodeTable, ...], scratch: Path) -> list[str]:
    statements = [_node_ddl(table) for table in tables]
    for i, table in enumerate(tables):
        data = [graph.nodes[node] for node in table.nodes]
        columns = {S.NODE_ID: pa.array(table.nodes, type=pa.string())}
        for name, kind in table.columns.items():
            if name != S.NODE_ID:
                columns[name] = _array([d.get(name) for d in data], kind)
        file = scratch / f"node-{i}.parquet"
        pq.write_table(pa.table(columns), file)
        statements.append(_copy(table.label, file))
    return statements


@dataclass(frozen=True, slots=True)
class _Chunk:
    """One staged file of edges: its rel type, label pair and the Python types of its columns."""

    file: Path
    kind: str
    pair: tuple[str, str]
    types: dict[str, set[type]]


class _EdgeStager:
    """Edges buffered by (type, label pair) and written a chunk at a time as Parquet."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.chunks: list[_Chunk] = []

    def write(self, group: tuple[str, str, str], rows: tuple[list, list, list]) -> None:
        kind, *pair = group
        sources, targets, data = rows
        columns = {"src": pa.array(sources, pa.string()), "dst": pa.array(targets, pa.string())}
        types: dict[str, set[type]] = {}
        for name in sorted(set().union(*data) - {S.TYPE, S.NODE_ID}):
            values = [d.get(name) for d in data]
            types[name] = set(map(type, values))
            columns[name] = _array(values, kind_of(types[name]))
        file = self.scratch / f"rel-{len(self.chunks)}.parquet"
        pq.write_table(pa.table(columns), file)
        self.chunks.append(_Chunk(file, kind, (pair[0], pair[1]), types))


def _rel_copies(graph: nx.MultiDiGraph, labels: dict[str, str], scratch: Path) -> list[str]:
    """Write every edge to Parquet chunks in one pass; the DDL and COPY statements that load them.

    Each chunk's columns are typed by its own values; a chunk whose columns differ from its rel
    table's (an attribute missing from all its edges, or ints where other chunks hold floats)
    is rewritten to the table's columns before it is loaded.
    """
    stager = _EdgeStager(scratch)
    buffers: dict[tuple[str, str, str], tuple[list, list, list]] = {}
    for u, successors in graph.adjacency():
        label_u = labels[u]
        for v, keyed in successors.items():
            label_v = labels[v]
            for key, data in keyed.items():
                group = (data.get(S.TYPE, key), label_u, label_v)
                rows = buffers.get(group)
                if rows is None:
                    if group[0] not in S.EDGE_TYPES:
                        raise undeclared_edge_type(u, v, group[0])
                    rows = buffers[group] = ([], [], [])
                rows[0].append(u)
                rows[1].append(v)
                rows[2].append(data)
                if len(rows[0]) == CHUNK_ROWS:
                    stager.write(group, rows)
                    buffers[group] = ([], [], [])
    for group, rows in buffers.items():
        if rows[0]:
            stager.write(group, rows)
    statements = []
    for kind in S.EDGE_TYPES:
        chunks = [c for c in stager.chunks if c.kind == kind]
        if not chunks:
            continue
        types: dict[str, set[type]] = {}
        for chunk in chunks:
            for name, seen in chunk.types.items():
                types.setdefault(name, set()).update(seen)
        columns = edge_columns(types)
        pairs = label_pairs({c.pair for c in chunks})
        statements.append(_rel_ddl(kind, pairs, columns))
        for chunk in chunks:
            if edge_columns(chunk.types) != columns:
                _conform(chunk.file, columns)
            where = f"(from='{chunk.pair[0]}', to='{chunk.pair[1]}')" if len(pairs) > 1 else ""
            statements.append(_copy(kind, chunk.file, f" {where}" if where else ""))
    return statements


def _conform(file: Path, columns: dict[str, ColumnType]) -> None:
    """Rewrite a staged chunk with exactly ``columns`` (missing ones null), in their order."""
    table = pq.read_table(file)
    arrays = {"src": table.column("src"), "dst": table.column("dst")}
    for name, kind in columns.items():
        values = table.column(name).to_pylist() if name in table.column_names else None
        arrays[name] = _array(values or [None] * table.num_rows, kind)
    pq.write_table(pa.table(arrays), file)


class EmbeddedStore:
    """An open LadybugDB store; run Cypher with :meth:`run`."""

    dialect = "ladybug"

    def __init__(self, path: Path, *, write: bool = False) -> None:
        lb = _ladybug()
        if not path.exists():
            raise StoreError(
                f"{path}: no embedded store here; run `citegraph build ... --out {path.parent}` "
                "first or pass --graph DIR"
            )
        try:
            self._db = lb.Database(str(path), read_only=not write)
        except RuntimeError as err:
            raise StoreError(f"{path}: cannot open the store ({err})") from None
        self._conn = lb.Connection(self._db)
        self.path = path

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run one Cypher statement; errors become :class:`StoreError` with one line."""
        try:
            result = self._conn.execute(query, dict(params or {}))
        except RuntimeError as err:
            raise StoreError(_explain(str(err))) from None
        if isinstance(result, list):
            result = result[-1]
        columns = tuple(result.get_column_names())
        rows = [tuple(plain(v) for v in row) for row in result.get_all()]
        return QueryResult(columns, rows)

    def close(self) -> None:
        """Release the database file."""
        self._conn.close()
        self._db.close()


def _explain(message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else "query failed"
    if "read-only" in first:
        return "the query writes to the store; pass --write to allow it"
    if "does not exist" in first and "Table" in first:
        labels = ", ".join(S.NODE_LABELS + S.EDGE_TYPES)
        return f"{first} Known labels and types: {labels}"
    return f"{first}; check the Cypher (LadybugDB dialect)"


@contextmanager
def open_store(path: Path, *, write: bool = False) -> Iterator[EmbeddedStore]:
    """Open the store at ``path`` (read-only unless ``write``) and close it afterwards.

    Raises
    ------
    StoreError
        No store at ``path``, or it cannot be opened.
    """
    store = EmbeddedStore(path, write=write)
    try:
        yield store
    finally:
        store.close()
