"""A self-contained interactive HTML view built with PyVis, vis-network inlined.

PyVis lays out nodes, edges and options; the page is rendered from citegraph's own template so
that no resource is loaded from the network (PyVis's own templates link a CDN).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network

from citegraph.config import ViewConfig
from citegraph.errors import ExportError
from citegraph.export import GRAPHML, HTML
from citegraph.export.view import Selection, evidence_data, number, select, view_graph
from citegraph.graph import schema as S
from citegraph.graph.columns import EdgeColumns

COLOURS = {
    S.METHOD: "#4e79a7",
    S.DATASET: "#f28e2b",
    S.TASK: "#59a14f",
    S.METRIC: "#e15759",
    S.CONCEPT: "#9c755f",
    S.PAPER: "#bab0ac",
}


@dataclass(frozen=True, slots=True)
class ViewStats:
    """What a written view holds: vis DataSet sizes and what the selection left out."""

    path: Path
    entities: int
    papers: int
    links: int
    mentions: int
    total_entities: int
    candidate_links: int
    bytes: int = 0

    @property
    def nodes(self) -> int:
        """Nodes in the page's DataSet (entities, then papers shown on demand)."""
        return self.entities + self.papers

    @property
    def edges(self) -> int:
        """Edges in the page's DataSet (CO_OCCURS, then MENTIONS shown on demand)."""
        return self.links + self.mentions

    def describe(self) -> str:
        """One line for the terminal."""
        return (
            f"Wrote {self.path} ({self.bytes / 1e6:.1f} MB): showing {self.entities:,} of "
            f"{self.total_entities:,} entities and {self.links:,} of {self.candidate_links:,} "
            f"links among them; {self.papers:,} papers on demand."
        )


def _vis_asset(name: str) -> str:
    import pyvis

    root = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return (root / name).read_text("utf-8")


def _template_file(name: str) -> str:
    return resources.files("citegraph.export").joinpath(f"templates/{name}").read_text("utf-8")


def _script_json(value: object) -> str:
    """JSON safe to place inside a ``<script>`` element."""
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def view_network(graph: nx.MultiDiGraph, selection: Selection) -> Network:
    """The PyVis network of a selection: entities and CO_OCCURS, then papers and MENTIONS.

    Edge ids are ``c<i>`` (index into ``selection.edges``) and ``m<i>`` (into ``mentions``).
    Tooltips (``title``) are plain strings, which vis-network 9 shows as text, never HTML.
    """
    net = Network(height="100%", width="100%", directed=False, cdn_resources="remote")
    for node in selection.entities:
        d = graph.nodes[node]
        papers = int(number(d.get(S.PAPERS)))
        extra = {}
        if S.COMMUNITY in d:
            extra["community"] = str(d[S.COMMUNITY])
        net.add_node(
            node,
            label=str(d[S.NAME]),
            title=f"{d[S.NAME]}\n{d[S.LABEL]} · {papers} papers",
            color=COLOURS.get(d[S.LABEL], "#888888"),
            value=max(papers, 1),
            kind=str(d[S.LABEL]),
            **extra,
        )
    for node in selection.papers:
        d = graph.nodes[node]
        title = str(d.get(S.TITLE) or d.get(S.NAME) or "")
        net.add_node(
            node,
            label=_short(title),
            title=f"{title}\n{d.get(S.DATE) or 'undated'}",
            color=COLOURS[S.PAPER],
            shape="square",
            size=6,
            kind=S.PAPER,
            font={"size": 10, "color": "#666666"},
        )
    # Network.add_edge looks for a duplicate among every edge added before it (quadratic, a
    # second per thousand edges); a selection's edges are distinct and join nodes added above.
    net.edges.extend(
        Edge(u, v, id=f"c{i}", value=w, weight=w, title=f"{w} papers in common").options
        for i, (u, v, w) in enumerate(selection.edges)
    )
    net.edges.extend(
        Edge(p, n, id=f"m{i}", kind=S.MENTIONS, width=0.5, dashes=True, physics=False).options
        for i, (p, n) in enumerate(selection.mentions)
    )
    net.set_options(
        json.dumps(
            {
                "layout": {"improvedLayout": False, "randomSeed": 7},
                "physics": {
                    "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {
                        "gravitationalConstant": -80,
                        "centralGravity": 0.03,
                        "springLength": 100,
                        "avoidOverlap": 0.3,
                    },
                    "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50},
                },
                "nodes": {
                    "shape": "dot",
                    "scaling": {
                        "min": 6,
                        "max": 40,
                        "label": {"enabled": True, "min": 11, "max": 30, "drawThreshold": 5},
                    },
                    "font": {"size": 14, "strokeWidth": 4, "strokeColor": "#ffffff"},
                },
                "edges": {
                    "color": {"color": "#9aa3ad", "highlight": "#d62728", "opacity": 0.35},
                    "scaling": {"min": 1, "max": 8},
                    "smooth": False,
                },
                "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
            }
        )
    )
    return net


