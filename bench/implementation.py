"""Implementation speed at scale, one run: 100,000 tasks in 1,000 plans led by 1,000 agencies (50 of them merged
into others), 3% with an approved extension, 40% completed. Measured server-side through Django's
test client (the whole request, warm) and as bare queries, for TODAY (served from the counts kept per
lead and programme, ``status_cache``) and for a PAST date (the scan over the tasks):

    python bench/implementation.py [--tasks 100000] [--agencies 1000] [--runs 30] [--json]
        [--reuse] [--seed-only] [--list-only] [--past-counts-only] [--no-reference]

- status as of a date: the counts per bucket (``GET /api/v1/tasks?limit=1``);
- the agency dashboard (``GET /api/v1/agencies/dashboard``) and its page (``/nhiem-vu/``);
- the overdue list of one agency and of all (``GET /api/v1/tasks?bucket=overdue&agency=…``);
- as bare queries, today: the kept counts, the scan they replace ("before"), and the other idea
  (a stored due column counted from the covering index, approximated by the scan without the
  extension lookup: a lower bound of its time); building today's counts (the first read of a day)
  and recomputing one agency's (what each write adds);
- the task list (a page of 50, the bare query and ``GET /api/v1/tasks``) with each filter (every
  bucket, one agency, one programme, both with a bucket, deep offsets) today (read from the stored
  status columns, ``Task.standing``/``due_order``) and on the past date (the tasks whose deadline in
  force held then, read the same way, merged with the few extended since: ``task_list_past``), checked
  first against the reference list (the first 300 rows from each filter's offset) and the counts
  shown; beside each, the same page from ``reference_task_list`` in as many passes, and the ratio
  reference / fast (``--no-reference`` skips it: at 1 M tasks each reference page takes 3-10 s);
- the counts of the past date (``task_list_past.counts``: the tasks in force from the index of the stored
  status columns, migration 0008, the few extended later apart) against the reference scan they replace
  (``reference_status_counts``, ``reference_agency_dashboard``), in the same run with as many passes: the
  selectors, the agency dashboard's endpoint and ``GET /api/v1/tasks?as_of=<past>&limit=50`` for the
  whole register, each bucket, one agency and one programme (the reference patched in for "before");
  checked equal first (``--past-counts-only`` measures only these);
- migration 0004 (the stored status columns' backfill and indexes), applied after the seed
  (``backfill_s``).

Goals (issue 15): status and the agency dashboard for today p99 < 150 ms at 1 M tasks on PostgreSQL
(300k on SQLite), any other date < 1 s. The peer, measured in the same run on the same rows, is what
most trackers do: read the tasks and compute each one's bucket in application code
(``buckets.bucket`` over ``values()``). Set HOINHAP_BENCH_DATABASE_URL to an empty database to run on
PostgreSQL (seeded with COPY there, in chunks with executemany on SQLite). Completions are known and
extensions approved by today, as the services date them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import nullcontext
from datetime import date, timedelta
from typing import Any, cast


def setup_django(reuse: bool = False) -> None:
    folder = tempfile.mkdtemp(prefix="hoinhap-bench-")
    os.environ["DATABASE_URL"] = os.environ.get("HOINHAP_BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    os.environ["HOINHAP_SEARCH_INDEX_DIR"] = f"{folder}/index"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoinhap.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if reuse and _migrated_seed():
        return  # the seeded rows with the stored status columns filled: no backfill to time again (backfill_s 0)
    # the schema before the stored status columns: the seed is written as a deployed database holds
    # it, and migration 0004 (its backfill and indexes) is timed on it (``backfill_s``)
    call_command("migrate", "implementation", "0003_task_status_counts", verbosity=0)


def _migrated_seed() -> bool:
    """Whether the database holds a seed already migrated to the stored status columns."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    if "implementation_programme" not in connection.introspection.table_names():
        return False
    applied = MigrationRecorder(connection).applied_migrations()
    return ("implementation", "0005_task_list_indexes") in applied and _seeded()


