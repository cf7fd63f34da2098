"""Names a paper coins for what it introduces: "we propose X", "termed X", "X, a novel ...".

:func:`find_coined` is the pure rule over tokens; the ``citegraph_coined`` component puts the
names in ``doc.spans["citegraph_coined"]`` and into ``doc.ents``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from citegraph.extract.abbreviations import ABBREVIATIONS_KEY

COINED_KEY = "citegraph_coined"
_NAMING = frozenset({"termed", "called", "named", "dubbed", "coined"})
_INTRODUCING = frozenset(
    {"propose", "introduce", "present", "develop", "design", "release", "build", "construct"}
)
# "This paper introduces X": third-person forms need no "we" before them.
_INTRODUCES = frozenset({"proposes", "introduces", "presents", "develops", "releases"})
_DATA_WORDS = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "corpus", "suite"})
_FOLLOWERS = frozenset({"novel", "new", "simple", "general", "scalable", "framework", "method"})
_MAX_NAME = 6
_FUNCTION_WORDS = frozenset(
    [
        "that",
        "which",
        "to",
        "for",
        "as",
        "with",
        "and",
        "in",
        "on",
        "by",
        "of",
        "is",
        "are",
        "a",
        "an",
        "the",
        "from",
        "using",
        "via",
    ]
)


def _name_like(word: str) -> bool:
    return any(c.isupper() or c.isdigit() for c in word) and word[:1].isalnum()


def _name_at(words: Sequence[str], i: int) -> int:
    """End (exclusive) of a name starting at ``i``, or ``i`` when none starts there."""
    j = i
    while j < len(words) and j - i < _MAX_NAME:
        w = words[j]
        if _name_like(w) or (
            w in {"-", "^"} and j > i and j + 1 < len(words) and _name_like(words[j + 1])
        ):
            j += 1
        else:
            break
    if j > i and words[j - 1] in {"-", "^"}:
        j -= 1
    # One capitalised ordinary word ("The", "Graph") is a sentence start or a plain word; a
    # one-word name has inner capitals or digits ("NoProp", "MILAN", "M4LE").
    if j == i + 1 and words[i][1:].islower():
        return i
    return j


def find_coined(words: Sequence[str], is_title: bool = False) -> list[tuple[int, int]]:
    """Token ranges of coined names in one sentence.

    Examples
    --------
    >>> ws = "we introduce a new architecture , termed GD - Net .".split()
    >>> [ws[s:e] for s, e in find_coined(ws)]
    [['GD', '-', 'Net']]
    >>> ws = "we introduce LangevinFlow , a sequential model".split()
    >>> [ws[s:e] for s, e in find_coined(ws)]
    [['LangevinFlow']]
    >>> ws = "KECOR : Kernel Coding Rate Maximization".split()
    >>> [ws[s:e] for s, e in find_coined(ws, is_title=True)]
    [['KECOR']]
    """
    found: list[tuple[int, int]] = []
    lower = [w.lower() for w in words]
    for i, w in enumerate(lower):
        nxt = i + 1
        introducing = w in _INTRODUCES or (
            w in _INTRODUCING and i > 0 and lower[i - 1] in {"we", "i"}
        )
        if w in _NAMING or introducing:
            if nxt < len(words) and lower[nxt] == "as":
                nxt += 1
            end = _name_at(words, nxt)
            # "introduces PINN surrogates": a name that modifies the noun after it is not coined.
            modifies = end < len(words) and words[end].isalpha() and words[end].islower()
            if end > nxt and not (modifies and lower[end] not in _FUNCTION_WORDS):
                found.append((nxt, end))
        elif (
            w == ","
            and nxt + 1 < len(words)
            and lower[nxt] in {"a", "an"}
            and (lower[nxt + 1] in _FOLLOWERS)
        ):
            start = i
            while (
                start > 0
                and i - start < _MAX_NAME
                and (
                    _name_like(words[start - 1])
                    or (words[start - 1] == "-" and start > 1 and _name_like(words[start - 2]))
                )
            ):
                start -= 1
            if start < i and _name_at(words, start) == i:
                found.append((start, i))
    if is_title and len(words) > 2 and words[1] == ":" and _name_at(words, 0) == 1:
        word = words[0]
        if any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word):
            found.append((0, 1))
    return found


def coined_label(words: Sequence[str], end: int) -> str:
    """DATASET when the name is followed by a data word, else METHOD."""
    following = {w.lower() for w in words[end : end + 3]}
    return "DATASET" if following & _DATA_WORDS else "METHOD"


@Language.factory("citegraph_coined", assigns=["doc.spans", "doc.ents"], default_config={})
def make_coined(nlp: Language, name: str) -> CoinedNames:
    """Factory of the coined-names component."""
    return CoinedNames()


class CoinedNames:
    """Marks coined names as introduced entities; they take precedence over other spans."""

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for k, sent in enumerate(doc.sents):
            words = [t.text for t in sent]
            for start, end in find_coined(words, is_title=k == 0):
                label = coined_label(words, end)
                spans.append(Span(doc, sent.start + start, sent.start + end, label))
            if k == 0:
                spans += self._title_name(doc, sent)
        doc.spans[COINED_KEY] = spans
        if spans:
            kept = [
                e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)
            ]
            doc.ents = filter_spans([*spans, *kept])
        return doc

    @staticmethod
    def _title_name(doc: Doc, title: Span) -> list[Span]:
        """ "Neural Tangent Kernel: ..." introduces its name when the abstract defines an
        abbreviation for it ("the Neural Tangent Kernel (NTK)")."""
        colon = next((t.i for t in title if t.text == ":"), None)
        if colon is None or not 1 < colon - title.start <= _MAX_NAME:
            return []
        name = doc[title.start : colon]
        if not all(_name_like(t.text) or t.text == "-" for t in name):
            return []
        longs = {s.text.lower() for s in doc.spans.get(ABBREVIATIONS_KEY, []) if s.label_ == "LONG"}
        return [Span(doc, name.start, name.end, "METHOD")] if name.text.lower() in longs else []
