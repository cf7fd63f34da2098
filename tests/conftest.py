"""Shared fixtures: paths to the hand-written fixtures and to the seed listings."""

from __future__ import annotations

from pathlib import Path

import pytest

from citegraph.corpus import read_corpus
from citegraph.model import Paper

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture
def fixtures() -> Path:
    """The folder of hand-written fixture files."""
    return FIXTURES


@pytest.fixture
def seeds() -> Path:
    """The seed listings, or a skip when ``../shared/seeds`` is not beside the repository."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed listings not found at {SEEDS} (../shared is absent)")
    return SEEDS


@pytest.fixture
def papers_file() -> Path:
    """Twelve small, well-formed papers."""
    return FIXTURES / "scale" / "papers.jsonl"


@pytest.fixture
def papers(papers_file: Path) -> list[Paper]:
    """The papers of :func:`papers_file`."""
    return read_corpus([papers_file]).papers
