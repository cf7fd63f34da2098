"""Score a trained pipeline on SciERC: exact typed spans over the gold tokens.

python scripts/eval_ner.py --model DIR --dev DEV.json [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from citegraph.extract.pipeline import load_model  # noqa: E402
from citegraph.extract.scierc import (  # noqa: E402
    SCIERC_LABELS,
    read_scierc,
    score_spans,
    to_spacy_doc,
)


def evaluate(model: Path, data: Path) -> dict[str, dict[str, float]]:
    return score_pipeline(load_model(model), data)


def score_pipeline(nlp: Language, data: Path) -> dict[str, dict[str, float]]:
    """Exact typed-span scores of ``nlp`` run over the gold tokens of ``data``."""
    gold: list[set[tuple[int, int, str]]] = []
    pred: list[set[tuple[int, int, str]]] = []
    for sdoc in read_scierc(data):
        doc = to_spacy_doc(nlp.vocab, sdoc)
        doc.ents = []
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        gold.append(set(sdoc.spans))
        pred.append({(e.start, e.end, e.label_) for e in doc.ents})
    return score_spans(gold, pred)


def format_scores(scores: dict[str, dict[str, float]]) -> str:
    rows = [f"{'label':<20} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}"]
    for lab in (*SCIERC_LABELS, "micro"):
        s = scores[lab]
        rows.append(
            f"{lab:<20} {100 * s['p']:6.1f} {100 * s['r']:6.1f} {100 * s['f']:6.1f} "
            f"{s['n_gold']:5d}"
        )
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description="Score a pipeline on SciERC entity spans.")
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--dev", type=Path, required=True)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    scores = evaluate(args.model, args.dev)
    print(json.dumps(scores, indent=1) if args.json else format_scores(scores))


if __name__ == "__main__":
    main()
