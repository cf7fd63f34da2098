"""Abbreviation detection with the Schwartz–Hearst algorithm.

Schwartz and Hearst (2003), "A simple algorithm for identifying abbreviation definitions in
biomedical text". :func:`find_abbreviations` is the pure algorithm over a list of words; the
``citegraph_abbreviations`` component applies it to a Doc.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

ABBREVIATIONS_KEY = "citegraph_abbreviations"
_MAX_PAREN_WORDS = 4


@dataclass(frozen=True, slots=True)
class AbbreviationMatch:
    """Token ranges (end exclusive) of a long form and its short form."""

    long_start: int
    long_end: int
    short_start: int
    short_end: int


def _is_short_form(words: Sequence[str]) -> bool:
    text = "".join(words)
    return (
        0 < len(words) <= 2
        and 2 <= len(text) <= 10
        and text[0].isalnum()
        and any(c.isalpha() for c in text)
        and any(c.isupper() for c in text)
    )


def best_long_form(short: str, candidate: Sequence[str]) -> int | None:
    """Index of the first word of the long form of ``short`` within ``candidate`` words.

    Characters of the short form are matched right to left in the candidate; the first one
    must begin a word.

    >>> best_long_form("GNNs", ["recent", "graph", "neural", "networks"])
    1
    >>> best_long_form("NTK", ["the", "Neural", "Tangent", "Kernel"])
    1
    >>> best_long_form("XYZ", ["graph", "neural", "networks"]) is None
    True
    """
    starts: list[int] = []
    pos = 0
    for word in candidate:
        starts.append(pos)
        pos += len(word) + 1
    long_text = " ".join(candidate).lower()
    short_l = short.lower()
    s, li = len(short_l) - 1, len(long_text) - 1
    while s >= 0:
        c = short_l[s]
        if not c.isalnum():
            s -= 1
            continue
        while li >= 0 and (
            long_text[li] != c or (s == 0 and li > 0 and long_text[li - 1].isalnum())
        ):
            li -= 1
        if li < 0:
            return None
        li -= 1
        s -= 1
    start_char = li + 1
    return max(i for i, st in enumerate(starts) if st <= start_char)


def find_abbreviations(words: Sequence[str]) -> list[AbbreviationMatch]:
    """Every ``long form (SF)`` and ``SF (long form)`` definition in a sentence of words.

    Examples
    --------
    >>> ws = "we train graph neural networks ( GNNs ) on graphs".split()
    >>> m = find_abbreviations(ws)[0]
    >>> ws[m.long_start:m.long_end], ws[m.short_start:m.short_end]
    (['graph', 'neural', 'networks'], ['GNNs'])
    """
    found: list[AbbreviationMatch] = []
    for open_i, word in enumerate(words):
        if word != "(":
            continue
        close_i = next(
            (
                j
                for j in range(open_i + 1, min(len(words), open_i + 2 + _MAX_PAREN_WORDS))
                if words[j] == ")"
            ),
            None,
        )
        if close_i is None or close_i == open_i + 1:
            continue
        inside = list(words[open_i + 1 : close_i])
        if _is_short_form(inside):
            short = "".join(inside)
            window = min(len(short) + 5, len(short) * 2)
            lo = open_i
            while (
                lo > 0 and open_i - lo < window and words[lo - 1] not in {".", ";", ",", ")", "("}
            ):
                lo -= 1
            candidate = words[lo:open_i]
            start = best_long_form(short, candidate) if candidate else None
            if start is None:
                continue
            # A one-word long form must be longer than the short form ("Transformer (T)").
            if len(candidate) - start > 1 or len(candidate[start]) > len(short):
                found.append(AbbreviationMatch(lo + start, open_i, open_i + 1, close_i))
        elif open_i > 0 and _is_short_form([words[open_i - 1]]) and len(inside) >= 2:
            start = best_long_form(words[open_i - 1], inside)
            if start == 0:
                found.append(AbbreviationMatch(open_i + 1, close_i, open_i - 1, open_i))
    return found


@Language.factory(
    "citegraph_abbreviations",
    assigns=["doc.spans"],
    default_config={},
)
def make_abbreviations(nlp: Language, name: str) -> AbbreviationDetector:
    """Factory of the abbreviation component."""
    return AbbreviationDetector()


class AbbreviationDetector:
    """Puts each definition in ``doc.spans["citegraph_abbreviations"]``: the short-form span,
    with the long-form text as its ``kb_id_``, and marks every later use of the short form."""

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        defined: dict[str, str] = {}
        for sent in doc.sents:
            words = [t.text for t in sent]
            for m in find_abbreviations(words):
                long_span = sent[m.long_start : m.long_end]
                short_span = sent[m.short_start : m.short_end]
                defined.setdefault(short_span.text, long_span.text)
                spans.append(
                    Span(doc, long_span.start, long_span.end, "LONG", kb_id=short_span.text)
                )
                spans.append(
                    Span(doc, short_span.start, short_span.end, "SHORT", kb_id=long_span.text)
                )
        taken = {(s.start, s.end) for s in spans}
        for token in doc:
            text = token.text
            base = text[:-1] if text.endswith("s") and text[:-1] in defined else text
            if base in defined and (token.i, token.i + 1) not in taken:
                spans.append(Span(doc, token.i, token.i + 1, "SHORT", kb_id=defined[base]))
        doc.spans[ABBREVIATIONS_KEY] = spans
        return doc
