from __future__ import annotations

from pathlib import Path

from citegraph.export.atomic import staging


def test_staging_keeps_the_extraction_cache(tmp_path: Path) -> None:
    cache = tmp_path / ".cache" / "extract.sqlite"
    cache.parent.mkdir()
    cache.write_bytes(b"kept")
    with staging(tmp_path) as tmp:
        (tmp / "graph.graphml").write_text("<graphml/>")
    assert cache.read_bytes() == b"kept"
    assert (tmp_path / "graph.graphml").is_file()
