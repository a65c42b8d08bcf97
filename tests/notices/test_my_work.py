""""Việc của tôi" and the notice inbox (issue 17 item 3): each role sees its own work with counts; a
decision on a report or an extension, a round opened for one's organisation and an answer to one's
comment reach the person's inbox (and e-mail where they have an address); nobody sees another's."""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.utils import timezone

from hoinhap.drafting import consultation_services
from hoinhap.implementation import report_services, services
from hoinhap.jobs.worker import run as run_worker
from hoinhap.notices.models import Notice

TODAY = timezone.localdate()


def _report(org, task, who="btc", agency="BTC", text="Tiến độ quý."):  # noqa: ANN001, ANN202
    return report_services.report_submit(actor=org[who], task=task, agency=org[agency], kind="progress", text=text,
                                         today=TODAY)


def test_a_returned_report_reaches_the_reporters_inbox_page_and_mail(client, org, programme, mailoutbox):
    task = programme.tasks.get(number="1")  # led by BTC
    report = _report(org, task)
    report_services.report_review(actor=org["secretariat"], report=report, accept=False, today=TODAY,
                                  reason="Thiếu số liệu giải ngân")
    notice = Notice.objects.get(recipient=org["btc"])
    assert notice.kind == "report_returned" and notice.read_at is None
    assert not Notice.objects.filter(recipient=org["bng"]).exists()  # another agency's reporter hears nothing
    run_worker(batch=True)
    mails = [m for m in mailoutbox if m.to == ["btc@x.vn"]]
    assert len(mails) == 1 and "bị trả lại" in mails[0].subject and "Thiếu số liệu giải ngân" in mails[0].body

    client.force_login(org["btc"])
    page = client.get("/viec-cua-toi/").content.decode()
    assert "Báo cáo về nhiệm vụ 1 bị trả lại: Thiếu số liệu giải ngân" in page
    assert "Báo cáo bị trả lại <span class=\"count\">(1)</span>" in page
    assert 'class="badge"' in client.get("/tim-kiem/").content.decode()  # the header shows the unread count
    assert client.post("/viec-cua-toi/thong-bao/da-doc/", follow=True).status_code == 200
    assert Notice.objects.get(pk=notice.pk).read_at is not None
    assert 'class="badge"' not in client.get("/tim-kiem/").content.decode()


def test_a_corrected_report_takes_the_task_off_the_returned_list(org, programme):
    from hoinhap.implementation.my_work import reporter_work

    task = programme.tasks.get(number="1")
    report_services.report_review(actor=org["secretariat"], report=_report(org, task), accept=False, today=TODAY,
                                  reason="Bổ sung")
    assert reporter_work(org["btc"], TODAY)["returned"].count == 1
    _report(org, task, text="Đã bổ sung số liệu.")
    assert reporter_work(org["btc"], TODAY)["returned"].count == 0


def test_the_reporter_sees_its_own_agencys_overdue_and_due_soon_tasks(org, programme):
    from hoinhap.implementation.my_work import reporter_work

    lead = org["BTC"]
    late = services.task_create(actor=org["secretariat"], programme=programme, title="Việc đã quá hạn", lead=lead,
                                deadline_text=(TODAY - timedelta(days=3)).strftime("%d/%m/%Y"))
    soon = services.task_create(actor=org["secretariat"], programme=programme, title="Việc sắp đến hạn", lead=lead,
                                deadline_text=(TODAY + timedelta(days=10)).strftime("%d/%m/%Y"))
    services.task_create(actor=org["secretariat"], programme=programme, title="Việc còn xa", lead=lead,
                         deadline_text=(TODAY + timedelta(days=200)).strftime("%d/%m/%Y"))
    work = reporter_work(org["btc"], TODAY)
    assert late in work["overdue"].rows and soon not in work["overdue"].rows
    assert [t.title for t in work["due_soon"].rows] == ["Việc sắp đến hạn"]
    assert all(t.lead_id == lead.pk for section in work.values() for t in section.rows if hasattr(t, "lead_id"))
    assert reporter_work(org["nobody"], TODAY) is None  # no reporter role: no section


