"""Benchmark CO_OCCURS counting, statistics and pruning on a synthetic corpus.

Example: .venv/bin/python scripts/bench_graph.py --papers 100000 --per-paper 15

Papers draw ~``per-paper`` distinct entities from a Zipf-distributed vocabulary. Reports seconds
per stage and peak memory (tracemalloc peak of Python/numpy allocations, and process max RSS).
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import numpy as np

from citegraph.graph.build import cooccurrence
from citegraph.graph.weights import significant_pairs


def synthetic(papers: int, per_paper: int, vocab: int, zipf: float, seed: int) -> list[np.ndarray]:
    """Entity ids per paper: Zipf ranks folded into the vocabulary, de-duplicated per paper."""
    rng = np.random.default_rng(seed)
    sizes = np.clip(rng.poisson(per_paper, papers), 1, None)
    draws = (rng.zipf(zipf, int(sizes.sum() * 1.3)) - 1) % vocab
    docs, at = [], 0
    for n in sizes.tolist():
        docs.append(np.unique(draws[at : at + n]))
        at += n
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=100_000)
    ap.add_argument("--per-paper", type=int, default=15)
    ap.add_argument("--vocab", type=int, default=100_000)
    ap.add_argument("--zipf", type=float, default=1.05)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--max-q", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    docs = synthetic(args.papers, args.per_paper, args.vocab, args.zipf, args.seed)
    n_entities = args.vocab
    entity_papers = np.bincount(np.concatenate(docs), minlength=n_entities)
    instances = sum(len(d) * (len(d) - 1) // 2 for d in docs)
    print(
        f"corpus: {args.papers} papers, {sum(len(d) for d in docs)} mentions, "
        f"{int((entity_papers > 0).sum())} entities used, {instances} pair instances"
    )
    tracemalloc.start()
    t0 = time.perf_counter()
    pairs = cooccurrence([d.tolist() for d in docs], n_entities)
    t1 = time.perf_counter()
    pruned = significant_pairs(
        pairs, entity_papers, args.papers, min_count=args.min_count, max_q=args.max_q
    )
    t3 = time.perf_counter()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"pairs tested: {pruned.tested}")
    print(
        f"removed by --min-count {args.min_count}: {pruned.removed_min_count}; "
        f"by --max-q {args.max_q}: {pruned.removed_max_q}; kept {len(pruned.kept)}"
    )
    print(f"count: {t1 - t0:.2f} s  statistics + pruning: {t3 - t1:.2f} s")
    print(f"count + statistics + pruning: {t3 - t0:.2f} s")
    print(f"peak traced memory: {peak / 2**20:.0f} MiB; process max RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
