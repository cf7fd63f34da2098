"""Backend-neutral query plumbing: results, parameters, query files and output formats."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from citegraph.errors import StoreError

Format = Literal["table", "json", "csv"]
Dialect = Literal["ladybug", "neo4j"]

# `$name` outside string literals; string literals are removed before scanning.
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_COMMENT = re.compile(r"//[^\n]*")


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Column names and rows of plain Python values, the same shape on every backend."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def records(self) -> list[dict[str, Any]]:
        """Rows as ``{column: value}`` dicts."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def plain(value: Any) -> Any:
    """A JSON-ready value: nodes and relationships become their property dicts.

    >>> plain({"_id": {"offset": 0}, "_label": "Method", "name": "GNN"}), plain([1, (2,)])
    ({'name': 'GNN'}, [1, [2]])
    """
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "items") and hasattr(value, "element_id"):  # a neo4j Node/Relationship
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "nodes") and hasattr(value, "relationships"):  # a neo4j Path
        return [plain(n) for n in value.nodes]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def parse_value(text: str) -> int | float | str:
    """A parameter value typed sensibly: int, float, else string (quotes force a string).

    >>> parse_value("5"), parse_value("0.5"), parse_value("GNN"), parse_value('"5"')
    (5, 0.5, 'GNN', '5')
    """
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse_params(items: list[str]) -> dict[str, int | float | str]:
    """``["name=GNN", "limit=5"]`` as a parameter dict.

    >>> parse_params(["name=GNN", "limit=5"])
    {'name': 'GNN', 'limit': 5}

    Raises
    ------
    StoreError
        An item is not ``NAME=VALUE``.
    """
    params: dict[str, int | float | str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not _PARAM.fullmatch("$" + name.strip()):
            raise StoreError(f"--param {item!r}: use NAME=VALUE, e.g. --param name=GNN")
        params[name.strip()] = parse_value(value)
    return params


def parameters_of(query: str) -> list[str]:
    """Parameter names a query uses, in order of first use.

    >>> parameters_of("MATCH (e {name: $name}) // $ignored\\nRETURN '$no', $limit")
    ['name', 'limit']
    """
    text = _STRING.sub("''", _COMMENT.sub("", query))
    return list(dict.fromkeys(_PARAM.findall(text)))


def check_params(query: str, params: dict[str, Any]) -> None:
    """Raise :class:`StoreError` naming the first parameter ``query`` needs but lacks."""
    for name in parameters_of(query):
        if name not in params:
            raise StoreError(f"the query needs ${name}; pass --param {name}=VALUE")


def load_query(text_or_path: str, dialect: Dialect = "ladybug") -> str:
    """The query text: ``text_or_path`` itself, or a ``.cypher`` file's contents.

    For ``dialect="neo4j"``, ``queries/neo4j/NAME.cypher`` replaces ``queries/NAME.cypher``
    when it exists (shortest paths and label functions differ between engines).

    Raises
    ------
    StoreError
        A ``.cypher`` path that does not exist.
    """
    if not text_or_path.strip().endswith(".cypher"):
        return text_or_path
    path = Path(text_or_path.strip())
    variant = path.parent / dialect / path.name
    if dialect != "ladybug" and variant.is_file():
        path = variant
    if not path.is_file():
        raise StoreError(f"{path}: no such query file; give a .cypher file or the query text")
    return path.read_text(encoding="utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def render(result: QueryResult, fmt: Format = "table") -> str:
    """``result`` as an aligned text table, JSON (a list of objects) or CSV.

    >>> print(render(QueryResult(("name", "n"), [("GNN", 3), ("CNN", 12)])))
    name  n
    ----  --
    GNN   3
    CNN   12
    >>> render(QueryResult(("a",), [(1,)]), "json")
    '[\\n  {\\n    "a": 1\\n  }\\n]'
    """
    if fmt == "json":
        return json.dumps(result.records(), indent=2, ensure_ascii=False)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_cell(v) for v in row] for row in result.rows)
        return buf.getvalue().rstrip("\n")
    cells = [list(result.columns)] + [[_cell(v) for v in row] for row in result.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(result.columns))]
    cells.insert(1, ["-" * w for w in widths])
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )
