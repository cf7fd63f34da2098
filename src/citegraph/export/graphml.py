"""GraphML that NetworkX reads back identically and Gephi and yEd open."""

from __future__ import annotations

import re
import shutil
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from citegraph.errors import ExportError

# XML 1.0 forbids these; written anyway, they make the file unreadable.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# GraphML type of each Python scalar type, as NetworkX writes and reads them.
_TYPES: dict[type, str] = {bool: "boolean", int: "long", float: "double", str: "string"}
# One translate both drops the characters XML cannot hold and escapes the markup ones.
_DROP: dict[int, None] = {c: None for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}
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
    """Write ``graph`` as GraphML, streaming, with one typed ``<key>`` per attribute name.

    Values are passed through :func:`clean_value` as they are written; ``graph`` is left as
    it was. Key ids are the attribute names (as NetworkX's ``named_key_ids``) and each edge's
    id is its multigraph key, so :func:`read_graphml` gives back an equal graph.

    >>> import io, tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", name="A & B", papers=2)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_graphml(g, Path(d) / "g.graphml")
    ...     read_graphml(Path(d) / "g.graphml").nodes["a"]
    {'name': 'A & B', 'papers': 2}
    """
    # GraphML declares every key before the graph, but the types are only known once every
    # value has been seen: nodes and edges go to a scratch file in the same pass that collects
    # them, and the header is written in front of it afterwards.
    body = path.with_name(f".{path.name}.body")
    try:
        nodes, edges = _DataWriter(), _DataWriter()
        with body.open("wb", buffering=_BUFFER) as out:
            ids: dict[Any, int] = {}
            refs: list[str] = []
            for node, attrs in graph.nodes(data=True):
                ids[node] = len(refs)
                refs.append(ref := _attr(str(node)))
                out.write(f'<node id="{ref}">\n{nodes(attrs)}</node>\n'.encode())
            _EdgeWriter(ids, pa.array(refs, pa.string()), edges, out).write(graph)
            del ids, refs
        header = _DataWriter()
        graph_data = header(graph.graph)
        with path.open("w", encoding="utf-8", buffering=_BUFFER) as out:
            out.write(_HEADER)
            for domain, writer in (("graph", header), ("node", nodes), ("edge", edges)):
                for name, kind in writer.key_types().items():
                    attr = _attr(name)
                    out.write(
                        f'<key id="{attr}" for="{domain}" attr.name="{attr}" attr.type="{kind}"/>\n'
                    )
            out.write(f'<graph edgedefault="directed">\n{graph_data}')
            out.flush()
            with body.open("rb") as src:
                shutil.copyfileobj(src, out.buffer, _BUFFER)
            out.write("</graph>\n</graphml>\n")
    finally:
        body.unlink(missing_ok=True)


class _Absent:
    """The type of :data:`_ABSENT`."""


# The value of an attribute an edge does not have.
_ABSENT = _Absent()


