"""Progress bars for the command line: a :class:`~citegraph.progress.Progress` drawn with rich."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichBars
from rich.text import Text

from citegraph.progress import NoProgress, Progress

_UNITS = {"read": "files", "extract": "papers", "graph": "", "export": "files"}


class RateColumn(ProgressColumn):
    """Units per second of a task, e.g. ``812 papers/s``."""

    def render(self, task: Task) -> Text:
        unit = _UNITS.get(str(task.fields.get("stage", "")), "")
        speed = task.finished_speed or task.speed
        if speed is None or not unit:
            return Text("")
        return Text(f"{speed:,.0f} {unit}/s", style="progress.data.speed")


class Bars:
    """One rich progress bar per build stage, on stderr; a context manager."""

    def __init__(self, console: Console) -> None:
        self._bars = RichBars(
            SpinnerColumn(),
            TextColumn("{task.description:<8}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> Bars:
        self._bars.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bars.stop()

    def start(self, stage: str, total: int | None) -> None:
        self._tasks[stage] = self._bars.add_task(stage, total=total, stage=stage)

    def advance(self, stage: str, amount: int = 1) -> None:
        self._bars.advance(self._tasks[stage], amount)

    def finish(self, stage: str) -> None:
        task = self._tasks[stage]
        total = next(t.total for t in self._bars.tasks if t.id == task)
        self._bars.update(task, total=total or 1, completed=total or 1)
        self._bars.stop_task(task)


def progress_bars(quiet: bool, console: Console | None = None) -> AbstractContextManager[Progress]:
    """Bars on a terminal; nothing when ``quiet`` or when stderr is not a terminal."""
    console = console or Console(stderr=True)
    if quiet or not console.is_terminal:
        return nullcontext(NoProgress())
    return Bars(console)


__all__ = ["Bars", "RateColumn", "progress_bars"]
