"""Import at corpus scale (issue 15 item 6): MB/s end to end (import + search index) next to the
parser alone on the same bytes, with where the time goes, on SQLite and PostgreSQL.

    python bench/import.py [--docs 10000] [--batch 200] [--database-url postgresql://…/NAME] [--json]
                           [--paths per-document,batch,"batch+indexer process"] [--before-src DIR]

- Documents: every real file of ../shared/data (vn-legal/txt and its sources, vn-plans/raw, vn-amend;
  text, markdown and Word), imported as ``hoinhap import`` would. With ``--docs N`` above that count
  the distinct text documents are replicated with varied numbers (the number's sequence in the text
  is changed, "57-NQ/TW" → "3-NQ/TW", one sequence for all copies, so each copy is a new work,
  parsed and stored in full; documents whose number is not read back from the copy are left out).
- End to end: from the bytes to the search index committed, on a fresh database whose index is
  already built (a running deployment). Two paths measured in the same run on the same documents:
  ``per-document`` (each file its own transaction, the index applied once at the end: the CLI
  before the batch path) and ``batch`` (``work_import_batch``: N documents per transaction, a
  savepoint each, the index applied after each batch's commit: ``hoinhap import`` now), and
  ``batch+indexer process`` (the same, with the index applied by a separate process that each
  committed batch pokes: ``hoinhap import --index-process``; its CPU is reported beside the import's,
  and two rates: "stored and queued for the index" when the last batch is committed, "searchable"
  when the indexer process has applied everything; on the other paths both are the same time).
  ``--before-src DIR`` runs the batch path of another copy of the code (an older ``src/``) in the same
  rounds, reported as "before: batch"; the paths alternate round by round, the fastest run of each kept.
- The parser alone: ``legal.reading.read_bytes`` (decoding, format detection, parse) on the same
  bytes; and ``legal.parser.parse_text`` on the text files' decoded text.
- Stages: the CPU time inside each step of the write path (wrapped functions: parse, provisions,
  relations with citation finding apart, audit, outbox, index, the rest of storing a work and its
  expression), what is left of the process's CPU time, and the wall time it did not use (waiting).
- SQLite: a file database in WAL mode as in production. PostgreSQL: ``--database-url`` names a
  server and a database name; the bench creates that database for each path and drops it after
  (it must not exist). Each path runs in its own process; peak memory is that process's RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCES = [SHARED / "vn-legal" / "txt", SHARED / "vn-legal" / "source", SHARED / "vn-plans" / "raw",
           SHARED / "vn-amend"]
SUFFIXES = {".txt", ".md", ".docx"}
LEAD = re.compile(r"\d+")


def real_documents() -> list[tuple[str, bytes]]:
    files = sorted(p for folder in SOURCES if folder.exists() for p in folder.iterdir()
                   if p.suffix.lower() in SUFFIXES and p.name != "README.md")
    return [(p.name, p.read_bytes()) for p in files]


def corpus(count: int | None) -> Iterator[tuple[str, bytes]]:
    """The real documents; beyond them, copies of the distinct text documents with new numbers, made
    as they are read (10,000 documents are half a gigabyte: the bench must not hold them)."""
    docs = real_documents()
    if not count or count <= len(docs):
        yield from (docs[:count] if count else docs)
        return
    yield from docs
    from hoinhap.legal.parser import parse_text
    from hoinhap.legal.reading import decode_text

    def renumbered(text: str, number: str, serial: int) -> tuple[str, str]:
        lead = LEAD.match(number).group()  # type: ignore[union-attr]
        new = f"{serial}{number[len(lead):]}"
        return new, text.replace(number, new, 1)

    templates: dict[tuple[str, object], tuple[str, str, str]] = {}
    for name, data in docs:  # the documents whose first mention of their number is the one read as it
        if name.endswith((".txt", ".md")):
            text = decode_text(data)
            number = parse_text(text).meta.number
            if number and LEAD.match(number):
                new, copy = renumbered(text, number, 9999)
                if parse_text(copy).meta.number == new:
                    templates.setdefault((number, parse_text(text).meta.date), (name, text, number))
    made, serial = len(docs), 0
    while made < count:
        for name, text, number in templates.values():
            serial += 1  # one sequence for all copies: every copy's number is new
            if str(serial) == LEAD.match(number).group():  # type: ignore[union-attr]
                serial += 1  # not the original's own number
            _, copy = renumbered(text, number, serial)
            yield f"copy{serial:05d}-{name}", copy.encode()
            made += 1
            if made == count:
                return


# -- the parser alone ---------------------------------------------------------------------------

def parser_alone(docs: list[tuple[str, bytes]]) -> dict[str, float]:
    from hoinhap.legal.parser import parse_text
    from hoinhap.legal.reading import decode_text, read_bytes

    total = sum(len(data) for _, data in docs)
    best_read = min(_timed(lambda: [read_bytes(data, name) for name, data in docs]) for _ in range(2))
    texts = [decode_text(data) for name, data in docs if not name.endswith(".docx")]
    text_bytes = sum(len(t.encode()) for t in texts)
    best_parse = min(_timed(lambda: [parse_text(t) for t in texts]) for _ in range(2))
    return {"read_bytes_mb_s": total / 1e6 / best_read, "parse_text_mb_s": text_bytes / 1e6 / best_parse,
            "read_bytes_s": best_read}


def _timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


# -- one path in a child process ----------------------------------------------------------------

class Stages:
    """CPU seconds of this process spent inside wrapped functions (nested stages are subtracted from
    their parent): CPU time, not wall time, so that other processes on a shared machine do not move
    time from one stage to another. Wall time minus the process's CPU time is reported as waiting
    (the PostgreSQL server's work, I/O, the machine's other processes)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.stack: list[float] = []

    def wrap(self, owner: Any, attribute: str, stage: str, *, generator: bool = False) -> None:  # noqa: ANN401
        """Time ``owner.attribute`` as ``stage``; a generator is run to its end inside the timing."""
        if not hasattr(owner, attribute):
            return
        inner = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            self.stack.append(0.0)
            start = time.process_time()
            try:
                return list(inner(*args, **kwargs)) if generator else inner(*args, **kwargs)
            finally:
                spent = time.process_time() - start
                nested = self.stack.pop()
                self.seconds[stage] += spent - nested
                if self.stack:
                    self.stack[-1] += spent

        setattr(owner, attribute, timed)


