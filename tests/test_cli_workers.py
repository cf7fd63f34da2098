from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citegraph.cli import app
from citegraph.extract.cache import CACHE_DIR

runner = CliRunner()


def test_build_prints_summary_and_no_bars_off_a_terminal(papers_file: Path, tmp_path: Path):
    result = runner.invoke(
        app, ["build", str(papers_file), "-o", str(tmp_path), "--pipeline", "rules"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Read 12 entries from 1 files")
    assert "━" not in result.output


def test_quiet_prints_nothing(papers_file: Path, tmp_path: Path) -> None:
    args = ["build", str(papers_file), "-o", str(tmp_path), "--pipeline", "rules", "--quiet"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert result.output == ""


def test_second_build_reports_the_cache_and_no_cache_skips_it(papers_file: Path, tmp_path: Path):
    args = ["build", str(papers_file), "-o", str(tmp_path), "--pipeline", "rules"]
    runner.invoke(app, args)
    again = runner.invoke(app, args)
    assert "Extraction: 12 papers from the cache, 0 extracted." in again.output
    out = tmp_path / "fresh"
    nocache = runner.invoke(app, ["build", str(papers_file), "-o", str(out), "--no-cache"])
    assert nocache.exit_code == 0
    assert not (out / CACHE_DIR).exists()


def test_bad_executor_is_a_usage_error(papers_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(papers_file), "--executor", "ray"])
    assert result.exit_code == 2


def test_python_m_with_two_jobs_survives_spawned_workers(papers_file: Path, tmp_path: Path):
    pytest.importorskip("distributed")
    for executor in ("local", "dask"):
        out = tmp_path / executor
        args = [sys.executable, "-m", "citegraph", "build", str(papers_file), "-o", str(out)]
        args += ["--pipeline", "rules", "-j", "2", "--chunk-size", "4", "--executor", executor]
        args += ["-q"]
        done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        assert (out / "summary.json").is_file()
