from pathlib import Path

import pytest
from typer.testing import CliRunner

from citegraph.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "view"
runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    result = runner.invoke(app, ["build", str(FIXTURES), "--out", str(out), "--pipeline", "rules"])
    assert result.exit_code == 0, result.output
    return out


def test_view_writes_graph_html_beside_the_graph(built):
    (built / "graph.html").unlink()
    result = runner.invoke(app, ["view", str(built), "--no-open"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {built / 'graph.html'} (")
    assert "showing" in result.output
    assert (built / "graph.html").is_file()


def test_view_focuses_on_an_entity(built, tmp_path):
    out = tmp_path / "ego.html"
    args = ["view", str(built), "--out", str(out), "--no-open", "--ego", "GNN", "--depth", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "graph neural network" in out.read_text("utf-8")


def test_view_unknown_entity_is_one_error_line(built, tmp_path):
    args = ["view", str(built), "--no-open", "--ego", "graph neural netwrk"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.output == (
        "Error: --ego 'graph neural netwrk': no entity has this name, alias or key; did you mean "
        "'graph neural network', 'forests rival graph neural network', 'Transformer matches graph "
        "neural network'? Names are listed in the view and in graph.graphml.\n"
    )


def test_view_without_a_graph(tmp_path):
    result = runner.invoke(app, ["view", str(tmp_path), "--no-open"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / 'graph.graphml'}: no graph found;")


def test_view_opens_the_page_in_the_browser(built, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    out = tmp_path / "open.html"
    result = runner.invoke(app, ["view", str(built), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert opened == [out.resolve().as_uri()]
