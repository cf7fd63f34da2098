"""The command line: thin commands mapping options onto config objects and library calls."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from citegraph.build import run_build
from citegraph.config import BuildConfig, ViewConfig
from citegraph.console import progress_bars
from citegraph.corpus.read import FORMATS
from citegraph.corpus.tabular import FIELDS
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
    format: Annotated[
        str, typer.Option("--format", help=f"Input format: {', '.join(FORMATS)}.")
    ] = "auto",
    columns: Annotated[
        str, typer.Option(help="CSV columns as field=Header pairs: title=Title,abstract=Abstract.")
    ] = "",
    store: Annotated[
        bool, typer.Option(help="Also write the embedded Cypher store (graph.lbug).")
    ] = True,
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
    if format not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    pairs = [p.partition("=") for p in columns.split(",") if p.strip()]
    if any(not sep or f.strip() not in FIELDS or not h.strip() for f, sep, h in pairs):
        raise typer.BadParameter(
            f"use field=Header pairs, fields from {', '.join(FIELDS)}", param_hint="--columns"
        )
    if executor not in ("local", "dask"):
        raise typer.BadParameter("use 'local' or 'dask'", param_hint="--executor")
    config = BuildConfig(
        inputs=tuple(inputs),
        out_dir=out,
        on_error=on_error,  # type: ignore[arg-type]
        pipeline=pipeline,
        html_max_nodes=max_nodes,
        format=format,
        columns=tuple((f.strip(), h.strip()) for f, _, h in pairs),
        store=store,
        jobs=jobs,
        executor=executor,  # type: ignore[arg-type]
        scheduler=scheduler,
        chunk_size=chunk_size,
        cache=cache,
        min_count=min_count,
        max_q=max_q,
        related_k=related_k,
    )
    try:
        with progress_bars(quiet) as progress:
            summary = run_build(config, progress=progress)
    except CitegraphError as err:
        raise fail(err) from None
    if not quiet:
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

    Example: citegraph query queries/cooccurring.cypher --param name=GNN --param limit=10
    """
    from citegraph.store.cli import run_query

    if fmt not in ("table", "json", "csv"):
        raise typer.BadParameter("use 'table', 'json' or 'csv'", param_hint="--format")
    try:
        typer.echo(run_query(cypher, graph, param or [], fmt, write=write))  # type: ignore[arg-type]
    except CitegraphError as err:
        raise fail(err) from None


@app.command()
def push(
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Build output folder.")] = Path(
        "graph"
    ),
    uri: Annotated[str, typer.Option(help="Bolt URI of the server.")] = "bolt://localhost:7687",
    user: Annotated[str, typer.Option(help="User name.")] = "neo4j",
    password: Annotated[
        str, typer.Option(envvar="NEO4J_PASSWORD", help="Password (or NEO4J_PASSWORD).")
    ] = "",
    database: Annotated[str | None, typer.Option(help="Database (server default).")] = None,
    wipe: Annotated[bool, typer.Option(help="First delete the nodes citegraph owns.")] = False,
) -> None:
    """Push a built graph into Neo4j (or any Bolt server) with MERGE; pushing twice is harmless.

    Example: citegraph push --graph graph --uri bolt://localhost:7687 --user neo4j
    """
    from citegraph.export.cli import run_push

    try:
        with progress_bar() as advance:
            counts = run_push(
                graph, uri, user, password, database, wipe_first=wipe, progress=advance
            )
    except CitegraphError as err:
        raise fail(err) from None
    typer.echo(f"Pushed {counts.nodes} nodes and {counts.relationships} relationships to {uri}.")


export_app = typer.Typer(help="Write the graph in other tools' formats.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("neo4j-import")
def export_neo4j_import(
    out: Annotated[Path, typer.Argument(help="Folder for the CSV files.")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Build output folder.")] = Path(
        "graph"
    ),
    database: Annotated[str, typer.Option(help="Database to import into.")] = "neo4j",
) -> None:
    """Write node and relationship CSVs for `neo4j-admin database import` and print the command.

    Example: citegraph export neo4j-import import/ --graph graph
    """
    from citegraph.export.cli import run_import_csv

    try:
        command = run_import_csv(graph, out, database)
    except CitegraphError as err:
        raise fail(err) from None
    typer.echo(f"Wrote CSVs to {out}. Load them (server stopped) with:\n{command}")


def progress_bar():  # type: ignore[no-untyped-def]
    """A rich progress bar fed by ``advance(done, total)``; silent when not on a terminal."""
    from contextlib import contextmanager

    from rich.progress import Progress

    @contextmanager
    def bar():  # type: ignore[no-untyped-def]
        with Progress(disable=not sys.stderr.isatty(), transient=True) as progress:
            task = progress.add_task("Pushing", total=None)
            yield lambda done, total: progress.update(task, completed=done, total=total)

    return bar()


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


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="SciERC-format gold: one JSON document a line.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    pipeline: Annotated[
        str, typer.Option(help="'default' (shipped model + rules), 'rules', 'model' or a path.")
    ] = "default",
) -> None:
    """Score the extraction pipeline on gold abstracts: precision, recall and F1.

    Example: citegraph evaluate ../shared/data/scierc/dev.json --json
    """
    import json

    from citegraph.evaluate import evaluate as run_evaluate
    from citegraph.extract import build_pipeline

    try:
        if pipeline == "model":
            nlp = build_pipeline("default", rules=False)
        else:
            nlp = build_pipeline(pipeline)
        result = run_evaluate(nlp, gold)
    except CitegraphError as err:
        raise fail(err) from None
    typer.echo(json.dumps(result.to_json(), indent=2) if as_json else result.describe())


@app.callback()
def _root() -> None:
    """Turn paper listings into a knowledge graph you can query, view and export.

    Example: citegraph build ../shared/seeds --out graph
    """


def main() -> None:
    """Console-script entry point."""
    app()
