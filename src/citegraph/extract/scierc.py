"""Read the SciERC corpus (Luan et al., EMNLP 2018) and score typed entity spans."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

SCIERC_LABELS: tuple[str, ...] = (
    "Task",
    "Method",
    "Metric",
    "Material",
    "OtherScientificTerm",
    "Generic",
)

# Generic ("this approach", "the model") carries no graph node, so it is left unmapped.
SCIERC_TO_GRAPH: dict[str, str] = {
    "Method": "METHOD",
    "Material": "DATASET",
    "Task": "TASK",
    "Metric": "METRIC",
    "OtherScientificTerm": "CONCEPT",
}

Span3 = tuple[int, int, str]


@dataclass(frozen=True)
class SciercDoc:
    """One abstract: flat words, sentence start offsets, and typed spans with exclusive end."""

    doc_key: str
    words: list[str]
    sentence_starts: list[int]
    spans: list[Span3]


def _parse_line(obj: Any, where: str) -> SciercDoc:
    if not isinstance(obj, dict):
        raise ValueError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    for key in ("sentences", "ner"):
        if key not in obj:
            raise ValueError(f"{where}: missing key {key!r}")
    sentences, ner = obj["sentences"], obj["ner"]
    if not isinstance(sentences, list) or not all(
        isinstance(s, list) and all(isinstance(w, str) for w in s) for s in sentences
    ):
        raise ValueError(f"{where}: 'sentences' must be a list of lists of strings")
    if not isinstance(ner, list) or len(ner) != len(sentences):
        raise ValueError(f"{where}: 'ner' must be a list with one entry per sentence")
    words: list[str] = []
    starts: list[int] = []
    for sent in sentences:
        if sent:
            starts.append(len(words))
            words.extend(sent)
    spans: list[Span3] = []
    for sent_spans in ner:
        if not isinstance(sent_spans, list):
            raise ValueError(f"{where}: each 'ner' entry must be a list of [start, end, label]")
        for item in sent_spans:
            if (
                not isinstance(item, list)
                or len(item) != 3
                or not all(isinstance(i, int) and not isinstance(i, bool) for i in item[:2])
                or not isinstance(item[2], str)
            ):
                raise ValueError(f"{where}: malformed span {item!r}")
            start, end, label = item
            if label not in SCIERC_LABELS:
                raise ValueError(f"{where}: unknown label {label!r}")
            if not 0 <= start <= end < len(words):
                raise ValueError(f"{where}: span {item!r} outside the {len(words)} words")
            spans.append((start, end + 1, label))
    doc_key = obj.get("doc_key", "")
    return SciercDoc(str(doc_key), words, starts, sorted(set(spans)))


def read_scierc(path: str | Path) -> Iterator[SciercDoc]:
    """Yield documents from a SciERC JSON-lines file; raise ValueError naming ``path:line``."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: invalid JSON ({exc.msg})") from exc
            yield _parse_line(obj, where)


def to_spacy_doc(vocab: Vocab, sdoc: SciercDoc) -> Doc:
    """Build a Doc with the gold words, sentence starts and entities.

    ``doc.ents`` cannot overlap, so nested gold spans keep the longest (spaCy's filter_spans).
    """
    starts = set(sdoc.sentence_starts)
    sent_starts: list[bool | int | None] = [i in starts for i in range(len(sdoc.words))]
    doc = Doc(vocab, words=sdoc.words, sent_starts=sent_starts)
    doc.ents = filter_spans([Span(doc, s, e, label=lab) for s, e, lab in sdoc.spans])
    return doc


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts, zero where undefined.

    >>> prf(2, 4, 2)["f"]
    0.6666666666666666
    """
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "n_pred": n_pred, "n_gold": n_gold}


def score_spans(
    gold: Iterable[set[Span3]], pred: Iterable[set[Span3]]
) -> dict[str, dict[str, float]]:
    """Exact typed-span precision/recall/F1, per label and micro-averaged (key ``"micro"``).

    ``gold`` and ``pred`` are aligned per document. Labels seen in either side are scored,
    plus every label in SCIERC_LABELS.
    """
    gold, pred = list(gold), list(pred)
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} documents but pred has {len(pred)}")
    tp: dict[str, int] = {}
    n_pred: dict[str, int] = {}
    n_gold: dict[str, int] = {}
    for g, p in zip(gold, pred, strict=True):
        for *_, lab in g:
            n_gold[lab] = n_gold.get(lab, 0) + 1
        for *_, lab in p:
            n_pred[lab] = n_pred.get(lab, 0) + 1
        for *_, lab in g & p:
            tp[lab] = tp.get(lab, 0) + 1
    labels = sorted(set(SCIERC_LABELS) | n_gold.keys() | n_pred.keys())
    scores = {lab: prf(tp.get(lab, 0), n_pred.get(lab, 0), n_gold.get(lab, 0)) for lab in labels}
    scores["micro"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return scores
