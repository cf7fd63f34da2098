"""Train the SciERC entity recogniser shipped in src/citegraph/models/scierc_ner.

    python scripts/train_ner.py --train TRAIN.json --dev DEV.json --out DIR \
        [--seed N] [--config scripts/ner.cfg] [--unlabelled DIR_OR_FILE ...]

Converts SciERC to DocBin in a temporary directory, optionally pretrains the tok2vec layer
(when the config has a non-empty [pretraining] section) on the SciERC train texts plus any
``--unlabelled`` text files, trains with spaCy's Python API, copies the best pipeline to
``--out`` and prints dev scores (exact typed spans over gold tokens).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.tokens import DocBin
from spacy.training.pretrain import pretrain
from spacy.util import load_config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_ner import evaluate, format_scores  # noqa: E402

from citegraph.extract.scierc import read_scierc, to_spacy_doc  # noqa: E402

DEFAULT_CONFIG = ROOT / "scripts" / "ner.cfg"
MAX_CHUNK_WORDS = 300  # spaCy's JsonlCorpus drops texts longer than its max_length (500)


def to_docbin(src: Path, dest: Path) -> int:
    nlp = spacy.blank("en")
    db = DocBin(store_user_data=False)
    n = 0
    for sdoc in read_scierc(src):
        db.add(to_spacy_doc(nlp.vocab, sdoc))
        n += 1
    db.to_disk(dest)
    return n


def unlabelled_texts(train: Path, extra: list[Path]) -> Iterator[str]:
    """Train abstracts (gold words joined) plus text files split into short chunks."""
    for sdoc in read_scierc(train):
        yield " ".join(sdoc.words)
    files: list[Path] = []
    for p in extra:
        files.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            words = line.split()
            for i in range(0, len(words), MAX_CHUNK_WORDS):
                chunk = words[i : i + MAX_CHUNK_WORDS]
                if len(chunk) >= 5:
                    yield " ".join(chunk)


def run_pretraining(cfg_path: Path, raw: Path, out: Path, seed: int) -> Path:
    config = load_config(
        cfg_path,
        overrides={"paths.raw_text": str(raw), "system.seed": seed},
        interpolate=False,
    ).interpolate()
    out.mkdir(parents=True, exist_ok=True)
    pretrain(config, out, silent=False)
    return out / "model-last.bin"


def export(best: Path, out: Path, dev: Path) -> None:
    """Copy the best pipeline to ``out`` without training-only state."""
    nlp = spacy.load(best)
    nlp.meta.update(
        name="scierc_ner",
        version="1.0.0",
        description="SciERC entity recogniser (Task, Method, Metric, Material, "
        "OtherScientificTerm, Generic) for citegraph",
        sources=[
            {
                "name": "SciERC",
                "url": "http://nlp.cs.washington.edu/sciIE",
                "author": "Luan, He, Ostendorf and Hajishirzi (EMNLP 2018)",
            }
        ],
    )
    for key in nlp.config["paths"]:
        nlp.config["paths"][key] = None
    card = out / "MODEL_CARD.md"
    card_text = card.read_text(encoding="utf-8") if card.exists() else None
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    if card_text is not None:
        card.write_text(card_text, encoding="utf-8")
    # Features are hashed, so the training vocabulary is not needed at inference; keep only
    # the labels rather than shipping a word list drawn from the corpus.
    labels = sorted(nlp.get_pipe("ner").labels)
    (out / "vocab" / "strings.json").write_text(json.dumps(labels), encoding="utf-8")
    texts = [" ".join(d.words) for d in read_scierc(dev)]
    before = [[(e.start, e.end, e.label_) for e in d.ents] for d in nlp.pipe(texts)]
    after = [[(e.start, e.end, e.label_) for e in d.ents] for d in spacy.load(out).pipe(texts)]
    if before != after:
        raise RuntimeError("exported pipeline predicts differently from the trained one")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, required=True)
    ap.add_argument("--dev", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    ap.add_argument(
        "--unlabelled",
        type=Path,
        nargs="*",
        default=[],
        help="extra .txt files or directories for tok2vec pretraining",
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="keep intermediate files here instead of a temporary directory",
    )
    args = ap.parse_args()
    for path in (args.train, args.dev, args.config, *args.unlabelled):
        if not path.exists():
            ap.error(f"no such file or directory: {path}")

    with tempfile.TemporaryDirectory(prefix="scierc_ner_") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        n_train = to_docbin(args.train, work / "train.spacy")
        n_dev = to_docbin(args.dev, work / "dev.spacy")
        print(f"converted {n_train} train and {n_dev} dev documents")

        overrides: dict[str, object] = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "system.seed": args.seed,
        }
        t0 = time.perf_counter()
        if load_config(args.config, interpolate=False).get("pretraining"):
            raw = work / "raw.jsonl"
            with raw.open("w", encoding="utf-8") as fh:
                for text in unlabelled_texts(args.train, args.unlabelled):
                    fh.write(json.dumps({"text": text}) + "\n")
            weights = run_pretraining(args.config, raw, work / "pretrain", args.seed)
            overrides["paths.init_tok2vec"] = str(weights)
            print(f"pretraining done in {time.perf_counter() - t0:.0f}s")

        train(args.config, work / "training", use_gpu=-1, overrides=overrides)
        print(f"training done in {time.perf_counter() - t0:.0f}s")

        export(work / "training" / "model-best", args.out, args.dev)

    scores = evaluate(args.out, args.dev)
    print(format_scores(scores))
    print(json.dumps({"micro_f": scores["micro"]["f"]}))


if __name__ == "__main__":
    main()
