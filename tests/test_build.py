from __future__ import annotations

import gc
from pathlib import Path

import pytest

from citegraph.build import run_build
from citegraph.config import BuildConfig
from citegraph.errors import CitegraphError


@pytest.mark.parametrize("enabled", [True, False])
def test_build_leaves_the_garbage_collector_as_it_found_it(
    enabled: bool, papers_file: Path, tmp_path: Path
) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        run_build(BuildConfig(inputs=(papers_file,), out_dir=tmp_path, pipeline="rules"))
        assert gc.isenabled() is enabled
        with pytest.raises(CitegraphError):
            run_build(BuildConfig(inputs=(tmp_path / "missing.jsonl",), out_dir=tmp_path))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
