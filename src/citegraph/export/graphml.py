"""GraphML that NetworkX reads back identically and Gephi and yEd open."""

from __future__ import annotations

import re
import shutil
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
# Elements formatted together.
_CHUNK = 1 << 13


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
            items: list[dict[str, Any]] = []
            heads: list[tuple[str, ...]] = []

            def flush(writer: _DataWriter) -> None:
                out.write(writer.elements(items, heads))
                items.clear()
                heads.clear()

            for node, attrs in graph.nodes(data=True):
                ids[node] = ref = _attr(str(node))
                items.append(attrs)
                heads.append((ref,))
                if len(items) == _CHUNK:
                    flush(nodes)
            flush(nodes)
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
                        items.append(attrs)
                        heads.append((source, target, key_id))
                if len(items) >= _CHUNK:
                    flush(edges)
            flush(edges)
            del ids
        header = _DataWriter()
        graph_data = header.elements([graph.graph], [()])
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

    Elements are formatted a chunk at a time, grouped by attribute names: each group's values
    are formatted column by column (all floats of a column in one call) and its elements from
    one ``%`` template, so a million edges cost a few thousand calls rather than millions.

    >>> _DataWriter('<node id="%s">\\n', "</node>\\n").elements([{"n": 2, "ok": True}], [("a",)])
    '<node id="a">\\n<data key="n">2</data>\\n<data key="ok">true</data>\\n</node>\\n'
    """

    def __init__(self, head: str = "", tail: str = "") -> None:
        self.head, self.tail = head, tail
        # (name, Python type) -> GraphML type, one entry per combination seen.
        self.kinds: dict[tuple[str, type], str] = {}
        self.templates: dict[tuple[str, ...], str] = {}

    def elements(self, items: list[dict[str, Any]], heads: list[tuple[str, ...]]) -> str:
        """The elements of ``items`` in order; ``heads`` fill the head's ``%s`` of each."""
        names_of = list(map(tuple, items))
        if len(set(names_of)) == 1:
            return "".join(self._group(names_of[0], items, heads))
        # Groups in first-seen order, so the keys are declared in the same order on every run.
        groups: dict[tuple[str, ...], list[int]] = {}
        for i, names in enumerate(names_of):
            groups.setdefault(names, []).append(i)
        texts: list[str] = [""] * len(items)
        for names, at in groups.items():
            group = self._group(names, [items[i] for i in at], [heads[i] for i in at])
            for i, text in zip(at, group, strict=True):
                texts[i] = text
        return "".join(texts)

    def _group(
        self, names: tuple[str, ...], items: list[dict[str, Any]], heads: list[tuple[str, ...]]
    ) -> list[str]:
        template = self.templates.get(names)
        if template is None:
            template = self.templates[names] = self._template(names)
        if len(names) > 1:
            columns = list(zip(*map(itemgetter(*names), items), strict=True))
        else:
            columns = [tuple(item[name] for item in items) for name in names]
        texts = [self._texts(name, column) for name, column in zip(names, columns, strict=True)]
        if not texts and not heads[0]:
            return [template] * len(items)
        return list(map(template.__mod__, zip(*zip(*heads, strict=True), *texts, strict=True)))

    def _template(self, names: tuple[str, ...]) -> str:
        keys = (_attr(name).replace("%", "%%") for name in names)
        return self.head + "".join(f'<data key="{key}">%s</data>\n' for key in keys) + self.tail

    def _texts(self, name: str, column: tuple[Any, ...]) -> list[str]:
        types = dict.fromkeys(map(type, column))
        for kind in types:
            if (name, kind) not in self.kinds:
                sample = next(v for v in column if type(v) is kind)
                self.kinds[(name, kind)] = _kind(kind, sample)
        if len(types) == 1:
            kind = next(iter(types))
            if kind is float:
                return float_texts(column)
            if kind is int:
                return list(map(str, column))
            if kind is str:
                # Edge types and the like repeat: each distinct value is escaped once.
                escaped = {value: value.translate(_TEXT) for value in dict.fromkeys(column)}
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
