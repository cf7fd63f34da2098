"""A build that fails or is interrupted leaves the previous outputs byte-identical."""

from __future__ import annotations

import pytest

from citegraph.build import run_build
from citegraph.config import BuildConfig
from citegraph.export import atomic
from citegraph.export.atomic import staging
from tests.corpus.helpers import FIXTURES


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError, OSError])
def test_failing_build_leaves_earlier_outputs_intact(tmp_path, monkeypatch, error):
    out = tmp_path / "graph"
    config = BuildConfig(inputs=(FIXTURES / "refs.bib",), out_dir=out, pipeline="rules")
    run_build(config)
    before = _snapshot(out)
    assert set(before) == {"graph.graphml", "graph.html", "graph.lbug", "summary.json"}

    def boom(*args, **kwargs):
        raise error("interrupted mid-export")

    monkeypatch.setattr("citegraph.build.write_html", boom)
    with pytest.raises(error if error is not OSError else Exception):
        run_build(BuildConfig(inputs=(FIXTURES,), out_dir=out, pipeline="rules"))
    assert _snapshot(out) == before  # no stray .citegraph-* folder either


def test_staging_interrupt_inside_block(tmp_path):
    (tmp_path / "a.txt").write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic.staging(tmp_path) as tmp:
        (tmp / "a.txt").write_text("new")
        raise KeyboardInterrupt
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert (tmp_path / "a.txt").read_text() == "old"


def test_staging_keeps_the_extraction_cache(tmp_path) -> None:
    cache = tmp_path / ".cache" / "extract.sqlite"
    cache.parent.mkdir()
    cache.write_bytes(b"kept")
    with staging(tmp_path) as tmp:
        (tmp / "graph.graphml").write_text("<graphml/>")
    assert cache.read_bytes() == b"kept"
    assert (tmp_path / "graph.graphml").is_file()