def migrate_rest() -> float:
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("migrate", "implementation", verbosity=0)
    backfill = time.perf_counter() - start
    call_command("migrate", verbosity=0)
    return backfill


def seed(tasks: int, agencies: int, programmes: int, seed_value: int = 11) -> None:
    from hoinhap.core.models import Organisation
    from hoinhap.implementation.models import DeadlineExtension, Programme, Task

    rng = random.Random(seed_value)
    Organisation.objects.bulk_create([Organisation(code=f"A{i:04d}", name=f"Cơ quan {i}", kind="ministry")
                                      for i in range(agencies)], batch_size=1000)
    orgs = list(Organisation.objects.order_by("id"))
    for predecessor in orgs[:50]:  # merged on 2025-03-01 into the next fifty
        successor = orgs[orgs.index(predecessor) + 50]
        Organisation.objects.filter(pk=predecessor.pk).update(successor=successor, active_until=date(2025, 2, 28))
    # every ministry's and province's plan: each programme's tasks are led by some thirty agencies
    _insert_programmes(programmes)
    plans = list(Programme.objects.filter(slug__startswith="bench-").order_by("id").values_list("id", flat=True))
    leads_of = [rng.sample(orgs, min(30, agencies)) for _ in plans]
    base = date(2024, 1, 1)
    rows: list[Task] = []
    today = date.today()
    for i in range(tasks):
        due = base + timedelta(days=rng.randint(0, 1100))
        done = due + timedelta(days=rng.randint(-90, 60)) if rng.random() < 0.4 else None
        if done is not None and done + timedelta(days=10) > today:  # nobody knows of a completion yet to come
            done = None
        p = rng.randrange(len(plans))
        rows.append(Task(programme_id=plans[p], title=f"Nhiệm vụ {i}", lead=rng.choice(leads_of[p]), deadline=due,
                         deadline_text=due.strftime("%d/%m/%Y"), deadline_kind="date", continuous=rng.random() < 0.05,
                         completed_on=done, completion_known_on=done + timedelta(days=rng.randint(0, 10)) if done else None,
                         has_extension=rng.random() < 0.03, assigned_on=base))
        if len(rows) == 50_000 or i == tasks - 1:  # in chunks: a million model instances do not fit in memory well
            _insert(rows)
            rows = []
    extended = cast(list[tuple[int, date]], list(Task.objects.filter(has_extension=True).values_list("pk", "deadline")))
    DeadlineExtension.objects.bulk_create([
        DeadlineExtension(task_id=pk, new_deadline=deadline + timedelta(days=90), reason="bench", state="approved",
                          requested_on=min(deadline, today) - timedelta(days=30),
                          decided_on=min(deadline, today) - timedelta(days=20))  # approved by today
        for pk, deadline in extended], batch_size=2000)


def _insert_programmes(count: int) -> None:
    """The programmes in the columns of the schema before migration 0004 (a model insert would write the
    fields later migrations add)."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO implementation_programme (slug, title, kind, is_illustrative, created_at) "
                           "VALUES (%s, %s, %s, %s, %s)",
                           [(f"bench-{p}", f"Kế hoạch {p} (bench)", "action_programme", False, now) for p in range(count)])


def _seeded() -> bool:
    """Whether the database holds the bench's rows already (``--reuse``: a run that stopped after the seed)."""
    from hoinhap.implementation.models import Programme

    return Programme.objects.filter(slug="bench-0").exists()


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics and visibility map, as autovacuum would have them
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


_COLUMNS = ("programme_id", "kind", "number", "group", "title", "lead_id", "coordinators_text", "output",
            "deadline_text", "deadline_kind", "deadline", "continuous", "has_extension", "completed_on",
            "completion_known_on", "output_number", "source_eid", "source_text", "assigned_on", "created_at")


