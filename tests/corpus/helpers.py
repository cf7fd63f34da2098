"""Shared helpers for reader tests."""

from __future__ import annotations

from pathlib import Path

from citegraph.corpus.read import read_data
from citegraph.model import Paper, Skip

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers"


def read_fixture(name: str, **kwargs: object) -> tuple[list[Paper], list[Skip]]:
    """Papers and skips of one fixture file, read with format detection."""
    path = FIXTURES / name
    _, records, _ = read_data(path, path.read_bytes(), **kwargs)  # type: ignore[arg-type]
    out = list(records)
    return [r for r in out if isinstance(r, Paper)], [r for r in out if isinstance(r, Skip)]


def by_title(papers: list[Paper]) -> dict[str, Paper]:
    return {p.title: p for p in papers}
