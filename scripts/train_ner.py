"""Train the SciERC entity recogniser shipped in src/citegraph/models/scierc_ner.

    python scripts/train_ner.py --train TRAIN.json --dev DEV.json --out DIR \
        [--seed N] [--config scripts/ner.cfg] [--unlabelled DIR_OR_FILE ...] \
        [--augment K] [--pretrained WEIGHTS.bin] [--members M] [--jobs J] [--distil STEPS]

Converts SciERC to DocBin in a temporary directory (adding ``--augment`` synthetic variants
of each train abstract, see ``mention_variants``), optionally pretrains the tok2vec layer
(when the config has a non-empty [pretraining] section) on the SciERC train texts plus any
``--unlabelled`` text files, trains with spaCy's Python API (``--members`` pipelines from
consecutive seeds, ``--jobs`` at a time, combined by majority vote when more than one, or
with ``--distil`` distilled into the first of them, see ``distil_ner.py``), copies the best
pipeline to ``--out`` and prints dev scores (exact typed spans over gold tokens).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training.pretrain import pretrain
from spacy.util import load_config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_ner import evaluate, format_scores  # noqa: E402

from citegraph.extract.ensemble import assemble  # noqa: E402
from citegraph.extract.scierc import SCIERC_LABELS, read_scierc, to_spacy_doc  # noqa: E402

DEFAULT_CONFIG = ROOT / "scripts" / "ner.cfg"
MAX_CHUNK_WORDS = 300  # spaCy's JsonlCorpus drops texts longer than its max_length (500)
META = {
    "name": "scierc_ner",
    "version": "1.0.0",
    "description": "SciERC entity recogniser (Task, Method, Metric, Material, "
    "OtherScientificTerm, Generic) for citegraph",
    "sources": [
        {
            "name": "SciERC",
            "url": "http://nlp.cs.washington.edu/sciIE",
            "author": "Luan, He, Ostendorf and Hajishirzi (EMNLP 2018)",
        }
    ],
}
# The version is part of the extraction cache's key, so models made differently differ in it.
DISTILLED_VERSION = "1.1.0"

# Generic mentions are pronoun-like ("this method", "it"); swapping them adds no variety.
SWAP_LABELS = frozenset({"Task", "Method", "Metric", "Material", "OtherScientificTerm"})


def mention_variants(docs: list[Doc], k: int, seed: int, p: float = 0.5) -> Iterator[Doc]:
    """``k`` variants of each doc with entity mentions swapped for others of the same label.

    Mention replacement (Dai and Adel, COLING 2020) keeps the sentence frame and the label
    but shows the model new mention/context pairs, which helps on small NER training sets.

    >>> nlp = spacy.blank("en")
    >>> a = Doc(nlp.vocab, words=["We", "use", "CRF", "."], ents=["O", "O", "B-Method", "O"])
    >>> b = Doc(nlp.vocab, words=["A", "deep", "LSTM"], ents=["O", "B-Method", "I-Method"])
    >>> [(e.text, e.label_) for e in next(mention_variants([a, b], 1, seed=0, p=1.0)).ents]
    [('deep LSTM', 'Method')]
    """
    pools: dict[str, list[tuple[str, ...]]] = {}
    for doc in docs:
        for ent in doc.ents:
            pools.setdefault(ent.label_, []).append(tuple(t.text for t in ent))
    rng = random.Random(seed)
    for _ in range(k):
        for doc in docs:
            words: list[str] = []
            spaces: list[bool] = []
            tags: list[str] = []
            sent_starts: list[bool] = []
            ent_at = {ent.start: ent for ent in doc.ents}
            i = 0
            while i < len(doc):
                ent = ent_at.get(i)
                if ent is None:
                    words.append(doc[i].text)
                    spaces.append(bool(doc[i].whitespace_))
                    tags.append("O")
                    sent_starts.append(bool(doc[i].is_sent_start))
                    i += 1
                    continue
                new = tuple(t.text for t in ent)
                if ent.label_ in SWAP_LABELS and rng.random() < p:
                    new = rng.choice(pools[ent.label_])
                for j, word in enumerate(new):
                    words.append(word)
                    spaces.append(True)
                    tags.append(("B-" if j == 0 else "I-") + ent.label_)
                    sent_starts.append(j == 0 and bool(doc[i].is_sent_start))
                i = ent.end
            yield Doc(doc.vocab, words=words, spaces=spaces, ents=tags, sent_starts=sent_starts)


def to_docbin(src: Path, dest: Path, augment: int = 0, seed: int = 0) -> int:
    nlp = spacy.blank("en")
    db = DocBin(store_user_data=False)
    docs = [to_spacy_doc(nlp.vocab, sdoc) for sdoc in read_scierc(src)]
    for doc in docs:
        db.add(doc)
    for doc in mention_variants(docs, augment, seed):
        db.add(doc)
    db.to_disk(dest)
    return len(docs) * (1 + augment)


def text_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The paths that are files, and the .txt files of those that are directories."""
    for path in paths:
        yield from sorted(path.glob("*.txt")) if path.is_dir() else [path]


def unlabelled_texts(train: Path, extra: list[Path]) -> Iterator[str]:
    """Train abstracts (gold words joined) plus text files split into short chunks."""
    for sdoc in read_scierc(train):
        yield " ".join(sdoc.words)
    for f in text_files(extra):
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


