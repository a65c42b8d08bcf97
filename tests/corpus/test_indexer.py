"""The indexer: applies the outbox to a host's index, survives crashes, never skips a late commit,
rebuilds on a new generation, fails loudly on an unwritable folder (issue 14, item 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import tantivy
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from hoinhap.cli import main
from hoinhap.corpus import indexer, outbox, services
from hoinhap.corpus.indexer import IndexerBusy, State, catch_up
from hoinhap.corpus.models import IndexOutbox, Work
from hoinhap.corpus.search import passages_for, search_index
from hoinhap.search.engine import INDEX_FORMAT
from tests.conftest import DEMO

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = bool(os.environ.get("HOINHAP_TEST_DATABASE_URL"))
needs_postgresql = pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL: ids can commit out of order there")


def _law(number: str, words: str) -> bytes:
    return (f"QUỐC HỘI\nLuật số: {number}\nLUẬT\nTHỬ NGHIỆM\nĐiều 1. {words}\n"
            f"Nội dung về {words} được quy định tại Điều này.\n").encode()


def _keys(folder: Path, query: str) -> list[int]:
    return [hit.key for hit in search_index(folder).search(query, limit=50).hits]


@pytest.fixture
def by_indexer(settings):
    """As in a server: no process applies the outbox but the indexer."""
    settings.HOINHAP_INDEX_IN_PROCESS = False


# -- crash, restart, replay ---------------------------------------------------------------------

def _hoinhap(tmp_path: Path, *args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOINHAP_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="hoinhap.config.settings", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               HOINHAP_SEARCH_INDEX=str(tmp_path / "index"), HOINHAP_MEDIA_ROOT=str(tmp_path / "media"))
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "hoinhap.cli", *args]
    return subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)


# The import commits, then the process dies before it applies the outbox to its index (kill -9).
KILLED_AFTER_COMMIT = """
import os, sys
import hoinhap.cli as cli
cli._apply_outbox = lambda: os._exit(137)
sys.exit(cli.main(["import", *sys.argv[1:]]))
"""


def test_kill_9_after_the_import_commit_then_indexer_once_finds_the_text(tmp_path):
    assert _hoinhap(tmp_path, "indexer", "--once").returncode == 0  # an empty index, caught up
    killed = _hoinhap(tmp_path, str(DEMO / "nq-250-minh-hoa.txt"), code=KILLED_AFTER_COMMIT)
    assert killed.returncode == 137, killed.stderr
    query = "chuyên gia ngôn ngữ hiếm"
    assert json.loads(_hoinhap(tmp_path, "search", query, "--json").stdout) == []  # stored, not indexed
    once = _hoinhap(tmp_path, "indexer", "--once", "--json")
    assert once.returncode == 0, once.stderr
    assert json.loads(once.stdout) | {"pruned": 0} == {"rebuilt": False, "rows": 1, "works": 1,
                                                        "passages": json.loads(once.stdout)["passages"], "pruned": 0}
    rows = json.loads(_hoinhap(tmp_path, "search", query, "--json").stdout)
    assert rows and rows[0]["work"] == "250/2025/QH15"
    again = _hoinhap(tmp_path, "indexer", "--once")
    assert again.returncode == 0 and "đã áp dụng 0 thay đổi" in again.stdout


def test_a_crash_between_the_index_commit_and_the_state_replays_harmlessly(by_indexer, settings, monkeypatch):
    services.work_import(actor=None, data=_law("97/2026/QH15", "cảng cạn"), filename="a.txt")
    catch_up()
    work = services.work_import(actor=None, data=_law("96/2026/QH15", "kho ngoại quan"), filename="b.txt").work
    saved = State.save

    def crash(self, folder):
        if self.high_water == IndexOutbox.objects.latest("pk").pk:
            raise OSError("killed")
        saved(self, folder)

    monkeypatch.setattr(State, "save", crash)
    with pytest.raises(indexer.IndexerError):
        catch_up()  # the index committed, the state did not move
    monkeypatch.setattr(State, "save", saved)
    assert catch_up().rows == 1  # applied again: delete then add, nothing doubled
    keys = _keys(settings.SEARCH_INDEX_DIR, "kho ngoại quan")
    assert keys and len(keys) == len(set(keys))
    assert len(search_index()) == sum(1 for _ in passages_for(work)) + 1


# -- several hosts, several processes -----------------------------------------------------------

def test_two_index_folders_on_one_database_converge(by_indexer, tmp_path):
    first, second = tmp_path / "host-a", tmp_path / "host-b"
    kept = services.work_import(actor=None, data=_law("95/2026/QH15", "cửa khẩu số"), filename="a.txt").work
    gone = services.work_import(actor=None, data=_law("94/2026/QH15", "thuế quan"), filename="b.txt").work
    assert catch_up(path=first).rebuilt
    kept.status = Work.Status.IN_FORCE
    services.work_update(actor=None, work=kept, fields=["status"])  # an edit through one web server …
    services.work_delete(actor=None, work=gone)
    services.work_import(actor=None, data=_law("93/2026/QH15", "logistics"), filename="c.txt")
    assert catch_up(path=second).rebuilt  # a new host starts by building
    assert catch_up(path=first).rows == 3  # … reaches the other's index
    for query in ("cửa khẩu số", "thuế quan", "logistics"):
        assert _keys(first, query) == _keys(second, query)
    assert _keys(first, "thuế quan") == [] and _keys(first, "logistics")
    assert len(search_index(first)) == len(search_index(second))


def test_a_second_indexer_on_one_folder_waits_and_loses_nothing(by_indexer, settings):
    catch_up()
    services.work_import(actor=None, data=_law("92/2026/QH15", "hàng quá cảnh"), filename="a.txt")
    with indexer._exclusive(settings.SEARCH_INDEX_DIR, 1):  # another indexer is writing
        with pytest.raises(IndexerBusy):
            catch_up(lock_timeout=0.2)
    assert _keys(settings.SEARCH_INDEX_DIR, "hàng quá cảnh") == []
    assert catch_up().rows == 1 and _keys(settings.SEARCH_INDEX_DIR, "hàng quá cảnh")


def test_an_unwritable_index_folder_fails_loudly_and_loses_nothing(settings, tmp_path, capsys):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the index's parent folder should be")  # root ignores chmod; not this
    settings.SEARCH_INDEX_DIR = blocker / "index"
    law = tmp_path / "luat.txt"
    law.write_bytes(_law("91/2026/QH15", "thương mại điện tử"))
    assert main(["import", str(law)]) == 0  # committed; the index could not follow: a warning, no crash
    assert "hoinhap: cảnh báo: chỉ mục tìm kiếm chưa được cập nhật" in capsys.readouterr().err
    assert main(["indexer", "--once"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hoinhap: lỗi:") and err.count("\n") == 1 and "không ghi được chỉ mục tìm kiếm" in err
    assert IndexOutbox.objects.count() == 1  # the change is still there to apply
    blocker.unlink()
    assert main(["indexer", "--once"]) == 0
    assert _keys(settings.SEARCH_INDEX_DIR, "thương mại điện tử")


# -- generations, pruning -----------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_restore_force_starts_a_new_generation_and_every_host_rebuilds(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    other_host = tmp_path / "other-host"
    catch_up(path=other_host)
    before = State.load(settings.SEARCH_INDEX_DIR).generation
    assert main(["backup", "-o", str(tmp_path / "b.tar.gz")]) == 0
    work = services.work_import(actor=None, data=_law("90/2026/QH15", "kinh tế số"), filename="a.txt").work
    added = set(work.expressions.get().provisions.values_list("pk", flat=True))
    assert added & set(_keys(settings.SEARCH_INDEX_DIR, "kinh tế số"))
    catch_up(path=other_host)
    assert main(["restore", str(tmp_path / "b.tar.gz"), "--force"]) == 0  # the backup predates that work
    after = outbox.current_generation()
    assert after != before and State.load(settings.SEARCH_INDEX_DIR).generation == after
    assert not added & set(_keys(settings.SEARCH_INDEX_DIR, "kinh tế số"))  # this host rebuilt during the restore
    assert added & set(_keys(other_host, "kinh tế số"))  # stale until its indexer runs …
    assert catch_up(path=other_host).rebuilt  # … which sees the generation change and rebuilds
    assert not added & set(_keys(other_host, "kinh tế số")) and _keys(other_host, "chuyên gia ngôn ngữ hiếm")


def test_old_rows_are_pruned_and_a_folder_that_fell_behind_rebuilds(by_indexer, settings):
    services.work_import(actor=None, data=_law("89/2026/QH15", "chuỗi cung ứng"), filename="a.txt")
    catch_up()
    IndexOutbox.objects.update(created_at=timezone.now() - timedelta(days=8))
    services.work_import(actor=None, data=_law("88/2026/QH15", "năng lượng sạch"), filename="b.txt")
    result = catch_up()
    assert (result.rebuilt, result.rows, result.pruned) == (False, 1, 1)
    assert IndexOutbox.objects.count() == 1
    state = State.load(settings.SEARCH_INDEX_DIR)
    state.caught_up_at = time.time() - 8 * 86400  # this host's indexer was down for longer than the retention
    state.save(settings.SEARCH_INDEX_DIR)
    assert catch_up().rebuilt


def _former_schema() -> tantivy.Schema:
    """The index's schema before format 2: the ``fold`` field split on spaces only (Python folded it)."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("key", stored=True, indexed=True, fast=True)
    builder.add_unsigned_field("work", stored=True, indexed=True, fast=True)
    for name in ("bi", "uni", "head", "fold"):
        builder.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="freq")
    return builder.build()


