"""What is public and what needs sign-in, enforced where the data is read (docs/security.md, "What is
public"): task details need a signed-in reader (401 from the API, the log-in page on the web), reading
can be scoped to one's organisations, aggregate counts are public unless a setting hides them, evidence
files go to the lead agency, the secretariat and staff only, the public compares and counts published
versions, comments never show a user name, and no integer the API reads can overflow the database."""

from __future__ import annotations

import json
from datetime import date

import pytest

from hoinhap.core.models import User

pytestmark = pytest.mark.django_db


def _ids(response):  # noqa: ANN001, ANN202
    return {row["id"] for row in response.json()["tasks"]}


# --- task details need a signed-in reader -------------------------------------------------------


def test_anonymous_readers_get_401_from_the_api_and_the_log_in_page_from_the_web(client, org, programme):
    task = programme.tasks.get(number="1")
    for url in (f"/api/v1/tasks/{task.pk}", "/api/v1/tasks", "/api/v1/agencies/dashboard"):
        response = client.get(url)
        assert response.status_code == 401 and response.json()["error"] == "unauthenticated", url
    for url in (f"/nhiem-vu/{task.pk}/", "/nhiem-vu/", "/nhiem-vu/vuong-mac/", "/nhiem-vu/xuat/", "/nhiem-vu/bao-cao/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next="), url
    client.force_login(org["nobody"])
    assert client.get(f"/api/v1/tasks/{task.pk}").json()["lead"] == "BTC"
    assert client.get(f"/nhiem-vu/{task.pk}/").status_code == 200


def test_the_programme_page_shows_its_tasks_only_to_signed_in_readers(client, org, programme):
    url = f"/nhiem-vu/chuong-trinh/{programme.slug}/"
    public = client.get(url).content.decode()
    assert programme.title in public and "quỹ hỗ trợ doanh nghiệp" not in public and "/dang-nhap/?next=" in public
    client.force_login(org["nobody"])
    assert "quỹ hỗ trợ doanh nghiệp" in client.get(url).content.decode()


def test_task_reading_scoped_to_the_readers_organisations(client, org, programme, settings):
    settings.HOINHAP_TASKS_ORG_SCOPED = True
    tasks = {t.number: t.pk for t in programme.tasks.all()}
    client.force_login(org["btp"])  # leads 2, coordinates 2.1 (led by Hà Nội); not 1, 3, 4
    assert _ids(client.get("/api/v1/tasks?as_of=2025-07-01")) == {tasks["2"], tasks["2.1"]}
    assert sum(client.get("/api/v1/tasks?as_of=2025-07-01").json()["counts"].values()) == 2
    assert client.get(f"/api/v1/tasks/{tasks['1']}").status_code == 404
    assert client.get(f"/nhiem-vu/{tasks['1']}/").status_code == 404
    assert client.get(f"/nhiem-vu/{tasks['2.1']}/").status_code == 200
    assert client.get("/nhiem-vu/bao-cao/?period=month").status_code == 404  # the whole register: not for it
    client.force_login(org["nobody"])  # no organisation: no task
    assert _ids(client.get("/api/v1/tasks?as_of=2025-07-01")) == set()
    client.force_login(org["secretariat"])
    assert _ids(client.get("/api/v1/tasks?as_of=2025-07-01")) == set(tasks.values())
    assert client.get("/nhiem-vu/bao-cao/?period=month").status_code == 200
    settings.HOINHAP_TASKS_ORG_SCOPED = False
    client.force_login(org["btp"])
    assert _ids(client.get("/api/v1/tasks?as_of=2025-07-01")) == set(tasks.values())


# --- aggregate counts: public unless hidden -------------------------------------------------------


def test_aggregate_task_counts_are_public_unless_the_setting_hides_them(client, org, programme, settings):
    assert client.get("/api/v1/overview?as_of=2025-07-15").json()["tasks"]["overdue"] == 1
    assert "tile-tasks" in client.get("/tong-quan/?as_of=2025-07-15").content.decode()
    assert client.get("/api/v1/programmes?as_of=2025-07-15").json()[0]["counts"]["overdue"] == 1
    settings.HOINHAP_PUBLIC_TASK_COUNTS = False
    hidden = client.get("/api/v1/overview?as_of=2025-07-15").json()
    assert hidden["tasks"] is None and hidden["overdue_by_agency"] == []
    assert "tile-tasks" not in client.get("/tong-quan/?as_of=2025-07-15").content.decode()
    assert client.get("/api/v1/programmes?as_of=2025-07-15").json()[0]["counts"] is None
    client.force_login(org["nobody"])
    shown = client.get("/api/v1/overview?as_of=2025-07-15").json()
    assert shown["tasks"]["overdue"] == 1 and shown["overdue_by_agency"][0]["code"] == "BTC"


# --- evidence files -------------------------------------------------------------------------------


@pytest.fixture
def evidence(org, programme, settings, tmp_path):
    from hoinhap.implementation import report_services

    settings.MEDIA_ROOT = tmp_path
    task = programme.tasks.get(number="1")  # led by BTC, coordinated by BNG
    return report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="progress",
                                         text="Kèm minh chứng.", today=date(2025, 6, 1),
                                         evidence=b"<html><script>alert(1)</script></html>",
                                         evidence_name='bien "ban"\r\n.HTML')


