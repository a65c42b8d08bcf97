"""Search speed at scale: hoinhap's index against SQLite FTS5 (ORDER BY rank) and bm25s, one run.

    python bench/search.py [--sizes 500000,2000000] [--queries 200] [--fts5-queries 20] [--json]

The corpus is clause-sized passages (31 syllables on average) drawn from a syllable-bigram Markov
model trained on real legal text: the ALQAC 2023 articles and the 31 documents of
../shared/data/vn-legal. The queries are the real ALQAC questions (about 20 distinct syllables
each; OR semantics, top 10). Per engine: indexing clauses/s (tokenizing included), index size
against the raw text, p50/p99 latency and queries per second on one thread, warm.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from hoinhap.search.engine import Passage, SearchIndex
from hoinhap.search.tokens import syllables

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
ALQAC = SHARED / "vn-retrieval" / "alqac2023"
MEAN_SYLLABLES = 31


def training_text() -> list[str]:
    texts = [a["text"] for law in json.loads((ALQAC / "law.json").read_text(encoding="utf-8")) for a in law["articles"]]
    texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "vn-legal" / "txt").glob("*.txt"))]
    return texts


def questions() -> list[str]:
    found = []
    for name in ("train.json", "private_test.json", "public_test.json"):
        found += [q["text"] for q in json.loads((ALQAC / name).read_text(encoding="utf-8"))]
    return found


class Markov:
    """First-order syllable chain; sampling is vectorised over all passages at once."""

    def __init__(self, texts: list[str]) -> None:
        vocab: dict[str, int] = {}
        pairs: dict[tuple[int, int], int] = {}
        for text in texts:
            ids = [vocab.setdefault(s, len(vocab)) for s in syllables(text)]
            for a, b in zip(ids, ids[1:], strict=False):
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
        self.vocab = np.array(sorted(vocab, key=vocab.__getitem__), dtype=object)
        edges = sorted(pairs.items())
        src = np.array([a for (a, _), _ in edges])
        self.dst = np.array([b for (_, b), _ in edges])
        counts = np.array([c for _, c in edges], dtype=np.float64)
        self.cum = np.cumsum(counts)
        self.row_start = np.searchsorted(src, np.arange(len(vocab)), side="left")
        row_end = np.searchsorted(src, np.arange(len(vocab)), side="right")
        self.row_base = np.where(self.row_start > 0, self.cum[np.maximum(self.row_start - 1, 0)], 0.0)
        self.row_total = np.where(row_end > self.row_start, self.cum[np.maximum(row_end - 1, 0)] - self.row_base, 0.0)
        self.starts = np.flatnonzero(self.row_total > 0)

    def passages(self, count: int, seed: int) -> list[str]:
        rng = np.random.default_rng(seed)
        lengths = np.clip(rng.poisson(MEAN_SYLLABLES, count), 5, 120)
        state = rng.choice(self.starts, count)
        steps = [state]
        for _ in range(int(lengths.max()) - 1):
            dead = self.row_total[state] == 0
            state = np.where(dead, rng.choice(self.starts, count), state)
            target = self.row_base[state] + rng.random(count) * self.row_total[state]
            state = self.dst[np.minimum(np.searchsorted(self.cum, target, side="right"), len(self.dst) - 1)]
            steps.append(state)
        matrix = np.stack(steps, axis=1)
        return [" ".join(self.vocab[row[:n]]) for row, n in zip(matrix, lengths, strict=True)]


def timed_queries(run, texts: list[str]) -> dict[str, float]:  # noqa: ANN001
    for text in texts[:5]:
        run(text)  # warm
    times = []
    for text in texts:
        start = time.perf_counter()
        run(text)
        times.append(time.perf_counter() - start)
    times.sort()
    return {"p50_ms": 1000 * statistics.median(times), "p99_ms": 1000 * times[min(len(times) - 1, int(len(times) * .99))],
            "qps": len(times) / sum(times), "queries": len(times)}


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench_hoinhap(passages: list[str], queries: list[str], work: Path) -> dict[str, float]:
    start = time.perf_counter()
    index = SearchIndex(work / "hoinhap")
    index.add(Passage(key=i, text=text) for i, text in enumerate(passages))
    index.commit()
    built = time.perf_counter() - start
    figures = {"index_per_s": len(passages) / built, "index_mb": folder_size(work / "hoinhap") / 1e6}
    return figures | timed_queries(lambda q: index.search(q, limit=10), queries)


def bench_fts5(passages: list[str], queries: list[str], work: Path) -> dict[str, float]:
    path = work / "fts5.sqlite3"
    db = sqlite3.connect(path)
    start = time.perf_counter()
    db.execute("CREATE VIRTUAL TABLE c USING fts5(body, tokenize='unicode61 remove_diacritics 0')")
    db.executemany("INSERT INTO c(rowid, body) VALUES (?, ?)", enumerate(passages))
    db.commit()
    built = time.perf_counter() - start
    figures = {"index_per_s": len(passages) / built, "index_mb": path.stat().st_size / 1e6}

    def run(text: str) -> list[int]:
        terms = " OR ".join(f'"{t}"' for t in dict.fromkeys(syllables(text)))
        return [r[0] for r in db.execute("SELECT rowid FROM c WHERE c MATCH ? ORDER BY rank LIMIT 10", (terms,))]

    return figures | timed_queries(run, queries)


def bench_bm25s(passages: list[str], queries: list[str], work: Path) -> dict[str, float] | None:
    try:
        import bm25s
    except ImportError:
        return None
    start = time.perf_counter()
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index([syllables(p) for p in passages], show_progress=False)
    built = time.perf_counter() - start
    retriever.save(work / "bm25s")
    figures = {"index_per_s": len(passages) / built, "index_mb": folder_size(work / "bm25s") / 1e6}

    def run(text: str) -> None:
        tokens = [t for t in syllables(text) if t in retriever.vocab_dict]
        if tokens:
            retriever.retrieve([tokens], k=10, show_progress=False, n_threads=1)

    return figures | timed_queries(run, queries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500000,2000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--fts5-queries", type=int, default=20, help="FTS5 takes seconds per query at scale")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not ALQAC.exists():
        print(f"no data at {ALQAC}", file=sys.stderr)
        return 1
    model, all_queries = Markov(training_text()), questions()
    report: dict[str, dict[str, dict[str, float]]] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        passages = model.passages(size, seed=size)
        raw_mb = sum(len(p.encode()) for p in passages) / 1e6
        work = Path(tempfile.mkdtemp(prefix="hoinhap-bench-", dir=os.environ.get("HOINHAP_BENCH_DIR")))
        try:
            rows = {"hoinhap": bench_hoinhap(passages, all_queries[:args.queries], work),
                    "bm25s": bench_bm25s(passages, all_queries[:args.queries], work),
                    "sqlite-fts5": bench_fts5(passages, all_queries[:args.fts5_queries], work)}
        finally:
            shutil.rmtree(work, ignore_errors=True)
        report[str(size)] = {name: row | {"raw_mb": raw_mb} for name, row in rows.items() if row is not None}
        if not args.json:
            print(f"{size:,} clauses, {raw_mb:.0f} MB of raw text")
            print(f"  {'engine':<12}{'index/s':>10}{'size/raw':>9}{'p50 ms':>9}{'p99 ms':>9}{'QPS':>8}{'queries':>8}")
            for name, r in report[str(size)].items():
                print(f"  {name:<12}{r['index_per_s']:>10,.0f}{r['index_mb'] / raw_mb:>9.2f}{r['p50_ms']:>9.1f}"
                      f"{r['p99_ms']:>9.1f}{r['qps']:>8.1f}{r['queries']:>8.0f}")
            sys.stdout.flush()
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
