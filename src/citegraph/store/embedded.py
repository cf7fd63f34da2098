"""The embedded Cypher store: a LadybugDB database file written beside the GraphML.

LadybugDB (PyPI ``ladybug``, the maintained Kùzu fork) needs tables declared before loading:
node tables come from :func:`citegraph.store.tables.node_tables`, rel tables from the edges as
their files are written (see :func:`stage_store`).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx
import numpy as np
import polars as pl

from citegraph.errors import StoreError
from citegraph.graph import schema as S
from citegraph.graph.columns import ITEM_TYPES, EdgeColumns
from citegraph.store.query import QueryResult, plain
from citegraph.store.tables import (
    ColumnType,
    NodeTable,
    RelTable,
    Tables,
    cast,
    edge_type_error,
    graph_tables,
    identifier,
    kind_of,
    node_labels,
    node_tables,
    pair_order,
)

STORE = "graph.lbug"


def _ladybug() -> Any:
    try:
        import ladybug
    except ImportError:  # pragma: no cover - a runtime dependency
        raise StoreError("the embedded store needs LadybugDB: pip install ladybug") from None
    return ladybug


def _ddl(nodes: Sequence[NodeTable] = (), rels: Sequence[RelTable] = ()) -> list[str]:
    statements = []
    for node in nodes:
        cols = ", ".join(f"`{name}` {kind}" for name, kind in node.columns.items())
        statements.append(f"CREATE NODE TABLE `{node.label}`({cols}, PRIMARY KEY(`{S.NODE_ID}`))")
    for rel in rels:
        parts = [f"FROM `{a}` TO `{b}`" for a, b in rel.pairs]
        parts += [f"`{name}` {kind}" for name, kind in rel.columns.items()]
        statements.append(f"CREATE REL TABLE `{rel.type}`({', '.join(parts)})")
    return statements


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
    """Part of a graph's tables written out as CSV or Parquet files beside ``path``, loadable
    without the graph.

    Splitting the write lets a caller free the graph before LadybugDB loads the rows: the load
    holds the whole database in memory (800 MB for the 2.4M edges of 100k papers).
    """

    path: Path
    scratch: Path
    statements: tuple[str, ...]

    def run(self) -> None:
        """Open (or create) the database, run the statements in one transaction, and delete
        its files. A statement that fails leaves the database as it was before.

        One transaction rather than one per statement: each COPY committed on its own writes
        its pages out again (the edges of 100k papers loaded in 5.3 s instead of 7.2 s).
        """
        if not self.statements:
            shutil.rmtree(self.scratch, ignore_errors=True)
            return
        lb = _ladybug()
        try:
            db = lb.Database(str(self.path))
            try:
                conn = lb.Connection(db)
                conn.execute("BEGIN TRANSACTION")
                try:
                    for statement in self.statements:
                        conn.execute(statement)
                except BaseException:
                    with suppress(RuntimeError):  # a failed statement has rolled it back
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
                conn.close()
            finally:
                db.close()
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)


def stage_nodes(
    graph: nx.MultiDiGraph, path: Path, labels: dict[str, str] | None = None
) -> StoreLoad:
    """The load that makes the node tables of ``graph`` (of the nodes in ``labels``, node to
    label, if given) in the store at ``path``: say the papers, known before their entities. A
    later :func:`stage_store` of the whole graph names their labels in ``loaded``.
    """
    tables = Tables(graph, node_tables(graph, labels), ())
    return _staged(path, lambda scratch: [*_ddl(tables.nodes), *_write_node_files(tables, scratch)])


def stage_store(
    graph: nx.MultiDiGraph,
    path: Path,
    *,
    columns: Sequence[EdgeColumns] = (),
    loaded: Collection[str] = (),
) -> Iterator[StoreLoad]:
    """The loads that make the store of ``graph`` at ``path``, each written as it is asked for:
    the tables and their nodes first, then the edges. Run them in this order; a caller can
    load the nodes while the edges are still being written.

    Bulk COPY from files loads ~10x faster than UNWIND batches. The rel tables are declared by
    the second load, as their columns are only known once the edges have been written.
    ``columns``, if given, must hold every edge of ``graph`` (as the build's graph stage makes
    them): the edges are then written from them instead of read out of the graph, which this
    no longer holds once the first load is made (so a caller may free it meanwhile).
    ``loaded`` names the node labels whose tables :func:`stage_nodes` made, with the same
    nodes and attributes as ``graph`` has; the first load makes the others.
    """
    labels = node_labels(graph)
    first = stage_nodes(
        graph, path, {node: label for node, label in labels.items() if label not in loaded}
    )
    if columns:
        del graph
        yield first
        yield _staged(path, lambda scratch: _write_column_rels(columns, labels, scratch))
    else:
        yield first
        yield _staged(path, lambda scratch: _write_rels(graph, labels, scratch))


def _write_rels(graph: nx.MultiDiGraph, labels: dict[str, str], scratch: Path) -> list[str]:
    """The edges' CSV files in ``scratch``; the statements that declare and load them.

    One pass takes each table's columns from its first edge and checks the others against
    them a chunk at a time; edges that differ (an attribute missing, a column holding values
    of several types) are written again from the exact layout of :func:`graph_tables`, which
    costs a second pass over the edges.
    """
    try:
        return _write_rels_at_once(graph, labels, scratch)
    except _Irregular:
        for partial in scratch.glob("rel-*.csv"):
            partial.unlink()
    tables = graph_tables(graph, keep_edges=False)
    return [*_ddl(rels=tables.rels), *_write_rel_csvs(graph, tables, scratch)]


def _write_column_rels(
    columns: Sequence[EdgeColumns], labels: dict[str, str], scratch: Path
) -> list[str]:
    """:func:`_write_rels` for edges held as columns."""
    sinks: dict[tuple[str, str, str], _Sink] = {}
    kind = ""
    try:
        with ExitStack() as files:
            for table in columns:
                kind = table.type
                _write_columns(table, labels, scratch, sinks, files)
        kind = ""
        return _rel_statements(sinks, labels)
    except _Irregular:
        where = f"{kind} edges" if kind else "edges"
        raise StoreError(
            f"{where}: an attribute holds values of types that cannot share a column; "
            "give each attribute one type"
        ) from None


class _Irregular(Exception):
    """The edges of a table differ in attribute names or value types."""


@dataclass(slots=True)
class _Sink:
    """The file of one (edge type, label pair) while it is written (``out``, if written by
    chunks)."""

    path: Path
    out: BinaryIO | None
    names: tuple[str, ...]  # the columns, in order
    size: int  # how many attributes every edge has
    pick: Any
    types: list[set[type]]  # the value types seen in each column
    # Buffered edges as source, target, attributes, source, ...: a third of the memory of a
    # tuple per edge, and the three columns come back as slices.
    rows: list[Any] = field(default_factory=list)


def _write_rels_at_once(graph: nx.MultiDiGraph, labels: dict[str, str], scratch: Path) -> list[str]:
    sinks: dict[tuple[str, str, str], _Sink] = {}
    with ExitStack() as files:
        for u, successors in graph.adjacency():
            label_u = labels[u]
            for v, keyed in successors.items():
                label_v = labels[v]
                for key, data in keyed.items():
                    at = (data.get(S.TYPE, key), label_u, label_v)
                    sink = sinks.get(at)
                    if sink is None:
                        if at[0] not in S.EDGE_TYPES:
                            raise edge_type_error(u, v, at[0])
                        path = scratch / f"rel-{len(sinks)}.csv"
                        sink = sinks[at] = _open_sink(files, path, data)
                    rows = sink.rows
                    rows += (u, v, data)
                    if len(rows) == _FULL:
                        _flush(sink)
        for sink in sinks.values():
            if sink.rows:
                _flush(sink)
    return _rel_statements(sinks, labels)


def _rel_statements(sinks: dict[tuple[str, str, str], _Sink], labels: dict[str, str]) -> list[str]:
    """The statements that declare the rel tables of the files in ``sinks`` and load them."""
    by_type: dict[str, dict[tuple[str, str], _Sink]] = {}
    for (kind, *pair), sink in sinks.items():
        by_type.setdefault(kind, {})[(pair[0], pair[1])] = sink
    plain_ids = not any("\n" in node or "\r" in node for node in labels)
    rels, statements = [], []
    for kind in S.EDGE_TYPES:
        group = by_type.get(kind)
        if not group:
            continue
        columns = _rel_columns(list(group.values()))
        pairs = pair_order(group)
        rels.append(RelTable(kind, pairs, columns, {}))
        parallel = plain_ids and "STRING" not in columns.values()
        statements += [_copy_rel(kind, group[pair].path, pair, pairs, parallel) for pair in pairs]
    return [*_ddl(rels=rels), *statements]


def _write_columns(
    table: EdgeColumns,
    labels: dict[str, str],
    scratch: Path,
    sinks: dict[tuple[str, str, str], _Sink],
    files: ExitStack,
) -> None:
    """The edges of ``table``, one file per label pair, written a column at a time."""
    if not len(table):
        return
    if table.type not in S.EDGE_TYPES:
        raise edge_type_error(table.sources[0], table.targets[0], table.type)
    sources = _ids(list(table.sources))
    from_, source_labels = _label_codes(table.sources, labels)
    if table.targets is table.sources:  # one list for both ends (CO_OCCURS, RELATED)
        targets, to, target_labels = sources, from_, source_labels
    else:
        targets = _ids(list(table.targets))
        to, target_labels = _label_codes(table.targets, labels)
    width = len(target_labels)
    pair = from_[table.source] * width + to[table.target]
    names = _sink_names(dict.fromkeys(table.names()))
    for code in np.flatnonzero(np.bincount(pair)).tolist():
        a, b = divmod(code, width)
        rows = np.flatnonzero(pair == code)
        out = [sources.gather(table.source[rows]), targets.gather(table.target[rows])]
        seen_types: list[set[type]] = []
        # Parquet, which LadybugDB loads about a quarter faster than CSV, unless a column of
        # Python objects holds numbers: one file may then hold ints where another holds floats
        # (or both, written as text by _typed), which only CSV leaves to the table's type.
        parquet = True
        for name in names:
            column = table.attributes[name][rows]
            kind = ITEM_TYPES.get(column.dtype.kind)
            if kind is not None:
                seen_types.append({kind})
                out.append(pl.Series(column).cast(_DTYPES[kind]))
            else:
                values = column.tolist()
                types = set(map(type, values))
                seen_types.append(types)
                parquet = parquet and types <= {str, _NONE}
                out.append(_typed(types - {_NONE}, values))
        frame = pl.DataFrame(dict(zip(["src", "dst", *names], out, strict=True)))
        path = scratch / f"rel-{len(sinks)}.{'parquet' if parquet else 'csv'}"
        if parquet:
            frame.write_parquet(path, compression="uncompressed", statistics=False)
        else:
            with _open_csv(path, frame.columns) as csv:
                frame.write_csv(csv, include_header=False, quote_style="necessary")
        sink = _Sink(path, None, names, len(names) + 1, None, seen_types)
        sinks[(table.type, source_labels[a], target_labels[b])] = sink


def _label_codes(nodes: Sequence[str], labels: dict[str, str]) -> tuple[np.ndarray, list[str]]:
    """A code for the label of each of ``nodes``; the labels by code."""
    codes_of: dict[str, int] = {}
    codes = np.fromiter(
        (codes_of.setdefault(labels[node], len(codes_of)) for node in nodes),
        dtype=np.int64,
        count=len(nodes),
    )
    return codes, list(codes_of)


def _copy_rel(
    kind: str,
    path: Path,
    pair: tuple[str, str],
    pairs: tuple[tuple[str, str], ...],
    parallel: bool,
) -> str:
    """The COPY of one (edge type, label pair) file; the pair is named when the type has several."""
    options = [f"from='{pair[0]}'", f"to='{pair[1]}'"] if len(pairs) > 1 else []
    if path.suffix != ".parquet":
        options[:0] = ["header=true", f"parallel={'true' if parallel else 'false'}"]
    listed = f" ({', '.join(options)})" if options else ""
    return f"COPY `{kind}` FROM '{_quoted(path)}'{listed}"


def _sink_names(first: dict[str, Any]) -> tuple[str, ...]:
    """The columns of a rel file of edges with the attributes of ``first``, in order."""
    return tuple(
        sorted(
            identifier(name, "edge attribute") for name in first if name not in (S.TYPE, S.NODE_ID)
        )
    )


def _open_sink(files: ExitStack, path: Path, first: dict[str, Any]) -> _Sink:
    names = _sink_names(first)
    out = files.enter_context(_open_csv(path, ["src", "dst", *names]))
    pick = itemgetter(*names) if names else None
    return _Sink(path, out, names, len(first), pick, [set() for _ in names])


def _flush(sink: _Sink) -> None:
    assert sink.out is not None  # a sink written by chunks
    columns, datas = _taken(sink.rows)
    if list(map(len, datas)).count(sink.size) != len(datas):
        raise _Irregular
    if sink.pick is not None:
        try:
            values = list(map(sink.pick, datas))
        except KeyError:
            raise _Irregular from None
        cols = zip(*values, strict=True) if len(sink.names) > 1 else [values]
        for seen, col in zip(sink.types, cols, strict=True):
            types = set(map(type, col))
            seen |= types
            columns.append(_typed(types - {_NONE}, col))
    _append(sink.out, columns)


def _typed(types: set[type], values: Sequence[Any]) -> pl.Series:
    """A column holding values of ``types`` (and None) as they are.

    Ints mixed with floats, and ints beyond 64 bits, are written as Python spells them, for
    LadybugDB to read as its column type does (or to refuse).
    """
    if len(types) == 1:
        (kind,) = types
        dtype = _DTYPES.get(kind)
        if dtype is not None:
            return _series(values, dtype)
    elif not types:
        return pl.Series(values=values, dtype=pl.String)
    elif types == {int, float}:
        return pl.Series(values=[v if v is None else repr(v) for v in values], dtype=pl.String)
    raise _Irregular


# The value types a column's fields hold as the column type reads them (ints in a DOUBLE
# column read as the floats ``cast`` makes of them).
_READ_AS: dict[ColumnType, set[type]] = {
    "INT64": {int},
    "DOUBLE": {int, float},
    "BOOLEAN": {bool},
    "STRING": {str},
}


def _rel_columns(sinks: list[_Sink]) -> dict[str, ColumnType]:
    names = sinks[0].names
    if any(sink.names != names for sink in sinks):
        raise _Irregular
    columns: dict[str, ColumnType] = {}
    for i, name in enumerate(names):
        types = set().union(*(sink.types[i] for sink in sinks))
        column = kind_of(types)
        if not types - {_NONE} <= _READ_AS[column]:
            raise _Irregular
        columns[name] = column
    return columns


def _staged(path: Path, write: Callable[[Path], list[str]]) -> StoreLoad:
    """``write`` run on a new scratch folder beside ``path``, which is removed if it fails."""
    scratch = Path(tempfile.mkdtemp(prefix=".copy-", dir=path.parent))
    try:
        return StoreLoad(path, scratch, tuple(write(scratch)))
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _write_node_files(tables: Tables, scratch: Path) -> list[str]:
    """Each node table's files in ``scratch``; the statements that load them.

    Parquet, a file per chunk of nodes (LadybugDB loads the papers' abstracts from it in a third
    of the time CSV takes), unless a column holds values its type's Parquet column cannot (an
    int beyond 64 bits, written as its digits): that table is written as CSV instead.
    """
    statements = []
    for i, node in enumerate(tables.nodes):
        try:
            statements.append(_write_node_parquet(tables, node, scratch, f"node-{i}"))
        except _Irregular:
            for partial in scratch.glob(f"node-{i}-*.parquet"):
                partial.unlink()
            statements.append(_write_node_csv(tables, node, scratch / f"node-{i}.csv"))
    return statements


def _node_chunks(tables: Tables, node: NodeTable) -> Iterator[list[pl.Series]]:
    """The columns of ``node``'s table, a chunk of nodes at a time, each value cast."""
    attributes = tables.graph.nodes
    kinds = [(col, kind) for col, kind in node.columns.items() if col != S.NODE_ID]
    for start in range(0, len(node.nodes), _NODE_CHUNK):
        ids = node.nodes[start : start + _NODE_CHUNK]
        datas = list(map(attributes.__getitem__, ids))
        yield [_ids(ids), *(_cast([data.get(col) for data in datas], kind) for col, kind in kinds)]


