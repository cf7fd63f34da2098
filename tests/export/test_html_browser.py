"""The view in a real headless Chromium: loads offline, counts, search, evidence, escaping."""

import json
import tempfile
from pathlib import Path

import pytest

from citegraph.build import run_build
from citegraph.config import BuildConfig, ViewConfig
from citegraph.export.graphml import read_graphml
from citegraph.export.html import write_html
from citegraph.graph import schema as S

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FIXTURES = Path(__file__).parents[1] / "fixtures" / "view"
SEEDS = Path(__file__).parents[2] / ".." / "shared" / "seeds"
XSS = "<img src=x onerror=alert(1)>"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="Chromium not installed: apt-get install chromium chromium-driver (.ci/run does this)",
)


@pytest.fixture(scope="module")
def driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="citegraph-chromium-") as profile:
        # Without these flags headless Chromium stalls on these machines.
        for flag in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--window-size=1400,900",
        ):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            yield browser
        finally:
            browser.quit()


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    run_build(BuildConfig(inputs=(FIXTURES,), out_dir=out, pipeline="rules"))
    graph = read_graphml(out / "graph.graphml")
    return write_html(graph, out / "view.html", config=ViewConfig(max_nodes=300))


def open_view(driver, path: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, 120).until(
        lambda d: d.execute_script("return !!(window.citegraph && window.citegraph.stabilizedAt)")
    )


