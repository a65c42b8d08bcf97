"""Import at corpus scale (issue 15 item 6): documents in batches, one transaction per batch and a
savepoint per document, so a bad document is reported and stores nothing while the others commit;
the batch's index changes in one index commit; the write path's fast inserts keep the same rows."""

from __future__ import annotations

import pytest
from django.db import DataError

from hoinhap.cli import main
from hoinhap.core.errors import UnreadableInput, ValidationFailed
from hoinhap.core.models import AuditEntry
from hoinhap.corpus import services
from hoinhap.corpus.models import IndexOutbox, Provision, Relation, Work
from hoinhap.corpus.search import passages_for
from hoinhap.legal.citations import all_citations
from hoinhap.legal.reading import read_bytes
from tests.conftest import VN_LEGAL, needs_shared


def _decree(seq: int, cites: str = "") -> bytes:
    return (f"CHÍNH PHỦ\nSố: {seq}/2025/NĐ-CP | Hà Nội, ngày 01 tháng 4 năm 2025\nNGHỊ ĐỊNH\nVỀ THỬ NGHIỆM {seq}\n"
            f"Điều 1. Phạm vi\n1. Nghị định này quy định chi tiết Luật số 64/2025/QH15{cites}.\na) Điểm a.\n"
            "Điều 2. Hiệu lực\nCó hiệu lực.").encode()


def _fail_storing(monkeypatch, number: str) -> None:
    """Storing ``number`` fails after its work, expression and provisions were written (a domain error)."""
    store_relations = services._store_relations

    def failing(work, document, **kwargs):
        if work.number == number:
            raise ValidationFailed("refused for the test")
        return store_relations(work, document, **kwargs)

    monkeypatch.setattr(services, "_store_relations", failing)


@pytest.mark.django_db
def test_a_batch_stores_the_good_documents_and_rolls_back_each_bad_one_alone(monkeypatch):
    _fail_storing(monkeypatch, "3/2025/NĐ-CP")
    audit = AuditEntry.objects.count()
    ticks = []
    sources = [services.Source(_decree(1), "nd-1.txt"), services.Source(b"\x00\x01binary", "bad.txt"),
               services.Source(_decree(3), "nd-3.txt"), services.Source(_decree(4, " và Nghị định số 1/2025/NĐ-CP"),
                                                                         "nd-4.txt"),
               services.Source(_decree(1), "nd-1-again.txt")]
    outcomes = services.work_import_batch(actor=None, sources=sources, done=lambda: ticks.append(1))
    assert len(ticks) == 5
    assert [o.outcome if isinstance(o, services.ImportResult) else type(o) for o in outcomes] == [
        "created", UnreadableInput, ValidationFailed, "created", "unchanged"]
    assert sorted(Work.objects.values_list("number", flat=True)) == ["1/2025/NĐ-CP", "4/2025/NĐ-CP"]
    # nothing of the document refused half-way: no provisions, audit entry or outbox row
    assert set(Provision.objects.values_list("expression__work__number", flat=True)) == {"1/2025/NĐ-CP",
                                                                                          "4/2025/NĐ-CP"}
    assert AuditEntry.objects.count() - audit == 2
    assert sorted(IndexOutbox.objects.values_list("work_id", flat=True)) == sorted(Work.objects.values_list("pk",
                                                                                                           flat=True))
    # a citation of a document stored earlier in the same batch points at it
    first = Work.objects.get(number="1/2025/NĐ-CP")
    assert Relation.objects.get(source__number="4/2025/NĐ-CP", target_key=first.number_key).target == first


@pytest.mark.django_db
def test_fast_provision_rows_are_those_of_rows_of():
    result = services.work_import_batch(actor=None, sources=[services.Source(_decree(7), "nd-7.txt")])[0]
    assert isinstance(result, services.ImportResult)
    expression = result.work.expressions.get()
    _, document = read_bytes(_decree(7), "nd-7.txt")
    fields = ["eid", "parent_eid", "kind", "num", "marker", "heading", "text", "position", "depth"]
    expected = [tuple(getattr(row, f) for f in fields) for row in Provision.rows_of(document, expression=expression)]
    assert list(expression.provisions.order_by("position").values_list(*fields)) == expected
    # a re-import with a change replaces them
    changed = services.work_import_batch(actor=None, sources=[
        services.Source(_decree(7) + "\nĐiều 3. Mới\nThêm.".encode(), "nd-7.txt")])[0]
    assert isinstance(changed, services.ImportResult) and changed.outcome == "updated"
    assert expression.provisions.filter(kind="article").count() == 3


