"""Collective assignments: the register of member agencies across the 2025 reorganisation, a group's
members as of the assignment date, expansion (at creation, at extraction, on demand), idempotence and
the parent's summary."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from hoinhap.core.errors import PermissionDenied, ValidationFailed
from hoinhap.core.models import AuditEntry, Membership, Organisation, User
from hoinhap.implementation import collective, services
from hoinhap.implementation.register import read_rows, register_load

PROVINCES = "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"


@pytest.fixture
def register(db):
    register_load(actor=None)
    secretariat = User.objects.create_user("thu-ky")
    Membership.objects.create(user=secretariat, organisation=Organisation.objects.get(code="CP"),
                              role=Membership.Role.SECRETARIAT)
    return secretariat


def _group_org(name: str) -> Organisation:
    return Organisation.objects.create(code=f"G{Organisation.objects.count()}", name=name, kind="other")


def _programme(actor: User, slug: str, effective: date):  # noqa: ANN202
    return services.programme_create(actor=actor, slug=slug, title=f"Chương trình {slug}", effective_from=effective)


def test_the_register_counts_the_agencies_on_each_side_of_the_reorganisation(register):
    rows = read_rows()
    assert len({r.code for r in rows}) == len(rows)
    both = collective.Group(ministries=True, agencies=True, provinces=False)
    provinces = collective.Group(ministries=False, agencies=False, provinces=True)
    assert collective.members(both, date(2025, 2, 28)).count() == 22  # 18 ministries, 4 ministry-level agencies
    assert collective.members(both, date(2025, 3, 1)).count() == 17  # 14 and 3 (Resolution 176/2025/QH15)
    assert collective.members(provinces, date(2025, 6, 30)).count() == 63
    assert collective.members(provinces, date(2025, 7, 1)).count() == 34  # Resolution 202/2025/QH15
    assert Organisation.objects.get(code="QNAM").current(date(2025, 7, 1)).code == "DN"
    assert Organisation.objects.get(code="BTTTT").current(date(2025, 3, 1)).code == "BKHCN"


def test_loading_the_register_twice_changes_nothing(register):
    before = AuditEntry.objects.count()
    again = register_load(actor=None)
    assert (again.created, again.updated, again.merged) == ([], [], [])
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(("phrase", "kinds"), [
    ("các bộ, ngành, địa phương", (True, True, True)),
    ("Các bộ, cơ quan ngang bộ", (True, True, False)),
    ("các bộ", (True, False, False)),
    (PROVINCES, (False, False, True)),
    ("UBND các tỉnh, thành phố", (False, False, True)),
    ("các địa phương", (False, False, True)),
    ("Bộ, ngành, địa phương", (True, True, True)),
])
def test_group_phrases_name_their_kinds(phrase, kinds):
    group = collective.read_group(phrase)
    assert group is not None and (group.ministries, group.agencies, group.provinces) == kinds


@pytest.mark.parametrize("phrase", ["Bộ Ngoại giao", "các bộ, ngành liên quan", "Thành phố Hà Nội", "Ủy ban nhân dân"])
def test_agencies_and_indefinite_groups_are_not_expanded(phrase):
    assert collective.read_group(phrase) is None


def test_a_task_led_by_the_provinces_after_july_2025_goes_to_the_34(register):
    programme = _programme(register, "ctr-sau", date(2025, 8, 1))
    task = services.task_create(actor=register, programme=programme, title="Triển khai tại địa phương",
                                lead=_group_org(PROVINCES), deadline_text="31/12/2025")
    subtasks = task.subtasks.select_related("lead")
    assert subtasks.count() == 34 and task.collective_group == PROVINCES
    assert {t.lead.code for t in subtasks} >= {"HN", "DN", "HCM", "CT"} and "QNAM" not in {t.lead.code for t in subtasks}
    first = subtasks.get(lead__code="DN")
    assert first.deadline == date(2025, 12, 31) and first.standing == task.standing  # the stored status, derived
    assert AuditEntry.objects.filter(action="implementation.task.expanded", target_id=str(task.pk)).count() == 1


def test_a_task_assigned_before_the_merger_expands_to_the_63_then_reruns_add_nothing(register):
    programme = _programme(register, "ctr-truoc", date(2025, 5, 31))
    task = services.task_create(actor=register, programme=programme, title="Nhiệm vụ", lead=_group_org("các bộ, ngành"))
    assert task.subtasks.count() == 17  # created today: the ministries merged in March give way to their successors
    provinces = services.task_create(actor=register, programme=programme, title="Nhiệm vụ", lead=_group_org("x"))
    provinces.collective_group = "các tỉnh, thành phố trực thuộc trung ương"
    provinces.save()
    in_june = collective.task_expand(actor=register, task=provinces, today=date(2025, 6, 15))
    assert len(in_june.created) == 63 and in_june.as_of == date(2025, 5, 31)
    again = collective.task_expand(actor=register, task=provinces, today=date(2026, 1, 5))
    assert again.created == [] and again.kept == 34  # each of the 34 stands for members it already has
    assert provinces.subtasks.count() == 63
    assert AuditEntry.objects.filter(action="implementation.task.expanded", target_id=str(provinces.pk)).count() == 1


def test_expansion_after_the_merger_keeps_the_absorbed_member_as_original_lead(register):
    programme = _programme(register, "ctr-bo", date(2025, 1, 15))
    task = services.task_create(actor=register, programme=programme, title="Rà soát", lead=_group_org("x"))
    task.collective_group = "các bộ, cơ quan ngang bộ"
    task.save()
    assert collective.agencies_in_charge(collective.read_group(task.collective_group), date(2025, 1, 15),
                                         date(2025, 2, 1))[0][0].code == "BCA"
    expansion = collective.task_expand(actor=register, task=task, today=date(2026, 1, 5))
    leads = {t.lead.code: t for t in expansion.created}
    assert len(leads) == 17 and "BKHĐT" not in leads and "UBDT" not in leads
    assert leads["BDTTG"].original_lead.code == "UBDT"  # the new ministry did not exist on the assignment date
    assert leads["BTC"].original_lead is None  # BTC existed; BKHĐT merged into it


def test_the_parent_summarises_its_members(register):
    programme = _programme(register, "ctr-tong-hop", date(2025, 8, 1))
    task = services.task_create(actor=register, programme=programme, title="Báo cáo", lead=_group_org("các bộ"),
                                deadline_text="30/9/2025")
    done = task.subtasks.get(lead__code="BNG")
    done.completed_on, done.completion_known_on = date(2025, 9, 20), date(2025, 9, 22)
    done.save()
    summary = collective.summary(task, date(2025, 10, 15))
    assert (summary.total, summary.completed, summary.overdue) == (14, 1, 13)
    assert collective.summary(task, date(2025, 9, 1)).overdue == 0
    with translation.override("vi"):
        assert summary.text == "1/14 hoàn thành, 13 quá hạn"


def test_expanding_is_for_the_secretariat_and_needs_a_group(register):
    programme = _programme(register, "ctr-quyen", date(2025, 8, 1))
    task = services.task_create(actor=register, programme=programme, title="Nhiệm vụ",
                                lead=Organisation.objects.get(code="BNG"))
    with pytest.raises(ValidationFailed):
        collective.task_expand(actor=register, task=task, today=date(2025, 9, 1))
    reporter = User.objects.create_user("bao-cao")
    Membership.objects.create(user=reporter, organisation=task.lead, role=Membership.Role.REPORTER)
    with pytest.raises(PermissionDenied):
        collective.task_expand(actor=reporter, task=task, today=date(2025, 9, 1))
    assert task.subtasks.count() == 0


def test_extraction_expands_a_row_led_by_the_provinces(register):
    from hoinhap.corpus.services import work_import

    text = ("NGHỊ QUYẾT\nBan hành Chương trình (thử)\n\nĐiều 1. Ban hành Chương trình.\n\nPHỤ LỤC\n\n"
            "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời hạn |\n|---|---|---|---|---|---|\n"
            "| 1 | Kế hoạch của địa phương | Ủy ban nhân dân các tỉnh, thành phố | Bộ Ngoại giao | Kế hoạch | 12/2025 |\n"
            "| 2 | Đàm phán | Bộ Ngoại giao |  | Báo cáo | 12/2025 |\n")
    work = work_import(actor=None, data=text.encode(), filename="ct.txt", number="98/NQ-CP").work
    programme = services.programme_create(actor=register, slug="ctr-trich", title="Thử", work=work,
                                          effective_from=date(2025, 9, 1))
    result = services.programme_extract(actor=register, programme=programme)
    first = next(t for t in result.tasks if t.number == "1")
    assert first.collective_group and first.subtasks.count() == 34
    assert next(t for t in result.tasks if t.number == "2").subtasks.count() == 0


def test_the_demo_task_for_the_provinces_is_expanded_to_the_34(demo, client):
    from hoinhap.implementation.models import Task

    task = Task.objects.get(programme__slug="ctrhd-153", number="5")
    assert task.collective_group.startswith("Ủy ban nhân dân các tỉnh") and task.subtasks.count() == 34
    assert Organisation.objects.filter(code="QNAM", successor__code="DN", active_until=date(2025, 6, 30)).exists()
    client.force_login(User.objects.create_superuser("root"))
    with translation.override("vi"):
        page = client.get(f"/nhiem-vu/{task.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "/34 hoàn thành" in page and "Giao cho từng cơ quan thành viên" in page


def test_a_directive_given_to_the_ministries_and_localities_expands(register):
    from hoinhap.steering import services as steering

    meeting = steering.meeting_create(actor=register, title="Phiên họp", held_on=date(2025, 9, 10))
    named = _group_org("Các bộ, ngành, địa phương")
    steering.conclusion_record(actor=register, meeting=meeting, title="Kết luận", directives=[
        steering.DirectiveSpec(text="Xây dựng kế hoạch hành động", lead=named),
        steering.DirectiveSpec(text="Chuẩn bị hội nghị")])
    first, second = meeting.directives.order_by("position")
    assert first.task.subtasks.count() == 17 + 34
    assert second.task.subtasks.count() == 0
    steering.directive_assign_lead(actor=register, directive=second, lead=_group_org("các bộ, cơ quan ngang bộ"))
    assert second.task.subtasks.count() == 17


def test_the_api_lists_the_members_with_the_summary(register, client):
    programme = _programme(register, "ctr-api", date(2025, 8, 1))
    task = services.task_create(actor=register, programme=programme, title="Nhiệm vụ", lead=_group_org("các bộ"),
                                deadline_text="30/9/2025")
    assert client.get(f"/api/v1/tasks/{task.pk}/members").status_code == 401
    client.force_login(register)
    data = client.get(f"/api/v1/tasks/{task.pk}/members?as_of=2025-10-01").json()
    assert data["summary"]["total"] == 14 and data["summary"]["overdue"] == 14
    assert [m["lead"] for m in data["members"]][:2] == ["BCA", "BCT"] and data["group"] == "các bộ"
    again = client.post(f"/api/v1/tasks/{task.pk}/expand", content_type="application/json")
    assert again.status_code == 200 and again.json()["created"] == [] and again.json()["kept"] == 14
