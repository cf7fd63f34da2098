"""A self-contained interactive HTML view built with PyVis, vis-network inlined.

PyVis lays out nodes, edges and options; the page is rendered from citegraph's own template so
that no resource is loaded from the network (PyVis's own templates link a CDN).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jinja2
import networkx as nx
from pyvis.network import Network

from citegraph.graph import schema as S

COLOURS = {
    S.METHOD: "#4e79a7",
    S.DATASET: "#f28e2b",
    S.TASK: "#59a14f",
    S.METRIC: "#e15759",
    S.CONCEPT: "#9c755f",
    S.PAPER: "#bab0ac",
}


def _vis_asset(name: str) -> str:
    import pyvis

    root = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return (root / name).read_text("utf-8")


def _script_json(value: object) -> str:
    """JSON safe to place inside a ``<script>`` element."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def select_view(graph: nx.MultiDiGraph, max_nodes: int) -> tuple[list[str], int]:
    """The entity nodes to show (most papers first) and how many entities there are."""
    entities = [n for n, d in graph.nodes(data=True) if d.get(S.LABEL) != S.PAPER]
    entities.sort(key=lambda n: (-graph.nodes[n].get(S.PAPERS, 0), graph.nodes[n][S.NAME]))
    return entities[:max_nodes], len(entities)


def view_network(graph: nx.MultiDiGraph, max_nodes: int = 300) -> tuple[Network, int]:
    """The PyVis network of the top entities and the CO_OCCURS edges among them."""
    shown, total = select_view(graph, max_nodes)
    keep = set(shown)
    net = Network(height="100%", width="100%", directed=False, cdn_resources="remote")
    for node in shown:
        d = graph.nodes[node]
        aliases = d.get(S.ALIASES, "").replace(S.LIST_SEP, ", ")
        net.add_node(
            node,
            label=d[S.NAME],
            title=f"{d[S.NAME]} ({d[S.LABEL]}, {d.get(S.PAPERS, 0)} papers)\naliases: {aliases}",
            color=COLOURS.get(d[S.LABEL], "#888888"),
            value=int(d.get(S.PAPERS, 1)),
            group=d[S.LABEL],
        )
    for u, v, data in graph.edges(data=True):
        if data.get(S.TYPE) == S.CO_OCCURS and u in keep and v in keep:
            w = int(data.get(S.WEIGHT, 1))
            net.add_edge(u, v, value=w, title=f"{w} papers in common")
    net.set_options(
        json.dumps(
            {
                "physics": {
                    "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": True, "iterations": 400},
                },
                "nodes": {"shape": "dot", "scaling": {"min": 6, "max": 40}},
                "edges": {"color": {"opacity": 0.35}, "scaling": {"min": 1, "max": 8}},
                "interaction": {"hover": True, "tooltipDelay": 150},
            }
        )
    )
    return net, total


def render_html(graph: nx.MultiDiGraph, max_nodes: int = 300, title: str = "citegraph") -> str:
    """The whole page as a string: no external resource, every text escaped."""
    net, total = view_network(graph, max_nodes)
    nodes, edges, _, _, _, options = net.get_network_data()
    template = jinja2.Template(
        resources.files("citegraph.export").joinpath("templates/view.html").read_text("utf-8"),
        autoescape=True,
    )
    return template.render(
        title=title,
        vis_js=jinja2.utils.markupsafe.Markup(_vis_asset("vis-network.min.js")),
        vis_css=jinja2.utils.markupsafe.Markup(_vis_asset("vis-network.css")),
        nodes_json=jinja2.utils.markupsafe.Markup(_script_json(nodes)),
        edges_json=jinja2.utils.markupsafe.Markup(_script_json(edges)),
        options_json=jinja2.utils.markupsafe.Markup(
            options if isinstance(options, str) else _script_json(options)
        ),
        legend=[(label, COLOURS[label]) for label in (*S.ENTITY_LABELS,)],
        shown=len(nodes),
        total=total,
        edge_count=len(edges),
    )


def write_html(graph: nx.MultiDiGraph, path: Path, max_nodes: int = 300) -> None:
    """Write the view of ``graph`` to ``path``."""
    path.write_text(render_html(graph, max_nodes), encoding="utf-8")