def _write_node_parquet(tables: Tables, node: NodeTable, scratch: Path, stem: str) -> str:
    names = list(node.columns)
    dtypes = [_COLUMN_DTYPES[kind] for kind in node.columns.values()]
    paths = []
    for j, columns in enumerate(_node_chunks(tables, node)):
        if [column.dtype for column in columns] != dtypes:
            raise _Irregular
        path = scratch / f"{stem}-{j}.parquet"
        frame = pl.DataFrame(dict(zip(names, columns, strict=True)))
        frame.write_parquet(path, compression="uncompressed", statistics=False)
        paths.append(path)
    files = ", ".join(f"'{_quoted(path)}'" for path in paths)
    return f"COPY `{node.label}` FROM [{files}]"


def _write_node_csv(tables: Tables, node: NodeTable, path: Path) -> str:
    with _open_csv(path, list(node.columns)) as out:
        for columns in _node_chunks(tables, node):
            _append(out, columns)
    return f"COPY `{node.label}` FROM '{_quoted(path)}' {_CSV}"


# Fields are quoted only where they must be (LadybugDB reads quoted fields three times slower),
# and empty strings always, so that they never read back as NULL: polars' "necessary" quoting.
_CSV = "(header=true, parallel=false)"
# LadybugDB's parallel CSV reader splits files at line breaks, so edge files are read with it
# (``parallel=true``) only where no value can hold one: 10-20% off loading the edges.


