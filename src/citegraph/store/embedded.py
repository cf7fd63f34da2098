"""The embedded Cypher store: a LadybugDB database file written beside the GraphML.

LadybugDB (PyPI ``ladybug``, the maintained Kùzu fork) needs tables declared before loading:
node tables come from :func:`citegraph.store.tables.node_tables`, rel tables from the edges as
their files are written (see :func:`stage_store`).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import networkx as nx

from citegraph.errors import StoreError
from citegraph.export.text import float_texts
from citegraph.graph import schema as S
from citegraph.store.query import QueryResult, plain
from citegraph.store.tables import (
    ColumnType,
    Edge,
    RelTable,
    Tables,
    cast,
    edge_type_error,
    graph_tables,
    identifier,
    kind_of,
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


def _ddl(tables: Tables) -> list[str]:
    statements = []
    for node in tables.nodes:
        cols = ", ".join(f"`{name}` {kind}" for name, kind in node.columns.items())
        statements.append(f"CREATE NODE TABLE `{node.label}`({cols}, PRIMARY KEY(`{S.NODE_ID}`))")
    for rel in tables.rels:
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
    the tables and their nodes first, then the edges. Run them in this order; a caller can
    load the nodes while the edges are still being written.

    Bulk COPY from CSV loads ~10x faster than UNWIND batches. The rel tables are declared by
    the second load, as their columns are only known once the edges have been written.
    """
    nodes = Tables(graph, node_tables(graph), ())
    yield _staged(path, lambda scratch: [*_ddl(nodes), *_write_node_csvs(nodes, scratch)])
    yield _staged(path, lambda scratch: _write_rels(graph, nodes, scratch))


def _write_rels(graph: nx.MultiDiGraph, nodes: Tables, scratch: Path) -> list[str]:
    """The edges' CSV files in ``scratch``; the statements that declare and load them.

    One pass takes each table's columns from its first edge and checks the others against
    them a chunk at a time; edges that differ (an attribute missing, a column holding values
    of several types) are written again from the exact layout of :func:`graph_tables`, which
    costs a second pass over the edges.
    """
    labels = {node: table.label for table in nodes.nodes for node in table.nodes}
    try:
        return _write_rels_at_once(graph, labels, scratch)
    except _Irregular:
        for partial in scratch.glob("rel-*.csv"):
            partial.unlink()
    tables = graph_tables(graph, keep_edges=False)
    return [*_ddl(Tables(graph, (), tables.rels)), *_write_rel_csvs(graph, tables, scratch)]


class _Irregular(Exception):
    """The edges of a table differ in attribute names or value types."""


@dataclass(slots=True)
class _Sink:
    """The CSV file of one (edge type, label pair) while it is written."""

    path: Path
    out: Any
    names: tuple[str, ...]  # the columns, in order
    size: int  # how many attributes every edge has
    pick: Any
    types: list[set[type]]  # the value types seen in each column
    rows: list[Edge] = field(default_factory=list)


def _write_rels_at_once(graph: nx.MultiDiGraph, labels: dict[str, str], scratch: Path) -> list[str]:
    fields = {node: _field(node) for node in labels}
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
                    rows.append((u, v, data))
                    if len(rows) == _CHUNK:
                        _flush(sink, fields)
        for sink in sinks.values():
            if sink.rows:
                _flush(sink, fields)
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
    return [*_ddl(Tables(graph, (), tuple(rels))), *statements]


def _copy_rel(
    kind: str,
    csv_path: Path,
    pair: tuple[str, str],
    pairs: tuple[tuple[str, str], ...],
    parallel: bool,
) -> str:
    """The COPY of one (edge type, label pair) file; the pair is named when the type has several."""
    options = _CSV_PARALLEL if parallel else _CSV
    where = f", from='{pair[0]}', to='{pair[1]}'" if len(pairs) > 1 else ""
    return f"COPY `{kind}` FROM '{_quoted(csv_path)}' {options[:-1]}{where})"


def _open_sink(files: ExitStack, path: Path, first: dict[str, Any]) -> _Sink:
    names = tuple(
        sorted(
            identifier(name, "edge attribute") for name in first if name not in (S.TYPE, S.NODE_ID)
        )
    )
    out = files.enter_context(path.open("w", newline="", encoding="utf-8", buffering=1 << 16))
    out.write(",".join(["src", "dst", *names]) + "\n")
    pick = itemgetter(*names) if names else None
    return _Sink(path, out, names, len(first), pick, [set() for _ in names])


