"""The task list read from the stored status columns (``Task.standing``, ``due_order``, ``settled_on``…)
equals the reference computation (deadline in force from the extensions approved by the day, the
bucket from ``bucket_conditions``), row for row and in order, on varied data: extensions approved on
several days, completions known before and after the day, continuous, "from a year" and "as
required" deadlines, deadlines not yet known, a merger, a plan under its programme, past, present
and future days. Its size is the count shown (today's kept counts). A past day's list (the tasks in
force merged with those extended later, ``task_list_past``) is compared page by page: slices at
several offsets, single rows, sizes, ``filter``, the API and the dashboard's pages. The agency filter's
chain of successions answers as the whole register does. Scale runs live in bench/implementation.py."""

from __future__ import annotations

import importlib
import random
from datetime import date, timedelta
from typing import Any
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.db.models import Q
from django.utils import timezone

from hoinhap.implementation import buckets, report_services, selectors, services, status_cache
from hoinhap.implementation.models import Task
from hoinhap.implementation.task_list_past import MergedTaskList

DEADLINES = ("Thường xuyên", "Theo yêu cầu", "Từ năm 2026", "Năm 2025 và các năm tiếp theo", "", "Trong 6 tháng",
             "quý III/2025", "Quý IV-2026", "2026-2030")
FILTERS: list[dict[str, Any]] = [{}, *({"bucket": b} for b in buckets.BUCKETS)]


def _deadline(rng: random.Random, today: date) -> str:
    if rng.random() < 0.3:
        return rng.choice(DEADLINES)
    return (today + timedelta(days=rng.randint(-200, 200))).strftime("%d/%m/%Y")


@pytest.fixture
def world(db):
    """Some sixty tasks of five agencies (one merged into another) in a programme and its plan, with
    completions and approved extensions dated around today, some after it."""
    from hoinhap.core.models import Organisation, User

    rng = random.Random(7)
    admin = User.objects.create_superuser("admin-list", password="x")
    orgs = [Organisation.objects.create(code=f"L{i}", name=f"Cơ quan {i}", kind="ministry") for i in range(5)]
    today = timezone.localdate()
    main = services.programme_create(actor=admin, slug="main", title="Chương trình", effective_from=today - timedelta(300))
    plan = services.programme_create(actor=admin, slug="plan", title="Kế hoạch", parent=main,
                                     effective_from=today - timedelta(100))
    tasks = [services.task_create(actor=admin, programme=rng.choice([main, plan]), title=f"Nhiệm vụ {i}",
                                  lead=rng.choice(orgs), deadline_text=_deadline(rng, today)) for i in range(60)]
    for task in rng.sample(tasks, 25):
        when = today - timedelta(days=rng.randint(0, 150))
        if task.deadline is not None and rng.random() < 0.5:
            for step in range(rng.randint(1, 2)):  # a second extension later replaces the first
                extension = report_services.extension_request(
                    actor=admin, task=task, reason="Cần thêm thời gian", today=when,
                    new_deadline=task.deadline + timedelta(days=rng.randint(10, 120) * (step + 1)))
                report_services.extension_decide(actor=admin, extension=extension, approve=rng.random() < 0.85,
                                                 today=when + timedelta(days=step * 20))
        if rng.random() < 0.6:
            report = report_services.report_submit(actor=admin, task=task, agency=task.lead, kind="completion",
                                                   text="Đã xong", today=when, output_number=f"{task.pk}/2025/NĐ-CP",
                                                   output_date=when - timedelta(days=rng.randint(0, 60)))
            report_services.report_review(actor=admin, report=report, accept=True,
                                          today=when + timedelta(days=rng.randint(0, 10)))
    services.succession_apply(actor=admin, predecessor=orgs[0], successor=orgs[1], effective=today - timedelta(days=30))
    return {"orgs": orgs, "programmes": [main, plan], "today": today, "tasks": tasks}


def _rows(queryset) -> list[tuple[int, date | None, str]]:  # noqa: ANN001
    return [(task.pk, task.due, task.bucket) for task in queryset]


def _scopes(world) -> list[dict[str, Any]]:  # noqa: ANN001
    return [{}, *({"agency": org} for org in world["orgs"][1:3]), *({"programme": p} for p in world["programmes"])]