def cleaned(nlp: Language, **meta: object) -> Language:
    """``nlp`` with citegraph's metadata (``META`` updated with ``meta``), no training paths."""
    nlp.meta.update(META, **meta)
    for key in nlp.config["paths"]:
        nlp.config["paths"][key] = None
    return nlp


def export(nlp: Language, out: Path, dev: Path) -> None:
    """Write ``nlp`` to ``out`` (keeping its MODEL_CARD.md) and check that it reloads intact."""
    card = out / "MODEL_CARD.md"
    card_text = card.read_text(encoding="utf-8") if card.exists() else None
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    if card_text is not None:
        card.write_text(card_text, encoding="utf-8")
    # Features are hashed, so the training vocabulary is not needed at inference; keep only
    # the labels rather than shipping a word list drawn from the corpus.
    labels = sorted(SCIERC_LABELS)
    for strings in out.rglob("vocab/strings.json"):
        strings.write_text(json.dumps(labels), encoding="utf-8")
    texts = [" ".join(d.words) for d in read_scierc(dev)]
    before = [[(e.start, e.end, e.label_) for e in d.ents] for d in nlp.pipe(texts)]
    after = [[(e.start, e.end, e.label_) for e in d.ents] for d in spacy.load(out).pipe(texts)]
    if before != after:
        raise RuntimeError("exported pipeline predicts differently from the trained one")


def train_member(config: Path, work: Path, overrides: dict[str, object]) -> Path:
    """Train one pipeline under ``work``; return the folder of its best checkpoint."""
    train(config, work / "training", use_gpu=-1, overrides=overrides)
    return work / "training" / "model-best"


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
        "--augment",
        type=int,
        default=2,
        help="synthetic mention-swapped variants added per train abstract (default: 2)",
    )
    ap.add_argument(
        "--pretrained",
        type=Path,
        default=None,
        help="tok2vec weights from an earlier `spacy pretrain` run (skips pretraining)",
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="keep intermediate files here instead of a temporary directory",
    )
    ap.add_argument(
        "--members",
        type=int,
        default=1,
        help="train this many pipelines (seeds SEED, SEED+1, ...) and ship their majority "
        "vote (default: 1)",
    )
    ap.add_argument("--jobs", type=int, default=1, help="members trained at once, one process each")
    ap.add_argument(
        "--distil",
        type=int,
        default=0,
        metavar="STEPS",
        help="distil the members' averaged scores into the first member for this many steps "
        "instead of shipping their vote (default: 0, ship the vote)",
    )
    args = ap.parse_args()
    if args.members < 1 or args.jobs < 1 or args.distil < 0:
        ap.error("--members and --jobs must be at least 1, --distil at least 0")
    if args.distil and args.members < 2:
        ap.error("--distil needs --members 2 or more")
    for path in (args.train, args.dev, args.config, *args.unlabelled):
        if not path.exists():
            ap.error(f"no such file or directory: {path}")

    with tempfile.TemporaryDirectory(prefix="scierc_ner_") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        n_dev = to_docbin(args.dev, work / "dev.spacy")
        t0 = time.perf_counter()
        init_tok2vec = args.pretrained
        if init_tok2vec is None and load_config(args.config, interpolate=False).get("pretraining"):
            raw = work / "raw.jsonl"
            with raw.open("w", encoding="utf-8") as fh:
                for text in unlabelled_texts(args.train, args.unlabelled):
                    fh.write(json.dumps({"text": text}) + "\n")
            init_tok2vec = run_pretraining(args.config, raw, work / "pretrain", args.seed)
            print(f"pretraining done in {time.perf_counter() - t0:.0f}s")

        # Each member differs in its seed, so in its initial weights, dropout, batch order and
        # synthetic variants; the tok2vec pretraining is shared.
        jobs: list[tuple[Path, Path, dict[str, object]]] = []
        for i in range(args.members):
            seed = args.seed + i
            member = work / (f"member{i}" if args.members > 1 else "")
            member.mkdir(parents=True, exist_ok=True)
            n_train = to_docbin(args.train, member / "train.spacy", args.augment, seed)
            overrides: dict[str, object] = {
                "paths.train": str(member / "train.spacy"),
                "paths.dev": str(work / "dev.spacy"),
                "system.seed": seed,
            }
            if init_tok2vec is not None:
                overrides["paths.init_tok2vec"] = str(init_tok2vec)
            jobs.append((args.config, member, overrides))
        print(f"converted {n_train} train and {n_dev} dev documents per member")
        with ProcessPoolExecutor(min(args.jobs, len(jobs))) as pool:
            best = list(pool.map(train_member, *zip(*jobs, strict=True)))
        print(f"training done in {time.perf_counter() - t0:.0f}s")

        if args.distil:
            from distil_ner import distil  # imports this module for mention_variants

            nlp, _ = distil(
                best[0],
                best,
                args.train,
                args.dev,
                args.unlabelled,
                steps=args.distil,
                seed=args.seed,
            )
            print(f"distillation done in {time.perf_counter() - t0:.0f}s")
            nlp = cleaned(nlp, version=DISTILLED_VERSION)
        else:
            members = [cleaned(spacy.load(path)) for path in best]
            nlp = members[0] if len(members) == 1 else assemble(members, **META)
        export(nlp, args.out, args.dev)

    scores = evaluate(args.out, args.dev)
    print(format_scores(scores))
    print(json.dumps({"micro_f": scores["micro"]["f"]}))


if __name__ == "__main__":
    main()
