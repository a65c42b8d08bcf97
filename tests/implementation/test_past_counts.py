"""The counts of a day other than today (``task_list_past.counts`` and ``counts_by_lead``: the tasks in force
judged from their stored status columns, the few extended later as the reference judges them) equal the
reference scan (``reference_status_counts``, ``reference_agency_dashboard``) and the list's size per
bucket, on varied data: extensions approved before and after the day (a second one replacing the first,
some refused), completions accepted before and after it, tasks assigned after it, continuous and
undated deadlines, a completion date without its day of acceptance, a merger, a plan under its
programme; for the whole register, one agency, one programme, an organisation-scoped reader and
classified tasks. On PostgreSQL and SQLite the pass reads the index ``task_past_counts`` alone."""

from __future__ import annotations

import importlib
import random
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hoinhap.implementation import buckets, report_services, selectors, services, task_list_past
from hoinhap.implementation.models import Task

INDEXED = [column.strip() for column in importlib.import_module(
    "hoinhap.implementation.migrations.0008_task_past_counts_index").KEY.split(",")]

DEADLINES = ("Thường xuyên", "Theo yêu cầu", "Từ năm 2026", "", "Trong 6 tháng", "quý III/2025")
OFFSETS = (-400, -150, -75, -30, -10, -1, 1, 90)


def _deadline(rng: random.Random, today: date) -> str:
    if rng.random() < 0.2:
        return rng.choice(DEADLINES)
    return (today + timedelta(days=rng.randint(-250, 150))).strftime("%d/%m/%Y")


@pytest.fixture
def world(db):
    from hoinhap.core.models import Organisation, User

    rng = random.Random(23)
    admin = User.objects.create_superuser("admin-past", password="x")
    orgs = [Organisation.objects.create(code=f"P{i}", name=f"Cơ quan {i}", kind="ministry") for i in range(5)]
    today = timezone.localdate()
    main = services.programme_create(actor=admin, slug="main", title="Chương trình", effective_from=today - timedelta(300))
    plan = services.programme_create(actor=admin, slug="plan", title="Kế hoạch", parent=main,
                                     effective_from=today - timedelta(120))
    late = services.programme_create(actor=admin, slug="late", title="Ban hành sau", effective_from=today - timedelta(20))
    tasks = [services.task_create(actor=admin, programme=rng.choice([main, main, plan, late]), title=f"Nhiệm vụ {i}",
                                  lead=rng.choice(orgs), deadline_text=_deadline(rng, today)) for i in range(70)]
    for task in rng.sample(tasks, 35):
        when = today - timedelta(days=rng.randint(0, 160))
        if task.deadline is not None and rng.random() < 0.6:
            for step in range(rng.randint(1, 2)):  # a second extension, approved later, replaces the first
                extension = report_services.extension_request(
                    actor=admin, task=task, reason="Cần thêm thời gian", today=when,
                    new_deadline=task.deadline + timedelta(days=rng.randint(5, 120) * (step + 1)))
                report_services.extension_decide(actor=admin, extension=extension, approve=rng.random() < 0.8,
                                                 today=when + timedelta(days=step * 25))
        if rng.random() < 0.6:
            number = f"{task.pk % 9000 + 1}/2025/NĐ-CP"  # a sequence of at most four digits, whatever the ids
            report = report_services.report_submit(actor=admin, task=task, agency=task.lead, kind="completion",
                                                   text="Đã xong", today=when, output_number=number,
                                                   output_date=when - timedelta(days=rng.randint(0, 90)))
            report_services.report_review(actor=admin, report=report, accept=True,
                                          today=when + timedelta(days=rng.randint(0, 15)))
    odd = tasks[0]  # an output date written but its acceptance not recorded: not completed on any day
    odd.completed_on, odd.completion_known_on = today - timedelta(days=50), None
    odd.save()
    services.succession_apply(actor=admin, predecessor=orgs[0], successor=orgs[1], effective=today - timedelta(days=40))
    return {"admin": admin, "orgs": orgs, "programmes": [main, plan, late], "today": today}


def _scopes(world) -> list[dict[str, Any]]:  # noqa: ANN001
    return [{}, *({"agency": org} for org in world["orgs"][1:4]), *({"programme": p} for p in world["programmes"])]


def _dashboard(rows: list[selectors.AgencyRow]) -> list[tuple[str, dict[str, int]]]:
    return [(row.organisation["code"], row.counts) for row in rows]


def test_the_data_is_varied(world):
    today = world["today"]
    in_force_later = Task.objects.filter(deadline_in_force_since__gt=today - timedelta(days=75))
    assert in_force_later.count() >= 3  # extended after some of the days counted
    assert Task.objects.filter(completion_known_on__gt=today - timedelta(days=75)).count() >= 3
    assert Task.objects.filter(assigned_on__gt=today - timedelta(days=75)).exists()
    assert set(Task.objects.values_list("standing", flat=True)) == set(buckets.STANDINGS)
    assert Task.objects.filter(deadline__isnull=True, continuous=False).exists()
    assert Task.objects.filter(completed_on__isnull=False, completion_known_on__isnull=True).exists()
    met = {name for offset in OFFSETS for name, count in
           selectors.reference_status_counts(today + timedelta(days=offset)).items() if count}
    assert met == set(buckets.BUCKETS)  # every bucket is met on some day