def _assert_lists_equal(day: date, world) -> None:  # noqa: ANN001
    for scope in _scopes(world):
        for extra in FILTERS:
            fast = _rows(selectors.task_list(day, **scope, **extra))
            assert fast == _rows(selectors.reference_task_list(day, **scope, **extra)), (day, scope, extra)


def test_the_data_is_varied(world):
    kinds = set(Task.objects.values_list("deadline_kind", flat=True))
    assert {"continuous", "as_required", "date"} <= kinds, kinds
    assert Task.objects.filter(has_extension=True).count() >= 5
    assert Task.objects.filter(completed_on__isnull=False).count() >= 5
    assert Task.objects.filter(deadline__isnull=True, continuous=False).exists()
    assert {t for t in Task.objects.values_list("standing", flat=True)} == set(buckets.STANDINGS)


def test_fast_list_equals_the_reference_on_any_day(world):
    today = world["today"]
    for offset in (-400, -160, -90, -45, -10, -1, 0, 1, 30, 400):
        _assert_lists_equal(today + timedelta(days=offset), world)


def test_today_reads_the_stored_columns(world):
    """Nothing is dated after today, so today's list is read from the stored columns only: the
    reference (the extension lookup) is not called, and the result is still the reference's."""
    today = world["today"]
    expected = {b: _rows(selectors.reference_task_list(today, bucket=b)) for b in buckets.BUCKETS}
    refused = AssertionError("the reference was used")
    with mock.patch.object(selectors, "_with_due", side_effect=refused), \
            mock.patch.object(selectors, "_with_stored_due", side_effect=refused):
        for name in buckets.BUCKETS:
            assert _rows(selectors.task_list(today, bucket=name)) == expected[name]


def _later_facts(day: date) -> tuple[int, int]:
    """How many tasks had their completion accepted, and their extension in force approved, after ``day``."""
    assigned = Task.objects.filter(Q(assigned_on__isnull=True) | Q(assigned_on__lte=day))
    return (assigned.filter(completed_on__isnull=False, completion_known_on__gt=day).count(),
            assigned.filter(deadline_in_force_since__gt=day).count())


def test_a_past_day_merges_the_tasks_in_force_with_those_extended_later(world):
    """90 days ago, completions and extensions known since are not in force yet: the list is not the
    stored standing (which counts them) but the merge of the tasks whose deadline in force held then
    (read from the stored columns) and those extended later (computed); the reference is not used."""
    past = world["today"] - timedelta(days=90)
    completed_later, extended_later = _later_facts(past)
    assert completed_later and extended_later, "the world must have both kinds of later facts"
    expected = {b: _rows(selectors.reference_task_list(past, bucket=b)) for b in (None, *buckets.BUCKETS)}
    with mock.patch.object(selectors, "_with_due", side_effect=AssertionError("the reference was used")):
        for name, rows in expected.items():
            listed = selectors.task_list(past, bucket=name)
            assert isinstance(listed, MergedTaskList)
            assert _rows(listed) == rows, name
    extended = set(Task.objects.filter(assigned_on__lte=past, deadline_in_force_since__gt=past).values_list("pk", flat=True))
    listed = selectors.task_list(past)
    assert isinstance(listed, MergedTaskList)
    in_force, later = (list(tasks) for tasks, _ in listed.parts)
    assert {t.pk for t in later} == extended and not extended & {t.pk for t in in_force}


def _slices(size: int) -> list[slice]:
    return [slice(0, 1), slice(0, 5), slice(3, 9), slice(max(size - 4, 0), size + 3), slice(size, size + 2),
            slice(7, None), slice(0, size)]