class _EdgeWriter:
    """``<edge>`` elements of a graph, written a chunk of edges at a time by Arrow.

    Each attribute becomes one column per chunk, formatted and wrapped in its ``<data>`` tags
    by Arrow's string kernels in native code (absent values give no element), and the columns
    are joined into one text per edge: at 100k papers there are millions of edges.
    Float values are written in Arrow's shortest round-trip form.
    """

    chunk = 1 << 17

    def __init__(self, ids: dict[Any, int], refs: pa.Array, kinds: _DataWriter, out: Any) -> None:
        self.ids, self.refs, self.kinds, self.out = ids, refs, kinds, out

    def write(self, graph: nx.MultiDiGraph) -> None:
        """Write every edge of ``graph``, in the graph's order within each edge key."""
        ids = self.ids
        # Edges of one key (one edge type) share their attributes, so each column of a chunk
        # is read with one itemgetter over its dicts.
        buffers: dict[Any, tuple[list[int], list[int], list[dict[str, Any]]]] = {}
        for u, successors in graph.adjacency():
            source = ids[u]
            for v, keyed in successors.items():
                target = ids[v]
                for key, attrs in keyed.items():
                    rows = buffers.get(key)
                    if rows is None:
                        rows = buffers[key] = ([], [], [])
                    rows[0].append(source)
                    rows[1].append(target)
                    rows[2].append(attrs)
                    if len(rows[0]) == self.chunk:
                        self._flush(key, *rows)
                        buffers[key] = ([], [], [])
        for key, rows in buffers.items():
            if rows[0]:
                self._flush(key, *rows)

    def _flush(self, key: Any, sources: list[int], targets: list[int], data: list) -> None:
        parts = [
            '<edge source="',
            self.refs.take(pa.array(sources, pa.int32())),
            '" target="',
            self.refs.take(pa.array(targets, pa.int32())),
            f'" id="{_attr(str(key))}">\n',
        ]
        names = list(data[0])
        if len(set().union(*data)) != len(names):
            names = list(dict.fromkeys(chain.from_iterable(data)))
        for name in names:
            parts.append(self._column(name, _values(name, data)))
        parts.append("</edge>\n")
        lines = pc.binary_join_element_wise(*parts, "")
        offsets = np.frombuffer(lines.buffers()[1], np.int32)
        start, end = offsets[lines.offset], offsets[lines.offset + len(lines)]
        self.out.write(memoryview(lines.buffers()[2])[start:end])

    def _column(self, name: str, values: list[Any]) -> pa.Array:
        """The ``<data>`` element of ``name`` for each edge, or "" where it has none."""
        every = set(map(type, values))
        types = every - {_Absent}
        for kind in types:
            if (name, kind) not in self.kinds.kinds:
                sample = next(v for v in values if type(v) is kind)
                self.kinds.kinds[(name, kind)] = _kind(kind, sample)
        present = [None if v is _ABSENT else v for v in values] if _Absent in every else values
        if types == {float} or types == {int}:
            text = pc.cast(
                pa.array(present, pa.float64() if float in types else pa.int64()), pa.string()
            )
        elif types == {bool}:
            text = pc.if_else(pa.array(present, pa.bool_()), "true", "false")
        elif types == {str}:
            text = _escaped(present, _TEXT)
        else:
            text = pa.array([None if v is _ABSENT else _text(v) for v in values], pa.string())
        element = pc.binary_join_element_wise(f'<data key="{_attr(name)}">', text, "</data>\n", "")
        return pc.fill_null(element, "")


def _values(name: str, data: list[dict[str, Any]]) -> list[Any]:
    """The value of ``name`` in each dict of ``data``, :data:`_ABSENT` where it has none."""
    try:
        return list(map(itemgetter(name), data))
    except KeyError:
        return [d.get(name, _ABSENT) for d in data]


def _escaped(values: list[str | None], table: dict[int, Any]) -> pa.Array:
    """``values`` translated by ``table``, each distinct value once."""
    encoded = pa.array(values, pa.string()).dictionary_encode()
    distinct = [v.translate(table) for v in encoded.dictionary.to_pylist()]
    return pa.array(distinct, pa.string()).take(encoded.indices)


def _text(value: object) -> str:
    """The text of one value in a ``<data>`` element, as :class:`_DataWriter` writes it."""
    kind = type(value)
    if kind is str:
        return value.translate(_TEXT)  # type: ignore[attr-defined]
    if kind is int or kind is float:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    return str(clean_value(value)).translate(_TEXT)


def _kind(python_type: type, value: object) -> str:
    return _TYPES.get(python_type) or _TYPES.get(type(clean_value(value)), "string")


class _DataWriter:
    """``<data>`` elements of attribute dicts, noting the type of every attribute written."""

    def __init__(self) -> None:
        self.tags: dict[str, str] = {}
        # (name, Python type) -> GraphML type, one entry per combination seen.
        self.kinds: dict[tuple[str, type], str] = {}

    def __call__(self, attrs: dict[str, Any]) -> str:
        parts = []
        for name, value in attrs.items():
            tag = self.tags.get(name)
            if tag is None:
                tag = self.tags[name] = f'<data key="{_attr(name)}">'
            kind = type(value)
            if (name, kind) not in self.kinds:
                self.kinds[(name, kind)] = _kind(kind, value)
            if kind is str:
                text = value.translate(_TEXT)
            elif kind is int or kind is float:
                text = str(value)
            elif kind is bool:
                text = "true" if value else "false"
            else:
                cleaned = clean_value(value)
                text = str(cleaned).translate(_TEXT)
            parts.append(f"{tag}{text}</data>\n")
        return "".join(parts)

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


def _attr(text: str) -> str:
    return text.translate(_ATTR)


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_graphml`, equal to the graph that was written."""
    graph: nx.MultiDiGraph = nx.read_graphml(path, force_multigraph=True)
    # NetworkX adds empty GraphML defaults as graph attributes; they were never written by us.
    for name in ("node_default", "edge_default"):
        if graph.graph.get(name) == {}:
            del graph.graph[name]
    return graph
