"""Shared fixtures: paths to the hand-written fixtures and to the seed listings."""

from __future__ import annotations

from pathlib import Path

import pytest

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
