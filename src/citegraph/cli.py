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
    min_count: Annotated[
        int, typer.Option(min=1, help="Keep CO_OCCURS pairs with at least this many papers.")
    ] = 1,
    max_q: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Keep CO_OCCURS pairs with BH q-value at most this."),
    ] = 1.0,
    related_k: Annotated[
        int, typer.Option(min=0, help="RELATED edges kept per paper (most similar first).")
    ] = 5,
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
        min_count=min_count,
        max_q=max_q,
        related_k=related_k,
    )
    try:
        summary = run_build(config)
    except CitegraphError as err:
        raise fail(err) from None
    typer.echo(summary.describe())


@app.callback()
def _root() -> None:
    """Turn paper listings into a knowledge graph you can query, view and export.

    Example: citegraph build ../shared/seeds --out graph
    """


def main() -> None:
    """Console-script entry point."""
    app()