def test_counts_equal_the_reference_on_any_day(world):
    today = world["today"]
    for offset in OFFSETS:
        day = today + timedelta(days=offset)
        for scope in _scopes(world):
            assert selectors.status_counts(day, **scope) == selectors.reference_status_counts(day, **scope), (day, scope)
        for programme in (None, *world["programmes"]):
            fast = _dashboard(selectors.agency_dashboard(day, programme=programme))
            assert fast == _dashboard(selectors.reference_agency_dashboard(day, programme=programme)), (day, programme)


def test_counts_are_the_list_sizes(world):
    today = world["today"]
    for offset in (-150, -30, -1, 90):
        day = today + timedelta(days=offset)
        for scope in _scopes(world):
            counts = selectors.status_counts(day, **scope)
            for name in buckets.BUCKETS:
                assert selectors.task_list(day, bucket=name, **scope).count() == counts[name], (day, scope, name)


def test_the_fast_counts_are_not_the_reference_computation(world):
    """The two computations do differ in what they read: with the stored columns made wrong on purpose,
    the counts follow them and the reference does not (so comparing them tests something)."""
    day = world["today"] - timedelta(days=30)
    before = selectors.reference_status_counts(day)
    Task.objects.filter(continuous=False).update(standing=buckets.STANDING_CONTINUOUS)
    assert selectors.reference_status_counts(day) == before
    assert selectors.status_counts(day)[buckets.CONTINUOUS] == sum(before.values())


def test_a_scoped_reader_and_classified_tasks(world, settings):
    """A reader who sees only its organisation's tasks counts those (classified ones included, which its
    list leaves out), on past days as the reference does."""
    from hoinhap.core.models import Membership, User

    orgs, today = world["orgs"], world["today"]
    classified = list(Task.objects.filter(lead__in=orgs[1:3]).order_by("id").values_list("id", flat=True)[::4])
    Task.objects.filter(pk__in=classified).update(classification="mat")
    settings.HOINHAP_TASKS_ORG_SCOPED = True
    reader = User.objects.create_user("scoped-past")
    Membership.objects.create(user=reader, organisation=orgs[1], role=Membership.Role.REPORTER)
    assert selectors.hidden_classified_count(reader) > 0
    for offset in (-150, -30, -1):
        day = today + timedelta(days=offset)
        counts = selectors.status_counts(day, reader=reader)
        assert counts == selectors.reference_status_counts(day, reader=reader)
        assert 0 < sum(counts.values()) < sum(selectors.status_counts(day).values())
        hidden = selectors.reference_task_list(day).filter(pk__in=classified)
        for name in buckets.BUCKETS:  # the list shows the others; the count includes the hidden ones
            shown = selectors.task_list(day, reader=reader, bucket=name).count()
            hidden_here = len([t for t in hidden if t.bucket == name and t.pk in
                               set(selectors.scoped_tasks(reader).values_list("id", flat=True))])
            assert shown + hidden_here == counts[name], (day, name)
        rows = _dashboard(selectors.agency_dashboard(day, reader=reader))
        assert rows == _dashboard(selectors.reference_agency_dashboard(day, reader=reader))


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # as a deployed database is: vacuumed (an index-only scan needs the visibility map); and the
            # few rows here would be read from the table: not with a million
            cursor.execute("VACUUM ANALYZE implementation_task")
            switches = ("enable_seqscan", "enable_bitmapscan")
            for switch in switches:
                cursor.execute(f"SET {switch} = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = cursor.fetchall()
            for switch in switches:
                cursor.execute(f"RESET {switch}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = cursor.fetchall()
        return "\n".join(" ".join(str(part) for part in row) for row in plan)


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
def test_the_pass_reads_the_index_alone(world):
    """Every column the count of a past day reads is in the index ``task_past_counts``: on PostgreSQL an
    index-only scan, on SQLite a covering index (no row of the table visited)."""
    day = world["today"] - timedelta(days=30)
    expected = "COVERING INDEX task_past_counts"
    for by in ((), ("lead_id",)):  # the status counts, the agency dashboard
        with CaptureQueriesContext(connection) as queries:
            list(task_list_past._in_force_groups(Task.objects.filter(task_list_past.assigned(day)), day, by))
        (counted,) = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
        read = set(re.findall(r'"implementation_task"\."(\w+)"', counted))
        assert read and read <= {*INDEXED, "id"}, read  # the index carries every column the count reads
        plan = _plan(counted)
        # SQLite's plan is decided by the index alone; PostgreSQL's, with a few dozen rows, by costs that a table
        # of a million rows settles (the bench measures it: `Index Only Scan`, `Heap Fetches: 0`), so here it
        # must use an index, not scan the table
        assert expected in plan if connection.vendor != "postgresql" else "Index" in plan and "Seq Scan" not in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's setting is PostgreSQL's")
def test_the_planner_setting_is_restored(world):
    """The count is planned with random reads priced for SSD storage; the connection's own setting is
    back afterwards, for the rest of the request's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL random_page_cost = 3.5")
        selectors.status_counts(world["today"] - timedelta(days=30))
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "3.5"
