"""A load test on loopback: 50 concurrent users browsing, searching and reporting for 60 seconds
against ``hoinhap serve --production`` (waitress) on the demo data, driven by locust as a library.

    python bench/load.py [--users 50] [--seconds 60] [--json]

Users: three in five read the public pages anonymously (overview, a document, a provision, search, a
draft and its comparison); one in five signs in (task details need a sign-in) and reads the task
dashboard, the tasks API and a task; one in five is an agency reporter who signs in and files progress
reports; and a few citizens comment anonymously on an open public round, all from one address (loopback),
so the anonymous-write rate limit (HOINHAP_RATE_ANONYMOUS, on as in production) answers 429 with
Retry-After once the address has used its budget: a 429 there is the limit working, counted apart, not a
failure. Bounded in count and time; fails if any other request errs."""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import gevent  # noqa: F401 - locust needs gevent's monkey-patching before anything else
from locust import HttpUser, between, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "mat-khau-tai-thu-1"
QUERIES = ["ngoại ngữ hiếm", "hội nhập quốc tế", "đặc phái viên", "quỹ hỗ trợ doanh nghiệp", "khoản 2 Điều 18",
           "văn phòng đại diện", "hỗ trợ 300%", "chuyên gia"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(folder: Path) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/load.sqlite3", "HOINHAP_MEDIA_ROOT": f"{folder}/media",
           "HOINHAP_SEARCH_INDEX": f"{folder}/index", "HOINHAP_LOGIN_FAILURES": "1000"}
    hoinhap = str(Path(sys.executable).with_name("hoinhap"))
    subprocess.run([hoinhap, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    script = ("from hoinhap.core.models import User, Membership, Organisation\n"
              "org = Organisation.objects.get(code='BNV')\n"
              "for i in range(10):\n"
              f"    u = User.objects.create_user(f'reporter{{i}}', password='{PASSWORD}')\n"
              "    Membership.objects.create(user=u, organisation=org, role='reporter')\n"
              f"    User.objects.create_user(f'reader{{i}}', password='{PASSWORD}')\n"
              "from datetime import date, timedelta\n"
              "from hoinhap.core.services import system_actor\n"
              "from hoinhap.drafting import consultation_services\n"
              "from hoinhap.drafting.models import Draft\n"
              "draft = Draft.objects.get(slug='nq-co-che-hoi-nhap')\n"
              "version = draft.versions.filter(status='published').order_by('-number').first()\n"
              "consultation_services.round_open(actor=system_actor(), version=version, opens_on=date.today(),\n"
              "                                 deadline=date.today() + timedelta(days=30), public=True)\n")
    subprocess.run([hoinhap, "manage", "shell", "-c", script], env=env, check=True, capture_output=True)
    return env


def sign_in(user: HttpUser, prefix: str) -> None:
    """Sign ``user`` in as one of the ten accounts named ``prefix0`` … ``prefix9``."""
    user.client.get("/dang-nhap/")
    user.client.post("/dang-nhap/", {"username": f"{prefix}{random.randrange(10)}", "password": PASSWORD,
                                     "csrfmiddlewaretoken": user.client.cookies.get("csrftoken", "")},
                     headers={"Referer": user.host + "/dang-nhap/"})


class Reader(HttpUser):
    """Anonymous: the public pages."""

    weight = 3
    wait_time = between(0.5, 2)

    @task(3)
    def overview(self) -> None:
        self.client.get("/tong-quan/")

    @task(3)
    def search(self) -> None:
        self.client.get("/tim-kiem/", params={"q": random.choice(QUERIES)}, name="/tim-kiem/?q=…")

    @task(2)
    def read(self) -> None:
        self.client.get("/vb/250-2025-qh15/")
        self.client.get("/vb/250-2025-qh15/chp_VI__art_19/", name="/vb/…/provision/")

    @task(1)
    def drafts(self) -> None:
        self.client.get("/du-thao/nq-co-che-hoi-nhap/")
        self.client.get("/du-thao/nq-co-che-hoi-nhap/so-sanh/", params={"from": 1, "to": 3}, name="/du-thao/…/so-sanh/")


class TaskReader(HttpUser):
    """Signed in without a role: task details are not public (docs/security.md)."""

    weight = 1
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        sign_in(self, "reader")

    @task
    def task_pages(self) -> None:
        self.client.get("/nhiem-vu/")
        tasks = self.client.get("/api/v1/tasks", params={"bucket": "overdue", "limit": 20}, name="/api/v1/tasks?bucket=…")
        rows = tasks.json()["tasks"] if tasks.ok else []
        if rows:
            self.client.get(f"/nhiem-vu/{random.choice(rows)['id']}/", name="/nhiem-vu/…/")


class Reporter(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        sign_in(self, "reporter")
        self.task_id = self.client.get("/api/v1/tasks", params={"agency": "BNV", "limit": 1}).json()["tasks"][0]["id"]

    @task
    def report(self) -> None:
        self.client.get(f"/nhiem-vu/{self.task_id}/", name="/nhiem-vu/…/")
        self.client.post(f"/api/v1/tasks/{self.task_id}/reports", json={"agency": "BNV", "kind": "progress",
                         "text": "Báo cáo tiến độ (tải thử)."}, name="/api/v1/tasks/…/reports",
                         headers={"X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                                  "Referer": self.host + "/"})


class Citizen(HttpUser):
    """Anonymous: comments on the open public round (through the API, as a portal or a script would)."""

    weight = 1
    wait_time = between(1, 3)

    @task
    def comment(self) -> None:
        with self.client.post(f"/api/v1/drafts/nq-co-che-hoi-nhap/rounds/{ROUND}/comments",
                              json={"text": "Góp ý của người dân (tải thử).", "author_name": "Người dân tải thử"},
                              name="/api/v1/drafts/…/comments", catch_response=True) as response:
            if response.status_code == 429 and response.headers.get("Retry-After"):
                response.success()  # the limit working: counted in "limited", not a failure
                LIMITED.append(1)
            elif response.status_code != 201:
                response.failure(f"{response.status_code}")


ROUND = 3  # the demo holds rounds 1 and 2; prepare() opens the third, public
LIMITED: list[int] = []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hoinhap-load-"))
    env = prepare(folder)
    port = free_port()
    hoinhap = str(Path(sys.executable).with_name("hoinhap"))
    server = subprocess.Popen([hoinhap, "serve", "--production", "--port", str(port), "--threads", "16"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)
        environment = Environment(user_classes=[Reader, TaskReader, Reporter, Citizen], host=f"http://127.0.0.1:{port}")
        runner = environment.create_local_runner()
        runner.start(args.users, spawn_rate=10)
        time.sleep(args.seconds)
        runner.quit()
        stats = environment.stats.total
        result = {"users": args.users, "seconds": args.seconds, "requests": stats.num_requests,
                  "failures": stats.num_failures, "rate_limited_429": len(LIMITED), "rps": stats.num_requests / args.seconds,
                  "p50_ms": stats.get_response_time_percentile(0.5), "p99_ms": stats.get_response_time_percentile(0.99),
                  "max_ms": stats.max_response_time,
                  "by_name": {name: {"n": s.num_requests, "fail": s.num_failures,
                                     "p99_ms": s.get_response_time_percentile(0.99)}
                              for (name, _), s in sorted(environment.stats.entries.items())}}
        errors = {str(k): v.occurrences for k, v in environment.stats.errors.items()}
    finally:
        server.terminate()
        server.wait(10)
    if args.json:
        print(json.dumps({**result, "errors": errors}, indent=1, ensure_ascii=False))
    else:
        print(f"{result['users']} users for {result['seconds']} s: {result['requests']} requests, "
              f"{result['failures']} failed, {result['rps']:.1f} req/s, p50 {result['p50_ms']} ms, "
              f"p99 {result['p99_ms']} ms, max {result['max_ms']:.0f} ms")
        for name, row in result["by_name"].items():
            print(f"  {name:32s} {row['n']:6d}  fail {row['fail']:3d}  p99 {row['p99_ms']} ms")
        for error, count in errors.items():
            print(f"  error ×{count}: {error[:200]}")
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
