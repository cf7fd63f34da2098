"""A local ArcadeDB server speaking Bolt, for tests and benchmarks (``arcadedb-embedded``).

ArcadeDB reports itself as Neo4j 5.26 compatible over Bolt, so the official driver, the push
and the Neo4j dialect of ``queries/`` run against it without a Neo4j install.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from citegraph.errors import StoreError

USER = "root"
DATABASE = "kg"


@dataclass(frozen=True, slots=True)
class BoltServer:
    """Where a running server listens and how to log in."""

    uri: str
    user: str
    password: str
    database: str


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def arcadedb_server(
    root: Path, password: str = "citegraph-test", databases: tuple[str, ...] = (DATABASE,)
) -> Iterator[BoltServer]:
    """Start ArcadeDB with the Bolt plugin on free loopback ports; stop it afterwards.

    Each name in ``databases`` is created; the server's ``database`` is the first.

    Raises
    ------
    StoreError
        ``arcadedb-embedded`` is not installed.
    """
    try:
        from arcadedb_embedded import ArcadeDBServer
    except ImportError:
        raise StoreError(
            "a local Bolt server needs ArcadeDB: pip install arcadedb-embedded "
            '(or pip install -e ".[dev]")'
        ) from None
    bolt_port = free_port()
    server = ArcadeDBServer(
        root_path=str(root),
        root_password=password,
        config={
            "host": "127.0.0.1",
            "http_port": free_port(),
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": bolt_port,
        },
    )
    server.start()
    try:
        for name in databases:
            server.create_database(name)
        yield BoltServer(f"bolt://127.0.0.1:{bolt_port}", USER, password, databases[0])
    finally:
        server.stop()
        _skip_jvm_teardown_at_exit()


def _skip_jvm_teardown_at_exit() -> None:
    # JPype tears the JVM down in an atexit hook, which races with ArcadeDB's leftover JVM
    # threads and can end the process with SIGSEGV after all work is done (jpype-project/jpype
    # issues 842, 934, 1141). The server is stopped; the process may simply exit.
    try:
        import jpype.config
    except ImportError:  # pragma: no cover - arcadedb-embedded depends on JPype
        return
    jpype.config.onexit = False
