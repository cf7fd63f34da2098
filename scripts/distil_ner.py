"""Distil a vote of SciERC entity recognisers into one model of the same size and speed.

    python scripts/distil_ner.py --student DIR --teachers DIR [DIR ...] --train TRAIN.json \
        --dev DEV.json --out DIR [--unlabelled DIR_OR_FILE ...] [--steps N] [--seed N]

Models trained from different seeds make different mistakes, so their vote beats each of them,
but costs one pipeline per member. Distillation (Bucilua et al., 2006; Hinton et al., 2015)
trains one student to reproduce the teachers' averaged action scores at every step of its own
transition sequence, the logit matching spaCy's ``Parser.rehearse`` does with a single teacher,
on the train abstracts, mention-swapped variants of them and the ``--unlabelled`` abstracts.
The student starts from ``--student`` (one of the teachers, typically) and the dev checkpoint
with the best exact-span micro-F1 is kept. (Interleaving gold updates was measured and
lost: the student then drifts back towards its own seed's mistakes.)

During distillation the student's ``tok2vec`` is folded into its ``ner``
(``replace_listeners``), as are the teachers', so that each model embeds the Docs it scores;
the trained weights then go back into the student's own two-component layout (``unfold``),
whose ``ner`` reads a shared ``tok2vec`` run once per batch: the folded layout was 8% slower,
because the parser runs its embedded tok2vec on sub-batches sorted by length.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc
from thinc.api import Adam, Optimizer, fix_random_seed, set_dropout_rate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_ner import score_pipeline  # noqa: E402
from train_ner import mention_variants, text_files  # noqa: E402

from citegraph.extract.pipeline import load_model  # noqa: E402
from citegraph.extract.scierc import read_scierc, to_spacy_doc  # noqa: E402

T = TypeVar("T")
MIN_UNLABELLED_WORDS = 20  # shorter lines of the listings are titles and headings
DISTIL_DROPOUT = 0.1


def standalone(path: Path) -> Language:
    """The pipeline at ``path`` with its ``tok2vec`` copied into its ``ner`` and removed
    (only for use in memory: the config of the copy still refers to the removed component)."""
    nlp = load_model(path)
    if "tok2vec" in nlp.pipe_names:
        nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
        nlp.remove_pipe("tok2vec")
    return nlp


def unfold(folded: Language, layout: Path) -> Language:
    """The pipeline at ``layout`` (``tok2vec`` + ``ner``) with the weights of ``folded``."""
    nlp = load_model(layout)
    ner, folded_ner = nlp.get_pipe("ner").model, folded.get_pipe("ner").model
    embedded = folded_ner.get_ref("tok2vec").layers[0]
    nlp.get_pipe("tok2vec").model.from_bytes(embedded.to_bytes())
    inside = {id(node) for node in embedded.walk()}
    sources = [node for node in folded_ner.walk() if id(node) not in inside]
    targets = [node for node in ner.walk() if node.name != "tok2vec-listener"]
    for source, target in zip(sources, targets, strict=True):
        if source.name != target.name:
            raise ValueError(f"{layout}: layer {target.name} where {source.name} was expected")
        for name in source.param_names:
            if source.has_param(name):
                target.set_param(name, source.get_param(name).copy())
    return nlp


def words_only(doc: Doc) -> Doc:
    return Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])


def unlabelled_docs(nlp: Language, paths: Sequence[Path]) -> list[Doc]:
    """Distinct lines of at least MIN_UNLABELLED_WORDS words from the text files (dirs: .txt)."""
    seen: set[str] = set()
    docs: list[Doc] = []
    for f in text_files(paths):
        for line in f.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line.split()) >= MIN_UNLABELLED_WORDS and line not in seen:
                seen.add(line)
                docs.append(nlp.make_doc(line))
    return docs


def batches(
    items: list[T], size: Callable[[T], int], words: int, rng: random.Random
) -> Iterator[list[T]]:
    """Endless shuffled batches of about ``words`` words."""
    while True:
        rng.shuffle(items)
        batch: list[T] = []
        n = 0
        for item in items:
            batch.append(item)
            n += size(item)
            if n >= words:
                yield batch
                batch, n = [], 0


def distil_step(
    student: EntityRecognizer, teachers: Sequence[EntityRecognizer], docs: list[Doc], sgd: Optimizer
) -> float:
    """One update of ``student`` towards the teachers' mean scores along its own transitions."""
    states = student.moves.init_batch(docs)
    set_dropout_rate(student.model, DISTIL_DROPOUT)
    tutors = [teacher.model.predict(docs) for teacher in teachers]
    model, backprop_tok2vec = student.model.begin_update(docs)
    loss = 0.0
    while states:
        targets = sum(tutor.predict(states) for tutor in tutors) / len(tutors)
        guesses, backprop = model.begin_update(states)
        d_scores = (guesses - targets) / targets.shape[0]
        loss += float((d_scores**2).sum())
        backprop(d_scores)
        student.transition_states(states, guesses)
        states = [state for state in states if not state.is_final()]
    backprop_tok2vec(docs)
    student.finish_update(sgd)
    return loss