def _quoted(path: Path) -> str:
    return str(path.resolve()).replace("\\", "\\\\").replace("'", "\\'")


def _write_rel_csvs(graph: nx.MultiDiGraph, tables: Tables, scratch: Path) -> list[str]:
    """One CSV per (edge type, label pair) of ``tables``, every value cast to its column's
    type, filled in a single pass over the edges; the COPY statements that load them.

    The way for edges that differ within a table (see :func:`_write_rels`).
    """
    statements = []
    labels = {node: table.label for table in tables.nodes for node in table.nodes}
    plain_ids = not any("\n" in node or "\r" in node for node in labels)
    with ExitStack() as files:
        sinks: dict[
            tuple[str, str, str], tuple[BinaryIO, list[tuple[str, ColumnType]], list[Any]]
        ] = {}
        for i, rel in enumerate(tables.rels):
            parallel = plain_ids and "STRING" not in rel.columns.values()
            for j, pair in enumerate(rel.pairs):
                csv_path = scratch / f"rel-{i}-{j}.csv"
                out = files.enter_context(_open_csv(csv_path, ["src", "dst", *rel.columns]))
                sinks[(rel.type, *pair)] = (out, list(rel.columns.items()), [])
                statements.append(_copy_rel(rel.type, csv_path, pair, rel.pairs, parallel))
        for u, successors in graph.adjacency():
            label_u = labels[u]
            for v, keyed in successors.items():
                label_v = labels[v]
                for key, data in keyed.items():
                    out, kinds, rows = sinks[(data.get(S.TYPE, key), label_u, label_v)]
                    rows += (u, v, data)
                    if len(rows) == _FULL:
                        _flush_cast(out, kinds, rows)
        for out, kinds, rows in sinks.values():
            if rows:
                _flush_cast(out, kinds, rows)
    return statements