def _flush(sink: _Sink, fields: dict[str, str]) -> None:
    sources, targets, datas = zip(*sink.rows, strict=True)
    sink.rows.clear()
    if len(set(map(len, datas))) != 1 or len(datas[0]) != sink.size:
        raise _Irregular
    if sink.pick is None:
        cols: list[tuple[Any, ...]] = []
    else:
        try:
            values = list(map(sink.pick, datas))
        except KeyError:
            raise _Irregular from None
        cols = list(zip(*values, strict=True)) if len(sink.names) > 1 else [tuple(values)]
    texts = []
    for seen, col in zip(sink.types, cols, strict=True):
        types = set(map(type, col))
        seen |= types
        texts.append(_texts(types - {type(None)}, col))
    lines = zip(
        map(fields.__getitem__, sources), map(fields.__getitem__, targets), *texts, strict=True
    )
    sink.out.write("\n".join(map(",".join, lines)))
    sink.out.write("\n")


def _texts(types: set[type], col: tuple[Any, ...]) -> list[str]:
    """The fields of a column holding values of ``types`` (and None)."""
    if not types:
        return [""] * len(col)
    if len(types) == 1:
        (kind,) = types
        if kind is float:
            return float_texts(col)
        if kind is int:
            return _int_texts(col)
        if kind is str:
            return ["" if v is None else _field(v) for v in col]
        if kind is bool:
            return list(map(_BOOLEAN_TEXT.__getitem__, col))
    if types == {int, float}:
        return list(map(_cell, col))
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
        if not types - {type(None)} <= _READ_AS[column]:
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


def _write_node_csvs(tables: Tables, scratch: Path) -> list[str]:
    statements = []
    for i, node in enumerate(tables.nodes):
        csv_path = scratch / f"node-{i}.csv"
        _write_csv(csv_path, node.columns, tables.node_values(node))
        statements.append(f"COPY `{node.label}` FROM '{_quoted(csv_path)}' {_CSV}")
    return statements


# Fields are quoted only where they must be (LadybugDB reads quoted fields three times slower),
# and empty strings always, so that they never read back as NULL.
_CSV = "(header=true, parallel=false)"
# LadybugDB's parallel CSV reader splits files at line breaks, so it is used only for files
# where no value can hold one: 10-20% off loading the edges.
_CSV_PARALLEL = "(header=true, parallel=true)"


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
        sinks: dict[tuple[str, str, str], tuple[Callable[[str], Any], Any]] = {}
        for i, rel in enumerate(tables.rels):
            parallel = plain_ids and "STRING" not in rel.columns.values()
            for j, pair in enumerate(rel.pairs):
                csv_path = scratch / f"rel-{i}-{j}.csv"
                fh = files.enter_context(
                    csv_path.open("w", newline="", encoding="utf-8", buffering=1 << 20)
                )
                fh.write(",".join(["src", "dst", *rel.columns]) + "\n")
                sinks[(rel.type, *pair)] = (fh.write, _caster(list(rel.columns.items())))
                statements.append(_copy_rel(rel.type, csv_path, pair, rel.pairs, parallel))
        for u, successors in graph.adjacency():
            label_u = labels[u]
            for v, keyed in successors.items():
                label_v = labels[v]
                for key, data in keyed.items():
                    write, pick = sinks[(data.get(S.TYPE, key), label_u, label_v)]
                    write(_line([u, v, *pick(data)]))
    return statements


# Edges buffered per file before they are written together.
_CHUNK = 1 << 14
_BOOLEAN_TEXT = {True: "true", False: "false", None: ""}


def _field(text: str) -> str:
    """``text`` as a CSV field, quoted only if it has to be.

    >>> _field("entity:a b"), _field('entity:"a", b')
    ('entity:a b', '"entity:""a"", b"')
    """
    if text and not any(c in text for c in '",\n\r'):
        return text
    return '"' + text.replace('"', '""') + '"'


def _int_texts(values: tuple[Any, ...]) -> list[str]:
    if None in values:
        return ["" if v is None else str(v) for v in values]
    return list(map(str, values))


def _caster(columns: list[tuple[str, ColumnType]]) -> Callable[[dict[str, Any]], list[Any]]:
    def pick(data: dict[str, Any]) -> list[Any]:
        return [cast(data.get(col), kind) for col, kind in columns]

    return pick


def _write_csv(path: Path, columns: Mapping[str, str], rows: Iterator[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8", buffering=1 << 20) as fh:
        fh.write(",".join(columns) + "\n")
        fh.writelines(map(_line, rows))


def _line(row: list[Any]) -> str:
    return ",".join(map(_cell, row)) + "\n"


def _cell(value: Any) -> str:
    """A value as a CSV field: NULL is an empty field, an empty string a quoted one.

    >>> [_cell(v) for v in (None, "", "a,b", True, 2, 0.5)]
    ['', '""', '"a,b"', 'true', '2', '0.5']
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return _field(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


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
