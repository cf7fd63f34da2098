"""The command line: thin commands mapping options onto config objects and library calls."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citegraph.build import run_build
from citegraph.config import BuildConfig
from citegraph.console import progress_bars
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
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes for extraction.")
    ] = 1,
    executor: Annotated[
        str, typer.Option(help="'local' (processes on this machine) or 'dask'.")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://HOST:8786); default: a local cluster."),
    ] = None,
    chunk_size: Annotated[
        int, typer.Option(min=1, help="Papers per extraction task sent to a worker.")
    ] = 64,
    cache: Annotated[
        bool, typer.Option(help="Reuse extraction results kept in OUT/.cache.")
    ] = True,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars and no summary.")
    ] = False,
) -> None:
    """Build the knowledge graph of paper listings: GraphML, HTML view and summary.json.

    Example: citegraph build ../shared/seeds --out graph
    """
    if on_error not in ("skip", "fail"):
        raise typer.BadParameter("use 'skip' or 'fail'", param_hint="--on-error")
    if executor not in ("local", "dask"):
        raise typer.BadParameter("use 'local' or 'dask'", param_hint="--executor")
    config = BuildConfig(
        inputs=tuple(inputs),
        out_dir=out,
        on_error=on_error,  # type: ignore[arg-type]
        pipeline=pipeline,
        html_max_nodes=max_nodes,
        jobs=jobs,
        executor=executor,  # type: ignore[arg-type]
        scheduler=scheduler,
        chunk_size=chunk_size,
        cache=cache,
    )
    try:
        with progress_bars(quiet) as progress:
            summary = run_build(config, progress=progress)
    except CitegraphError as err:
        raise fail(err) from None
    if not quiet:
        typer.echo(summary.describe())


@app.callback()
def _root() -> None:
    """Turn paper listings into a knowledge graph you can query, view and export.

    Example: citegraph build ../shared/seeds --out graph
    """


def main() -> None:
    """Console-script entry point."""
    app()
