"""GraphML that NetworkX reads back identically and Gephi and yEd open."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path
from typing import Any

import networkx as nx

from citegraph.errors import ExportError
from citegraph.export.text import float_texts

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
# Edge keys whose written ids are remembered; graphs keyed by type have a handful.
_MEMO = 4096


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
        nodes = _DataWriter('<node id="%s">\n', "</node>\n")
        edges = _DataWriter('<edge source="%s" target="%s" id="%s">\n', "</edge>\n")
        with body.open("w", encoding="utf-8", buffering=_BUFFER) as out:
            ids: dict[Any, str] = {}
            for node, attrs in graph.nodes(data=True):
                ids[node] = ref = _attr(str(node))
                out.write(nodes(attrs, ref))
            key_ids: dict[Any, str] = {}
            for u, successors in graph.adjacency():
                source = ids[u]
                for v, keyed in successors.items():
                    target = ids[v]
                    for key, attrs in keyed.items():
                        key_id = key_ids.get(key)
                        if key_id is None:
                            key_id = _attr(str(key))
                            if len(key_ids) < _MEMO:
                                key_ids[key] = key_id
                        out.write(edges(attrs, source, target, key_id))
            del ids
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


def _kind(python_type: type, value: object) -> str:
    return _TYPES.get(python_type) or _TYPES.get(type(clean_value(value)), "string")


class _DataWriter:
    """Elements with their ``<data>`` children, noting the type of every attribute written.

    Each layout (attribute names and value types) is turned into one ``%`` template the first
    time it is seen; graphs repeat a handful of layouts over millions of edges, so an element
    then costs one formatting call instead of a loop over its attributes.

    >>> _DataWriter('<node id="%s">\\n', "</node>\\n")({"n": 2, "ok": True}, "a")
    '<node id="a">\\n<data key="n">2</data>\\n<data key="ok">true</data>\\n</node>\\n'
    """

    def __init__(self, head: str = "", tail: str = "") -> None:
        self.head, self.tail = head, tail
        # (name, Python type) -> GraphML type, one entry per combination seen.
        self.kinds: dict[tuple[str, type], str] = {}
        self.layouts: dict[tuple[tuple[str, ...], tuple[type, ...]], _Layout] = {}

    def __call__(self, attrs: dict[str, Any], *head: str) -> str:
        values = tuple(attrs.values())
        types = tuple(map(type, values))
        layout = self.layouts.get((tuple(attrs), types))
        if layout is None:
            layout = self._layout(attrs, types)
        template, converts, floats = layout
        if converts or floats:
            converted = list(values)
            for i, convert in converts:
                converted[i] = convert(converted[i])
            if floats:
                positions, pick = floats
                for i, text in zip(positions, float_texts(pick(values)), strict=True):
                    converted[i] = text
            values = tuple(converted)
        return template % (*head, *values)

    def _layout(self, attrs: dict[str, Any], types: tuple[type, ...]) -> _Layout:
        parts, converts = [self.head], []
        for i, ((name, value), kind) in enumerate(zip(attrs.items(), types, strict=True)):
            if (name, kind) not in self.kinds:
                self.kinds[(name, kind)] = _kind(kind, value)
            key = _attr(name).replace("%", "%%")
            parts.append(f'<data key="{key}">%s</data>\n')
            if kind is not int and kind is not float:
                converts.append((i, _CONVERT.get(kind, _other)))
        parts.append(self.tail)
        floats = tuple(i for i, kind in enumerate(types) if kind is float)
        # One float is as quick through ``str``; several are formatted together.
        picked = (floats, itemgetter(*floats)) if len(floats) > 1 else None
        layout = ("".join(parts), tuple(converts), picked)
        self.layouts[(tuple(attrs), types)] = layout
        return layout

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


def _other(value: object) -> str:
    return str(clean_value(value)).translate(_TEXT)


# How a value that is not an int or a float is written; int and float go through ``str``.
_CONVERT: dict[type, Callable[[Any], str]] = {
    str: lambda value: value.translate(_TEXT),
    bool: lambda value: "true" if value else "false",
}
# A layout: its ``%`` template, the values to convert first (position, how), and the positions
# of floats formatted together.
_Layout = tuple[
    str,
    tuple[tuple[int, Callable[[Any], str]], ...],
    tuple[tuple[int, ...], Callable[[tuple[Any, ...]], tuple[float, ...]]] | None,
]


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_graphml`, equal to the graph that was written."""
    graph: nx.MultiDiGraph = nx.read_graphml(path, force_multigraph=True)
    # NetworkX adds empty GraphML defaults as graph attributes; they were never written by us.
    for name in ("node_default", "edge_default"):
        if graph.graph.get(name) == {}:
            del graph.graph[name]
    return graph
