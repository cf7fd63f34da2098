"""One writer run in a forked copy of the process, so that two exports use two cores.

The copy shares the graph with the parent page by page (copy-on-write), so nothing is
serialised; it writes its file and exits. What it raises is raised again by :meth:`Forked.wait`.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from citegraph.errors import ExportError


def can_fork() -> bool:
    """Whether writers can run in a forked process here (Linux; elsewhere they run in-process).

    macOS's system libraries are not safe to use after ``fork``, and Windows has none.
    """
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def spare_core() -> bool:
    """Whether this process may run on more than one core (so a forked writer runs alongside).

    >>> isinstance(spare_core(), bool)
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) > 1
    return (os.cpu_count() or 1) > 1


class Forked:
    """A writer running in a child process; :meth:`wait` for it."""

    def __init__(self, pid: int, pipe: int, *, done: bool = False) -> None:
        self.pid, self._pipe = pid, pipe
        self._done = done

    def wait(self) -> None:
        """Wait for the child to finish; raise what it raised.

        Raises
        ------
        ExportError
            The child died without reporting (killed, out of memory).
        """
        if self._done:
            return
        with os.fdopen(self._pipe, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self._done = True
        if payload:
            raise pickle.loads(payload)
        code = os.waitstatus_to_exitcode(status)
        if code:
            raise ExportError(
                f"the process writing an export ended with status {code} (killed, or out of "
                "memory); free some memory and run the build again"
            )

    def kill(self) -> None:
        """Stop the child if it is still running, and reap it."""
        if self._done:
            return
        with suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self._pipe)
        self._done = True


@contextmanager
def forked(write: Callable[..., None], *args: Any) -> Iterator[Forked]:
    """Run ``write(*args)`` in a forked child; the child is stopped if the block fails.

    Call :meth:`Forked.wait` inside the block to collect the result.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with forked(pathlib.Path.write_text, path, "written apart") as child:
    ...     child.wait()
    >>> path.read_text()
    'written apart'
    """
    read_end, write_end = os.pipe()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns when forking a process that has threads (a progress bar's, a
            # database's) because the child could find one of their locks held. The child only
            # runs ``write``, which takes none of them, and leaves by ``os._exit``.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:
        # No second process to be had (a process limit, no memory to map): write it here.
        os.close(read_end)
        os.close(write_end)
        write(*args)
        yield Forked(0, -1, done=True)
        return
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        os.close(read_end)
        code = 0
        try:
            write(*args)
        except BaseException as err:  # everything goes back to the parent
            code = 1
            try:
                payload = pickle.dumps(err)
            except Exception:
                payload = pickle.dumps(ExportError(f"{type(err).__name__}: {err}"))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        os._exit(code)
    os.close(write_end)
    child = Forked(pid, read_end)
    try:
        yield child
    except BaseException:
        child.kill()
        raise
    child.wait()
