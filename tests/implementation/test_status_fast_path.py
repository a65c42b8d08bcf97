"""Today's counts kept per lead and programme (``status_cache``) equal the counts of any other day (one
pass over the stored status columns, ``task_list_past.counts``) and the reference computation (the
scan over the tasks and their extensions) after every kind of write, in a seeded random loop; they
move to a new day when the date rolls over; and today's status reads no task row."""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hoinhap.implementation import report_services, selectors, services, status_cache
from hoinhap.implementation.models import Task, TaskStatusCount, TaskStatusDay


@contextmanager
def scanning():
    """Today counted as any other date is: from the stored status columns, not the kept counts."""
    with mock.patch.object(status_cache, "usable", lambda as_of: False):
        yield


def _dashboard(as_of: date, dashboard=selectors.agency_dashboard, **kw) -> list[tuple[str, dict[str, int]]]:  # noqa: ANN001
    return [(row.organisation["code"], row.counts) for row in dashboard(as_of, **kw)]


def _overdue_by_agency(rows: list[tuple[str, dict[str, int]]]) -> list[tuple[str, int]]:
    return [(code, counts["overdue"]) for code, counts in rows[:20] if counts["overdue"]]


def _figures(today: date, programmes, agencies, *, reference: bool = False) -> list:  # noqa: ANN001
    counts = selectors.reference_status_counts if reference else selectors.status_counts
    dashboard = selectors.reference_agency_dashboard if reference else selectors.agency_dashboard
    if reference:  # the overview's aggregate, from the reference dashboard (every task: public counts)
        overdue = _overdue_by_agency(_dashboard(today, dashboard))
    else:
        overdue = [(row["code"], row["overdue"]) for row in selectors.overdue_by_agency(today, reader=None, limit=20)]
    figures = [counts(today), _dashboard(today, dashboard), overdue]
    figures += [counts(today, programme=p) for p in programmes]
    figures += [_dashboard(today, dashboard, programme=p) for p in programmes]
    return figures + [counts(today, agency=a) for a in agencies]


def _assert_same(today: date, programmes, agencies) -> None:
    """The kept counts, the counts from the stored columns and the reference scan agree."""
    kept = _figures(today, programmes, agencies)
    with scanning():
        stored = _figures(today, programmes, agencies)
    assert kept == stored
    assert stored == _figures(today, programmes, agencies, reference=True)


@pytest.fixture
def world(db):
    from hoinhap.core.models import Organisation, User

    admin = User.objects.create_superuser("admin-fast", password="x")
    orgs = [Organisation.objects.create(code=f"O{i}", name=f"Cơ quan {i}", kind="ministry") for i in range(8)]
    today = timezone.localdate()
    main = services.programme_create(actor=admin, slug="main", title="Chương trình", effective_from=today - timedelta(400))
    plan = services.programme_create(actor=admin, slug="plan", title="Kế hoạch", parent=main,
                                     effective_from=today - timedelta(200))
    later = services.programme_create(actor=admin, slug="later", title="Chưa ban hành", effective_from=today + timedelta(30))
    return admin, orgs, [main, plan, later], today


def _deadline(rng: random.Random, today: date) -> str:
    kind = rng.random()
    if kind < 0.1:
        return "Thường xuyên"
    if kind < 0.15:
        return ""
    day = today + timedelta(days=rng.randint(-60, 60))
    return day.strftime("%d/%m/%Y")


def test_kept_counts_equal_the_scan_after_random_writes(world):
    admin, orgs, programmes, today = world
    rng = random.Random(15)
    tasks: list[Task] = []
    for i in range(40):
        tasks.append(services.task_create(actor=admin, programme=rng.choice(programmes), title=f"Nhiệm vụ {i}",
                                          lead=rng.choice(orgs), deadline_text=_deadline(rng, today)))
    _assert_same(today, programmes, orgs)
    assert TaskStatusDay.objects.filter(day=today).exists()  # built by the first read of the day
    merged = 0
    for step in range(60):
        action = rng.choice(["create", "lead", "deadline", "complete", "extend", "merge"])
        task = Task.objects.get(pk=rng.choice(tasks).pk)
        when = today + timedelta(days=rng.randint(-20, 3))  # a write dated in the future counts from its date only
        if action == "create":
            tasks.append(services.task_create(actor=admin, programme=rng.choice(programmes), title=f"Mới {step}",
                                              lead=rng.choice(orgs), deadline_text=_deadline(rng, today)))
        elif action == "lead":
            services.task_update(actor=admin, task=task, lead=rng.choice(orgs))
        elif action == "deadline":
            services.task_update(actor=admin, task=task, deadline_text=_deadline(rng, today))
        elif action == "complete" and task.completed_on is None:
            report = report_services.report_submit(
                actor=admin, task=task, agency=task.lead, kind="completion", text="Đã xong", today=max(when, today),
                output_number=f"{step + 1}/2025/NĐ-CP", output_date=today - timedelta(days=rng.randint(0, 90)))
            report_services.report_review(actor=admin, report=report, accept=True, today=when)
        elif action == "extend" and task.deadline is not None and not task.continuous:
            extension = report_services.extension_request(actor=admin, task=task, reason="Cần thêm thời gian",
                                                          new_deadline=task.deadline + timedelta(days=rng.randint(5, 90)),
                                                          today=when)
            report_services.extension_decide(actor=admin, extension=extension, approve=rng.random() < 0.8, today=when)
        elif action == "merge" and merged < 2:
            predecessor, successor = orgs[merged], orgs[7 - merged]
            services.succession_apply(actor=admin, predecessor=predecessor, successor=successor,
                                      effective=today - timedelta(days=rng.randint(0, 10)))
            merged += 1
        _assert_same(today, programmes, orgs)
    assert TaskStatusCount.objects.filter(day=today).exists()
    # every kind of write happened
    assert Task.objects.filter(completed_on__isnull=False).count() > 3
    assert Task.objects.filter(has_extension=True).count() > 3
    assert merged == 2 and Task.objects.filter(original_lead__isnull=False).exists()


