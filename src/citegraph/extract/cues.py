"""Cue patterns kept as data (``data/cues.json``) turned into spaCy span-ruler patterns."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from citegraph.extract.normalise import surface_key

# Span labels, most specific first: when one span could take several, the first wins.
LABELS = ("METHOD", "DATASET", "TASK", "METRIC", "CONCEPT")
_MAX_MODIFIERS = 4


@cache
def load_cues() -> dict[str, Any]:
    """The cue data shipped with the package."""
    text = resources.files("citegraph.extract").joinpath("data/cues.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def name_labels() -> dict[str, str]:
    """Surface key of each known name to its label.

    >>> name_labels()["imagenet"]
    'DATASET'
    """
    out: dict[str, str] = {}
    for label in reversed(LABELS):
        for name in load_cues()["names"].get(label, ()):
            out[surface_key(name)] = label
    return out


@cache
def head_labels() -> dict[str, str]:
    """Head word (lower case) to label; a word listed under two labels takes the first.

    >>> head_labels()["networks"], head_labels()["benchmark"]
    ('METHOD', 'DATASET')
    """
    out: dict[str, str] = {}
    for label in reversed(LABELS):
        for head in load_cues()["heads"].get(label, ()):
            out[head] = label
    return out


def label_for(text: str) -> str | None:
    """The label a phrase gets from the cues: a known name, else its head word.

    >>> label_for("Neural Tangent Kernel"), label_for("linear programming")
    ('METHOD', None)
    """
    known = name_labels().get(surface_key(text))
    if known:
        return known
    words = text.lower().split()
    return head_labels().get(words[-1]) if words else None


def span_patterns() -> list[dict[str, Any]]:
    """Span-ruler patterns: known names, and modifier words followed by a head word."""
    cues = load_cues()
    stop = sorted(set(cues["modifier_stop"]))
    modifier = {
        "TEXT": {"REGEX": r"^(?:[A-Za-z][A-Za-z0-9]*|-)$"},
        "LOWER": {"NOT_IN": stop},
        "IS_STOP": False,
        "OP": f"{{1,{_MAX_MODIFIERS}}}",
    }
    patterns: list[dict[str, Any]] = []
    for label in LABELS:
        heads = cues["heads"].get(label, [])
        if heads:
            patterns.append(
                {"label": label, "id": "cue", "pattern": [modifier, {"LOWER": {"IN": heads}}]}
            )
    for label in LABELS:
        for name in cues["names"].get(label, []):
            patterns.append({"label": label, "id": "name", "pattern": name.lower()})
    return patterns
