"""Surface forms to comparison keys: case, plurals, hyphens and spacing folded."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEPARATORS = re.compile(r"[\-\u2010-\u2015/_]+")
_DROP = re.compile(r"[^\w\s+#.]")
_SPACE = re.compile(r"\s+")
_KEEP_S = ("ss", "us", "is", "ics", "ys", "as", "os")
_INVARIANT = frozenset({"data", "series", "species", "news", "bias", "gas", "chaos", "lens"})
# Spelling variants of a final word that name the same thing ("neural nets").
_VARIANTS = {"net": "network", "nets": "network"}


def singular(word: str) -> str:
    """The singular of an English noun or acronym, by suffix rules.

    >>> [singular(w) for w in ["networks", "GNNs", "studies", "losses", "dynamics", "corpus"]]
    ['network', 'GNN', 'study', 'loss', 'dynamics', 'corpus']
    """
    lower = word.lower()
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return word[:-1]
    if len(lower) <= 3 or lower in _INVARIANT or not lower.endswith("s"):
        return word
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if lower.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if lower.endswith(_KEEP_S):
        return word
    return word[:-1]


# The same surface forms recur across a corpus (every paper that says "BERT"), so keys are
# computed once per distinct form.
@lru_cache(maxsize=1 << 18)
def surface_key(text: str) -> str:
    """The comparison key of a mention: folded case, singular, hyphens as spaces.

    Keys are idempotent: ``surface_key(surface_key(x)) == surface_key(x)``.

    >>> surface_key("Graph Neural Networks"), surface_key("graph-neural network")
    ('graph neural network', 'graph neural network')
    >>> surface_key("GNNs"), surface_key("GNN"), surface_key("graph neural nets")
    ('gnn', 'gnn', 'graph neural network')
    """
    text = unicodedata.normalize("NFKC", text)
    text = _SEPARATORS.sub(" ", text)
    text = _DROP.sub(" ", text)
    words = _SPACE.sub(" ", text).strip(" .").split(" ")
    if not words or not words[-1]:
        return ""
    last = singular(words[-1])
    words[-1] = _VARIANTS.get(last.lower(), last)
    return " ".join(words).lower().strip(" .")


def display_name(text: str) -> str:
    """A mention as a node name: spacing tidied and the last word singular, case kept.

    >>> display_name("graph  neural networks"), display_name("LLMs")
    ('graph neural network', 'LLM')
    """
    words = _SPACE.sub(" ", text).strip().split(" ")
    words[-1] = singular(words[-1])
    return " ".join(words)