def test_counts_move_to_the_new_day(world):
    admin, orgs, programmes, today = world
    for i, offset in enumerate((-5, 0, 1, 3, 10)):
        services.task_create(actor=admin, programme=programmes[0], title=f"t{i}", lead=orgs[i % 2],
                             deadline_text=(today + timedelta(days=offset)).strftime("%d/%m/%Y"))
    assert selectors.status_counts(today)["overdue"] == 1
    tomorrow = today + timedelta(days=2)  # two more due dates have passed
    with mock.patch.object(status_cache.timezone, "localdate", lambda: tomorrow):
        assert selectors.status_counts(tomorrow)["overdue"] == 3
        with scanning():
            assert selectors.status_counts(tomorrow)["overdue"] == 3
    assert list(TaskStatusDay.objects.values_list("day", flat=True)) == [tomorrow]  # yesterday's dropped
    assert not TaskStatusCount.objects.exclude(day=tomorrow).exists()


def test_today_reads_no_task_and_other_days_scan(world):
    admin, orgs, programmes, today = world
    for i in range(5):
        services.task_create(actor=admin, programme=programmes[i % 2], title=f"t{i}", lead=orgs[i % 3],
                             deadline_text=(today + timedelta(days=i - 2)).strftime("%d/%m/%Y"))
    selectors.status_counts(today)  # builds today's
    task_table = connection.ops.quote_name(Task._meta.db_table)
    with CaptureQueriesContext(connection) as queries:
        selectors.status_counts(today)
        selectors.agency_dashboard(today)
        selectors.status_counts(today, programme=programmes[0], agency=orgs[0])
    assert not [q for q in queries.captured_queries if task_table in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        past = selectors.status_counts(today - timedelta(days=1))
    assert [q for q in queries.captured_queries if task_table in q["sql"]]
    assert past["overdue"] == 1 and past["in_progress"] == 4


def test_a_scoped_reader_counts_its_own_tasks(world, settings):
    """A reader who sees only its organisations' tasks is not given the kept counts of every task."""
    from hoinhap.core.models import Membership, User

    admin, orgs, programmes, today = world
    for i in range(4):
        services.task_create(actor=admin, programme=programmes[0], title=f"t{i}", lead=orgs[i % 2],
                             deadline_text=today.strftime("%d/%m/%Y"))
    settings.HOINHAP_TASKS_ORG_SCOPED = True
    reader = User.objects.create_user("scoped")
    Membership.objects.create(user=reader, organisation=orgs[0], role=Membership.Role.REPORTER)
    assert selectors.status_counts(today, reader=reader)["in_progress"] == 2
    assert [row.organisation["code"] for row in selectors.agency_dashboard(today, reader=reader)] == ["O0"]
    assert selectors.status_counts(today)["in_progress"] == 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
def test_writes_at_once_with_the_first_read_of_the_day(world):
    """Writes to the same lead and the build of the day's counts at the same moment (each thread its own
    connection): the counts kept equal the scan afterwards, nothing lost or counted twice."""
    import threading

    from django.db import connections

    admin, orgs, programmes, today = world
    for i in range(6):
        services.task_create(actor=admin, programme=programmes[0], title=f"t{i}", lead=orgs[i % 2],
                             deadline_text=(today + timedelta(days=i - 3)).strftime("%d/%m/%Y"))
    calls = [lambda i=i: services.task_create(actor=admin, programme=programmes[i % 2], title=f"n{i}", lead=orgs[i % 2],
                                              deadline_text=(today - timedelta(days=i)).strftime("%d/%m/%Y"))
             for i in range(6)]
    calls += [lambda: selectors.status_counts(today), lambda: selectors.agency_dashboard(today)]
    barrier, errors = threading.Barrier(len(calls)), []

    def run(call) -> None:
        try:
            barrier.wait()
            call()
        except Exception as error:  # noqa: BLE001 -- reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Task.objects.count() == 12
    _assert_same(today, programmes, orgs)
    assert sum(selectors.status_counts(today).values()) == 12


def test_the_daily_cron_builds_todays_counts_before_the_first_reader(world):
    from hoinhap.cli import main

    admin, orgs, programmes, today = world
    services.task_create(actor=admin, programme=programmes[0], title="t", lead=orgs[0],
                         deadline_text=(today - timedelta(days=1)).strftime("%d/%m/%Y"))
    assert not TaskStatusDay.objects.filter(day=today).exists()
    assert main(["remind", "--date", (today - timedelta(days=3)).isoformat()]) == 0  # another day: nothing built
    assert not TaskStatusDay.objects.filter(day=today).exists()
    assert main(["remind"]) == 0
    assert TaskStatusDay.objects.filter(day=today).exists()
    with CaptureQueriesContext(connection) as queries:
        assert selectors.status_counts(today)["overdue"] == 1
    assert not any("INSERT" in q["sql"] for q in queries.captured_queries)  # the reader built nothing

