"""What the ``query`` command does, as a plain function the CLI calls."""

from __future__ import annotations

from pathlib import Path

from citegraph.store.embedded import STORE, open_store
from citegraph.store.query import Format, check_params, load_query, parse_params, render


def run_query(
    cypher: str, graph_dir: Path, params: list[str], fmt: Format = "table", *, write: bool = False
) -> str:
    """Run ``cypher`` (text or a ``.cypher`` file) on ``graph_dir``'s store; the rendered result.

    Raises
    ------
    StoreError
        No store, a bad parameter, a missing parameter, or a query the engine rejects.
    """
    text = load_query(cypher)
    values = parse_params(params)
    check_params(text, values)
    with open_store(graph_dir / STORE, write=write) as store:
        return render(store.run(text, values), fmt)
