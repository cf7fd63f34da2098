from __future__ import annotations

from pathlib import Path

from citegraph.build import run_build
from citegraph.config import BuildConfig
from citegraph.progress import STAGES, RecordedProgress


def test_run_build_reports_every_stage_in_order(papers_file: Path, tmp_path: Path) -> None:
    progress = RecordedProgress()
    summary = run_build(
        BuildConfig(inputs=(papers_file,), out_dir=tmp_path, pipeline="rules"), progress=progress
    )
    starts = [(stage, total) for kind, stage, total in progress.events if kind == "start"]
    # Three files: GraphML, HTML and the embedded store.
    assert starts == [("read", 1), ("extract", summary.papers), ("graph", None), ("export", 3)]
    finished = [stage for kind, stage, _ in progress.events if kind == "finish"]
    assert finished == list(STAGES)
    assert progress.done("extract") == summary.papers
    assert progress.done("read") == 1
    assert progress.done("export") == 3
