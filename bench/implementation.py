"""Implementation speed at scale, one run: 100,000 tasks led by 1,000 agencies (50 of them merged
into others), 3% with an approved extension, 40% completed. Measured server-side through Django's
test client (the whole request, warm) and as bare queries:

    python bench/implementation.py [--tasks 100000] [--agencies 1000] [--runs 30] [--json]

- status as of a date: the counts per bucket (``GET /api/v1/tasks?limit=1``);
- the agency dashboard (``GET /api/v1/agencies/dashboard``);
- the overdue list of one agency and of all (``GET /api/v1/tasks?bucket=overdue&agency=…``).

Goal (issue 5): p99 under 150 ms. The peer, measured in the same run on the same rows, is what
most trackers do: read the tasks and compute each one's bucket in application code
(``buckets.bucket`` over ``values()``). Set HOINHAP_BENCH_DATABASE_URL to run on PostgreSQL.
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
from datetime import date, timedelta


def setup_django() -> None:
    folder = tempfile.mkdtemp(prefix="hoinhap-bench-")
    os.environ["DATABASE_URL"] = os.environ.get("HOINHAP_BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    os.environ["HOINHAP_SEARCH_INDEX_DIR"] = f"{folder}/index"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoinhap.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def seed(tasks: int, agencies: int, seed_value: int = 11) -> None:
    from hoinhap.core.models import Organisation
    from hoinhap.implementation.models import DeadlineExtension, Programme, Task

    rng = random.Random(seed_value)
    Organisation.objects.bulk_create([Organisation(code=f"A{i:04d}", name=f"Cơ quan {i}", kind="ministry")
                                      for i in range(agencies)], batch_size=1000)
    orgs = list(Organisation.objects.order_by("id"))
    for predecessor in orgs[:50]:  # merged on 2025-03-01 into the next fifty
        successor = orgs[orgs.index(predecessor) + 50]
        Organisation.objects.filter(pk=predecessor.pk).update(successor=successor, active_until=date(2025, 2, 28))
    programme = Programme.objects.create(slug="bench", title="Chương trình (bench)")
    base = date(2024, 1, 1)
    rows = []
    for i in range(tasks):
        due = base + timedelta(days=rng.randint(0, 1100))
        done = due + timedelta(days=rng.randint(-90, 60)) if rng.random() < 0.4 else None
        rows.append(Task(programme=programme, title=f"Nhiệm vụ {i}", lead=orgs[rng.randrange(agencies)], deadline=due,
                         deadline_text=due.strftime("%d/%m/%Y"), deadline_kind="date", continuous=rng.random() < 0.05,
                         completed_on=done, completion_known_on=done + timedelta(days=rng.randint(0, 10)) if done else None,
                         has_extension=rng.random() < 0.03, assigned_on=base))
    Task.objects.bulk_create(rows, batch_size=2000)
    extended = Task.objects.filter(has_extension=True).values_list("pk", "deadline")
    DeadlineExtension.objects.bulk_create([
        DeadlineExtension(task_id=pk, new_deadline=deadline + timedelta(days=90), reason="bench", state="approved",
                          requested_on=deadline - timedelta(days=30), decided_on=deadline - timedelta(days=20))
        for pk, deadline in extended], batch_size=2000)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum or SQLite's optimizer would have them
        cursor.execute("ANALYZE")


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


def run(args: argparse.Namespace) -> dict[str, object]:
    from django.conf import settings
    from django.test import Client

    from hoinhap.implementation import selectors

    settings.ALLOWED_HOSTS = ["*"]
    start = time.perf_counter()
    seed(args.tasks, args.agencies)
    seeded_s = time.perf_counter() - start
    as_of = date(2025, 11, 15)
    client = Client()
    from hoinhap.core.models import User

    client.force_login(User.objects.get_or_create(username="bench-reader")[0])  # task details need a sign-in
    agency = "A0060"  # took over A0010's tasks in the merger
    counts = selectors.status_counts(as_of)
    assert dict(peer_counts(as_of)) == {k: v for k, v in counts.items() if v}, "the SQL and the rule disagree"
    http = {
        "status_counts": f"/api/v1/tasks?as_of={as_of}&limit=1",
        "agency_dashboard": f"/api/v1/agencies/dashboard?as_of={as_of}",
        "overdue_one_agency": f"/api/v1/tasks?as_of={as_of}&bucket=overdue&agency={agency}&limit=50",
        "overdue_all": f"/api/v1/tasks?as_of={as_of}&bucket=overdue&limit=50",
        "dashboard_page": f"/nhiem-vu/?as_of={as_of}",
    }
    results: dict[str, object] = {"tasks": args.tasks, "agencies": args.agencies, "seed_s": seeded_s,
                                  "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1], "counts": counts}
    for name, url in http.items():
        assert client.get(url).status_code == 200, url
        results[name] = timed(lambda url=url: client.get(url), args.runs)
    results["query_status_counts"] = timed(lambda: selectors.status_counts(as_of), args.runs)
    results["peer_python_counts"] = timed(lambda: peer_counts(as_of), max(3, args.runs // 5))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()
    results = run(args)
    if args.json:
        print(json.dumps(results, indent=1, default=str))
        return 0
    print(f"{results['tasks']:,} tasks, {results['agencies']:,} agencies on {results['database']} "
          f"(seeded in {results['seed_s']:.0f} s); counts {results['counts']}")
    for name in ("status_counts", "agency_dashboard", "overdue_one_agency", "overdue_all", "dashboard_page",
                 "query_status_counts", "peer_python_counts"):
        r = results[name]
        print(f"  {name:22s} p50 {r['p50_ms']:7.1f} ms   p99 {r['p99_ms']:7.1f} ms")
    ratio = results["peer_python_counts"]["p50_ms"] / results["query_status_counts"]["p50_ms"]
    print(f"  peer (Python over the rows) takes {ratio:.1f}x the SQL's time for the same counts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
