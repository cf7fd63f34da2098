import json
from pathlib import Path

import pytest

from citegraph.build import run_build
from citegraph.config import BuildConfig
from citegraph.export.graphml import read_graphml
from citegraph.graph import schema as S

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed listings not found at {SEEDS}")


def test_seed_build_reports_analytics(tmp_path):
    s = run_build(BuildConfig(inputs=(SEEDS,), out_dir=tmp_path, min_count=2, related_k=3))
    data = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    co = data["co_occurs"]
    assert co["removed_by_min_count"] > 0 and co["removed_by_max_q"] == 0
    assert s.edges[S.CO_OCCURS] == co["pairs_tested"] - co["removed_by_min_count"]
    assert 0 < data["structure"]["modularity"] < 1 and data["structure"]["top"]
    assert data["dates"]["dates_unknown"] > 0  # the seeds' page dates have no year
    assert 0 < s.edges[S.RELATED] <= 3 * s.papers
    assert "Communities:" in s.describe() and "unknown (printed without a year)" in s.describe()
    g = read_graphml(tmp_path / "graph.graphml")
    entity = next(d for _, d in g.nodes(data=True) if d[S.LABEL] != S.PAPER)
    for name in (S.COMMUNITY, S.PAGERANK, S.DEGREE, S.BETWEENNESS, S.FIRST_SEEN, S.LAST_SEEN):
        assert name in entity
    assert g.graph[S.PRUNED_MIN_COUNT] == co["removed_by_min_count"]
