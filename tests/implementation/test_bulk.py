"""Issue 14, item 8: the bulk task import goes through the task services and audits each task
(an entry targeted at it), still all or nothing, with an error naming the bad row."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from hoinhap.core.errors import ValidationFailed
from hoinhap.core.models import AuditEntry
from hoinhap.implementation.bulk_services import export_rows, tasks_import, to_csv
from hoinhap.implementation.selectors import task_list


def _rows(programme):
    tasks = task_list(date(2025, 7, 1), programme=programme).prefetch_related("coordinators")
    return export_rows(date(2025, 7, 1), list(tasks))


def _entries(task):
    return list(AuditEntry.objects.filter(target_type="implementation.task", target_id=str(task.pk)).order_by("id"))


def test_each_created_and_updated_task_has_its_own_audit_entry(org, programme):
    rows = _rows(programme)
    first = next(r for r in rows if r["number"] == "1")
    first.update(title="Xây dựng Nghị định (sửa)", coordinators="BNG", lead="BTP")
    rows.append({**first, "id": "", "number": "9", "title": "Nhiệm vụ mới", "coordinators": "BTC; BNG"})
    counts = tasks_import(actor=org["secretariat"], data=to_csv(rows), filename="nhiem-vu.csv")
    assert counts == {"created": 1, "updated": 1, "unchanged": len(rows) - 2}

    updated = programme.tasks.get(number="1")
    assert (updated.title, updated.lead.code) == ("Xây dựng Nghị định (sửa)", "BTP")
    assert [o.code for o in updated.coordinators.all()] == ["BNG"]
    entry = _entries(updated)[-1]
    assert (entry.action, entry.actor) == ("implementation.task.updated", org["secretariat"])
    assert entry.data["file"] == "nhiem-vu.csv" and entry.data["row"] == rows.index(first) + 2
    assert entry.data["changed"] == ["coordinators", "lead", "title"]
    assert entry.data["before"]["lead"] == "BTC" and entry.data["before"]["title"].startswith("Xây dựng Nghị định về")

    created = programme.tasks.get(number="9")
    assert [e.action for e in _entries(created)] == ["implementation.task.created"]
    assert sorted(o.code for o in created.coordinators.all()) == ["BNG", "BTC"]
    unchanged = programme.tasks.get(number="2")
    assert [e.action for e in _entries(unchanged)] == []  # extraction audits the programme, not each task


def test_a_bad_row_stores_nothing_and_is_named(org, programme):
    rows = _rows(programme)
    before = (programme.tasks.count(), AuditEntry.objects.count())
    rows[0]["title"] = "Đổi tên"
    rows.append({**rows[1], "id": "", "title": "Mới"})
    rows.append({**rows[1], "id": "", "title": "Mới nữa", "lead": "NOPE"})
    with pytest.raises(ValidationFailed, match=rf"tasks.csv, (row|dòng) {len(rows) + 1}: .*NOPE") as error:
        tasks_import(actor=org["secretariat"], data=to_csv(rows), filename="tasks.csv")
    assert error.value.details["row"] == len(rows) + 1
    assert (programme.tasks.count(), AuditEntry.objects.count()) == before
    assert not programme.tasks.filter(title="Đổi tên").exists()


@pytest.mark.parametrize(("change", "message"), [
    ({"title": "  "}, "title"),
    ({"id": "999999"}, "999999"),
    ({"number": "x" * 40}, "32"),
    ({"output": "Báo cáo\n[…] (Đã cắt: văn bản dài 40.000 ký tự"}, "output"),
])
def test_a_row_the_services_refuse_names_its_row(org, programme, change, message):
    rows = _rows(programme)
    rows[2].update(change)
    with translation.override("en"), pytest.raises(ValidationFailed, match=f"(row|dòng) 4: .*{message}"):
        tasks_import(actor=org["secretariat"], data=to_csv(rows), filename="tasks.csv")


def test_surrounding_spaces_are_not_kept_and_the_change_is_audited(org, programme):
    """Decision: the import strips the spaces around each value, as the task services do, so a title
    typed " - X " is stored "- X" (the dash kept), and exporting and importing it again changes nothing."""
    rows = _rows(programme)
    first = next(r for r in rows if r["number"] == "1")
    first["title"] = f"  - {first['title']}  "
    assert tasks_import(actor=org["secretariat"], data=to_csv(rows), filename="t.csv")["updated"] == 1
    task = programme.tasks.get(number="1")
    assert task.title == first["title"].strip() and task.title.startswith("- ")
    assert _entries(task)[-1].data["changed"] == ["title"]
    assert tasks_import(actor=org["secretariat"], data=to_csv(_rows(programme)), filename="t.csv")["updated"] == 0
