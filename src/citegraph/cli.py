"""The command line: thin commands mapping options onto config objects and library calls."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citegraph.build import run_build
from citegraph.config import BuildConfig, ViewConfig
from citegraph.errors import CitegraphError
from citegraph.export.html import run_view

app = typer.Typer(
    help="Turn paper listings into a knowledge graph you can query, view and export.\n\n"
    "Example: citegraph build ../shared/seeds --out graph",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(err: CitegraphError) -> typer.Exit:
    """Print ``Error: ...`` to stderr and return the exit to raise."""
    typer.echo(f"Error: {err}", err=True)
    return typer.Exit(1)


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Listing files or folders (recursive).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("graph"),
    on_error: Annotated[
        str, typer.Option(help="On a bad file or record: skip it (counted) or fail.")
    ] = "skip",
    pipeline: Annotated[
        str,
        typer.Option(help="'default' (shipped model + rules), 'rules', or a spaCy pipeline path."),
    ] = "default",
    max_nodes: Annotated[int, typer.Option(help="Entities shown in graph.html.")] = 300,
) -> None:
    """Build the knowledge graph of paper listings: GraphML, HTML view and summary.json.

    Example: citegraph build ../shared/seeds --out graph
    """
    if on_error not in ("skip", "fail"):
        raise typer.BadParameter("use 'skip' or 'fail'", param_hint="--on-error")
    config = BuildConfig(
        inputs=tuple(inputs),
        out_dir=out,
        on_error=on_error,  # type: ignore[arg-type]
        pipeline=pipeline,
        html_max_nodes=max_nodes,
    )
    try:
        summary = run_build(config)
    except CitegraphError as err:
        raise fail(err) from None
    typer.echo(summary.describe())


@app.command()
def view(
    graph_dir: Annotated[
        Path, typer.Argument(help="Folder holding graph.graphml (from citegraph build).")
    ] = Path("graph"),
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="HTML file (default: GRAPH_DIR/graph.html).")
    ] = None,
    max_nodes: Annotated[
        int, typer.Option(min=1, help="Entities shown, most important first.")
    ] = 300,
    min_weight: Annotated[int, typer.Option(min=1, help="Least papers in common for a link.")] = 1,
    max_edges: Annotated[int, typer.Option(min=0, help="Links shown, heaviest first.")] = 1000,
    ego: Annotated[
        str | None, typer.Option(help="Focus on this entity (name, alias or key).")
    ] = None,
    depth: Annotated[int, typer.Option(min=0, help="With --ego: links to follow out from it.")] = 1,
    open_browser: Annotated[
        bool, typer.Option("--open/--no-open", help="Open the page in the default browser.")
    ] = True,
) -> None:
    """Write the interactive HTML view of a built graph and open it.

    Example: citegraph view graph --ego BERT --depth 2
    """
    config = ViewConfig(
        graph_dir=graph_dir,
        out=out,
        max_nodes=max_nodes,
        min_weight=min_weight,
        max_edges=max_edges,
        ego=ego,
        depth=depth,
    )
    try:
        stats = run_view(config)
    except CitegraphError as err:
        raise fail(err) from None
    typer.echo(stats.describe())
    if open_browser:
        import webbrowser

        webbrowser.open(stats.path.resolve().as_uri())


@app.callback()
def _root() -> None:
    """Turn paper listings into a knowledge graph you can query, view and export.

    Example: citegraph build ../shared/seeds --out graph
    """


def main() -> None:
    """Console-script entry point."""
    app()
