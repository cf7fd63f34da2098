"""GraphML that NetworkX reads back identically and Gephi and yEd open."""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, cast

import networkx as nx
import numpy as np
import polars as pl

from citegraph.errors import ExportError
from citegraph.export.text import float_texts
from citegraph.graph import schema as S
from citegraph.graph.columns import ITEM_TYPES, EdgeColumns

# XML 1.0 forbids these; written anyway, they make the file unreadable.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# GraphML type of each Python scalar type, as NetworkX writes and reads them.
_TYPES: dict[type, str] = {bool: "boolean", int: "long", float: "double", str: "string"}
# One translate both drops the characters XML cannot hold and escapes the markup ones.
_DROP: dict[int, str | None] = {c: None for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}
_DROP |= {0xFFFE: None, 0xFFFF: None}
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}) | _DROP
# Parsers normalise whitespace in attribute values, so ids keep theirs only as references.
_ATTR = (
    str.maketrans(
        {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
    )
    | _TEXT
)
_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
_BUFFER = 1 << 20
# Elements formatted together. Larger chunks save no time (a polars call is already spread over
# thousands of elements) but cost memory: polars holds several copies of a chunk's text.
_CHUNK = 1 << 13
# Groups with fewer elements are formatted in Python, which is cheaper than a polars call.
_SMALL = 512
# Edges formatted together from columns, where no Python objects are made per edge.
_COLUMN_CHUNK = 1 << 16
_INT64 = range(-(1 << 63), 1 << 63)
# Columns with at most this many distinct values (judged first by their first few) are escaped
# a distinct value at a time, in Python.
_FEW = 16
_POLARS_TYPES = {float: pl.Float64, int: pl.Int64, bool: pl.Boolean}


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


def write_graphml(
    graph: nx.MultiDiGraph, path: Path, *, columns: Sequence[EdgeColumns] = ()
) -> None:
    """Write ``graph`` as GraphML, streaming, with one typed ``<key>`` per attribute name.

    Values are passed through :func:`clean_value` as they are written; ``graph`` is left as
    it was. Key ids are the attribute names (as NetworkX's ``named_key_ids``) and each edge's
    id is its multigraph key, so :func:`read_graphml` gives back an equal graph. ``columns``,
    if given, must hold every edge of ``graph`` (as the build's graph stage makes them): the
    edges are then written from them instead of read out of the graph.

    >>> import tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", name="A & B", papers=2)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_graphml(g, Path(d) / "g.graphml")
    ...     read_graphml(Path(d) / "g.graphml").nodes["a"]
    {'name': 'A & B', 'papers': 2}
    """
    stage_graphml(graph, path, columns=columns)()


def stage_graphml(
    graph: nx.MultiDiGraph, path: Path, *, columns: Sequence[EdgeColumns] = ()
) -> Callable[[], None]:
    """:func:`write_graphml` in two steps: what needs ``graph`` is written now, to a scratch
    file beside ``path``; the call returned writes ``path`` from that file and ``columns``, so
    that the graph can be freed in between. That call removes the scratch file (as this does
    if it fails).

    >>> import tempfile
    >>> g = nx.MultiDiGraph(); g.add_node("a", name="A")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     finish = stage_graphml(g, Path(d) / "g.graphml"); del g; finish()
    ...     sorted(p.name for p in Path(d).iterdir())
    ['g.graphml']
    """
    # GraphML declares every key before the graph, but the types are only known once every
    # value has been seen: nodes and the edges read from the graph go to a scratch file in the
    # same pass that collects them, and the header is written in front of it afterwards. The
    # edges in columns, whose types are known beforehand, are written after it.
    body = path.with_name(f".{path.name}.body")
    try:
        nodes = _DataWriter(('<node id="', '">\n'), "</node>\n")
        edges = _DataWriter(('<edge source="', '" target="', '" id="', '">\n'), "</edge>\n")
        with body.open("wb", buffering=_BUFFER) as out:
            # Where no node id needs escaping, the edges' ends need none either.
            plain = True
            node_data = iter(graph.nodes(data=True))
            while chunk := list(islice(node_data, _CHUNK)):
                ids = _strs(list(map(itemgetter(0), chunk)))
                if ids.str.contains_any([chr(c) for c in _ATTR]).any():
                    plain = False
                    ids = _escape(ids, _ATTR)
                nodes.write(out, list(map(itemgetter(1), chunk)), [ids])
            del chunk
            if not columns:
                _walk_edges(graph, edges, out, plain)
        for table in columns:
            edges.declare(table)
        header = _DataWriter()
        graph_data = header.texts([graph.graph], []).item()
        head = [_HEADER]
        for domain, writer in (("graph", header), ("node", nodes), ("edge", edges)):
            for name, kind in writer.key_types().items():
                attr = _attr(name)
                head.append(
                    f'<key id="{attr}" for="{domain}" attr.name="{attr}" attr.type="{kind}"/>\n'
                )
        head.append(f'<graph edgedefault="directed">\n{graph_data}')
    except BaseException:
        body.unlink(missing_ok=True)
        raise

    def finish() -> None:
        try:
            with path.open("wb", buffering=_BUFFER) as final:
                final.write("".join(head).encode())
                with body.open("rb") as src:
                    shutil.copyfileobj(src, final, _BUFFER)
                for table in columns:
                    _write_columns(edges, final, plain, table)
                final.write(b"</graph>\n</graphml>\n")
        finally:
            body.unlink(missing_ok=True)

    return finish


def _walk_edges(graph: nx.MultiDiGraph, edges: _DataWriter, out: IO[bytes], plain: bool) -> None:
    """Write the edges of ``graph`` in its order."""
    # Edges are gathered in C a (source, target) pair at a time, and spread out to one row per
    # edge in polars when the chunk is formatted.
    sources: list[Any] = []
    fanout: list[int] = []
    targets: list[Any] = []
    keyed: list[dict[Any, dict[str, Any]]] = []
    for u, successors in graph.adjacency():
        for ends, edge_dicts in _slices(successors):
            sources.append(u)
            fanout.append(len(ends))
            targets.extend(ends)
            keyed.extend(edge_dicts)
            if len(keyed) >= _CHUNK:
                _write_edges(edges, out, plain, sources, fanout, targets, keyed)
    _write_edges(edges, out, plain, sources, fanout, targets, keyed)


def _write_columns(edges: _DataWriter, out: IO[bytes], plain: bool, table: EdgeColumns) -> None:
    """Write the edges of ``table``, a chunk of columns at a time."""
    if not len(table):
        return
    ends: list[pl.Series] = []
    for ids in (table.sources, table.targets):
        if ends and ids is table.sources:  # one list for both ends (CO_OCCURS, RELATED)
            ends.append(ends[0])
            continue
        series = _strs(list(ids))
        ends.append(series if plain else _escape(series, _ATTR))
    *start, before, after = edges.head
    head = (*start, before + _attr(str(table.type)) + after)
    for at in range(0, len(table), _COLUMN_CHUNK):
        window = slice(at, at + _COLUMN_CHUNK)
        heads = [
            ends[0].gather(table.source[window]),
            ends[1].gather(table.target[window]),
        ]
        columns = {name: column[window] for name, column in table.attributes.items()}
        edges.write_columns(out, heads, head, {S.TYPE: table.type}, columns)


def _slices(successors: dict[Any, Any]) -> Iterable[tuple[Collection[Any], Collection[Any]]]:
    """The targets and edge dicts of ``successors``, a chunk at a time for hubs (nodes with
    tens of thousands of neighbours), so that no chunk holds many more than ``_CHUNK`` pairs.

    >>> [list(map(list, piece)) for piece in _slices({"v": {0: {}}})]
    [[['v'], [{0: {}}]]]
    """
    if len(successors) <= _CHUNK:
        return ((successors.keys(), successors.values()),)
    ends, pairs = list(successors), list(successors.values())
    return ((ends[i : i + _CHUNK], pairs[i : i + _CHUNK]) for i in range(0, len(ends), _CHUNK))


def _write_edges(
    edges: _DataWriter,
    out: IO[bytes],
    plain: bool,
    sources: list[Any],
    fanout: list[int],
    targets: list[Any],
    keyed: list[dict[Any, dict[str, Any]]],
) -> None:
    """Write the edges of the pairs gathered (``fanout[i]`` targets for ``sources[i]``, the
    edges of each pair in ``keyed``) and empty the lists; ``plain``: node ids need no escaping.
    """
    keys = list(chain.from_iterable(keyed))
    items = list(chain.from_iterable(map(dict.values, keyed)))
    ends = [_strs(sources).gather(_spread(fanout)), _strs(targets)]
    if not plain:
        ends = [_escape(end, _ATTR) for end in ends]
    if len(keys) != len(keyed):
        spread = _spread(list(map(len, keyed)))
        ends = [end.gather(spread) for end in ends]
    edges.write(out, items, ends, keys)
    for done in (sources, fanout, targets, keyed):
        done.clear()


def _spread(counts: list[int]) -> pl.Series:
    """Each index ``i`` repeated ``counts[i]`` times.

    >>> _spread([2, 0, 1]).to_list()
    [0, 0, 2]
    """
    repeats = pl.Series(counts, dtype=pl.UInt32)
    indexes = pl.int_range(len(counts), dtype=pl.UInt32, eager=True)
    return indexes.repeat_by(repeats).explode(empty_as_null=False)


def _strs(values: list[Any]) -> pl.Series:
    """``str`` of each value (node ids, keys), taken by polars as they are if all are ``str``."""
    if set(map(type, values)) <= {str}:
        return pl.Series(values, dtype=pl.String)
    return pl.Series(list(map(str, values)), dtype=pl.String)


def _escaped(values: list[Any], table: dict[int, str | None]) -> pl.Series:
    """``str`` of each value, escaped with ``table``."""
    distinct = set(values[: _FEW * 4])
    if len(distinct) <= _FEW:
        distinct = set(values)
    if len(distinct) <= _FEW and all(type(value) is str for value in distinct):
        # Edge types, labels and the like: each distinct value is escaped once, in Python.
        escaped = {value: value.translate(table) for value in distinct}
        if any(map(str.__ne__, escaped, escaped.values())):
            values = list(map(escaped.__getitem__, values))
        return pl.Series(values, dtype=pl.String)
    return _escape(_strs(values), table)


def _escape(texts: pl.Series, table: dict[int, str | None]) -> pl.Series:
    # Replacing costs about what finding does, so nothing is searched first.
    return texts.str.replace_many([chr(c) for c in table], [r or "" for r in table.values()])


def _codes(values: Iterable[Any]) -> tuple[list[int], list[Any]]:
    """A code for each value, counting up in first-seen order; and the distinct values.

    >>> _codes(["b", "a", "b"])
    ([0, 1, 0], ['b', 'a'])
    """
    codes_of: defaultdict[Any, int] = defaultdict()
    # Each new value gets the next code, all in C.
    codes_of.default_factory = codes_of.__len__
    codes = list(map(codes_of.__getitem__, values))
    return codes, list(codes_of)


def _split(
    codes: list[int], labels: list[Any], items: list[dict[str, Any]], heads: list[pl.Series]
) -> tuple[pl.Series | None, list[tuple[Any, list[dict[str, Any]], list[pl.Series]]]]:
    """The elements and head columns of each label, in the order the labels were first seen
    (so that the keys are declared in the same order on every run); and, if there are several,
    the elements' order for :func:`_merge`."""
    if len(labels) == 1:
        return None, [(labels[0], items, heads)]
    order = pl.Series(codes, dtype=pl.UInt32).arg_sort()
    at = order.to_list()
    heads = [column.gather(order) for column in heads]
    parts = []
    start = 0
    for label, size in zip(labels, Counter(codes).values(), strict=True):
        part = list(map(items.__getitem__, at[start : start + size]))
        parts.append((label, part, [column.slice(start, size) for column in heads]))
        start += size
    return order, parts


def _merge(order: pl.Series | None, texts: list[pl.Series]) -> pl.Series:
    """The texts of the parts from :func:`_split`, back in the elements' order."""
    if order is None:
        return texts[0]
    return pl.DataFrame({"at": order, "text": pl.concat(texts)}).sort("at").get_column("text")


def _shared_names(items: list[dict[str, Any]]) -> tuple[str, ...] | None:
    """The names of the dicts in ``items`` if they all hold the same, in the same order.

    >>> _shared_names([{"a": 1, "b": 2}, {"a": 3, "b": 4}]), _shared_names([{"a": 1}, {"b": 2}])
    (('a', 'b'), None)
    >>> _shared_names([{"a": 1, "b": 2}, {"b": 3, "a": 4}])
    """
    names = tuple(items[0])
    width = len(names)
    flat = list(chain.from_iterable(items))
    if len(flat) != width * len(items):
        return None
    # A dict holds each name once, so when every stride holds a single name, every dict holds
    # all of them in that order.
    strides = (flat[i::width].count(name) == len(items) for i, name in enumerate(names))
    return names if all(strides) else None


def _kind(python_type: type, value: object) -> str:
    return _TYPES.get(python_type) or _TYPES.get(type(clean_value(value)), "string")


class _DataWriter:
    """Elements with their ``<data>`` children, noting the type of every attribute written.

    ``head`` is the start tag's text around its head columns (ids, keys): one piece more than
    there are columns. Elements are formatted a chunk at a time, grouped by attribute names: a
    group's values are typed, cast and escaped column by column in polars and its elements put
    together by one ``concat_str``, so a million edges cost a few thousand polars calls. Groups
    too small to repay a polars call are formatted in Python.

    >>> w = _DataWriter(('<node id="', '">\\n'), "</node>\\n")
    >>> w.texts([{"n": 2, "ok": True}], [pl.Series(["a"])]).item()
    '<node id="a">\\n<data key="n">2</data>\\n<data key="ok">true</data>\\n</node>\\n'
    """

    def __init__(self, head: tuple[str, ...] = ("",), tail: str = "") -> None:
        self.head, self.tail = head, tail
        # (name, Python type) -> GraphML type, one entry per combination seen.
        self.kinds: dict[tuple[str, type], str] = {}

    def write(
        self,
        out: IO[bytes],
        items: list[dict[str, Any]],
        heads: list[pl.Series],
        keys: list[Any] | None = None,
    ) -> None:
        """Write the elements of ``items`` to ``out``; ``heads`` hold the columns of their start
        tags, but for edges' multigraph keys, which come apart as ``keys``."""
        if items:
            texts = self.texts(items, heads) if keys is None else self._keyed(items, heads, keys)
            _emit(out, texts)

    def texts(self, items: list[dict[str, Any]], heads: list[pl.Series]) -> pl.Series:
        """The text of each element of ``items``, in order."""
        codes, names_of = _codes(map(tuple, items))
        order, parts = _split(codes, names_of, items, heads)
        texts = [self._group(names, part, at, self.head) for names, part, at in parts]
        return _merge(order, texts)

    def _keyed(
        self, items: list[dict[str, Any]], heads: list[pl.Series], keys: list[Any]
    ) -> pl.Series:
        # Edges are grouped by key first: a key's edges mostly share their attribute names, which
        # is checked in C without a tuple per edge, and the key's id is written once. Where they
        # do not, the chunk is grouped by names, so that the names are met in the same order.
        codes, distinct = _codes(keys)
        if len(distinct) <= _FEW and all(type(key) is str for key in distinct):
            order, parts = _split(codes, distinct, items, heads)
            shared = [_shared_names(part) for _, part, _ in parts]
            if None not in shared:
                names_of = cast(list[tuple[str, ...]], shared)
                *start, before, after = self.head
                texts = [
                    self._group(names, part, at, (*start, before + _attr(key) + after))
                    for (key, part, at), names in zip(parts, names_of, strict=True)
                ]
                return _merge(order, texts)
        return self.texts(items, [*heads, _escaped(keys, _ATTR)])

    def write_columns(
        self,
        out: IO[bytes],
        heads: list[pl.Series],
        head: tuple[str, ...],
        constants: Mapping[str, Any],
        columns: Mapping[str, np.ndarray],
    ) -> None:
        """Write elements whose ``<data>`` are ``constants`` (the same in every element), then
        ``columns``; ``head`` is the start tag's text around ``heads``."""
        pieces = list(head)
        for name, value in constants.items():
            self._note(name, [value])
            pieces[-1] += f'<data key="{_attr(name)}">{_text(value)}</data>\n'
        series = [*heads, *(self._array(name, column) for name, column in columns.items())]
        _emit(out, _concat(self._pieces(list(columns), pieces), series))

    def declare(self, table: EdgeColumns) -> None:
        """Note the types of the attributes of ``table``'s edges, as writing them would."""
        if len(table):
            self._note(S.TYPE, [table.type])
            for name, column in table.attributes.items():
                self._note_array(name, column)

    def _note_array(self, name: str, column: np.ndarray) -> None:
        python_type = ITEM_TYPES.get(column.dtype.kind)
        if python_type is None:
            self._note(name, column.tolist())
        else:  # every item has that type
            self._note(name, [python_type(column[0])])

    def _pieces(self, names: Iterable[str], head: list[str]) -> list[str]:
        """The text between the columns: the start tag's, then each <data> element's."""
        pieces = list(head)
        for name in names:
            pieces[-1] += f'<data key="{_attr(name)}">'
            pieces.append("</data>\n")
        pieces[-1] += self.tail
        return pieces

    def _group(
        self,
        names: tuple[str, ...],
        items: list[dict[str, Any]],
        heads: list[pl.Series],
        head: tuple[str, ...],
    ) -> pl.Series:
        # The dicts hold their names in the same order, so their values are read in one pass,
        # row after row, and each column is a stride of those.
        values = list(chain.from_iterable(map(dict.values, items)))
        columns = [values[i :: len(names)] for i in range(len(names))]
        del values
        pieces = self._pieces(names, list(head))
        if len(items) < _SMALL:
            texts = [self._texts(*c) for c in zip(names, columns, strict=True)]
            return _python(pieces, [*(h.to_list() for h in heads), *texts], len(items))
        return _concat(pieces, [*heads, *map(self._series, names, columns)])

    def _array(self, name: str, column: np.ndarray) -> pl.Series:
        """A numpy column as text, its type noted as its values' Python type."""
        python_type = ITEM_TYPES.get(column.dtype.kind)
        if python_type is None:
            return self._series(name, column.tolist())
        self._note_array(name, column)
        if python_type is float:
            column = column.astype(np.float64, copy=False)
        return pl.Series(column).cast(pl.String)

    def _note(self, name: str, column: list[Any]) -> type | None:
        """Note the types in ``column``; the one type there is, if one."""
        types = list(set(map(type, column)))
        if len(types) > 1:
            # In first-seen order, so that an error names the types as the values come.
            types = list(dict.fromkeys(map(type, column)))
        for kind in types:
            if (name, kind) not in self.kinds:
                sample = next(v for v in column if type(v) is kind)
                self.kinds[(name, kind)] = _kind(kind, sample)
        return types[0] if len(types) == 1 else None

    def _series(self, name: str, column: list[Any]) -> pl.Series:
        kind = self._note(name, column)
        if kind is str:
            return _escaped(column, _TEXT)
        if kind is int and not (min(column) in _INT64 and max(column) in _INT64):
            kind = None
        if kind in _POLARS_TYPES:
            return pl.Series(column, dtype=_POLARS_TYPES[kind]).cast(pl.String)
        return pl.Series(list(map(_text, column)), dtype=pl.String)

    def _texts(self, name: str, column: list[Any]) -> list[str]:
        kind = self._note(name, column)
        if kind is float:
            return float_texts(column)
        if kind is int:
            return list(map(str, column))
        if kind is str:
            escaped = {value: value.translate(_TEXT) for value in set(column)}
            return list(map(escaped.__getitem__, column))
        return list(map(_text, column))

    def key_types(self) -> dict[str, str]:
        """The GraphML type of each attribute name, in the order names were first written.

        Raises
        ------
        ExportError
            An attribute holds values of two types GraphML cannot merge (``long`` and
            ``double`` merge into ``double``).
        """
        kinds: dict[str, str] = {}
        for (name, _), kind in self.kinds.items():
            seen = kinds.setdefault(name, kind)
            if seen != kind:
                if {seen, kind} == {"long", "double"}:
                    kinds[name] = "double"
                    continue
                raise ExportError(
                    f"attribute {name!r} holds both {seen} and {kind} values; "
                    "GraphML needs one type per attribute"
                )
        return kinds


def _emit(out: IO[bytes], texts: pl.Series) -> None:
    """``texts`` one after the other at the end of ``out``."""
    texts.to_frame().write_csv(out, include_header=False, quote_style="never", line_terminator="")


def _concat(pieces: list[str], series: list[pl.Series]) -> pl.Series:
    """``pieces`` with ``series`` between them, row by row, put together by polars."""
    frame = pl.DataFrame({str(i): column for i, column in enumerate(series)})
    exprs = [pl.lit(piece) for piece in pieces]
    for i in range(len(series)):
        exprs.insert(2 * i + 1, pl.col(str(i)))
    return frame.select(pl.concat_str(exprs)).to_series()


def _python(pieces: list[str], columns: list[list[str]], size: int) -> pl.Series:
    """``pieces`` with ``columns`` between them, row by row, formatted in Python."""
    template = "%s".join(piece.replace("%", "%%") for piece in pieces)
    if not columns:
        return pl.Series([template] * size, dtype=pl.String)
    return pl.Series(list(map(template.__mod__, zip(*columns, strict=True))), dtype=pl.String)


def _attr(text: str) -> str:
    return text.translate(_ATTR)


def _text(value: object) -> str:
    kind = type(value)
    if kind is str:
        return value.translate(_TEXT)  # type: ignore[attr-defined]
    if kind is int or kind is float:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    return str(clean_value(value)).translate(_TEXT)


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_graphml`, equal to the graph that was written."""
    graph: nx.MultiDiGraph = nx.read_graphml(path, force_multigraph=True)
    # NetworkX adds empty GraphML defaults as graph attributes; they were never written by us.
    for name in ("node_default", "edge_default"):
        if graph.graph.get(name) == {}:
            del graph.graph[name]
    return graph