def test_an_index_of_a_former_format_is_rebuilt_in_the_new_one(by_indexer, settings):
    folder = settings.SEARCH_INDEX_DIR
    work = services.work_import(actor=None, data=_law("87/2026/QH15", "cửa khẩu số"), filename="a.txt").work
    keys = set(work.expressions.get().provisions.values_list("pk", flat=True))
    assert catch_up().rebuilt and keys & set(_keys(folder, "cua khau so"))
    for entry in folder.iterdir():  # an index left by the code before the upgrade, and its state
        if entry.name != indexer.LOCK_FILE:
            entry.unlink()
    tantivy.Index(_former_schema(), path=str(folder))
    state = State(outbox.current_generation(), high_water=10**9, caught_up_at=time.time())
    state.save(folder)
    data = json.loads((folder / indexer.STATE_FILE).read_text())
    del data["format"]  # written before formats were recorded
    (folder / indexer.STATE_FILE).write_text(json.dumps(data))
    assert State.load(folder).format == 1
    assert catch_up().rebuilt  # nothing to do by hand after an upgrade
    assert State.load(folder).format == INDEX_FORMAT
    assert keys & set(_keys(folder, "cua khau so"))  # folded by the new schema's analyzer
    assert keys & set(_keys(folder, "cửa khẩu số"))
    assert not catch_up().rebuilt