@pytest.mark.parametrize("days_ago", [400, 150, 90, 45, 10])
def test_past_lists_page_like_the_reference(world, days_ago):
    """Every scope, bucket and offset on past days: the page (slice), a row (index), the size and the
    whole list (iteration) are the reference's, and ``filter``/``prefetch_related`` keep them so."""
    day = world["today"] - timedelta(days=days_ago)
    for scope in _scopes(world):
        for extra in FILTERS:
            reference = _rows(selectors.reference_task_list(day, **scope, **extra))
            listed = selectors.task_list(day, **scope, **extra)
            assert len(listed) == listed.count() == len(reference), (day, scope, extra)
            for part in _slices(len(reference)):
                assert _rows(listed[part]) == reference[part], (day, scope, extra, part)
            for position in {0, len(reference) // 2, len(reference) - 1} if reference else ():
                assert _rows([listed[position]]) == [reference[position]], (day, scope, extra, position)
    listed, reference_list = selectors.task_list(day), selectors.reference_task_list(day)
    no_parent = _rows(listed.filter(parent__isnull=True).prefetch_related("coordinators"))
    assert no_parent == _rows(reference_list.filter(parent__isnull=True))


def test_merged_list_rejects_what_a_queryset_rejects(world):
    past = world["today"] - timedelta(days=90)
    listed = selectors.task_list(past)
    assert isinstance(listed, MergedTaskList)
    with pytest.raises(IndexError):
        listed[len(listed)]
    with pytest.raises(IndexError):
        listed[-1]
    with pytest.raises(ValueError):
        listed[0:10:2]


def test_a_past_page_reads_keys_then_its_rows_only(world):
    """A page of a past day's list does not read whole lists: bounded key queries, then its rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    past = world["today"] - timedelta(days=90)
    listed = selectors.task_list(past)
    with CaptureQueriesContext(connection) as queries:
        page = listed[2:6]
    assert len(page) == 4
    keys = [q["sql"] for q in queries.captured_queries if "LIMIT 6" in q["sql"]]
    assert len(keys) == 2, [q["sql"] for q in queries.captured_queries]
    assert len(queries.captured_queries) <= 2 + 2 * 3  # keys, then each part's rows with their lead and programme


def test_agency_chain_reads_only_its_chain(db):
    """``answering_for`` reads the agency's successors and predecessors only, and answers as the whole
    register does: a two-step merger, a later one, an unrelated register and a cycle."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hoinhap.core.models import Organisation

    orgs = [Organisation.objects.create(code=f"S{i}", name=f"Cơ quan {i}", kind="ministry") for i in range(40)]
    merged = {0: (1, date(2025, 1, 31)), 1: (2, date(2025, 6, 30)), 3: (2, date(2025, 3, 31)),
              5: (6, date(2025, 9, 30)), 7: (8, date(2025, 1, 31)), 8: (7, date(2025, 2, 28))}
    for index, (successor, until) in merged.items():
        Organisation.objects.filter(pk=orgs[index].pk).update(successor=orgs[successor], active_until=until)
    whole = selectors.Successions()
    for day in (date(2024, 12, 1), date(2025, 2, 15), date(2025, 5, 1), date(2025, 8, 1), date(2026, 1, 1)):
        for org in orgs[:10]:
            assert selectors.answering_for(org.pk, day) == whole.answering_for(org.pk, day), (org.code, day)
    with CaptureQueriesContext(connection) as queries:
        chain = selectors.Successions.chain_of(orgs[2].pk)
    assert set(chain.rows) == {orgs[i].pk for i in (0, 1, 2, 3)}
    assert len(queries.captured_queries) <= 4


def test_list_size_is_the_count_shown(world):
    """Today's counts come from the counts kept per lead and programme; the list shows as many rows."""
    today = world["today"]
    for scope in _scopes(world):
        counts = selectors.status_counts(today, **scope)
        for name in buckets.BUCKETS:
            assert selectors.task_list(today, bucket=name, **scope).count() == counts[name], (scope, name)
        assert selectors.task_list(today, **scope).count() == sum(counts.values())


def test_writes_keep_the_stored_columns(world):
    """After every service write the stored columns are what ``save`` derives from scratch, and what
    the SQL (``store_status``, migration 0004) derives."""
    from hoinhap.core.models import User

    today = world["today"]
    admin = User.objects.get(username="admin-list")
    task = Task.objects.filter(deadline__isnull=False, has_extension=False, completed_on__isnull=True).first()
    assert task is not None and task.deadline is not None
    extension = report_services.extension_request(actor=admin, task=task, reason="Lý do", today=today,
                                                  new_deadline=task.deadline + timedelta(days=400))
    report_services.extension_decide(actor=admin, extension=extension, approve=True, today=today)
    task.refresh_from_db()
    assert (task.deadline_in_force, task.deadline_in_force_since) == (extension.new_deadline, today)
    assert task.due_order == extension.new_deadline and task.standing == buckets.STANDING_OPEN
    services.task_update(actor=admin, task=task, deadline_text="Thường xuyên")
    task.refresh_from_db()
    assert task.standing == buckets.STANDING_CONTINUOUS
    stored = _stored()
    for each in Task.objects.all():
        each.derive_stored_status()
        assert _columns(each) == stored[each.pk]
    Task.objects.update(standing="open", due_order=buckets.NO_DUE, settled_on=buckets.SETTLED_ALWAYS,
                        deadline_in_force=None, deadline_in_force_since=None)
    status_cache.store_status(Task.objects.all())
    assert _stored() == stored
    Task.objects.update(standing="open", due_order=buckets.NO_DUE, settled_on=buckets.SETTLED_ALWAYS,
                        deadline_in_force=None, deadline_in_force_since=None)
    migration = importlib.import_module("hoinhap.implementation.migrations.0004_task_stored_status")
    migration.fill_stored_status(django_apps, None)
    assert _stored() == stored


def _columns(task: Task) -> tuple:
    return tuple(getattr(task, name) for name in Task.STORED_STATUS_FIELDS)


def _stored() -> dict[int, tuple]:
    return {row[0]: tuple(row[1:]) for row in Task.objects.values_list("pk", *Task.STORED_STATUS_FIELDS)}


def test_a_completion_moves_the_task_between_lists(world):
    today = world["today"]
    from hoinhap.core.models import User

    admin = User.objects.get(username="admin-list")
    task = Task.objects.filter(standing=buckets.STANDING_OPEN, due_order__lt=today).first()
    assert task is not None and task.pk in {t.pk for t in selectors.task_list(today, bucket=buckets.OVERDUE)}
    report = report_services.report_submit(actor=admin, task=task, agency=task.lead, kind="completion", text="Xong",
                                           today=today, output_number="9/2026/NĐ-CP", output_date=today)
    report_services.report_review(actor=admin, report=report, accept=True, today=today)
    assert task.pk not in {t.pk for t in selectors.task_list(today, bucket=buckets.OVERDUE)}
    assert task.pk in {t.pk for t in selectors.task_list(today, bucket=buckets.COMPLETED_LATE)}
    _assert_lists_equal(today, world)


def test_api_offset_is_bounded(client, world):
    from hoinhap.core.models import User

    client.force_login(User.objects.get(username="admin-list"))
    assert client.get("/api/v1/tasks?offset=10000&limit=5").status_code == 200
    assert client.get("/api/v1/tasks?offset=10001").status_code == 422
    page = client.get("/api/v1/tasks?bucket=overdue&limit=500").json()
    assert [t["id"] for t in page["tasks"]] == [pk for pk, _, _ in _rows(
        selectors.reference_task_list(world["today"], bucket=buckets.OVERDUE))]
    assert len(page["tasks"]) == page["counts"]["overdue"]


def test_dashboard_pages_are_bounded(client, world):
    from hoinhap.core.models import User
    from hoinhap.web import implementation_views

    client.force_login(User.objects.get(username="admin-list"))
    with mock.patch.object(implementation_views, "PER_PAGE", 2), mock.patch.object(implementation_views, "MAX_PAGES", 3):
        page = client.get("/nhiem-vu/?page=50").context["page"]
    assert page.number == 3 and page.paginator.num_pages == 3 and len(page.object_list) == 2
    assert page.paginator.count == Task.objects.count()  # the heading still says how many there are


def test_api_and_page_on_a_past_day(client, world):
    """``GET /api/v1/tasks?as_of=…`` pages a past day's list as the reference orders it, and the
    dashboard page for that day shows its pages of the merged list."""
    from hoinhap.core.models import User
    from hoinhap.web import implementation_views

    client.force_login(User.objects.get(username="admin-list"))
    past = world["today"] - timedelta(days=90)
    for bucket in ("", buckets.OVERDUE, buckets.COMPLETED_LATE):
        reference = [pk for pk, _, _ in _rows(selectors.reference_task_list(past, bucket=bucket or None))]
        for offset, limit in ((0, 5), (4, 7), (len(reference) - 2, 5)):
            page = client.get(f"/api/v1/tasks?as_of={past}&bucket={bucket}&offset={max(offset, 0)}&limit={limit}")
            assert page.status_code == 200
            assert [t["id"] for t in page.json()["tasks"]] == reference[max(offset, 0):max(offset, 0) + limit]
    reference = [pk for pk, _, _ in _rows(selectors.reference_task_list(past))]
    with mock.patch.object(implementation_views, "PER_PAGE", 4):
        page = client.get(f"/nhiem-vu/?as_of={past}&page=2").context["page"]
    assert [t.pk for t in page.object_list] == reference[4:8] and page.paginator.count == len(reference)
