from __future__ import annotations

from pathlib import Path

import pytest

from citegraph.corpus import read_corpus
from citegraph.model import Paper

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def papers_file() -> Path:
    return FIXTURES / "papers.jsonl"


@pytest.fixture
def papers(papers_file: Path) -> list[Paper]:
    return read_corpus([papers_file]).papers