def _insert(rows: list) -> None:  # noqa: ANN001
    """The columns of the schema before migration 0004: executemany on SQLite, COPY on PostgreSQL (a
    million rows in a minute instead of ten)."""
    from django.db import connection
    from django.utils import timezone

    from hoinhap.implementation.models import Task

    now = timezone.now()
    values = [(t.programme_id, t.kind, t.number, t.group, t.title, t.lead_id, "", "", t.deadline_text, t.deadline_kind,
               t.deadline, t.continuous, t.has_extension, t.completed_on, t.completion_known_on, "", "", "",
               t.assigned_on, now) for t in rows]
    table = connection.ops.quote_name(Task._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})", values)
        return
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)


def timed(function, runs: int) -> dict[str, float]:  # noqa: ANN001
    function()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"p50_ms": statistics.median(times), "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))],
            "max_ms": times[-1]}


def peer_counts(as_of: date) -> Counter[str]:
    """The peer: every task read into Python and judged there (extensions looked up per task)."""
    from hoinhap.implementation import buckets
    from hoinhap.implementation.models import DeadlineExtension, Task

    extended = dict(DeadlineExtension.objects.filter(state="approved", decided_on__lte=as_of)
                    .values_list("task_id", "new_deadline"))
    counts: Counter[str] = Counter()
    for row in Task.objects.filter(assigned_on__lte=as_of).values(
            "pk", "deadline", "continuous", "completed_on", "completion_known_on").iterator(chunk_size=5000):
        counts[buckets.bucket(as_of=as_of, due=extended.get(row["pk"], row["deadline"]), continuous=row["continuous"],
                              completed_on=row["completed_on"], completion_known_on=row["completion_known_on"])] += 1
    return counts


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client

    from hoinhap.implementation import selectors

    settings.ALLOWED_HOSTS = ["*"]
    start = time.perf_counter()
    if not (args.reuse and _seeded()):
        seed(args.tasks, args.agencies, args.programmes)
    seeded_s = time.perf_counter() - start
    backfill_s = migrate_rest()
    _analyze()
    if args.seed_only:
        return {"tasks": args.tasks, "seed_s": seeded_s, "backfill_s": backfill_s}
    from django.utils import timezone

    from hoinhap.implementation import status_cache
    from hoinhap.implementation.models import TaskStatusCount

    as_of = date(2025, 11, 15)  # a past date: the scan
    today = timezone.localdate()  # the kept counts
    start = time.perf_counter()
    status_cache.build(today)
    build_s = time.perf_counter() - start
    client = Client()
    from hoinhap.core.models import User

    client.force_login(User.objects.get_or_create(username="bench-reader")[0])  # task details need a sign-in
    agency = "A0060"  # took over A0010's tasks in the merger
    counts = selectors.status_counts(as_of)
    results: dict[str, Any] = {"tasks": args.tasks, "agencies": args.agencies, "programmes": args.programmes,
                               "kept_rows": TaskStatusCount.objects.count(), "seed_s": seeded_s, "build_s": build_s,
                               "backfill_s": backfill_s,
                               "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1], "counts": counts,
                               "today": today.isoformat(), "past": as_of.isoformat()}
    if args.past_counts_only:
        results.update(past_count_timings(client, as_of, args.runs))
        return results
    if not args.list_only:
        results.update(status_timings(client, today, as_of, agency, args.runs))
        results.update(past_count_timings(client, as_of, args.runs))
    list_checks(today, as_of, agency)
    for label, day in (("today", today), ("past", as_of)):
        results.update(list_timings(client, label, day, agency, args.runs, show=not args.json,
                                    reference=not args.no_reference))
    return results