def _flush_cast(out: BinaryIO, kinds: list[tuple[str, ColumnType]], rows: list[Any]) -> None:
    columns, datas = _taken(rows)
    columns += [_cast([data.get(col) for data in datas], kind) for col, kind in kinds]
    _append(out, columns)


def _taken(rows: list[Any]) -> tuple[list[pl.Series], list[dict[str, Any]]]:
    """The ``src`` and ``dst`` columns and the attribute dicts of buffered edges (source,
    target, attributes, source, ...), which are emptied."""
    columns, datas = [_ids(rows[0::3]), _ids(rows[1::3])], rows[2::3]
    rows.clear()
    return columns, datas


# Edges buffered per file before they are written together.
_CHUNK = 1 << 14
_FULL = 3 * _CHUNK  # a sink's buffer holds three items per edge
# Nodes written together: fewer, as papers carry their abstracts (65,536 of them took 150 MB).
_NODE_CHUNK = 1 << 12
_NONE = type(None)
_DTYPES: dict[type, type[pl.DataType]] = {
    bool: pl.Boolean,
    int: pl.Int64,
    float: pl.Float64,
    str: pl.String,
}
_COLUMN_DTYPES: dict[ColumnType, type[pl.DataType]] = {
    "BOOLEAN": pl.Boolean,
    "INT64": pl.Int64,
    "DOUBLE": pl.Float64,
    "STRING": pl.String,
}
# The one Python type a column of each type holds without ``cast``.
_NATIVE: dict[ColumnType, set[type]] = {
    "BOOLEAN": {bool},
    "INT64": {int},
    "DOUBLE": {float},
    "STRING": {str},
}


