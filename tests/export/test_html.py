import json
import re
from pathlib import Path

import pytest

from citegraph.build import run_build
from citegraph.config import BuildConfig, ViewConfig
from citegraph.errors import ExportError
from citegraph.export.graphml import read_graphml
from citegraph.export.html import render_html, run_view, write_html
from citegraph.graph import schema as S

FIXTURES = Path(__file__).parents[1] / "fixtures" / "view"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    run_build(BuildConfig(inputs=(FIXTURES,), out_dir=out, pipeline="rules"))
    return out


@pytest.fixture(scope="module")
def graph(built):
    return read_graphml(built / "graph.graphml")


def page_json(page: str, element: str):
    match = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def test_page_loads_nothing_from_the_network(graph):
    page, _ = render_html(graph)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "@import" not in page
    assert "@font-face" not in page


def test_text_from_the_corpus_never_becomes_markup(graph):
    page, _ = render_html(graph)
    assert XSS not in page
    assert "<img" not in page
    titles = [p["title"] for p in page_json(page, "citegraph-data")["papers"].values()]
    assert any(XSS in t for t in titles)


def test_embedded_nodes_and_edges_match_the_stats(graph):
    page, stats = render_html(graph, ViewConfig(max_nodes=5, max_papers=3))
    nodes = page_json(page, "citegraph-nodes")
    edges = page_json(page, "citegraph-edges")
    assert (len(nodes), len(edges)) == (stats.nodes, stats.edges)
    assert (stats.entities, stats.papers) == (5, 3)
    assert stats.total_entities == sum(
        1 for _, d in graph.nodes(data=True) if d[S.LABEL] != S.PAPER
    )
    assert len(page_json(page, "citegraph-data")["edges"]) == stats.links


def test_community_toggle_only_when_nodes_carry_communities(graph):
    page, _ = render_html(graph)
    assert page_json(page, "citegraph-data")["meta"]["hasCommunity"] is True
    g = graph.copy()
    for _, d in g.nodes(data=True):
        d.pop(S.COMMUNITY, None)
    page, _ = render_html(g)
    assert page_json(page, "citegraph-data")["meta"]["hasCommunity"] is False


def test_build_writes_the_same_view(built, graph):
    stats = write_html(graph, built / "again.html")
    assert stats.bytes == (built / "again.html").stat().st_size
    assert (built / "graph.html").read_text("utf-8") == (built / "again.html").read_text("utf-8")


def test_run_view_explains_a_missing_graph(tmp_path):
    with pytest.raises(ExportError, match=r"graph.graphml: no graph found; build one with"):
        run_view(ViewConfig(graph_dir=tmp_path))


def test_run_view_explains_a_broken_graph(tmp_path):
    (tmp_path / "graph.graphml").write_text("<graphml", encoding="utf-8")
    with pytest.raises(ExportError, match=r"cannot read GraphML"):
        run_view(ViewConfig(graph_dir=tmp_path))


@pytest.mark.parametrize("config", [ViewConfig(max_nodes=3), ViewConfig(ego="Alpha", depth=1)])
def test_a_graph_of_nodes_and_edge_columns_gives_the_view_of_the_whole_graph(tmp_path, config):
    import networkx as nx

    from tests.graph._corpus import graph_with_columns

    whole, columns = graph_with_columns()
    nodes_only = nx.MultiDiGraph()
    nodes_only.add_nodes_from(whole.nodes(data=True))
    nodes_only.graph.update(whole.graph)
    write_html(whole, tmp_path / "whole.html", config=config)
    write_html(nodes_only, tmp_path / "columns.html", config=config, columns=columns)
    page = (tmp_path / "whole.html").read_text(encoding="utf-8")
    assert (tmp_path / "columns.html").read_text(encoding="utf-8") == page
    assert page_json(page, "citegraph-edges") and nodes_only.number_of_edges() == 0
