"""Reports above HOINHAP_REPORT_INLINE_ROWS go to the queue: 202 with a job URL (the API) or the job's
page (the web), the worker renders the file into MEDIA_ROOT/reports/, then the URL gives the file, to
the one who asked only. Under the threshold the report is answered at once, as before."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from hoinhap.core.models import AuditEntry, Membership, User
from hoinhap.drafting import consultation_services as consult
from hoinhap.jobs.models import Job
from hoinhap.jobs.worker import run as run_worker

REPORT = "/api/v1/drafts/nq-hoi-nhap/rounds/1/report.docx"
PAGE = "/du-thao/nq-hoi-nhap/bao-cao/dot-1.docx"


@pytest.fixture
def three_comments(people, consultation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for n in range(3):
        consult.comment_add(actor=people["commenter"], round_=consultation, text=f"Ý kiến {n}.",
                            organisation=people["moit"], today=date(2025, 9, 10))
    return consultation


def test_under_the_threshold_the_report_comes_at_once(client, three_comments, settings):
    settings.HOINHAP_REPORT_INLINE_ROWS = 3
    response = client.get(REPORT)
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert client.get(PAGE).status_code == 200 and not Job.objects.exists()


def test_over_the_threshold_202_then_the_worker_then_the_file_for_the_asker_only(client, three_comments, settings,
                                                                                people):
    settings.HOINHAP_REPORT_INLINE_ROWS = 2
    accepted = client.get(REPORT)
    assert accepted.status_code == 202
    job = Job.objects.get()
    assert accepted.json() == {"job": str(job.pk), "url": f"/api/v1/jobs/{job.pk}", "status": "pending"}
    assert AuditEntry.objects.filter(action="jobs.report.requested", target_id=str(job.pk)).exists()
    url = accepted.json()["url"]
    assert client.get(url).json()["status"] == "pending"
    assert run_worker(batch=True) == 1
    ready = client.get(url)
    assert ready.status_code == 200 and b"".join(ready.streaming_content).startswith(b"PK")
    assert ready["Content-Disposition"].startswith("attachment") and "tong-hop-y-kien-dot-1.docx" in ready[
        "Content-Disposition"]
    job.refresh_from_db()
    assert job.status == "done" and job.file.name.startswith("reports/") and job.rows == 3
    assert Client().get(url).status_code == 404  # another anonymous visitor
    other = Client()
    other.force_login(people["outsider"])
    assert other.get(url).status_code == 404  # a signed-in user who did not ask


def test_a_signed_in_requester_fetches_on_the_web_page_and_nobody_else(client, three_comments, settings, people):
    settings.HOINHAP_REPORT_INLINE_ROWS = 2
    client.force_login(people["drafter"])
    redirect = client.get(PAGE)
    job = Job.objects.get()
    assert redirect.status_code == 302 and redirect["Location"] == f"/viec/{job.pk}/"
    assert job.requested_by == people["drafter"]
    waiting = client.get(f"/viec/{job.pk}/")
    assert waiting.status_code == 202 and waiting["Refresh"] == "3"  # reloads itself, without script
    assert "Báo cáo này có 3 dòng" in waiting.content.decode()
    assert f"/viec/{job.pk}/tai-ve/" not in waiting.content.decode()
    assert client.get(f"/viec/{job.pk}/tai-ve/").status_code == 404  # not ready yet
    run_worker(batch=True)
    done = client.get(f"/viec/{job.pk}/")
    assert done.status_code == 200 and "Refresh" not in done and f"/viec/{job.pk}/tai-ve/" in done.content.decode()
    assert b"".join(client.get(f"/viec/{job.pk}/tai-ve/").streaming_content).startswith(b"PK")
    for other in (Client(), _signed_in(people["commenter"])):
        assert other.get(f"/viec/{job.pk}/").status_code == 404
        assert other.get(f"/viec/{job.pk}/tai-ve/").status_code == 404
        assert other.get(f"/api/v1/jobs/{job.pk}").status_code == 404


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_unknown_or_malformed_job_is_404_or_422_never_500(client, db):
    assert client.get("/api/v1/jobs/6f1c1a4e-0000-4000-8000-000000000000").status_code == 404
    assert client.get("/api/v1/jobs/nope").status_code == 422
    assert client.get("/viec/6f1c1a4e-0000-4000-8000-000000000000/").status_code == 404


def test_a_failed_rendering_is_recorded_and_shown(client, three_comments, settings, monkeypatch):
    settings.HOINHAP_REPORT_INLINE_ROWS = 2
    url = client.get(REPORT).json()["url"]

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr("hoinhap.drafting.jobs.render", broken)
    run_worker(batch=True)
    answer = client.get(url).json()
    assert answer["status"] == "failed" and "the renderer broke" in answer["error"]
    assert AuditEntry.objects.filter(action="jobs.report.failed").exists()


def test_a_large_periodic_report_goes_to_the_queue(client, org, programme, settings, tmp_path):
    settings.MEDIA_ROOT, settings.HOINHAP_REPORT_INLINE_ROWS = tmp_path, 0
    secretariat = org["secretariat"]
    assert Membership.objects.filter(user=secretariat, role="secretariat").exists()
    client.force_login(secretariat)
    redirect = client.get("/nhiem-vu/bao-cao/?period=quarter&format=xlsx&as_of=2025-09-30")
    job = Job.objects.get(kind="implementation.periodic_report")
    assert redirect.status_code == 302 and job.params["period"] == "quarter" and job.params["format"] == "xlsx"
    run_worker(batch=True)
    download = client.get(f"/viec/{job.pk}/tai-ve/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")
    assert "bao-cao-nhiem-vu-2025-12-14.xlsx" in download["Content-Disposition"]  # Decree 09: 15/9-14/12
    settings.HOINHAP_REPORT_INLINE_ROWS = 2000
    assert client.get("/nhiem-vu/bao-cao/?period=quarter&format=xlsx&as_of=2025-09-30").status_code == 200


def test_an_anonymous_web_requester_keeps_its_job_in_its_session(client, three_comments, settings):
    settings.HOINHAP_REPORT_INLINE_ROWS = 2
    page = client.get(PAGE)["Location"]
    assert client.get(page).status_code == 202 and Client().get(page).status_code == 404
    run_worker(batch=True)
    assert client.get(page).status_code == 200 and Client().get(f"{page}tai-ve/").status_code == 404