@contextmanager
def _open_csv(path: Path, header: list[str]) -> Iterator[BinaryIO]:
    with path.open("wb") as out:
        out.write(",".join(header).encode() + b"\n")
        yield out


def _ids(nodes: Sequence[str]) -> pl.Series:
    return pl.Series(values=nodes, dtype=pl.String)


def _series(values: Sequence[Any], dtype: type[pl.DataType]) -> pl.Series:
    """``values`` as a ``dtype`` column; ints beyond 64 bits as their digits."""
    try:
        return pl.Series(values=values, dtype=dtype)
    except TypeError:
        if dtype is not pl.Int64:
            raise
    return pl.Series(values=[v if v is None else str(v) for v in values], dtype=pl.String)


def _cast(values: list[Any], kind: ColumnType) -> pl.Series:
    """``values`` as a ``kind`` column: each as :func:`cast` makes it."""
    if not set(map(type, values)) - {_NONE} <= _NATIVE[kind]:
        values = [cast(v, kind) for v in values]
    return _series(values, _COLUMN_DTYPES[kind])


def _append(out: BinaryIO, columns: list[pl.Series]) -> None:
    """Rows of ``columns`` at the end of the CSV file ``out``.

    >>> import io
    >>> out = io.BytesIO()
    >>> _append(out, [_ids(["a,b", ""]), _typed({float}, [1e-05, None])])
    >>> out.getvalue().decode()
    '"a,b",0.00001\\n"",\\n'
    """
    frame = pl.DataFrame({str(i): column for i, column in enumerate(columns)})
    frame.write_csv(out, include_header=False, quote_style="necessary")


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