def status_timings(client, today: date, as_of: date, agency: str, runs: int) -> dict[str, Any]:  # noqa: ANN001
    """The counts and the agency dashboard, today (kept counts) and on the past date (the scan), with the peer."""
    from unittest import mock

    from hoinhap.implementation import selectors, status_cache

    counts = selectors.status_counts(as_of)
    assert dict(peer_counts(as_of)) == {k: v for k, v in counts.items() if v}, "the SQL and the rule disagree"
    counts_today = selectors.status_counts(today)
    assert dict(peer_counts(today)) == {k: v for k, v in counts_today.items() if v}, "the kept counts and the rule disagree"
    results: dict[str, Any] = {}
    for label, day in (("today", today), ("past", as_of)):
        http = {
            "status_counts": f"/api/v1/tasks?as_of={day}&limit=1",
            "agency_dashboard": f"/api/v1/agencies/dashboard?as_of={day}",
            "overdue_one_agency": f"/api/v1/tasks?as_of={day}&bucket=overdue&agency={agency}&limit=50",
            "overdue_all": f"/api/v1/tasks?as_of={day}&bucket=overdue&limit=50",
            "dashboard_page": f"/nhiem-vu/?as_of={day}",
        }
        for name, url in http.items():
            assert client.get(url).status_code == 200, url
            results[f"{label}:{name}"] = timed(lambda url=url: client.get(url), runs)
        results[f"{label}:query_status_counts"] = timed(lambda day=day: selectors.status_counts(day), runs)
        results[f"{label}:query_agency_dashboard"] = timed(lambda day=day: selectors.agency_dashboard(day), runs)
    # before: the reference scan, today
    results["today:before_scan_status_counts"] = timed(lambda: selectors.reference_status_counts(today), runs)
    results["today:before_scan_agency_dashboard"] = timed(lambda: selectors.reference_agency_dashboard(today), runs)
    with mock.patch.object(status_cache, "usable", lambda day: False):  # today counted as any other day is
        results["today:stored_columns_status_counts"] = timed(lambda: selectors.status_counts(today), runs)
    results["today:idea_stored_due_index_count"] = timed(lambda: stored_due_counts(today), runs)
    results["today:write_recompute_one_agency"] = timed(lambda: status_cache.tasks_changed([_lead_of(agency)]), runs)
    results["today:peer_python_counts"] = timed(lambda: peer_counts(today), max(3, runs // 5))
    return results


PAST_COUNT_FILTERS: dict[str, dict[str, Any]] = {
    "all": {}, **{f"bucket={b}": {"bucket": b} for b in ("overdue", "in_progress", "completed_on_time", "completed_late",
                                                        "continuous")},
    "agency": {"agency": "A0060"}, "programme": {"programme": "bench-7"}}


def past_count_timings(client, as_of: date, runs: int) -> dict[str, Any]:  # noqa: ANN001
    """The past date's counts (selectors and requests) next to the reference scan in the same run, with
    as many passes, after checking that they agree; "…:before" is the reference patched into the
    selectors the API calls."""
    from unittest import mock

    from hoinhap.implementation import selectors

    assert selectors.status_counts(as_of) == selectors.reference_status_counts(as_of), "the counts and the scan differ"
    dashboard = [(row.organisation["code"], row.counts) for row in selectors.agency_dashboard(as_of)]
    assert dashboard == [(row.organisation["code"], row.counts) for row in selectors.reference_agency_dashboard(as_of)]
    for name, spec in PAST_COUNT_FILTERS.items():
        if "bucket" not in spec:
            kwargs = {key: value for key, value in _list_kwargs(spec).items() if key != "bucket"}
            assert selectors.status_counts(as_of, **kwargs) == selectors.reference_status_counts(as_of, **kwargs), name
    results: dict[str, Any] = {}
    reference = {"status_counts": selectors.reference_status_counts,
                 "agency_dashboard": selectors.reference_agency_dashboard}
    for label, patches in (("after", {}), ("before", reference)):
        with mock.patch.multiple(selectors, **patches) if patches else nullcontext():
            results[f"past_counts:query_status_counts:{label}"] = timed(lambda: selectors.status_counts(as_of), runs)
            results[f"past_counts:query_agency_dashboard:{label}"] = timed(lambda: selectors.agency_dashboard(as_of), runs)
            url = f"/api/v1/agencies/dashboard?as_of={as_of}"
            results[f"past_counts:api_agency_dashboard:{label}"] = timed(lambda url=url: client.get(url), runs)
            for name, spec in PAST_COUNT_FILTERS.items():
                url = f"/api/v1/tasks?as_of={as_of}&limit=50&" + "&".join(f"{k}={v}" for k, v in spec.items())
                assert client.get(url).status_code == 200, url
                results[f"past_counts:api_tasks {name}:{label}"] = timed(lambda url=url: client.get(url), runs)
        for key in [key for key in results if key.endswith(f":{label}")]:
            print(f"  (measured) {key:58s} p50 {results[key]['p50_ms']:8.1f} ms   p99 {results[key]['p99_ms']:8.1f} ms",
                  flush=True)
    return results


LIST_FILTERS: dict[str, dict[str, Any]] = {"all": {}, **{f"bucket={b}": {"bucket": b} for b in
                                ("overdue", "in_progress", "completed_on_time", "completed_late", "continuous")},
                "agency": {"agency": "A0060"}, "agency+overdue": {"agency": "A0060", "bucket": "overdue"},
                "programme": {"programme": "bench-7"}, "programme+in_progress": {"programme": "bench-7",
                                                                              "bucket": "in_progress"},
                "overdue,offset=5000": {"bucket": "overdue", "offset": 5000},
                "all,offset=10000": {"offset": 10000}}


def _list_kwargs(spec: dict[str, Any]) -> dict[str, Any]:
    from hoinhap.core.models import Organisation
    from hoinhap.implementation.models import Programme

    kwargs: dict[str, Any] = {"bucket": spec.get("bucket")}
    if "agency" in spec:
        kwargs["agency"] = Organisation.objects.get(code=spec["agency"])
    if "programme" in spec:
        kwargs["programme"] = Programme.objects.get(slug=spec["programme"])
    return kwargs


def list_timings(client, label: str, day: date, agency: str, runs: int, *,  # noqa: ANN001
                 show: bool = False, reference: bool = True) -> dict[str, Any]:
    """The task list (a page of 50) with each filter: the bare query, the same page from
    ``reference_task_list`` (``reference``), and the whole API request (with its counts) or the
    dashboard page; ``show`` prints each figure as soon as it is measured."""
    from urllib.parse import urlencode

    from hoinhap.implementation import selectors

    results: dict[str, Any] = {}
    for name, spec in LIST_FILTERS.items():
        kwargs, offset = _list_kwargs(spec), int(spec.get("offset", 0))
        results[f"{label}:list_query {name}"] = timed(
            lambda kwargs=kwargs, offset=offset: list(selectors.task_list(day, **kwargs)[offset:offset + 50]), runs)
        if reference:  # the same page computed as the reference does, as many passes, in the same run
            results[f"{label}:list_reference {name}"] = timed(
                lambda kwargs=kwargs, offset=offset: list(selectors.reference_task_list(day, **kwargs)[offset:offset + 50]),
                runs)
        query = urlencode({"as_of": day.isoformat(), "limit": 50, **spec})
        assert client.get(f"/api/v1/tasks?{query}").status_code == 200, query
        results[f"{label}:list_api {name}"] = timed(lambda query=query: client.get(f"/api/v1/tasks?{query}"), runs)
        if show:
            for key in (f"{label}:list_query {name}", f"{label}:list_reference {name}", f"{label}:list_api {name}"):
                if key in results:
                    print(f"  (measured) {key:48s} p50 {results[key]['p50_ms']:8.1f} ms   "
                          f"p99 {results[key]['p99_ms']:8.1f} ms", flush=True)
    page = f"/nhiem-vu/?as_of={day}&bucket=overdue&page=3"
    results[f"{label}:dashboard_page overdue p3"] = timed(lambda: client.get(page), runs)
    return results


def list_checks(today: date, past: date, agency: str) -> None:
    """The fast list equals the reference computation (first 300 rows of each filter) and its size
    the counts shown (kept for today, scanned for the past)."""
    from hoinhap.implementation import selectors

    for day in (today, past):
        for name, spec in LIST_FILTERS.items():
            kwargs, offset = _list_kwargs(spec), int(spec.get("offset", 0))
            fast = _listed(selectors.task_list(day, **kwargs)[offset:offset + 300])
            slow = _listed(selectors.reference_task_list(day, **kwargs)[offset:offset + 300])
            assert fast == slow, f"{day} {name}: the fast list differs from the reference"
        counts = selectors.status_counts(day)
        assert counts == selectors.reference_status_counts(day), f"{day}: the counts differ from the scan"
        for bucket_name, count in counts.items():
            assert selectors.task_list(day, bucket=bucket_name).count() == count, f"{day} {bucket_name}: count"


def _listed(tasks: Any) -> list[tuple[int, date | None, str]]:  # noqa: ANN401 - tasks annotated with due and bucket
    return [(task.pk, task.due, task.bucket) for task in tasks]


def _lead_of(code: str) -> int:
    from hoinhap.core.models import Organisation

    return int(Organisation.objects.get(code=code).pk)


def stored_due_counts(as_of: date) -> dict[str, int]:
    """The other idea: a stored "due in force" column counted from a covering index for the day. Its
    time is at least that of this query (the same scan with the deadline read as stored, no
    extension lookup), so this bounds it from below."""
    from django.db.models import F, Q

    from hoinhap.implementation import selectors
    from hoinhap.implementation.models import Task

    tasks = Task.objects.filter(Q(assigned_on__isnull=True) | Q(assigned_on__lte=as_of)).annotate(due=F("deadline"))
    return tasks.aggregate(**selectors._bucket_counts(as_of))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=1_000)
    parser.add_argument("--programmes", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep the rows of an earlier run's seed in the database")
    parser.add_argument("--list-only", action="store_true", help="measure the task list only (not the counts)")
    parser.add_argument("--past-counts-only", action="store_true",
                        help="measure only the past date's counts against the reference scan")
    parser.add_argument("--no-reference", action="store_true", help="do not time the reference list beside the fast one")
    parser.add_argument("--seed-only", action="store_true",
                        help="seed (or reuse), migrate and stop: measure later with --reuse")
    args = parser.parse_args()
    setup_django(args.reuse)
    results = run(args)
    if args.json or args.seed_only:
        print(json.dumps(results, indent=1, default=str))
        return 0
    print(f"{results['tasks']:,} tasks, {results['agencies']:,} agencies, {results['programmes']:,} programmes "
          f"({results['kept_rows']:,} rows kept for today) on {results['database']} "
          f"(seeded in {results['seed_s']:.0f} s; migration 0004's backfill and indexes {results['backfill_s']:.1f} s; "
          f"today's counts built in {results['build_s']:.1f} s); "
          f"today {results['today']}, past {results['past']}; counts on the past date {results['counts']}")
    for name, r in results.items():
        if isinstance(r, dict) and "p50_ms" in r:
            print(f"  {name:48s} p50 {r['p50_ms']:8.1f} ms   p99 {r['p99_ms']:8.1f} ms")
    for name, r in results.items():
        if name.startswith("past_counts:") and name.endswith(":before"):
            fast = results[name.removesuffix(":before") + ":after"]
            print(f"  before / after {name.removesuffix(':before'):50s} p50 {r['p50_ms'] / fast['p50_ms']:7.1f}x"
                  f"   p99 {r['p99_ms'] / fast['p99_ms']:7.1f}x")
    for name, r in results.items():
        if ":list_reference " in name:
            fast = results[name.replace(":list_reference ", ":list_query ")]
            print(f"  reference / fast {name.replace(':list_reference', ''):38s} p50 {r['p50_ms'] / fast['p50_ms']:7.1f}x"
                  f"   p99 {r['p99_ms'] / fast['p99_ms']:7.1f}x")
    if "today:peer_python_counts" not in results:
        return 0
    peer = results["today:peer_python_counts"]["p50_ms"]
    for name in ("today:query_status_counts", "today:before_scan_status_counts", "today:idea_stored_due_index_count",
                 "past:query_status_counts"):
        print(f"  peer (Python over the rows, today) takes {peer / results[name]['p50_ms']:7.1f}x {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
