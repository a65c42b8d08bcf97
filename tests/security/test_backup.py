"""Backup and restore: a round trip gives back every record and every uploaded file."""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from hoinhap.cli import main
from hoinhap.core.backup import _models, backup, restore
from hoinhap.core.errors import Conflict, UnreadableInput


def _state(media: Path) -> tuple[dict[str, int], dict[str, str], list[tuple]]:
    counts = {m._meta.label_lower: m._default_manager.count() for m in _models()}
    files = {str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest() for p in media.rglob("*") if p.is_file()}
    comments = list(apps.get_model("drafting.Comment").objects.order_by("pk").values_list("pk", "text", "eid"))
    return counts, files, comments


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_back_every_record_and_file(demo, media, tmp_path):
    from hoinhap.drafting import consultation_services
    from hoinhap.drafting.models import ConsultationRound

    round_ = ConsultationRound.objects.order_by("number").first()
    ConsultationRound.objects.filter(pk=round_.pk).update(frozen_at=None)
    round_.refresh_from_db()
    assert round_.public
    consultation_services.comment_add(actor=None, round_=round_, text="Kèm công văn.", author_name="A",
                                      letter=b"%PDF-1.4 test", letter_name="cv.pdf", today=round_.opens_on)
    before = _state(media)
    target = tmp_path / "backup.tar.gz"
    assert main(["backup", "-o", str(target)]) == 0
    with pytest.raises(Conflict):
        restore(target)  # not into a database that holds data
    call_command("flush", interactive=False, verbosity=0)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert main(["restore", str(target)]) == 0
    assert _state(media) == before
    assert before[1], "the round trip included an uploaded file"


@pytest.mark.django_db
def test_a_damaged_backup_is_refused_and_changes_nothing(demo, media, tmp_path):
    target = tmp_path / "backup.tar.gz"
    backup(target)
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(target.read_bytes()[:-200])
    with pytest.raises(UnreadableInput):
        restore(broken, force=True)
    with tarfile.open(tmp_path / "evil.tar.gz", "w:gz") as archive:
        archive.add(__file__, arcname="manifest.json")
    with pytest.raises(UnreadableInput):
        restore(tmp_path / "evil.tar.gz", force=True)
    assert apps.get_model("corpus.Work").objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_restored_timestamps_keep_their_microseconds(media, tmp_path):
    from datetime import UTC, datetime

    from hoinhap.core.models import AuditEntry
    from hoinhap.core.services import log_action

    entry = log_action(None, "test.exact")
    exact = datetime(2026, 11, 30, 8, 15, 42, 123456, tzinfo=UTC)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=exact)
    backup(tmp_path / "b.tar.gz")
    restore(tmp_path / "b.tar.gz", force=True)
    assert AuditEntry.objects.get(pk=entry.pk).created_at == exact  # Django's JSON keeps .123 only


def _bomb(path: Path, member: str, size: int, manifest: bytes | None = None) -> Path:
    """A small .tar.gz whose member expands to ``size`` bytes of zeros (written without holding them)."""
    import io
    import json

    class Zeros(io.RawIOBase):
        def __init__(self) -> None:
            self.left = size

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            n = min(len(buffer), self.left)
            buffer[:n] = bytes(n)
            self.left -= n
            return n

    manifest = manifest or json.dumps({"format": 1, "counts": {}, "files": {}, "data_sha256": ""}).encode()
    with tarfile.open(path, "w:gz", compresslevel=1) as archive:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        archive.addfile(info, io.BytesIO(manifest))
        info = tarfile.TarInfo(member)
        info.size = size
        archive.addfile(info, io.BufferedReader(Zeros()))
    return path


@pytest.mark.django_db
def test_an_archive_that_expands_enormously_is_refused_before_it_is_read(tmp_path):
    import tracemalloc

    bomb = _bomb(tmp_path / "bomb.tar.gz", "data.json", 96 * 1024 * 1024)
    assert bomb.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableInput, match="HOINHAP_RESTORE_MAX_RATIO"):
            restore(bomb, force=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # refused at the member's header: its 96 MB were never read into memory
    assert apps.get_model("core.AuditEntry").objects.count() == 0


@pytest.mark.django_db
def test_an_archive_over_the_size_limit_or_with_stray_members_is_refused(demo, media, tmp_path, settings):
    target = tmp_path / "backup.tar.gz"
    backup(target)
    settings.HOINHAP_RESTORE_MAX_BYTES = 64 * 1024
    with pytest.raises(UnreadableInput, match="HOINHAP_RESTORE_MAX_BYTES"):
        restore(target, force=True)
    settings.HOINHAP_RESTORE_MAX_BYTES = 20 * 1024**3
    stray = _bomb(tmp_path / "stray.tar.gz", "media/../../etc/passwd", 10)
    with translation.override("en"), pytest.raises(UnreadableInput, match="more members than its manifest|unsafe"):
        restore(stray, force=True)
    assert apps.get_model("corpus.Work").objects.count() == 3
