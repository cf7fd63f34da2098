"""Run Cypher on a Neo4j-compatible server over Bolt with the official ``neo4j`` driver."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from citegraph.errors import StoreError
from citegraph.store.query import QueryResult, plain


def _driver_module() -> Any:
    try:
        import neo4j
    except ImportError:  # pragma: no cover - a runtime dependency
        raise StoreError("pushing to Neo4j needs its driver: pip install neo4j") from None
    return neo4j


class BoltStore:
    """A connection to one database of a Bolt server; run Cypher with :meth:`run`."""

    dialect = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        neo4j = _driver_module()
        self.uri, self.database = uri, database
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
        except (ValueError, neo4j.exceptions.ConfigurationError) as err:
            raise StoreError(
                f"{uri}: not a usable Bolt URI ({_first_line(err)}); use bolt://HOST:7687"
            ) from None
        try:
            self._driver.verify_connectivity()
        except neo4j.exceptions.AuthError:
            self._driver.close()
            raise StoreError(
                f"{uri}: authentication failed for user {user!r}; check --user and --password "
                "(or NEO4J_PASSWORD)"
            ) from None
        except (neo4j.exceptions.ServiceUnavailable, OSError) as err:
            self._driver.close()
            raise StoreError(
                f"{uri}: cannot reach the server ({_first_line(err)}); check the URI and that "
                "the server is running"
            ) from None
        except BaseException:
            self._driver.close()
            raise

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run one statement in its own transaction; errors become :class:`StoreError`."""
        neo4j = _driver_module()
        try:
            records, _, keys = self._driver.execute_query(
                query, dict(params or {}), database_=self.database
            )
        except neo4j.exceptions.Neo4jError as err:
            raise StoreError(f"{self.uri}: {err.message or err}") from None
        except neo4j.exceptions.DriverError as err:
            raise StoreError(f"{self.uri}: {_first_line(err)}") from None
        return QueryResult(tuple(keys), [tuple(plain(v) for v in r.values()) for r in records])

    def close(self) -> None:
        """Close the driver and its connections."""
        self._driver.close()


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


@contextmanager
def connect(uri: str, user: str, password: str, database: str | None = None) -> Iterator[BoltStore]:
    """Connect to ``uri`` and close the driver afterwards.

    Raises
    ------
    StoreError
        The server cannot be reached, or the credentials are refused.
    """
    store = BoltStore(uri, user, password, database)
    try:
        yield store
    finally:
        store.close()
