"""A bulk import with its indexer in a separate process (issue 15 item 6): ``hoinhap import
--index-process`` stores batch after batch while another process applies each committed batch to the
index; when the command returns, everything it stored is searchable and nothing is left to apply."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from hoinhap.corpus import indexer, services
from hoinhap.corpus.search import search_index


def _law(seq: int, words: str) -> bytes:
    return (f"QUỐC HỘI\nLuật số: {seq}/2026/QH15\nLUẬT\nTHỬ NGHIỆM {seq}\nĐiều 1. {words}\n"
            f"1. Nội dung về {words} được quy định tại Điều này.\n").encode()


WORDS = ["cảng cạn", "kho ngoại quan", "cửa khẩu số", "thuế quan", "logistics xanh"]


def _hoinhap(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOINHAP_", "DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="hoinhap.config.settings", DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
               HOINHAP_SEARCH_INDEX=str(folder / "index"), HOINHAP_MEDIA_ROOT=str(folder / "media"))
    return subprocess.run([sys.executable, "-m", "hoinhap.cli", *args], env=env, cwd=folder, capture_output=True,
                          text=True, timeout=300)


def test_import_with_an_indexer_process_leaves_everything_searchable(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    for seq, words in enumerate(WORDS, start=1):
        (files / f"luat-{seq}.txt").write_bytes(_law(seq, words))
    assert _hoinhap(tmp_path, "indexer", "--once").returncode == 0  # a deployment's index exists already
    done = _hoinhap(tmp_path, "import", "--batch", "2", "--index-process", str(files))
    assert done.returncode == 0, done.stderr
    assert "5 văn bản đã nhập, 0 thất bại" in done.stderr
    assert "chỉ mục tìm kiếm: đã áp dụng 5 thay đổi cho 5 văn bản" in done.stderr  # by the indexer process, all batches
    for seq, words in enumerate(WORDS, start=1):
        rows = json.loads(_hoinhap(tmp_path, "search", words, "--json").stdout)
        assert rows and rows[0]["work"] == f"{seq}/2026/QH15"
    again = _hoinhap(tmp_path, "indexer", "--once")
    assert again.returncode == 0 and "đã áp dụng 0 thay đổi" in again.stdout  # nothing was left behind


@pytest.mark.django_db
def test_follow_catches_up_on_each_poke_and_once_more_at_the_end(settings):
    settings.HOINHAP_INDEX_IN_PROCESS = False  # as in a bulk import: only the indexer applies the outbox
    services.work_import(actor=None, data=_law(1, WORDS[0]), filename="a.txt")
    later = []

    def pokes():
        yield "\n"  # the first batch was committed
        later.append(services.work_import(actor=None, data=_law(2, WORDS[1]), filename="b.txt").work)
        yield "\n"  # the second
        later.append(services.work_import(actor=None, data=_law(3, WORDS[2]), filename="c.txt").work)
        # then no poke: the end of the input, after which it catches up once more

    result = indexer.follow(pokes())
    # the first poke builds this new folder's index from the database; the later ones apply a row each
    assert result.rebuilt and (result.rows, result.works) == (2, 2)
    index = search_index(settings.SEARCH_INDEX_DIR)
    index.reload()
    assert {hit.work for hit in index.search(WORDS[1]).hits} == {later[0].id}
    assert {hit.work for hit in index.search(WORDS[2]).hits} == {later[1].id}  # applied after the last poke


@pytest.mark.django_db
def test_the_child_is_given_this_database(monkeypatch):
    url = indexer._database_url()
    if connection.vendor == "sqlite":  # the tests' SQLite database is in memory: no child can see it
        assert url is None
        assert indexer.BackgroundIndexer.start() is None
    else:
        name = connection.settings_dict["NAME"]
        assert url is not None and url.startswith("postgresql://") and url.endswith(f"/{name}")
