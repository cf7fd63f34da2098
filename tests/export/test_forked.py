"""A writer in a forked process: its file, its errors and its end come back to the parent."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from citegraph.errors import ExportError
from citegraph.export.forked import can_fork, forked

pytestmark = pytest.mark.skipif(not can_fork(), reason="writers run in-process on this platform")


def _refuse(path: Path) -> None:
    raise ExportError(f"{path}: refused")


def _die(_: Path) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _sleep(path: Path) -> None:
    path.write_text(str(os.getpid()))
    time.sleep(60)


def test_what_the_child_raises_is_raised_by_wait(tmp_path: Path) -> None:
    with (
        pytest.raises(ExportError, match=r"out\.txt: refused"),
        forked(_refuse, tmp_path / "out.txt") as child,
    ):
        child.wait()


def test_a_child_that_dies_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="ended with status -9"), forked(_die, tmp_path) as child:
        child.wait()


def test_a_failing_block_stops_the_child(tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    with pytest.raises(KeyError), forked(_sleep, marker):
        while not marker.exists() or not marker.read_text():
            time.sleep(0.01)
        pid = int(marker.read_text())
        raise KeyError("the parent failed")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: not a child any more


def test_without_a_second_process_the_writer_runs_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with forked(Path.write_text, tmp_path / "out.txt", "written here") as child:
        assert (tmp_path / "out.txt").read_text() == "written here"
        child.wait()