def test_evidence_is_downloaded_by_the_lead_the_secretariat_and_staff_only(client, org, evidence):
    url = f"/nhiem-vu/bao-cao-tien-do/{evidence.pk}/minh-chung/"
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(org["secretariat"])
    assert client.get("/nhiem-vu/bao-cao-tien-do/99999999999999999999/minh-chung/").status_code == 404
    client.logout()
    for who in ("nobody", "bng"):  # signed in without a role; the coordinating agency's reporter
        client.force_login(org[who])
        assert client.get(url).status_code == 404, who
    staff = User.objects.create_user("staff", is_staff=True)
    for who in (org["btc"], org["secretariat"], staff):
        client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"<html>")
        assert response["Content-Disposition"] == f'attachment; filename="minh-chung-{evidence.pk}.html"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/octet-stream"
    client.force_login(org["btc"])
    task_page = client.get(f"/nhiem-vu/{evidence.task_id}/").content.decode()
    assert url in task_page
    client.force_login(org["bng"])
    assert url not in client.get(f"/nhiem-vu/{evidence.task_id}/").content.decode()


# --- bounded integers: 422, never an overflow -----------------------------------------------------

HUGE = "99999999999999999999"


@pytest.mark.parametrize("url", [f"/api/v1/tasks?offset={HUGE}", f"/api/v1/tasks?limit={HUGE}", f"/api/v1/tasks/{HUGE}",
                                 f"/api/v1/tasks/{HUGE}?as_of=2025-01-01", f"/api/v1/documents?year={HUGE}",
                                 f"/api/v1/search?q=x&year_from={HUGE}"])
def test_huge_integers_answer_422(client, org, url):
    client.force_login(org["nobody"])
    assert client.get(url).status_code == 422


def test_huge_integers_in_drafting_paths_and_pages_answer_422(client, consultation):
    for url in (f"/api/v1/drafts/nq-hoi-nhap/versions/1/comments?page={HUGE}",
                f"/api/v1/drafts/nq-hoi-nhap/versions/{HUGE}/tree",
                f"/api/v1/drafts/nq-hoi-nhap/redline?from_version={HUGE}&to_version=1"):
        assert client.get(url).status_code == 422, url
    body = json.dumps({"comments": [int(HUGE)], "disposition": "accepted", "explanation": "x"})
    assert client.post("/api/v1/drafts/nq-hoi-nhap/responses", body, content_type="application/json").status_code == 422


# --- drafting: published versions for the public, no user names -----------------------------------


@pytest.fixture
def unpublished(people, consultation):
    """Versions 1 and 2 published, 3 unpublished (being edited)."""
    from hoinhap.drafting import services
    from hoinhap.drafting.models import Draft
    from tests.drafting.fixtures import V2

    draft = Draft.objects.get(slug="nq-hoi-nhap")
    services.version_publish(actor=people["drafter"],
                             version=services.version_import(actor=people["drafter"], draft=draft, data=V2.encode(),
                                                             filename="v2.txt"))
    services.version_copy(actor=people["drafter"], draft=draft)
    return draft


def test_the_public_compares_and_counts_published_versions(client, people, unpublished):
    page = client.get("/du-thao/nq-hoi-nhap/so-sanh/")
    assert page.status_code == 200 and page.context["old"].number == 1 and page.context["new"].number == 2
    assert list(page.context["numbers"]) == [1, 2]
    assert client.get("/du-thao/nq-hoi-nhap/doi-chieu/").status_code == 200
    assert client.get("/du-thao/nq-hoi-nhap/so-sanh/?from=2&to=3").status_code == 404
    api = client.get("/api/v1/drafts/nq-hoi-nhap/redline")
    assert api.status_code == 200 and any(row["state"] != "same" for row in api.json())
    assert client.get("/api/v1/drafts/nq-hoi-nhap/redline?from_version=2&to_version=3").status_code == 404
    assert client.get("/api/v1/drafts").json()[0]["versions"] == 2
    assert "<td>2</td>" in client.get("/du-thao/").content.decode().replace(" ", "")
    client.force_login(people["drafter"])
    assert client.get("/api/v1/drafts").json()[0]["versions"] == 3
    assert client.get("/du-thao/nq-hoi-nhap/so-sanh/").context["new"].number == 3


def test_comments_show_the_chosen_name_or_the_organisation_never_a_user_name(client, people, consultation):
    from hoinhap.drafting import consultation_services

    day = date(2025, 9, 10)
    signed_in = User.objects.create_user("tk_nguoidan_77")  # no full name, and no name given
    consultation_services.comment_add(actor=signed_in, round_=consultation, text="Không ghi tên.", today=day)
    consultation_services.comment_add(actor=None, round_=consultation, text="Có tên.", author_name="Chị Lan", today=day)
    consultation_services.comment_add(actor=people["commenter"], round_=consultation, text="Của bộ.",
                                      organisation=people["moit"], today=day)
    data = client.get("/api/v1/drafts/nq-hoi-nhap/versions/1/comments").json()
    names = {c["text"]: c["author_name"] for c in data["comments"]}
    assert names == {"Không ghi tên.": "Người dân", "Có tên.": "Chị Lan", "Của bộ.": "Bộ Công Thương"}
    for url in ("/api/v1/drafts/nq-hoi-nhap/versions/1/comments", "/du-thao/nq-hoi-nhap/v1/toan-bo/"):
        body = client.get(url).content.decode()
        assert "tk_nguoidan_77" not in body and "moit" not in body.replace("moit@", ""), url
    from hoinhap.drafting.models import Comment
    from hoinhap.drafting.report_data import build_report
    from hoinhap.drafting.report_render import render

    assert Comment.objects.get(text="Không ghi tên.").author_name == ""  # the user name is never stored as a name
    html = render(build_report(consultation), "html", on=day)[0].decode()
    assert "tk_nguoidan_77" not in html and "Người dân" in html

