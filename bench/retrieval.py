"""Retrieval quality on an ALQAC-format corpus: hoinhap's own index against lexical peers, one run.

    python bench/retrieval.py --law LAW.json --questions Q1.json [Q2.json ...] [--json]

LAW.json is ``[{"id", "articles": [{"id", "text"}]}]`` (an article's first line is its title);
each question has ``question_id`` or ``id``, ``text`` (or ``statement``) and ``relevant_articles``
(or ``legal_passages``) of ``{"law_id", "article_id"}``. Questions without labels are skipped.
Metrics over the top 10: MRR@10, Recall@10, nDCG@10 (binary gains), and F2 of the top result
(ALQAC's measure, macro-averaged, on the one article each system would answer with).

Peers, all on the same articles and questions: BM25 on plain syllables (bm25s, k1 1.2, b 0.75),
SQLite FTS5 ``bm25()`` (unicode61, diacritics kept), and PostgreSQL ``ts_rank`` (``simple``) when
a server answers at HOINHAP_BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hoinhap.search.engine import Passage, SearchIndex
from hoinhap.search.tokens import syllables

TOP = 10
Ranker = Callable[[str], list[int]]


@dataclass
class Corpus:
    ids: list[tuple[str, str]]  # (law_id, article_id) by position
    titles: list[str]
    bodies: list[str]


@dataclass
class Question:
    qid: str
    text: str
    relevant: set[tuple[str, str]]


def load_corpus(path: Path) -> Corpus:
    corpus = Corpus([], [], [])
    for law in json.loads(path.read_text(encoding="utf-8")):
        for article in law["articles"]:
            title, _, body = article["text"].partition("\n")
            corpus.ids.append((str(law["id"]), str(article["id"])))
            corpus.titles.append(title.strip())
            corpus.bodies.append(body.strip())
    return corpus


def load_questions(paths: list[Path]) -> list[Question]:
    questions = []
    for path in paths:
        for raw in json.loads(path.read_text(encoding="utf-8")):
            labels = raw.get("relevant_articles") or raw.get("legal_passages") or []
            if not labels:
                continue
            qid = str(raw.get("question_id") or raw.get("id") or raw.get("example_id"))
            text = raw.get("text") or raw.get("statement") or ""
            questions.append(Question(qid, text, {(str(x["law_id"]), str(x["article_id"])) for x in labels}))
    return questions


def score(corpus: Corpus, questions: list[Question], rank: Ranker) -> dict[str, float]:
    mrr = recall = ndcg = f2 = 0.0
    for question in questions:
        found = [corpus.ids[i] for i in rank(question.text)[:TOP]]
        hits = [doc in question.relevant for doc in found]
        first = next((n for n, hit in enumerate(hits) if hit), None)
        mrr += 1 / (first + 1) if first is not None else 0
        recall += sum(hits) / len(question.relevant)
        ideal = sum(1 / math.log2(n + 2) for n in range(min(TOP, len(question.relevant))))
        ndcg += sum(1 / math.log2(n + 2) for n, hit in enumerate(hits) if hit) / ideal
        if hits and hits[0]:  # the answer set is the top article: precision 1, recall 1/|relevant|
            r = 1 / len(question.relevant)
            f2 += 5 * r / (4 + r)
    n = len(questions) or 1
    return {"mrr@10": mrr / n, "recall@10": recall / n, "ndcg@10": ndcg / n, "f2": f2 / n}


def hoinhap_ranker(corpus: Corpus) -> Ranker:
    index = SearchIndex(None)
    index.add(Passage(key=i, text=body, heading=title)
              for i, (title, body) in enumerate(zip(corpus.titles, corpus.bodies, strict=True)))
    index.commit()
    return lambda text: [hit.key for hit in index.search(text, limit=TOP).hits]


def bm25s_ranker(corpus: Corpus) -> Ranker | None:
    try:
        import bm25s
    except ImportError:
        return None
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    texts = [f"{t}\n{b}" for t, b in zip(corpus.titles, corpus.bodies, strict=True)]
    retriever.index([syllables(t) for t in texts], show_progress=False)

    def rank(text: str) -> list[int]:
        tokens = [t for t in syllables(text) if t in retriever.vocab_dict]
        if not tokens:
            return []
        docs, _ = retriever.retrieve([tokens], k=TOP, show_progress=False)
        return [int(d) for d in docs[0]]

    return rank


def fts5_ranker(corpus: Corpus) -> Ranker:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE a USING fts5(body, tokenize='unicode61 remove_diacritics 0')")
    db.executemany("INSERT INTO a(rowid, body) VALUES (?, ?)",
                   ((i, f"{t}\n{b}") for i, (t, b) in enumerate(zip(corpus.titles, corpus.bodies, strict=True))))

    def rank(text: str) -> list[int]:
        terms = " OR ".join(f'"{t}"' for t in dict.fromkeys(syllables(text)))
        if not terms:
            return []
        rows = db.execute("SELECT rowid FROM a WHERE a MATCH ? ORDER BY bm25(a) LIMIT ?", (terms, TOP))
        return [row[0] for row in rows]

    return rank


def postgres_ranker(corpus: Corpus) -> Ranker | None:
    url = os.environ.get("HOINHAP_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        import psycopg

        conn = psycopg.connect(url, autocommit=True, connect_timeout=3)
    except Exception:  # noqa: BLE001 - no server: the peer is reported as skipped
        return None
    conn.execute("CREATE TEMP TABLE bench_a (id int PRIMARY KEY, tsv tsvector)")
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO bench_a VALUES (%s, to_tsvector('simple', %s))",
                        [(i, f"{t}\n{b}") for i, (t, b) in enumerate(zip(corpus.titles, corpus.bodies, strict=True))])
    conn.execute("CREATE INDEX ON bench_a USING gin (tsv)")

    def rank(text: str) -> list[int]:
        terms = " | ".join(t for t in dict.fromkeys(syllables(text)) if t.isalnum())
        if not terms:
            return []
        rows = conn.execute("SELECT id FROM bench_a, to_tsquery('simple', %s) q WHERE tsv @@ q "
                            "ORDER BY ts_rank(tsv, q) DESC LIMIT %s", (terms, TOP))
        return [row[0] for row in rows]

    return rank


PEERS: dict[str, Callable[[Corpus], Ranker | None]] = {
    "hoinhap": hoinhap_ranker, "bm25s-syllables": bm25s_ranker, "sqlite-fts5-bm25": fts5_ranker,
    "postgres-ts_rank": postgres_ranker,
}


def reachable(corpus: Corpus, questions: list[Question]) -> list[Question]:
    """Only the labels whose article is in the corpus (ALQAC 2023's law.json lacks the Constitution
    that 11 private-test labels point to, which caps Recall@10 at 0.962 for any system)."""
    present = set(corpus.ids)
    kept = [Question(q.qid, q.text, q.relevant & present) for q in questions]
    return [q for q in kept if q.relevant]


def run(law: Path, question_files: list[Path], *, reachable_only: bool = False) -> dict[str, dict[str, float]]:
    corpus, questions = load_corpus(law), load_questions(question_files)
    if reachable_only:
        questions = reachable(corpus, questions)
    results: dict[str, dict[str, float]] = {}
    for name, build in PEERS.items():
        start = time.perf_counter()
        ranker = build(corpus)
        if ranker is None:
            continue
        figures = score(corpus, questions, ranker)
        figures["seconds"] = time.perf_counter() - start
        results[name] = figures
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--law", type=Path, required=True)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--reachable-only", action="store_true",
                        help="drop labels whose article is not in the corpus")
    args = parser.parse_args(argv)
    results = run(args.law, args.questions, reachable_only=args.reachable_only)
    if args.json:
        print(json.dumps({name: {k: round(v, 4) for k, v in figures.items() if k != "seconds"}
                          for name, figures in results.items()}))
        return 0
    corpus, questions = load_corpus(args.law), load_questions(args.questions)
    if args.reachable_only:
        questions = reachable(corpus, questions)
    labels = sum(len(q.relevant) for q in questions)
    print(f"{len(corpus.ids)} articles, {len(questions)} labelled questions, {labels} labels")
    print(f"{'system':<20}{'MRR@10':>8}{'R@10':>8}{'nDCG@10':>9}{'F2':>7}{'seconds':>9}")
    for name, f in results.items():
        print(f"{name:<20}{f['mrr@10']:8.3f}{f['recall@10']:8.3f}{f['ndcg@10']:9.3f}{f['f2']:7.3f}{f['seconds']:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
