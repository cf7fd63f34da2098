"""Values as text for the file writers (GraphML, the embedded store's CSV files)."""

from __future__ import annotations

from collections.abc import Sequence

import orjson


def float_texts(values: Sequence[float | None]) -> list[str]:
    """The shortest text that reads back as each float; ``None`` as an empty string.

    The same digits as ``repr`` (exponents may be spelled differently), a few times faster
    when several floats are formatted together: the writers format millions of weights.

    >>> float_texts((0.1, 2.5e-300, 1e-05))
    ['0.1', '2.5e-300', '0.00001']
    >>> float_texts((0.5, float("nan"), None))
    ['0.5', 'nan', '']
    """
    raw = orjson.dumps(values)
    if b"null" in raw:
        # JSON has no NaN or infinity; None is an empty field.
        return ["" if v is None else repr(v) for v in values]
    return raw[1:-1].decode().split(",")