def distil(
    student_path: Path,
    teacher_paths: Sequence[Path],
    train: Path,
    dev: Path,
    unlabelled: Sequence[Path] = (),
    *,
    steps: int = 3000,
    seed: int = 0,
    variants: int = 4,
    words: int = 1000,
    learn_rate: float = 0.0005,
    eval_every: int = 200,
    log: Callable[[str], None] = print,
) -> tuple[Language, float]:
    """The distilled student at its best dev checkpoint, in the layout of ``student_path``,
    and that checkpoint's micro-F1."""
    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = standalone(student_path)
    student = nlp.get_pipe("ner")
    teachers = [standalone(p).get_pipe("ner") for p in teacher_paths]
    for path, teacher in zip(teacher_paths, teachers, strict=True):
        if teacher.move_names != student.move_names:
            raise ValueError(f"{path}: its actions differ from the student's")
    gold = [to_spacy_doc(nlp.vocab, sdoc) for sdoc in read_scierc(train)]
    texts = [words_only(doc) for doc in gold]
    texts += [words_only(doc) for doc in mention_variants(gold, variants, seed)]
    texts += unlabelled_docs(nlp, unlabelled)
    log(f"{len(texts)} texts to distil on")

    sgd = Adam(learn_rate, L2=0.01, grad_clip=1.0, use_averages=True)
    text_batches = batches(texts, len, words, rng)
    best, best_bytes = -1.0, nlp.to_bytes()
    for step in range(1, steps + 1):
        loss = distil_step(student, teachers, next(text_batches), sgd)
        if step % eval_every == 0:
            with student.model.use_params(sgd.averages):
                f = score_pipeline(nlp, dev)["micro"]["f"]
                if f > best:
                    best, best_bytes = f, nlp.to_bytes()
            log(
                f"step {step}: distillation loss {loss:.1f}, "
                f"dev F1 {100 * f:.2f} (best {100 * best:.2f})"
            )
    return unfold(nlp.from_bytes(best_bytes), student_path), best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--student", type=Path, required=True)
    ap.add_argument("--teachers", type=Path, nargs="+", required=True)
    ap.add_argument("--train", type=Path, required=True)
    ap.add_argument("--dev", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--unlabelled", type=Path, nargs="*", default=[])
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    for path in (args.student, *args.teachers, args.train, args.dev, *args.unlabelled):
        if not path.exists():
            ap.error(f"no such file or directory: {path}")
    nlp, f = distil(
        args.student,
        args.teachers,
        args.train,
        args.dev,
        args.unlabelled,
        steps=args.steps,
        seed=args.seed,
    )
    nlp.to_disk(args.out)
    print(f"dev micro-F1 {100 * f:.2f}; written to {args.out}")


if __name__ == "__main__":
    main()
