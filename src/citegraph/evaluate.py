"""``citegraph evaluate``: precision, recall and F1 of the extraction pipeline on SciERC gold.

Two views of quality:

- exact typed spans over the six SciERC labels, the literature's standard; spans from the rule
  components are mapped back to SciERC labels (METHOD → Method, DATASET → Material, ...);
- document-level sets of canonical entities over the graph labels: per abstract, the set of
  ``(surface key, label)`` pairs, which is what reaches the graph.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from citegraph.errors import CorpusError
from citegraph.extract.entities import span_label
from citegraph.extract.normalise import surface_key
from citegraph.extract.scierc import (
    SCIERC_TO_GRAPH,
    SciercDoc,
    prf,
    read_scierc,
    score_spans,
    to_spacy_doc,
)

GRAPH_TO_SCIERC = {graph: scierc for scierc, graph in SCIERC_TO_GRAPH.items()}

Span3 = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Scores of one evaluation run; :meth:`to_json` is what ``--json`` prints."""

    micro: dict[str, float]
    per_label: dict[str, dict[str, float]]
    doc_level: dict[str, Any]
    words_per_second: float
    documents: int
    words: int

    def to_json(self) -> dict[str, Any]:
        """The scores as one JSON-ready object."""
        return {
            "micro": self.micro,
            "per_label": self.per_label,
            "doc_level": self.doc_level,
            "words_per_second": self.words_per_second,
            "documents": self.documents,
            "words": self.words,
        }

    def describe(self) -> str:
        """A table for the terminal."""
        rows = [f"{'label':<22}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}"]
        for label, s in [*self.per_label.items(), ("micro", self.micro)]:
            rows.append(
                f"{label:<22}{100 * s['p']:>7.1f}{100 * s['r']:>7.1f}{100 * s['f']:>7.1f}"
                f"{int(s.get('n_gold', 0)):>7}"
            )
        d = self.doc_level["micro"]
        rows.append(
            f"document-level canonical entities: P {100 * d['p']:.1f}  R {100 * d['r']:.1f}  "
            f"F1 {100 * d['f']:.1f}"
        )
        rows.append(
            f"{self.documents} documents, {self.words} words, {self.words_per_second:,.0f} words/s"
        )
        return "\n".join(rows)


def predicted_spans(doc: Any) -> set[Span3]:
    """Typed spans of a processed Doc in SciERC labels (rule labels mapped back)."""
    out: set[Span3] = set()
    for ent in doc.ents:
        label = (
            ent.label_
            if ent.label_ in SCIERC_TO_GRAPH or ent.label_ == "Generic"
            else (GRAPH_TO_SCIERC.get(ent.label_, ""))
        )
        if label:
            out.add((ent.start, ent.end, label))
    return out


def entity_set(words: list[str], spans: set[Span3]) -> set[tuple[str, str]]:
    """Canonical ``(key, graph label)`` pairs of a document's spans; Generic is dropped.

    >>> entity_set(["Graph", "neural", "networks", "work"], {(0, 3, "Method")})
    {('graph neural network', 'METHOD')}
    """
    out = set()
    for start, end, label in spans:
        graph_label = span_label(label)
        key = surface_key(" ".join(words[start:end]))
        if graph_label and key:
            out.add((key, graph_label))
    return out


def score_sets(
    gold: list[set[tuple[str, str]]], pred: list[set[tuple[str, str]]]
) -> dict[str, Any]:
    """Micro and per-label P/R/F1 of per-document ``(key, label)`` sets.

    >>> s = score_sets([{("gnn", "METHOD"), ("qm9", "DATASET")}], [{("gnn", "METHOD")}])
    >>> s["micro"]["p"], s["micro"]["r"], s["per_label"]["DATASET"]["r"]
    (1.0, 0.5, 0.0)
    """
    labels = sorted({lab for docs in (gold, pred) for d in docs for _, lab in d})
    per_label = {}
    for label in labels:
        g = [{x for x in d if x[1] == label} for d in gold]
        p = [{x for x in d if x[1] == label} for d in pred]
        per_label[label] = prf(
            sum(len(a & b) for a, b in zip(g, p, strict=True)), sum(map(len, p)), sum(map(len, g))
        )
    micro = prf(
        sum(len(a & b) for a, b in zip(gold, pred, strict=True)),
        sum(map(len, pred)),
        sum(map(len, gold)),
    )
    return {"micro": micro, "per_label": per_label}


def read_gold(path: Path) -> list[SciercDoc]:
    """Gold documents of a SciERC-format file.

    Raises
    ------
    CorpusError
        The file is missing or a line is malformed.
    """
    if not path.is_file():
        raise CorpusError(f"{path}: no such file; pass a SciERC-format JSON-lines file")
    try:
        return list(read_scierc(path))
    except ValueError as err:
        raise CorpusError(f"{err}; fix the line or pass another file") from None
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: not UTF-8 text; pass a SciERC JSON-lines file") from None


def evaluate(nlp: Language, gold_path: Path) -> Evaluation:
    """Score ``nlp`` on the gold tokens and sentences of a SciERC-format file.

    The pipeline's sentencizer is skipped so the gold sentence boundaries stand.
    """
    gold_docs = read_gold(gold_path)
    docs = [to_spacy_doc(nlp.vocab, g) for g in gold_docs]
    for doc in docs:
        doc.ents = []
    disabled = [name for name in nlp.pipe_names if name == "sentencizer"]
    start = time.perf_counter()
    with nlp.select_pipes(disable=disabled):
        processed = list(nlp.pipe(docs))
    seconds = time.perf_counter() - start
    gold = [set(g.spans) for g in gold_docs]
    pred = [predicted_spans(d) for d in processed]
    scores = score_spans(gold, pred)
    micro = scores.pop("micro")
    gold_sets = [entity_set(g.words, s) for g, s in zip(gold_docs, gold, strict=True)]
    pred_sets = [entity_set(g.words, p) for g, p in zip(gold_docs, pred, strict=True)]
    words = sum(len(g.words) for g in gold_docs)
    return Evaluation(
        micro=micro,
        per_label=scores,
        doc_level=score_sets(gold_sets, pred_sets),
        words_per_second=round(words / seconds, 1) if seconds else 0.0,
        documents=len(gold_docs),
        words=words,
    )