def requests_sent(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def js(driver, script: str, *args):
    return driver.execute_script(script, *args)


def test_page_loads_offline_without_console_errors(driver, view, tmp_path):
    open_view(driver, view.path)
    assert driver.get_log("browser") == []
    assert js(driver, "return performance.getEntriesByType('resource').length") == 0
    # Chromium loads its own chrome:// pages at start; only the page itself may come from outside.
    sent = [u for u in requests_sent(driver) if u.split(":")[0] not in ("chrome", "data")]
    assert sent == [view.path.resolve().as_uri()]
    driver.save_screenshot(str(tmp_path / "view.png"))
    assert (tmp_path / "view.png").stat().st_size > 0


def test_dataset_counts_match_what_was_written(driver, view):
    open_view(driver, view.path)
    counts = js(driver, "return window.citegraph.counts()")
    assert counts == {"nodes": view.nodes, "edges": view.edges}
    visible = js(driver, "return window.citegraph.nodeView.length")
    assert visible == view.entities
    header = driver.find_element("id", "counts").text
    assert header.startswith(f"showing {view.entities} of {view.total_entities} entities")


def test_papers_toggle_adds_papers_and_mentions(driver, view):
    open_view(driver, view.path)
    driver.find_element("id", "show-papers").click()
    shown = js(driver, "const c = window.citegraph; return [c.nodeView.length, c.edgeView.length]")
    assert shown == [view.entities + view.papers, view.links + view.mentions]


def test_search_focuses_the_entity_found_by_alias(driver, view):
    open_view(driver, view.path)
    box = driver.find_element("id", "search")
    box.send_keys("GNNs\n")
    selected = js(driver, "return window.citegraph.network.getSelectedNodes()")
    assert selected == [S.entity_node("graph neural network")]
    details = driver.find_element("id", "details")
    assert details.is_displayed()
    assert "graph neural network" in details.text
    assert "Contrastive pretraining of graph neural networks" in details.text


def test_clicking_an_edge_shows_evidence_with_both_names_highlighted(driver, view, tmp_path):
    open_view(driver, view.path)
    a, b = S.entity_node("graph neural network"), S.entity_node("qm9 dataset")
    edge = js(
        driver,
        """const [a, b] = arguments;
        const c = window.citegraph;
        const e = c.edges.get({filter: (e) => (e.from === a && e.to === b) ||
                                              (e.from === b && e.to === a)})[0];
        c.network.selectEdges([e.id]);
        c.network.emit("click", {nodes: [], edges: [e.id], event: null, pointer: null});
        return e.id;""",
        a,
        b,
    )
    assert edge.startswith("c")
    details = driver.find_element("id", "details")
    marks = details.find_elements("css selector", "blockquote mark")
    names = {(m.get_attribute("class"), m.text.lower()) for m in marks}
    assert {c for c, _ in names} == {"end-a", "end-b"}
    assert any("qm9 dataset" in t for _, t in names)
    assert any("gnn" in t or "graph neural network" in t for _, t in names)
    driver.save_screenshot(str(tmp_path / "evidence.png"))


def test_markup_in_a_title_shows_as_text(driver, view):
    open_view(driver, view.path)
    js(driver, "window.citegraph.search('Transformer')")
    details = driver.find_element("id", "details")
    assert XSS in details.text
    assert js(driver, "return document.querySelectorAll('img').length") == 0
    driver.find_element("id", "show-papers").click()
    paper = js(
        driver,
        """const c = window.citegraph;
        const p = c.nodes.get({filter: (n) => n.title.includes('onerror')})[0];
        c.network.emit('click', {nodes: [p.id], edges: []});
        return p.id;""",
    )
    assert paper.startswith(S.PAPER_PREFIX)
    assert details.find_element("tag name", "h2").text.startswith(XSS)
    assert js(driver, "return document.querySelectorAll('img').length") == 0
    assert driver.get_log("browser") == []


def test_community_toggle_hidden_without_communities(driver, view, tmp_path):
    graph = read_graphml(view.path.parent / "graph.graphml")
    for _, d in graph.nodes(data=True):
        d.pop(S.COMMUNITY, None)
    stats = write_html(graph, tmp_path / "plain.html")
    open_view(driver, stats.path)
    assert not driver.find_element("id", "community-toggle").is_displayed()


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed listings not found at {SEEDS}")
def test_seeds_view_is_bounded_and_loads_cleanly(driver, tmp_path):
    run_build(BuildConfig(inputs=(SEEDS,), out_dir=tmp_path, pipeline="rules"))
    view = write_html(read_graphml(tmp_path / "graph.graphml"), tmp_path / "seeds.html")
    open_view(driver, view.path)
    assert driver.get_log("browser") == []
    assert js(driver, "return window.citegraph.counts()") == {
        "nodes": view.nodes,
        "edges": view.edges,
    }
    assert view.entities <= 300
    driver.save_screenshot(str(tmp_path / "seeds.png"))


def test_colour_by_community_recolours_nodes_and_legend(driver, view, tmp_path):
    import networkx as nx

    graph = read_graphml(view.path.parent / "graph.graphml")
    entities = sorted(n for n, d in graph.nodes(data=True) if d[S.LABEL] != S.PAPER)
    nx.set_node_attributes(graph, {n: i % 2 for i, n in enumerate(entities)}, S.COMMUNITY)
    stats = write_html(graph, tmp_path / "communities.html")
    open_view(driver, stats.path)
    toggle = driver.find_element("css selector", "#community-toggle input")
    assert toggle.is_displayed()
    toggle.click()
    colours = js(
        driver,
        """const c = window.citegraph;
        const entities = c.nodes.get({filter: (n) => n.kind !== 'Paper'});
        return [...new Set(entities.map((n) => n.color))];""",
    )
    assert len(colours) == 2
    legend = driver.find_element("id", "legend").text
    assert "community 0" in legend
    assert "community 1" in legend


def test_tooltip_shows_markup_in_a_title_as_text(driver, view):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    open_view(driver, view.path)
    driver.find_element("id", "show-papers").click()
    x, y = js(
        driver,
        """const c = window.citegraph;
        const p = c.nodes.get({filter: (n) => n.title.includes('onerror')})[0];
        c.network.moveTo({position: c.network.getPositions([p.id])[p.id], scale: 1.5});
        const at = c.network.canvasToDOM(c.network.getPositions([p.id])[p.id]);
        return [at.x, at.y];""",
    )
    canvas = driver.find_element("css selector", "#graph canvas")
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).perform()
    tooltip = WebDriverWait(driver, 10).until(
        lambda d: next(
            (t for t in d.find_elements("css selector", "div.vis-tooltip") if t.is_displayed()),
            None,
        )
    )
    assert XSS in tooltip.text
    assert js(driver, "return document.querySelectorAll('img').length") == 0


def test_ego_view_selects_its_centre(driver, view, tmp_path):
    graph = read_graphml(view.path.parent / "graph.graphml")
    stats = write_html(graph, tmp_path / "ego.html", config=ViewConfig(ego="QM9 dataset"))
    open_view(driver, stats.path)
    centre = S.entity_node("qm9 dataset")
    assert js(driver, "return window.citegraph.network.getSelectedNodes()") == [centre]
    assert "around “QM9 dataset” (depth 1" in driver.find_element("id", "counts").text
