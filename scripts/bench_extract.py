"""Words per second of the shipped entity recogniser (nlp.pipe, one process).

    python scripts/bench_extract.py [PATHS ...] [--model DIR] [--runs 5] [--json]

PATHS are .txt files or directories of them (default ../shared/seeds). Each non-empty line
is one text. The model is loaded and run as citegraph runs it (NumPy's BLAS on one thread).
Reports the median of several timed passes after one warm-up pass, as wall-clock and as
process-CPU rates (the latter is steadier when the machine is busy).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from citegraph.extract.pipeline import load_model  # noqa: E402
from citegraph.extract.runner import one_blas_thread  # noqa: E402

DEFAULT_MODEL = ROOT / "src" / "citegraph" / "models" / "scierc_ner"


def load_texts(paths: list[Path]) -> list[str]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.glob("*.txt")))
        elif p.is_file():
            files.append(p)
    texts: list[str] = []
    for f in files:
        texts.extend(ln.strip() for ln in f.read_text(encoding="utf-8").splitlines())
    return [t for t in texts if t]


def main() -> None:
    ap = argparse.ArgumentParser(description="Benchmark the shipped NER pipeline.")
    ap.add_argument("paths", type=Path, nargs="*", default=[Path("../shared/seeds")])
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    texts = load_texts(args.paths)
    if not texts:
        print(f"no text found under {', '.join(map(str, args.paths))}; skipping benchmark")
        return
    nlp = load_model(args.model)
    n_words = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
    with one_blas_thread():
        n_ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=args.batch_size))
        rates: list[float] = []
        cpu_rates: list[float] = []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            for _doc in nlp.pipe(texts, batch_size=args.batch_size):
                pass
            rates.append(n_words / (time.perf_counter() - t0))
            cpu_rates.append(n_words / (time.process_time() - c0))
    result = {
        "model": str(args.model),
        "pipeline": nlp.pipe_names,
        "texts": len(texts),
        "words": n_words,
        "entities": n_ents,
        "runs": args.runs,
        "words_per_second": round(statistics.median(rates)),
        "min": round(min(rates)),
        "max": round(max(rates)),
        # Words per second of process CPU time: less sensitive to other load on the machine.
        "words_per_cpu_second": round(statistics.median(cpu_rates)),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['words_per_second']:,} words/s, "
            f"{result['words_per_cpu_second']:,} words/CPU-s (median of {args.runs}; "
            f"{n_words:,} words, {len(texts)} texts, {n_ents} entities)"
        )


if __name__ == "__main__":
    sys.exit(main())
