"""Backup and restore: a round trip gives back every record and every uploaded file."""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

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