def render_html(
    graph: nx.MultiDiGraph,
    config: ViewConfig | None = None,
    title: str = "citegraph",
    mentioning: Callable[[str], list[str]] | None = None,
) -> tuple[str, ViewStats]:
    """The whole page as a string (no external resource, every text escaped) and its stats;
    ``mentioning`` as :func:`~citegraph.export.view.select` takes it.

    Raises
    ------
    ExportError
        ``config.ego`` matches no entity.
    """
    config = config or ViewConfig()
    selection = select(graph, config, mentioning)
    net = view_network(graph, selection)
    nodes, edges, _, _, _, options = net.get_network_data()
    entities = len(selection.entities)
    meta = {
        "shownEntities": entities,
        "totalEntities": selection.total_entities,
        "candidateEntities": selection.candidate_entities,
        "shownLinks": len(selection.edges),
        "candidateLinks": selection.candidate_edges,
        "papers": len(selection.papers),
        "mentions": len(selection.mentions),
        "minWeight": config.min_weight,
        "rankedBy": selection.ranked_by,
        "ego": selection.ego,
        "depth": config.depth,
        "labels": {label: COLOURS[label] for label in S.ENTITY_LABELS},
        "hasCommunity": any("community" in n for n in nodes),
    }
    data = {"meta": meta, **evidence_data(graph, selection, config.max_evidence)}
    template = jinja2.Template(_template_file("view.html"), autoescape=True)
    page = template.render(
        title=title,
        vis_js=Markup(_vis_asset("vis-network.min.js")),
        view_css=Markup(_template_file("view.css")),
        view_js=Markup(_template_file("view.js")),
        nodes_json=Markup(_script_json(nodes)),
        edges_json=Markup(_script_json(edges)),
        options_json=Markup(
            _script_json(json.loads(options) if isinstance(options, str) else options)
        ),
        data_json=Markup(_script_json(data)),
    )
    stats = ViewStats(
        path=Path(),
        entities=entities,
        papers=len(selection.papers),
        links=len(selection.edges),
        mentions=len(selection.mentions),
        total_entities=selection.total_entities,
        candidate_links=selection.candidate_edges,
    )
    return page, stats


def write_html(
    graph: nx.MultiDiGraph,
    path: Path,
    max_nodes: int = 300,
    config: ViewConfig | None = None,
    *,
    columns: Sequence[EdgeColumns] = (),
) -> ViewStats:
    """Write the view of ``graph`` to ``path``; ``config`` (if given) overrides ``max_nodes``.

    ``columns``, if given, hold the graph's MENTIONS and CO_OCCURS edges, which the graph then
    need not hold (see :func:`~citegraph.export.view.view_graph`).
    """
    config = config or ViewConfig(max_nodes=max_nodes)
    mentioning = None
    if columns:
        graph, mentioning = view_graph(graph, columns, config)
    page, stats = render_html(graph, config, mentioning=mentioning)
    data = page.encode("utf-8")
    path.write_bytes(data)
    return replace(stats, path=path, bytes=len(data))


def run_view(config: ViewConfig) -> ViewStats:
    """Write the view of the graph built in ``config.graph_dir``.

    Raises
    ------
    ExportError
        There is no readable ``graph.graphml`` there, ``ego`` matches nothing, or the page
        cannot be written.
    """
    from citegraph.export.graphml import read_graphml

    source = config.graph_dir / GRAPHML
    if not source.is_file():
        raise ExportError(
            f"{source}: no graph found; build one with 'citegraph build LISTINGS --out "
            f"{config.graph_dir}' or pass the folder that holds graph.graphml"
        )
    try:
        graph = read_graphml(source)
    except (ElementTree.ParseError, nx.NetworkXError) as err:
        raise ExportError(
            f"{source}: cannot read GraphML ({err}); rebuild it with 'citegraph build'"
        ) from None
    out = config.out or config.graph_dir / HTML
    try:
        return write_html(graph, out, config=config)
    except OSError as err:
        raise ExportError(
            f"{out}: cannot write the view ({err.strerror}); check the folder exists and is "
            "writable"
        ) from None
