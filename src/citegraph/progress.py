"""How the library reports progress: a small protocol the CLI implements with progress bars.

Stages are ``"read"`` (files), ``"extract"`` (papers), ``"graph"`` and ``"export"`` (steps).
The library calls ``start`` once per stage, ``advance`` as work gets done and ``finish`` at the
end; it never prints.
"""

from __future__ import annotations

from typing import Protocol

STAGES = ("read", "extract", "graph", "export")


class Progress(Protocol):
    """Receives progress reports from :func:`citegraph.run_build`."""

    def start(self, stage: str, total: int | None) -> None:
        """A stage begins; ``total`` units of work, or ``None`` when unknown."""

    def advance(self, stage: str, amount: int = 1) -> None:
        """``amount`` more units of ``stage`` are done."""

    def finish(self, stage: str) -> None:
        """A stage is complete."""


class NoProgress:
    """Reports to nobody: the default."""

    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass

    def finish(self, stage: str) -> None:
        pass


class RecordedProgress:
    """Keeps every report as a tuple, for tests and tools.

    >>> p = RecordedProgress(); p.start("read", 2); p.advance("read"); p.finish("read")
    >>> p.events
    [('start', 'read', 2), ('advance', 'read', 1), ('finish', 'read', None)]
    """

    def __init__(self) -> None:
        self.events: list[tuple[str, str, int | None]] = []

    def start(self, stage: str, total: int | None) -> None:
        self.events.append(("start", stage, total))

    def advance(self, stage: str, amount: int = 1) -> None:
        self.events.append(("advance", stage, amount))

    def finish(self, stage: str) -> None:
        self.events.append(("finish", stage, None))

    def done(self, stage: str) -> int:
        """Units reported done for ``stage``."""
        return sum(n or 0 for kind, s, n in self.events if kind == "advance" and s == stage)
