import pytest
from django.utils import translation

from hoinhap.core.errors import UnreadableInput, ValidationFailed
from hoinhap.core.models import AuditEntry
from hoinhap.corpus import services
from hoinhap.corpus.models import Provision, Relation, Work
from hoinhap.corpus.selectors import document_tree, provision_get, work_get

pytestmark = pytest.mark.django_db

LAW = ("QUỐC HỘI\nLuật số: 64/2025/QH15 | Hà Nội, ngày 19 tháng 02 năm 2025\nLUẬT\nBAN HÀNH VĂN BẢN\n"
       "Căn cứ Hiến pháp;\nĐiều 1. Phạm vi\n1. Thay thế Luật số 80/2015/QH13.\na) Điểm a.\nĐiều 2. Hiệu lực\n"
       "Có hiệu lực.").encode()
DECREE = ("CHÍNH PHỦ\nSố: 78/2025/NĐ-CP | Hà Nội, ngày 01 tháng 4 năm 2025\nNGHỊ ĐỊNH\nQUY ĐỊNH CHI TIẾT\n"
          "Điều 1. Phạm vi\nNghị định này quy định chi tiết Luật số 64/2025/QH15.").encode()


def test_import_stores_work_provisions_and_audit():
    result = services.work_import(actor=None, data=LAW, filename="luat.txt")
    work = result.work
    assert result.outcome == "created"
    assert (work.number, work.doc_type, work.date.isoformat()) == ("64/2025/QH15", "Luật", "2025-02-19")
    assert provision_get(work, "art_1__cl_1__pt_a").text == "Điểm a."
    assert AuditEntry.objects.filter(action="corpus.work.imported", target_id=str(work.pk)).count() == 1


def test_import_is_idempotent_by_number_and_date():
    services.work_import(actor=None, data=LAW, filename="luat.txt")
    again = services.work_import(actor=None, data=LAW, filename="luat.txt")
    assert again.outcome == "unchanged"
    assert Work.objects.count() == 1
    changed = services.work_import(actor=None, data=LAW + "\nĐiều 3. Mới\nThêm.".encode(), filename="luat.txt")
    assert changed.outcome == "updated"
    assert Work.objects.count() == 1
    assert len(document_tree(changed.work).articles()) == 3


def test_relations_are_typed_and_resolved_when_the_target_arrives_later():
    decree = services.work_import(actor=None, data=DECREE, filename="nd.txt").work
    relation = Relation.objects.get(source=decree)
    assert (relation.kind, relation.target_number, relation.target) == ("guides", "64/2025/QH15", None)
    law = services.work_import(actor=None, data=LAW, filename="luat.txt").work
    relation.refresh_from_db()
    assert relation.target == law
    assert Relation.objects.get(source=law).kind == "replaces"


def test_failed_import_leaves_nothing(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_store_relations", explode)
    with pytest.raises(RuntimeError):
        services.work_import(actor=None, data=LAW, filename="luat.txt")
    assert Work.objects.count() == Provision.objects.count() == AuditEntry.objects.count() == 0


@pytest.mark.parametrize("data,message", [
    (b"\x00\x01\x02binary", "binary"),
    (b"\xff\xfe\xfa not utf8", "UTF-8"),
    (b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY b 'c'>]><a>&b;</a>", "DOCTYPE"),
    (b"PK\x03\x04 broken zip", "zip"),
    (b"   ", "empty"),
])
def test_unreadable_input_is_refused_cleanly(data, message):
    with translation.override("en"), pytest.raises(UnreadableInput, match=message):
        services.work_import(actor=None, data=data, filename="x")
    assert Work.objects.count() == 0


def test_number_override_is_validated():
    with pytest.raises(ValidationFailed):
        services.work_import(actor=None, data=LAW, number="not a number")
    work = services.work_import(actor=None, data=DECREE, number="78/2025/NĐ-CP").work
    assert work_get("78/2025/ND-CP") == work


def test_every_save_derives_the_number_key():
    work = Work.objects.create(slug="nd-30", number="30/2020/NĐ-CP")  # as the admin's add form saves it
    assert work_get("30/2020/ND-CP") == work
    work.number = ""
    work.save()
    assert Work.objects.get(pk=work.pk).number_key == ""


def test_a_work_in_the_bottleneck_register_cannot_be_deleted(demo):
    from hoinhap.core.errors import Conflict
    from hoinhap.corpus.services import work_delete

    work = Work.objects.get(number="250/2025/QH15")
    with translation.override("en"), pytest.raises(Conflict, match="cannot be deleted"):
        work_delete(actor=None, work=work)
    assert Work.objects.filter(pk=work.pk).exists()


def test_windows_unicode_text_is_imported(db):
    result = services.work_import(actor=None, data=LAW.decode().encode("utf-16"), filename="luat.txt")
    assert result.outcome == "created" and result.work.expressions.get().provisions.filter(kind="article").exists()
