"""The command line: thin commands mapping options onto config objects and library calls."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citegraph.build import run_build
from citegraph.config import BuildConfig
from citegraph.corpus.read import FORMATS
from citegraph.corpus.tabular import FIELDS
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
    format: Annotated[
        str, typer.Option("--format", help=f"Input format: {', '.join(FORMATS)}.")
    ] = "auto",
    columns: Annotated[
        str, typer.Option(help="CSV columns as field=Header pairs: title=Title,abstract=Abstract.")
    ] = "",
) -> None:
    """Build the knowledge graph of paper listings: GraphML, HTML view and summary.json.

    Example: citegraph build ../shared/seeds --out graph
    """
    if on_error not in ("skip", "fail"):
        raise typer.BadParameter("use 'skip' or 'fail'", param_hint="--on-error")
    if format not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    pairs = [p.partition("=") for p in columns.split(",") if p.strip()]
    if any(not sep or f.strip() not in FIELDS or not h.strip() for f, sep, h in pairs):
        raise typer.BadParameter(
            f"use field=Header pairs, fields from {', '.join(FIELDS)}", param_hint="--columns"
        )
    config = BuildConfig(
        inputs=tuple(inputs),
        out_dir=out,
        on_error=on_error,  # type: ignore[arg-type]
        pipeline=pipeline,
        html_max_nodes=max_nodes,
        format=format,
        columns=tuple((f.strip(), h.strip()) for f, _, h in pairs),
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
