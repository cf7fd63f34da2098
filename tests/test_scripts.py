"""The command-line scripts in ``scripts/`` start and describe their options."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
WITH_OPTIONS = ["bench.py", "bench_extract.py", "bench_graph.py", "eval_ner.py", "train_ner.py"]


@pytest.mark.parametrize("name", WITH_OPTIONS)
def test_help_lists_the_options(name: str) -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPTS / name), "--help"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert "usage:" in out.stdout and "--" in out.stdout
