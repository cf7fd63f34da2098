import re

import networkx as nx

from citegraph.export.html import render_html
from citegraph.graph import schema as S


def _graph(n_entities: int = 3) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i in range(n_entities):
        g.add_node(
            f"entity:{i}",
            label=S.METHOD,
            name=f"m{i}",
            key=f"m{i}",
            aliases=f"m{i}",
            papers=n_entities - i,
        )
    g.add_node(
        "entity:evil",
        label=S.DATASET,
        name="</script><img src=x onerror=alert(1)>",
        key="evil",
        aliases="evil",
        papers=1,
    )
    g.add_edge("entity:0", "entity:1", key=S.CO_OCCURS, type=S.CO_OCCURS, weight=2)
    return g


def test_page_loads_nothing_from_the_network():
    html = render_html(_graph())
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html, re.I)
    assert "vis.Network" in html


def test_names_are_escaped_inside_the_script():
    html = render_html(_graph())
    assert "</script><img" not in html
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e" in html


def test_view_is_limited_and_says_what_was_left_out():
    html = render_html(_graph(10), max_nodes=4)
    assert "showing 4 of 11 entities" in html
