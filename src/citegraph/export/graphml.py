"""GraphML that NetworkX reads back identically and Gephi and yEd open."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import networkx as nx

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
        with body.open("w", encoding="utf-8", buffering=_BUFFER) as out:
            ids: dict[Any, str] = {}
            for node, attrs in graph.nodes(data=True):
                ids[node] = ref = _attr(str(node))
                out.write(f'<node id="{ref}">\n{nodes(attrs)}</node>\n')
            for u, successors in graph.adjacency():
                source = ids[u]
                for v, keyed in successors.items():
                    target = ids[v]
                    for key, attrs in keyed.items():
                        out.write(
                            f'<edge source="{source}" target="{target}" id="{_attr(str(key))}">'
                            f"\n{edges(attrs)}</edge>\n"
                        )
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