def test_the_secretariat_sees_reports_and_extension_requests_oldest_first(client, org, programme):
    first = _report(org, programme.tasks.get(number="1"))
    second = _report(org, programme.tasks.get(number="2"), who="btp", agency="BTP")
    second.submitted_on = TODAY - timedelta(days=5)
    second.save(update_fields=["submitted_on"])
    extension = report_services.extension_request(actor=org["btc"], task=programme.tasks.get(number="1"),
                                                  new_deadline=date(2027, 6, 30), reason="Chờ ý kiến", today=TODAY)
    from hoinhap.implementation.my_work import secretariat_work

    work = secretariat_work(org["secretariat"])
    assert [r.pk for r in work["reports"].rows] == [second.pk, first.pk]
    assert [e.pk for e in work["extensions"].rows] == [extension.pk] and work["extensions"].count == 1
    assert secretariat_work(org["btc"]) is None
    client.force_login(org["secretariat"])
    page = client.get("/viec-cua-toi/").content.decode()
    assert "Báo cáo chờ xem xét <span class=\"count\">(2)</span>" in page and "Đề nghị gia hạn" in page

    report_services.extension_decide(actor=org["secretariat"], extension=extension, approve=True, today=TODAY)
    notice = Notice.objects.get(recipient=org["btc"], kind="extension_approved")
    assert notice.params["deadline"] == "ngày 30 tháng 6 năm 2027"


def test_the_committee_sees_comments_to_answer_and_rounds_closing(client, people, open_round):
    from hoinhap.drafting.my_work import committee_work

    comment = consultation_services.comment_add(actor=people["commenter"], round_=open_round, text="Đề nghị sửa.",
                                                organisation=people["moit"])
    assert Notice.objects.filter(recipient=people["commenter"], kind="round_opened").count() == 1
    work = committee_work(people["drafter"], TODAY)
    assert work["unanswered_count"] == 1 and work["closing"] == []  # closes in 30 days, not within 14
    later = committee_work(people["drafter"], TODAY + timedelta(days=20))["closing"]
    assert [(r.pk, r.comment_count) for r in later] == [(open_round.pk, 1)]
    assert committee_work(people["commenter"], TODAY) is None
    consultation_services.comments_respond(actor=people["drafter"], comments=[comment], disposition="accepted",
                                           explanation="Tiếp thu.")
    assert committee_work(people["drafter"], TODAY)["unanswered_count"] == 0
    assert Notice.objects.filter(recipient=people["commenter"], kind="comment_answered").count() == 1
    client.force_login(people["drafter"])
    page = client.get("/viec-cua-toi/").content.decode()
    assert "Mọi ý kiến về các dự thảo của đơn vị đã được tiếp thu, giải trình." in page


def test_a_person_without_a_role_is_told_what_to_do(client, org):
    client.force_login(org["nobody"])
    page = client.get("/viec-cua-toi/").content.decode()
    assert "chưa có vai trò nào" in page and "Chưa có thông báo" in page
    assert client.get("/viec-cua-toi/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200


def test_the_inbox_api_is_ones_own_and_marks_read(client, org, programme):
    report_services.report_review(actor=org["secretariat"], report=_report(org, programme.tasks.get(number="1")),
                                  accept=True, today=TODAY)
    assert client.get("/api/v1/notices").status_code == 401
    client.force_login(org["bng"])
    assert client.get("/api/v1/notices").json() == {"unread": 0, "notices": []}
    client.force_login(org["btc"])
    inbox = client.get("/api/v1/notices", HTTP_ACCEPT_LANGUAGE="en").json()
    assert inbox["unread"] == 1 and inbox["notices"][0]["text"] == "Your report on task 1 was accepted"
    assert client.get("/api/v1/notices").json()["notices"][0]["text"] == "Báo cáo về nhiệm vụ 1 đã được chấp nhận"
    mine = inbox["notices"][0]["id"]
    client.force_login(org["bng"])  # someone else's notice id changes nothing
    assert client.post("/api/v1/notices/read", json.dumps({"ids": [mine]}), content_type="application/json").json() == {
        "marked": 0}
    client.force_login(org["btc"])
    assert client.post("/api/v1/notices/read", json.dumps({}), content_type="application/json").json() == {"marked": 1}
    assert client.get("/api/v1/notices").json()["unread"] == 0


def test_the_command_lists_and_marks_a_persons_notices(org, programme, capsys):
    from hoinhap.cli import main

    report_services.report_review(actor=org["secretariat"], report=_report(org, programme.tasks.get(number="1")),
                                  accept=False, today=TODAY, reason="Thiếu số liệu")
    assert main(["notices", "btc", "--json", "--mark-read"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["unread"] == 1 and listed["notices"][0]["kind"] == "report_returned"
    assert main(["notices", "btc", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unread"] == 0
    assert main(["notices", "ai-do"]) == 3  # no such account
