"""The command line: thin commands mapping options onto config objects and library calls."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citegraph.build import run_build
from citegraph.config import BuildConfig
from citegraph.errors import CitegraphError

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
    store: Annotated[
        bool, typer.Option(help="Also write the embedded Cypher store (graph.lbug).")
    ] = True,
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
        store=store,
    )
    try:
        summary = run_build(config)
    except CitegraphError as err:
        raise fail(err) from None
    typer.echo(summary.describe())


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="Cypher text, or a .cypher file.")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Build output folder.")] = Path(
        "graph"
    ),
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE (int, float or text).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    write: Annotated[bool, typer.Option(help="Allow the query to change the store.")] = False,
) -> None:
    """Run a Cypher query on the embedded store of a build.

    Example: citegraph query queries/neighbours.cypher --param name=GNN
    """
    from citegraph.store.cli import run_query

    if fmt not in ("table", "json", "csv"):
        raise typer.BadParameter("use 'table', 'json' or 'csv'", param_hint="--format")
    try:
        typer.echo(run_query(cypher, graph, param or [], fmt, write=write))  # type: ignore[arg-type]
    except CitegraphError as err:
        raise fail(err) from None


@app.callback()
def _root() -> None:
    """Turn paper listings into a knowledge graph you can query, view and export.

    Example: citegraph build ../shared/seeds --out graph
    """


def main() -> None:
    """Console-script entry point."""
    app()
