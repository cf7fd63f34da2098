"""Cypher stores: the embedded LadybugDB database and the query plumbing shared with Neo4j."""

from citegraph.store.embedded import STORE, EmbeddedStore, open_store, write_store
from citegraph.store.query import QueryResult, load_query, parse_params, render
from citegraph.store.tables import graph_tables

__all__ = [
    "STORE",
    "EmbeddedStore",
    "QueryResult",
    "graph_tables",
    "load_query",
    "open_store",
    "parse_params",
    "render",
    "write_store",
]
