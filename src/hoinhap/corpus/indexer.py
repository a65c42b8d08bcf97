"""The indexer: the one writer of a host's search index. It applies the outbox (``outbox.py``) to the
index folder and records, in that folder, how far it got.

- State (``hoinhap-indexer.json`` in the index folder): the database generation the index was built
  from, the high-water mark (largest outbox id applied) and the gaps: ids below the mark that were
  not visible when the mark passed them. On PostgreSQL ids come from a sequence when the row is
  inserted, so a transaction can commit a smaller id after a larger one is applied; the gap makes
  the indexer look for that id again until ``HOINHAP_OUTBOX_GAP_SECONDS`` have passed (an id still
  missing then was rolled back). On SQLite writes are serialised and ids commit in order.
- Applying a row re-indexes its work's current state from the database (delete, then add), so
  replaying a row is harmless and the order among one work's rows does not matter: after a crash
  the indexer starts again from its last saved state. The state is saved after the index commit.
- Rebuild (the whole index from the database) when the folder has no state, was built from another
  generation (a new database, a restore) or in another index format (``engine.INDEX_FORMAT``: what
  is indexed changed with an upgrade; the first run after it rebuilds, with nothing to do by hand),
  or has not caught up for longer than the outbox's retention (rows it never saw may be pruned).
  A rebuild starts from an empty folder: tantivy keeps the schema an index was created with.
- One writer per folder: a file lock, waited for; and tantivy's own writer lock behind it."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils.translation import gettext

from hoinhap.corpus import outbox
from hoinhap.corpus.models import Work
from hoinhap.corpus.search import passages_of, refresh_readers
from hoinhap.formatting import number
from hoinhap.search.engine import INDEX_FORMAT, SearchIndex

logger = logging.getLogger(__name__)
STATE_FILE = "hoinhap-indexer.json"
LOCK_FILE = "hoinhap-indexer.lock"
BATCH = 500  # outbox rows per index commit
READ_WORKS = 100  # works whose provisions are read in one query


class IndexerError(OSError):
    """The index could not be written; the outbox rows stay, to be applied by a later run."""


class IndexerBusy(IndexerError):
    """Another indexer holds this folder for longer than we were willing to wait."""


@dataclass
class State:
    generation: str
    high_water: int = 0
    gaps: dict[int, float] = field(default_factory=dict)  # id → when first found missing
    caught_up_at: float = 0.0
    format: int = INDEX_FORMAT  # of the index this state describes; a state written before formats were kept is 1

    @classmethod
    def load(cls, folder: Path) -> State | None:
        try:
            data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
            return cls(str(data["generation"]), int(data["high_water"]),
                       {int(k): float(v) for k, v in data.get("gaps", {}).items()}, float(data.get("caught_up_at", 0)),
                       int(data.get("format", 1)))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # none yet, or unreadable: a rebuild writes a new one

    def save(self, folder: Path) -> None:
        """Written to a temporary file and renamed: a crash leaves the old state or the new one."""
        data = {"generation": self.generation, "high_water": self.high_water,
                "gaps": {str(k): v for k, v in sorted(self.gaps.items())}, "caught_up_at": self.caught_up_at,
                "format": self.format}
        temporary = folder / f".{STATE_FILE}.tmp"
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, folder / STATE_FILE)

    def advance(self, applied: list[int], now: float) -> None:
        """Move the mark past ``applied`` (ascending ids); ids skipped on the way become gaps."""
        seen = set(applied)
        top = max(self.high_water, applied[-1])
        skipped = range(max(self.high_water + 1, top - outbox.MAX_GAPS), top)
        self.gaps.update({i: now for i in skipped if i not in seen and i not in self.gaps})
        for i in seen:
            self.gaps.pop(i, None)
        self.high_water = top

    def expire_gaps(self, now: float, seconds: float) -> None:
        self.gaps = {i: t for i, t in self.gaps.items() if now - t < seconds}
        if len(self.gaps) > outbox.MAX_GAPS:
            self.gaps = dict(sorted(self.gaps.items())[-outbox.MAX_GAPS:])


@dataclass
class CatchUp:
    rebuilt: bool = False
    rows: int = 0  # outbox rows applied
    works: int = 0  # documents re-indexed or removed
    passages: int = 0
    pruned: int = 0

    def describe(self) -> str:
        """One line for a person, in the site's language (``as_dict`` is the machine's form)."""
        summary = gettext("applied %(rows)s changes to %(works)s documents (%(passages)s passages written); "
                          "pruned %(pruned)s old changes") % {
            "rows": number(self.rows), "works": number(self.works), "passages": number(self.passages),
            "pruned": number(self.pruned)}
        return gettext("rebuilt the index; %(summary)s") % {"summary": summary} if self.rebuilt else summary

    def as_dict(self) -> dict[str, object]:
        return {"rebuilt": self.rebuilt, "rows": self.rows, "works": self.works, "passages": self.passages,
                "pruned": self.pruned}


class Progress:
    """What a rebuild reports to (the CLI's progress bar); the default reports nothing."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...


def index_folder(path: Path | None = None) -> Path:
    return Path(path or settings.SEARCH_INDEX_DIR)


@contextmanager
def _exclusive(folder: Path, timeout: float) -> Iterator[None]:
    """This process is the folder's only writer while inside; another waits up to ``timeout``."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "a+b") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexerBusy(gettext("another indexer is writing %(folder)s; try again later")
                                      % {"folder": folder}) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def catch_up(*, path: Path | None = None, progress: Progress | None = None, lock_timeout: float = 60.0,
             force_rebuild: bool = False) -> CatchUp:
    """Apply every outbox row this folder has not applied yet (rebuilding first when needed)."""
    folder = index_folder(path)
    try:
        with _exclusive(folder, lock_timeout):
            result = _catch_up_locked(folder, progress or Progress(), force_rebuild)
    except IndexerError:
        raise
    except (OSError, ValueError) as error:  # tantivy reports I/O failures as ValueError
        raise IndexerError(gettext("the search index at %(folder)s cannot be written: %(error)s")
                           % {"folder": folder, "error": error}) from error
    refresh_readers(folder)
    return result


def rebuild(*, path: Path | None = None, progress: Progress | None = None, lock_timeout: float = 60.0) -> CatchUp:
    """``hoinhap reindex``: the whole index from the database, then the outbox from there."""
    return catch_up(path=path, progress=progress, lock_timeout=lock_timeout, force_rebuild=True)


def _catch_up_locked(folder: Path, progress: Progress, force_rebuild: bool) -> CatchUp:
    result = CatchUp()
    generation = outbox.current_generation()
    state = State.load(folder)
    now = time.time()
    if (force_rebuild or state is None or state.generation != generation or state.format != INDEX_FORMAT
            or _fell_behind(state, now)):
        state, result.passages = _rebuild(folder, generation, progress)
        result.rebuilt = True
    index: SearchIndex | None = None
    while rows := outbox.pending(state.high_water, state.gaps, BATCH):
        if index is None:
            index = SearchIndex(folder)
        work_ids = {row.work_id for row in rows}
        with _released_on_failure(index):
            passages = _apply(index, work_ids)
            index.commit()
        state.advance([row.pk for row in rows], now)
        state.save(folder)  # after the commit: a crash in between replays these rows, harmlessly
        result.rows += len(rows)
        result.works += len(work_ids)
        result.passages += passages
    state.expire_gaps(now, float(getattr(settings, "HOINHAP_OUTBOX_GAP_SECONDS", 600)))
    state.caught_up_at = now
    state.save(folder)
    result.pruned = outbox.prune()
    return result


def _fell_behind(state: State, now: float) -> bool:
    """Rows older than the retention period may have been pruned before this folder applied them."""
    return state.caught_up_at > 0 and now - state.caught_up_at >= outbox.retention().total_seconds()


def _rebuild(folder: Path, generation: str, progress: Progress) -> tuple[State, int]:
    # The mark is read before the works: a change committed while the works are read is above it or
    # one of its gaps, so it is applied again afterwards (applying is idempotent).
    high_water, missing = outbox.watermark()
    _remove_index_files(folder)
    index = SearchIndex(folder)
    passages = 0
    with _released_on_failure(index):
        works = list(Work.objects.order_by("id"))
        progress.start(len(works))
        for start in range(0, len(works), READ_WORKS):
            chunk = works[start:start + READ_WORKS]
            passages += index.add(passages_of(chunk))
            for _ in chunk:
                progress.advance()
        index.commit()
    now = time.time()
    state = State(generation, high_water, dict.fromkeys(missing, now), now)
    state.save(folder)
    return state, passages


def _remove_index_files(folder: Path) -> None:
    """Every file but the lock: the rebuilt index is created afresh, in this code's schema. The state
    goes first, so a rebuild that stops half-way is started again next time. A reader elsewhere keeps
    the files it has open until it reloads."""
    (folder / STATE_FILE).unlink(missing_ok=True)
    for entry in folder.iterdir():
        if entry.name != LOCK_FILE and entry.is_file():
            entry.unlink(missing_ok=True)


@contextmanager
def _released_on_failure(index: SearchIndex) -> Iterator[None]:
    """A batch that fails (the database locked or restarting) rolls back its uncommitted writes and
    releases the writer lock at once; the rows stay in the outbox for the next turn."""
    try:
        yield
    except BaseException:
        index.discard()
        raise


def _apply(index: SearchIndex, work_ids: set[int]) -> int:
    """The works' current state: passages of a deleted work simply go."""
    works = Work.objects.in_bulk(work_ids)
    for work_id in sorted(work_ids):
        index.delete_work(work_id)
    present = [works[work_id] for work_id in sorted(works)]
    return sum(index.add(passages_of(present[start:start + READ_WORKS]))
               for start in range(0, len(present), READ_WORKS))


def apply_in_process() -> CatchUp | None:
    """After a commit in a process that has no indexer of its own (the CLI's import, demo and
    restore; the tests). A failure is a warning: the change is committed and its outbox row stays
    for ``hoinhap indexer``."""
    try:
        return catch_up()
    except IndexerError as error:
        logger.warning("search index not updated: %s; run `hoinhap indexer --once`", error)
        return None


# -- an indexer process beside a bulk import ---------------------------------------------------

_FOLLOW = "import django; django.setup(); from hoinhap.corpus.indexer import follow_main; follow_main()"


class BackgroundIndexer:
    """An indexer in a separate process while a bulk import stores its next batch: tokenizing and
    indexing then use the machine's other core instead of waiting for the import. The importer
    ``poke``s it after each committed batch; it applies the outbox (``catch_up``, one index commit
    per batch of outbox rows) and, once told there is no more (``finish``), catches up a last time
    and exits, reporting what it applied. The child reads the same database (from the parent's
    connection settings) and writes the same index folder."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    @classmethod
    def start(cls, path: Path | None = None) -> BackgroundIndexer | None:
        """The process, or None where a second process cannot see this database (in memory)."""
        url = _database_url()
        if url is None:
            return None
        env = {**os.environ, "DATABASE_URL": url, "HOINHAP_SEARCH_INDEX": str(index_folder(path)),
               "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "hoinhap.config.settings")}
        process = subprocess.Popen([sys.executable, "-c", _FOLLOW], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   text=True, env=env)
        return cls(process)

    def poke(self) -> None:
        """A batch was committed: apply it (the child coalesces pokes that arrive while it works)."""
        try:
            assert self.process.stdin is not None
            self.process.stdin.write("\n")
            self.process.stdin.flush()
        except BrokenPipeError:  # the child died: ``finish`` reports it
            pass

    def finish(self, timeout: float | None = None) -> CatchUp:
        """Wait until everything committed is in the index; IndexerError if the child failed."""
        out, _ = self.process.communicate(timeout=timeout)
        if self.process.returncode:
            raise IndexerError(gettext("the indexer process failed (exit code %(code)s)")
                               % {"code": self.process.returncode})
        return CatchUp(**json.loads(out.strip().splitlines()[-1]))


def _database_url() -> str | None:
    """This process's database as a URL for the child (its settings come from the environment)."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings_dict["NAME"])
        return None if not name or ":memory:" in name or "mode=memory" in name else f"sqlite:///{name}"
    if connection.vendor == "postgresql":
        from urllib.parse import quote

        user = quote(str(settings_dict.get("USER") or ""), safe="")
        password = quote(str(settings_dict.get("PASSWORD") or ""), safe="")
        credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
        host, port = settings_dict.get("HOST") or "", settings_dict.get("PORT") or ""
        return f"postgresql://{credentials}{host}{f':{port}' if port else ''}/{quote(str(settings_dict['NAME']))}"
    return None


def follow(pokes: Iterable[str]) -> CatchUp:
    """The child's loop: catch up once per poke (pokes that queued meanwhile are applied by the same
    catch-up, so the extra ones find nothing to do), and once more at the end."""
    total = CatchUp()
    for _ in pokes:
        _accumulate(total, catch_up())
    _accumulate(total, catch_up())
    return total


def _accumulate(total: CatchUp, result: CatchUp) -> None:
    total.rebuilt = total.rebuilt or result.rebuilt
    total.rows, total.works = total.rows + result.rows, total.works + result.works
    total.passages, total.pruned = total.passages + result.passages, total.pruned + result.pruned


def follow_main() -> None:
    """Entry point of ``BackgroundIndexer``'s process: its result as one JSON line on stdout."""
    result = follow(sys.stdin)
    print(json.dumps(result.as_dict()), flush=True)


# -- the long-running indexer -------------------------------------------------------------------

class _Wakeup:
    """On PostgreSQL, LISTEN for the outbox's NOTIFY (a wake-up only: the rows are read from the
    table); elsewhere, or when the listening connection fails, simply wait for the poll interval."""

    def __init__(self) -> None:
        self.conn = None
        if connection.vendor == "postgresql":
            try:
                import psycopg

                self.conn = psycopg.connect(**connection.get_connection_params(), autocommit=True)
                self.conn.execute(f"LISTEN {outbox.CHANNEL}")
            except Exception as error:  # noqa: BLE001 - polling still works without it
                logger.warning("indexer: no LISTEN/NOTIFY (%s); polling", error)
                self.conn = None

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        """True when woken by a notification, False after ``seconds`` (or when stopped)."""
        if self.conn is None:
            stop.wait(seconds)
            return False
        try:
            for _ in self.conn.notifies(timeout=seconds, stop_after=1):
                return True
        except Exception as error:  # noqa: BLE001 - a dropped connection: fall back to polling
            logger.warning("indexer: LISTEN connection lost (%s); polling", error)
            self.close()
        return False

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def run(stop: threading.Event, *, poll: float | None = None, report: Callable[[CatchUp], None] | None = None,
        progress: Progress | None = None) -> None:
    """Catch up, wait for a notification or the poll interval, again, until ``stop`` is set. A
    failure is logged and retried at the next turn (the rows stay in the outbox)."""
    poll = float(poll if poll is not None else getattr(settings, "HOINHAP_INDEXER_POLL_SECONDS", 5))
    wakeup = _Wakeup()
    try:
        while not stop.is_set():
            close_old_connections()  # a connection dropped by the server is replaced
            try:
                result = catch_up(progress=progress)
                if report is not None and (result.rows or result.rebuilt or result.pruned):
                    report(result)
            except IndexerError as error:
                logger.error("indexer: %s", str(error))  # the text, not the error: it would keep its frames
            except DatabaseError as error:  # the database restarting, a lock: the next turn tries again
                logger.error("indexer: database error: %s", str(error))
                connection.close()
            wakeup.wait(poll, stop)
    finally:
        wakeup.close()
        connection.close()


def start_thread(poll: float | None = None) -> tuple[threading.Thread, threading.Event]:
    """``hoinhap serve``'s indexer: a daemon thread in the web process, so one machine needs nothing more."""
    stop = threading.Event()

    def report(result: CatchUp) -> None:
        print(f"indexer: {result.describe()}", file=sys.stderr)

    thread = threading.Thread(target=run, args=(stop,), kwargs={"poll": poll, "report": report},
                              name="hoinhap-indexer", daemon=True)
    thread.start()
    return thread, stop