# -- late commits, wake-ups, the server's thread ------------------------------------------------

def test_a_skipped_id_is_looked_for_again_then_given_up(by_indexer, settings):
    state = State("g", high_water=3)
    state.advance([5, 7], now=100.0)
    assert (state.high_water, sorted(state.gaps)) == (7, [4, 6])
    state.advance([4], now=101.0)
    assert sorted(state.gaps) == [6]
    state.expire_gaps(now=100.0 + settings.HOINHAP_OUTBOX_GAP_SECONDS, seconds=settings.HOINHAP_OUTBOX_GAP_SECONDS)
    assert state.gaps == {}


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_smaller_id_committing_after_a_larger_one_is_still_applied(by_indexer, settings):
    """Two real transactions: the first takes its outbox id, the second takes a larger one and commits,
    the indexer runs, then the first commits. On SQLite writes are serialised, so ids commit in order."""
    folder = settings.SEARCH_INDEX_DIR
    catch_up()
    written, release, errors = threading.Event(), threading.Event(), []

    def slow_import() -> None:
        try:
            with transaction.atomic():
                services.work_import(actor=None, data=_law("87/2026/QH15", "đường sắt tốc độ cao"), filename="a.txt")
                written.set()
                release.wait(30)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_import)
    thread.start()
    assert written.wait(30)
    services.work_import(actor=None, data=_law("86/2026/QH15", "sân bay quốc tế"), filename="b.txt")
    assert catch_up().rows == 1 and _keys(folder, "sân bay quốc tế")
    assert _keys(folder, "đường sắt tốc độ cao") == []
    release.set()
    thread.join(30)
    assert not errors
    late = IndexOutbox.objects.get(work_id=Work.objects.get(number="87/2026/QH15").pk)
    assert late.pk < IndexOutbox.objects.get(work_id=Work.objects.get(number="86/2026/QH15").pk).pk
    assert late.pk in State.load(folder).gaps
    assert catch_up().rows == 1 and _keys(folder, "đường sắt tốc độ cao")
    assert State.load(folder).gaps == {}


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_notify_wakes_the_indexer(by_indexer):
    wakeup = indexer._Wakeup()
    try:
        assert wakeup.conn is not None
        assert wakeup.wait(0.2, threading.Event()) is False
        with transaction.atomic():
            outbox.record(12345)
        started = time.monotonic()
        assert wakeup.wait(10, threading.Event()) is True
        assert time.monotonic() - started < 5
    finally:
        wakeup.close()


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_fails_on_the_database_releases_the_writer_and_the_next_turn_applies_it(by_indexer, settings,
                                                                                          monkeypatch):
    catch_up()  # the folder is built: the next rows are applied batch by batch
    services.work_import(actor=None, data=_law("86/2026/QH15", "kinh tế số"), filename="a.txt")
    real_apply = indexer._apply

    def locked(index, work_ids):  # noqa: ANN001, ANN202 - the database answers "table is locked" mid-batch
        index.delete_work(next(iter(work_ids)))  # the writer is open when the error comes
        raise OperationalError("database table is locked: corpus_work")

    monkeypatch.setattr(indexer, "_apply", locked)
    with pytest.raises(OperationalError):
        catch_up()
    monkeypatch.setattr(indexer, "_apply", real_apply)
    result = catch_up(lock_timeout=1)  # tantivy's writer lock was released: no LockBusy
    assert result.rows >= 1 and _keys(settings.SEARCH_INDEX_DIR, "kinh tế số")


@pytest.mark.django_db(transaction=True)  # the thread reads what the test commits (no test-wide transaction)
def test_the_servers_indexer_thread_applies_changes(by_indexer, settings):
    thread, stop = indexer.start_thread(poll=0.1)
    try:
        services.work_import(actor=None, data=_law("85/2026/QH15", "kinh tế biển"), filename="a.txt")
        deadline = time.monotonic() + 20
        while not _keys(settings.SEARCH_INDEX_DIR, "kinh tế biển") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _keys(settings.SEARCH_INDEX_DIR, "kinh tế biển")
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