def child(path: str, url: str, count: int | None, batch: int) -> dict[str, object]:
    folder = tempfile.mkdtemp(prefix="hoinhap-import-bench-")
    os.environ["DATABASE_URL"] = url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ["HOINHAP_SEARCH_INDEX"] = f"{folder}/index"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hoinhap.config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from hoinhap.corpus import indexer, outbox, search, services

    docs = corpus(count)
    indexer.catch_up()  # the deployment's index exists before the import
    stages = Stages()
    stages.wrap(services, "read_document", "parse")
    stages.wrap(services, "_store", "work and expression")
    stages.wrap(services, "_store_provisions", "provisions")
    stages.wrap(services, "_store_relations", "relations (SQL)")
    stages.wrap(services, "all_citations", "relations (finding citations)")  # before the batch path
    stages.wrap(services, "document_citations_of", "relations (finding citations)", generator=True)
    stages.wrap(services, "log_action", "audit")
    stages.wrap(outbox, "record", "outbox")
    stages.wrap(getattr(services, "_Deferred", None), "flush", "audit + outbox (one insert per batch)")
    stages.wrap(services, "_resolve_waiting", "relations (SQL)")
    stages.wrap(indexer, "catch_up", "index (writing)")
    stages.wrap(indexer, "passages_for", "index (reading passages)", generator=True)  # before pieces
    stages.wrap(indexer, "passages_of", "index (reading, tokenizing)", generator=True)
    stages.wrap(search, "passages_of", "index (reading, tokenizing)", generator=True)
    failed, count_docs, size = 0, 0, 0
    cpu = time.process_time()
    start = time.perf_counter()
    if path == "per-document":
        for name, data in docs:
            services.work_import(actor=None, data=data, filename=name)
            count_docs, size = count_docs + 1, size + len(data)
        indexer.catch_up()
    else:
        background = indexer.BackgroundIndexer.start() if path == "batch+indexer process" else None
        while chunk := list(islice(docs, batch)):
            items = [services.Source(data=data, filename=name) for name, data in chunk]
            failed += sum(1 for outcome in services.work_import_batch(actor=None, sources=items)
                          if not isinstance(outcome, services.ImportResult))
            if background is not None:
                background.poke()
            else:
                indexer.catch_up()
            count_docs, size = count_docs + len(chunk), size + sum(len(data) for _, data in chunk)
        stored = time.perf_counter() - start  # every batch committed and queued for the index
        if background is not None:
            background.finish()
    seconds = time.perf_counter() - start
    stored = stored if path == "batch+indexer process" else seconds  # elsewhere the index is applied in line
    cpu = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    indexer_cpu = children.ru_utime + children.ru_stime  # the indexer process (its start-up included)
    from hoinhap.corpus.models import Provision, Relation, Work

    mb = size / 1e6
    work_count, provision_count, relation_count = Work.objects.count(), Provision.objects.count(), Relation.objects.count()
    from django.db import connection

    connection.close()
    shutil.rmtree(folder, ignore_errors=True)
    stages.seconds["other CPU (transactions, loop)"] = cpu - sum(stages.seconds.values())
    stages.seconds["waiting (not this process's CPU)"] = max(0.0, seconds - cpu)
    if indexer_cpu:
        stages.seconds["indexer process CPU (beside)"] = indexer_cpu
    return {"path": path, "docs": count_docs, "mb": mb, "seconds": seconds, "mb_s": mb / seconds, "cpu_seconds": cpu,
            "stored_seconds": stored, "stored_mb_s": mb / stored,
            "indexer_cpu_seconds": indexer_cpu,
            "indexer_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "failed": failed,
            "works": work_count, "provisions": provision_count, "relations": relation_count, "stages": dict(stages.seconds),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


# -- PostgreSQL databases for the children ------------------------------------------------------

def _pg(url: str, statement: str) -> None:
    import psycopg

    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(statement)


def run_path(path: str, url: str, count: int | None, batch: int, source: str = "") -> dict[str, Any]:
    """One path in a child process; ``source``, a folder holding another copy of the ``hoinhap``
    package (an older commit's ``src``), runs that code instead of this tree's (before and after
    in the same run)."""
    if url:
        name = url.rsplit("/", 1)[1].split("?")[0]
        _pg(url, f'CREATE DATABASE "{name}"')
    env = {**os.environ, "PYTHONPATH": source} if source else None
    try:
        done = subprocess.run([sys.executable, __file__, "--child", path, "--docs", str(count or 0), "--batch",
                               str(batch), "--database-url", url], capture_output=True, text=True, check=False,
                              env=env)
    finally:
        if url:
            _pg(url, f'DROP DATABASE IF EXISTS "{name}"')
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{path}: the child process failed")
    return json.loads(done.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=0, help="documents (default: the real ones)")
    parser.add_argument("--batch", type=int, default=200, help="documents per transaction on the batch path")
    parser.add_argument("--database-url", default="", help="PostgreSQL server and a database name to create")
    parser.add_argument("--paths", default="per-document,batch,batch+indexer process")
    parser.add_argument("--rounds", type=int, default=3, help="runs per path, the fastest kept")
    parser.add_argument("--before-src", default="", help="a folder with the code before a change (its src/): "
                        "its batch path runs in the same rounds, as 'before: batch'")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.database_url, args.docs or None, args.batch)))
        return 0
    if not SOURCES[0].exists():
        print("../shared/data is absent", file=sys.stderr)
        return 1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoinhap.config.settings")
    peer = parser_alone(list(islice(corpus(args.docs or None), 200)))
    results: list[dict[str, Any]] = []
    for _ in range(args.rounds):  # the paths alternate, round by round: the machine's load moves
        round_results = [run_path(path, args.database_url, args.docs or None, args.batch)
                         for path in args.paths.split(",")]
        if args.before_src:
            before = run_path("batch", args.database_url, args.docs or None, args.batch, args.before_src)
            round_results.append({**before, "path": "before: batch"})
        results = round_results if not results else [min(old, new, key=lambda r: r["seconds"])
                                                     for old, new in zip(results, round_results, strict=True)]
    database = "PostgreSQL" if args.database_url else "SQLite (file, WAL)"
    if args.json:
        print(json.dumps({"database": database, "parser": peer, "paths": results}, indent=1))
        return 0
    first = results[0]
    print(f"{database}: {first['docs']} documents, {first['mb']:.2f} MB; batch of {args.batch}; fastest of "
          f"{args.rounds} runs")
    print(f"parser alone: read_bytes {peer['read_bytes_mb_s']:.1f} MB/s, parse_text {peer['parse_text_mb_s']:.1f} MB/s")
    for result in results:
        print(f"\n{result['path']}: {result['seconds']:.2f} s, {result['mb_s']:.2f} MB/s end to end, searchable "
              f"({result['mb_s'] / peer['read_bytes_mb_s']:.3f}x the parser; {result['docs'] / result['seconds']:.0f} "
              f"documents/s); stored and queued for the index after {result['stored_seconds']:.2f} s "
              f"({result['stored_mb_s']:.2f} MB/s); {result['works']} works, {result['provisions']} provisions, "
              f"{result['relations']} relations, {result['failed']} failed; peak RSS {result['peak_rss_mb']:.0f} MB; "
              f"{result['cpu_seconds']:.2f} s CPU in the process ({result['mb'] / result['cpu_seconds']:.2f} MB/s)")
        for stage, seconds in sorted(result["stages"].items(), key=lambda item: -item[1]):
            print(f"  {stage:34} {seconds:7.2f} s {100 * seconds / result['seconds']:5.1f}%")
    for result in results[1:]:
        print(f"{result['path']} / {results[0]['path']}: {results[0]['seconds'] / result['seconds']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