@pytest.mark.django_db
def test_a_value_the_database_refuses_fails_that_document_only(monkeypatch):
    store = services._store

    def too_long(**kwargs):
        if kwargs["document"].meta.number == "8/2025/NĐ-CP":
            raise DataError("value too long for type character varying(64)")
        return store(**kwargs)

    monkeypatch.setattr(services, "_store", too_long)
    outcomes = services.work_import_batch(actor=None, sources=[services.Source(_decree(8), "nd-8.txt"),
                                                                services.Source(_decree(9), "nd-9.txt")])
    assert isinstance(outcomes[0], ValidationFailed) and outcomes[0].code == "invalid"
    assert list(Work.objects.values_list("number", flat=True)) == ["9/2025/NĐ-CP"]


@needs_shared
@pytest.mark.parametrize("name", ["nd-30-2020-ndcp-cong-tac-van-thu.txt", "nq-03-nqcp-2025-ctrhd-nq57.txt",
                                  "luat-51-2024-qh15-sua-doi-bhyt.txt"])
def test_relations_come_from_the_same_citations_as_all_citations(name):
    _, document = read_bytes((VN_LEGAL / "txt" / name).read_bytes(), name)
    expected = [(eid, c) for eid, c in all_citations(document) if c.kind == "document"]
    assert list(services.document_citations_of(document)) == expected
    assert expected  # the documents do cite others


@pytest.mark.django_db
def test_the_indexer_reads_a_work_s_passages_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    small = services.work_import(actor=None, data=_decree(10), filename="nd-10.txt").work
    with django_assert_max_num_queries(2):  # expressions, then their provisions: not one query per row
        assert len(list(passages_for(small))) >= 3


@pytest.mark.django_db(transaction=True)
def test_import_in_batches_reports_the_bad_document_and_stores_the_others(tmp_path, capsys, monkeypatch):
    _fail_storing(monkeypatch, "23/2025/NĐ-CP")
    for seq in (21, 22, 23, 24, 25):
        (tmp_path / f"nd-{seq}.txt").write_bytes(_decree(seq))
    (tmp_path / "nd-26.txt").write_bytes(b"\x00\x01binary")
    assert main(["import", "--batch", "2", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "nd-23.txt" in err and "refused for the test" in err
    assert "nd-26.txt" in err and err.count("thất bại: ") == 2  # the binary file too (its reason is translated)
    assert "4 văn bản đã nhập, 2 thất bại" in err
    assert err.count("chỉ mục tìm kiếm: ") == 3  # one index catch-up per batch of two
    assert sorted(Work.objects.values_list("number", flat=True)) == [f"{seq}/2025/NĐ-CP" for seq in (21, 22, 24, 25)]


@pytest.mark.django_db
def test_a_batch_points_waiting_citations_at_the_documents_it_stores_once_for_all():
    """A document citing one that comes later in the batch (or in an earlier import) points at it once
    the batch is stored, as when each document was imported alone."""
    services.work_import_batch(actor=None, sources=[services.Source(_decree(5, " và Nghị định số 21/2025/NĐ-CP"),
                                                                    "nd-5.txt")])
    assert Relation.objects.get(source__number="5/2025/NĐ-CP", target_key="21/2025/ND-CP").target is None
    outcomes = services.work_import_batch(actor=None, sources=[
        services.Source(_decree(22, " và Nghị định số 23/2025/NĐ-CP"), "nd-22.txt"),
        services.Source(_decree(21), "nd-21.txt"), services.Source(_decree(23), "nd-23.txt")])
    assert all(isinstance(o, services.ImportResult) for o in outcomes)
    works = {w.number_key: w for w in Work.objects.all()}
    assert Relation.objects.get(source__number="5/2025/NĐ-CP", target_key="21/2025/ND-CP").target == works[
        "21/2025/ND-CP"]
    assert Relation.objects.get(source__number="22/2025/NĐ-CP", target_key="23/2025/ND-CP").target == works[
        "23/2025/ND-CP"]
    assert Relation.objects.get(source__number="22/2025/NĐ-CP", target_key="64/2025/QH15").target is None


@pytest.mark.django_db
def test_a_batch_writes_the_audit_entry_and_outbox_row_one_document_alone_would():
    alone = services.work_import(actor=None, data=_decree(31), filename="nd-31.txt").work
    outcome = services.work_import_batch(actor=None, sources=[services.Source(_decree(32), "nd-32.txt")])[0]
    assert isinstance(outcome, services.ImportResult)
    entries = [AuditEntry.objects.get(target_id=str(work.pk)) for work in (alone, outcome.work)]
    for entry, work in zip(entries, (alone, outcome.work), strict=True):
        assert (entry.action, entry.target_type, entry.target_repr, entry.actor_id) == (
            "corpus.work.imported", "corpus.work", str(work)[:255], None)
        assert entry.created_at is not None
        assert list(IndexOutbox.objects.filter(work_id=work.pk).values_list("op", flat=True)) == ["index"]
    assert entries[0].data.keys() == entries[1].data.keys()
    assert entries[1].data["source"] == "nd-32.txt"
