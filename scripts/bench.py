"""Benchmark extraction and whole builds on synthetic corpora of 1k, 10k (and 100k) papers.

Usage:
    .venv/bin/python scripts/bench.py                          # 1k and 10k papers
    .venv/bin/python scripts/bench.py --sizes 1000,10000,100000 --jobs 2
    .venv/bin/python scripts/bench.py --pipeline rules --work /tmp/citegraph-bench
    .venv/bin/python scripts/bench.py --sizes 100000 --measure build1,buildN,rebuild --append

Each measurement runs in a fresh subprocess so its peak RSS is its own (the build process; worker
processes are not included), after the outputs of the ones before are synced to disk. Writes a
JSON report (``--report``) and prints a table. Machines are noisy: compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


ADJ = _words(
    "deep sparse residual recurrent hierarchical adaptive contrastive variational spectral "
    "temporal graph latent neural stochastic dynamic modular causal equivariant implicit gated "
    "multiscale robust efficient lightweight probabilistic"
)
NOUN = _words(
    "attention convolution memory routing diffusion transport flow kernel embedding message "
    "retrieval planning encoding pooling mixing alignment"
)
METHOD_HEAD = _words("network networks model transformer autoencoder encoder estimator algorithm")
TASK_HEAD = _words(
    "classification detection segmentation forecasting retrieval summarization recognition "
    "generation reconstruction estimation"
)
DOMAIN = _words(
    "image video speech protein molecule traffic document scene weather medical satellite code "
    "music graph"
)
METRIC = ["accuracy", "F1 score", "BLEU", "ROUGE", "mean absolute error", "AUC", "recall"]
FILLER = [
    "Recent work has shown strong progress on {task}.",
    "However, existing approaches scale poorly with the size of the input.",
    "We propose {method}, which combines {method2} with a simple training objective.",
    "Our analysis shows that the gain comes from better use of long-range context.",
    "Experiments on {dataset} and {dataset2} show consistent improvements in {metric}.",
    "Compared with {method2}, {acr} reduces the cost of training by a wide margin.",
    "We further evaluate {acr} on {task2} and report {metric} on {dataset2}.",
    "Ablations confirm that each component of the model contributes to the result.",
    "Code and trained models are released to support further research.",
    "The method is simple to implement and adds little overhead at inference time.",
    "We study the trade-off between accuracy and cost under a fixed compute budget.",
    "Theoretical results bound the error of {acr} in terms of the number of samples.",
    "Unlike prior work, {acr} does not require labelled data during pretraining.",
    "We observe that {method2} fails when the distribution of test inputs shifts.",
    "A user study further suggests that the outputs of {acr} are easier to interpret.",
    "Finally, we discuss limitations and directions for {task2}.",
]


class Vocabulary:
    """Names of methods, datasets and tasks drawn with Zipf frequencies."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng = rng
        self.methods = []
        for _ in range(size):
            words = [rng.choice(ADJ), rng.choice(NOUN), rng.choice(METHOD_HEAD)]
            acr = "".join(w[0].upper() for w in words) + rng.choice(["", "-2", "+", "X"])
            self.methods.append((" ".join(words), acr))
        self.datasets = [
            rng.choice(["Open", "Mega", "Bio", "Geo", "Med", "Urban", "Deep", "Wiki", "Astro"])
            + rng.choice(["Bench", "Set", "Scenes", "Net", "QA", "Text", "Vision", "Graph"])
            + rng.choice(["", "-10", "-1k", "v2", "-XL", "100"])
            for _ in range(size // 4)
        ]
        self.tasks = [f"{rng.choice(DOMAIN)} {rng.choice(TASK_HEAD)}" for _ in range(size // 8)]
        self.weights = {
            n: [1 / (i + 1) ** 1.1 for i in range(n)] for n in {size, size // 4, size // 8}
        }

    def pick(self, items: list) -> object:
        return self.rng.choices(items, weights=self.weights[len(items)])[0]


def synthetic_papers(n: int, seed: int, start: int = 0) -> list[dict[str, str]]:
    """``n`` abstract-like papers, numbered from ``start``, reproducible from ``seed``."""
    rng = random.Random(seed)
    vocab = Vocabulary(random.Random(0), 4000)
    vocab.rng = rng
    papers = []
    for i in range(start, start + n):
        long, acr = vocab.pick(vocab.methods)
        long2, acr2 = vocab.pick(vocab.methods)
        fill = {
            "method": f"{long} ({acr})",
            "method2": rng.choice([long2, acr2, f"{long2} ({acr2})"]),
            "acr": acr,
            "dataset": vocab.pick(vocab.datasets),
            "dataset2": vocab.pick(vocab.datasets),
            "task": vocab.pick(vocab.tasks),
            "task2": vocab.pick(vocab.tasks),
            "metric": rng.choice(METRIC),
        }
        body = [FILLER[0], FILLER[1], FILLER[2], *rng.sample(FILLER[3:], 10)]
        abstract = " ".join(s.format(**fill) for s in body)
        title = f"{acr}: {long.title()} for {fill['task'].title()} ({i})"
        papers.append({"id": f"s{i}", "title": title, "abstract": abstract})
    return papers


def write_jsonl(path: Path, papers: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for p in papers:
            f.write(json.dumps(p) + "\n")


def words(path: Path) -> int:
    with path.open(encoding="utf-8") as f:
        return sum(len(r["title"].split()) + len(r["abstract"].split()) for r in map(json.loads, f))


# ---- measurements, each run in a child process -------------------------------------------------


def measure_bare(corpus: str, pipeline: str) -> dict:
    """The pipeline alone over the papers' texts via ``nlp.pipe``, one process, with the
    allocator and BLAS settings a build's extraction runs under."""
    from citegraph.corpus import read_corpus
    from citegraph.extract import build_pipeline
    from citegraph.extract.runner import extraction_allocator, one_blas_thread

    papers = read_corpus([Path(corpus)]).papers
    nlp = build_pipeline(pipeline)
    t = time.perf_counter()
    with extraction_allocator(), one_blas_thread():
        for _ in nlp.pipe((p.text for p in papers), batch_size=64):
            pass
    return {"seconds": time.perf_counter() - t}


def measure_build(corpus: str, pipeline: str, out: str, jobs: int, cache: bool) -> dict:
    """A whole ``run_build``; with ``--cache`` into a possibly warm output folder."""
    from citegraph import BuildConfig, run_build

    inputs = tuple(Path(p) for p in corpus.split(","))
    config = BuildConfig(
        inputs=inputs, out_dir=Path(out), pipeline=pipeline, jobs=jobs, cache=cache
    )
    t = time.perf_counter()
    summary = run_build(config)
    return {
        "seconds": time.perf_counter() - t,
        "stages": summary.seconds,
        "extraction": summary.extraction,
        "edges": summary.edges,
        "entities": sum(summary.entities.values()),
    }


def child(kind: str, **kwargs: object) -> dict:
    # The outputs of the measurements before (hundreds of MB) are written back to disk first, so
    # that this one does not pay for them.
    os.sync()
    args = [sys.executable, __file__, "--child", kind, json.dumps(kwargs)]
    out = subprocess.run(args, capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"{kind} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_child(kind: str, kwargs: str) -> None:
    fn = {"bare": measure_bare, "build": measure_build}[kind]
    result = fn(**json.loads(kwargs))
    kib = 1024  # ru_maxrss is in KiB on Linux
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * kib / 2**20
    print(json.dumps(result))


# ---- driver --------------------------------------------------------------------------------------


MEASURES = ("bare", "build1", "buildN", "rebuild")


def bench_size(n: int, work: Path, pipeline: str, jobs: int, measures: set[str]) -> dict:
    """Measure one corpus size; ``measures`` picks among :data:`MEASURES` (rebuild adds 1% papers
    to each build measured and rebuilds it with the same jobs, cache warm)."""
    corpus, extra = work / f"corpus-{n}.jsonl", work / f"extra-{n}.jsonl"
    if not corpus.exists():
        write_jsonl(corpus, synthetic_papers(n, seed=n))
        write_jsonl(extra, synthetic_papers(max(1, n // 100), seed=n + 1, start=n))
    n_words = words(corpus)
    result: dict = {"papers": n, "words": n_words}
    if "bare" in measures:
        bare = child("bare", corpus=str(corpus), pipeline=pipeline)
        result |= {"bare": bare, "bare_words_per_s": n_words / bare["seconds"]}
    runs = {}
    for measure, name, j in (("build1", "build_1job", 1), ("buildN", f"build_{jobs}jobs", jobs)):
        if measure not in measures:
            continue
        out = work / f"out-{n}-{name}"
        subprocess.run(["rm", "-rf", str(out)], check=True)
        runs[name] = child(
            "build", corpus=str(corpus), pipeline=pipeline, out=str(out), jobs=j, cache=True
        )
    result |= runs
    result["build_words_per_s"] = {k: n_words / v["seconds"] for k, v in runs.items()}
    if "bare" in measures:
        result["build_vs_bare"] = {k: bare["seconds"] / v["seconds"] for k, v in runs.items()}
    if "rebuild" in measures:
        # Each full build is rebuilt with its own --jobs into its own (warm) output folder.
        both = f"{corpus},{extra}"
        rebuilt = {
            name: child(
                "build",
                corpus=both,
                pipeline=pipeline,
                out=str(work / f"out-{n}-{name}"),
                jobs=1 if name == "build_1job" else jobs,
                cache=True,
            )
            for name in runs
        }
        result["rebuild_plus_1pct"] = rebuilt
        result["rebuild_vs_full"] = {
            name: again["seconds"] / runs[name]["seconds"] for name, again in rebuilt.items()
        }
    if len(runs) == 2:
        result["jobs_speedup"] = (
            runs["build_1job"]["seconds"] / runs[f"build_{jobs}jobs"]["seconds"]
        )
    return result


def table(report: dict) -> str:
    jobs = report["jobs"]
    k = f"build_{jobs}jobs"
    head = (
        f"{'papers':>7} {'words':>9} {'bare w/s':>9} {'build1 w/s':>10} {'b1/bare':>7} "
        f"{f'build{jobs} w/s':>10} {f'b{jobs}/bare':>7} {'1j/' + str(jobs) + 'j':>6} "
        f"{'t full1':>7} {'t +1%':>6} {'+1%/f1':>6} "
        f"{f't full{jobs}':>7} {'t +1%':>6} {f'+1%/f{jobs}':>6} {'RSS MB':>7}"
    )
    lines = [f"pipeline: {report['pipeline']}", head]

    def num(value: float | None, spec: str) -> str:
        return "-" if value is None else format(value, spec)

    for r in report["sizes"]:
        wps, vs = r.get("build_words_per_s", {}), r.get("build_vs_bare", {})
        ratio, again = r.get("rebuild_vs_full", {}), r.get("rebuild_plus_1pct", {})
        runs = [r[name] for name in ("build_1job", k) if name in r]
        runs += list(again.values())
        lines.append(
            f"{r['papers']:>7} {r['words']:>9} {num(r.get('bare_words_per_s'), '9.0f')} "
            f"{num(wps.get('build_1job'), '10.0f')} {num(vs.get('build_1job'), '7.2f')} "
            f"{num(wps.get(k), '10.0f')} {num(vs.get(k), '7.2f')} "
            f"{num(r.get('jobs_speedup'), '6.2f')} "
            f"{num(r.get('build_1job', {}).get('seconds'), '7.1f')} "
            f"{num(again.get('build_1job', {}).get('seconds'), '6.1f')} "
            f"{num(ratio.get('build_1job'), '6.2f')} "
            f"{num(r.get(k, {}).get('seconds'), '7.1f')} "
            f"{num(again.get(k, {}).get('seconds'), '6.1f')} {num(ratio.get(k), '6.2f')} "
            f"{num(max((b['peak_rss_mb'] for b in runs), default=None), '7.0f')}"
        )
    sizes = {r["papers"]: r for r in report["sizes"]}
    for name, label in (("build_1job", "1 job"), (k, f"{jobs} jobs")):
        if name in sizes.get(10000, {}) and name in sizes.get(100000, {}):
            ratio = sizes[100000][name]["seconds"] / sizes[10000][name]["seconds"]
            lines.append(f"time(100k)/time(10k) with {label}: {ratio:.2f}")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        run_child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--pipeline", default=None, help="default | rules | PATH")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/citegraph-bench"))
    parser.add_argument("--report", type=Path, default=None, help="JSON report path")
    parser.add_argument(
        "--measure",
        default=",".join(MEASURES),
        # argparse formats help with %, so the percent sign is doubled.
        help=f"comma-separated subset of {', '.join(MEASURES)} (rebuild: each build, +1%%)",
    )
    parser.add_argument(
        "--append", action="store_true", help="add these sizes to an existing --report"
    )
    args = parser.parse_args()
    measures = set(args.measure.split(","))
    if measures - set(MEASURES):
        parser.error(f"unknown measures: {', '.join(sorted(measures - set(MEASURES)))}")
    from citegraph.extract.pipeline import shipped_model_path

    pipeline = args.pipeline or ("default" if shipped_model_path() else "rules")
    args.work.mkdir(parents=True, exist_ok=True)
    path = args.report or args.work / "report.json"
    report: dict = {"pipeline": pipeline, "jobs": args.jobs, "sizes": []}
    if args.append and path.exists():
        report = json.loads(path.read_text())
    for n in (int(s) for s in args.sizes.split(",")):
        report["sizes"].append(bench_size(n, args.work, pipeline, args.jobs, measures))
        path.write_text(json.dumps(report, indent=2))
        print(table(report), flush=True)


if __name__ == "__main__":
    main()
