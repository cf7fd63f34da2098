"""Write outputs so that a failed build never leaves a file that looks complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from citegraph.errors import ExportError


@contextmanager
def staging(out_dir: Path) -> Iterator[Path]:
    """A scratch folder beside ``out_dir`` whose files replace those of ``out_dir`` on success.

    Files are moved one by one with :func:`os.replace`, each atomic; on an exception nothing in
    ``out_dir`` changes and the scratch folder is removed.

    Raises
    ------
    ExportError
        ``out_dir`` cannot be created.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(f"{out_dir}: cannot create output folder ({err.strerror})") from None
    tmp = Path(tempfile.mkdtemp(prefix=".citegraph-", dir=out_dir))
    try:
        yield tmp
        # Files first, the summary last: a complete summary means a complete build.
        names = sorted(p.name for p in tmp.iterdir())
        names.sort(key=lambda n: n == "summary.json")
        for name in names:
            target = out_dir / name
            if (tmp / name).is_dir():
                if target.exists():
                    shutil.rmtree(target)
                os.replace(tmp / name, target)
            else:
                os.replace(tmp / name, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
