"""The /ban-chi-dao/ pages: reads for signed-in users, the secretariat's forms, 403 for anyone else
posting (nothing changes), the briefing pack as a page and in Word."""

from __future__ import annotations

from datetime import date

import pytest

from hoinhap.core.models import AuditEntry
from hoinhap.steering import services
from hoinhap.steering.models import SteeringMeeting

URL = "/ban-chi-dao/2025-09-30/"


@pytest.fixture
def meeting(org):
    meeting = services.meeting_create(actor=org["secretariat"], title="Phiên họp thử", held_on=date(2025, 9, 30))
    services.conclusion_record(actor=org["secretariat"], meeting=meeting, title="Thông báo kết luận",
                               directives=[services.DirectiveSpec("Rà soát văn bản cản trở hội nhập")])
    return meeting


def test_reads_need_a_sign_in(client, meeting):
    for url in ("/ban-chi-dao/", URL, URL + "tai-lieu/", "/ban-chi-dao/thanh-vien/", "/ban-chi-dao/ke-hoach/"):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], url


def test_meeting_page_shows_directions_with_lead_to_be_assigned(client, org, meeting):
    client.force_login(org["btc"])
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Rà soát văn bản cản trở hội nhập" in page and "30/09/2025" in page
    assert 'name="action" value="conclusion"' not in page  # the forms are the secretariat's
    assert client.get("/ban-chi-dao/2025-13-01/").status_code == 404
    assert client.get("/ban-chi-dao/2024-01-01/").status_code == 404


def test_a_reporter_posting_gets_403_and_nothing_changes(client, org, meeting):
    client.force_login(org["btc"])
    before = AuditEntry.objects.count()
    assert client.post(URL, {"action": "agenda", "title": "X"}).status_code == 403
    assert client.post("/ban-chi-dao/", {"title": "X", "held_on": "2025-10-01"}).status_code == 403
    assert AuditEntry.objects.count() == before and meeting.agenda.count() == 0


def test_the_secretariat_creates_a_meeting_adds_agenda_records_directions_and_assigns_a_lead(client, org):
    client.force_login(org["secretariat"])
    response = client.post("/ban-chi-dao/", {"title": "Phiên họp mới", "held_on": "2025-12-15", "chaired_by": "Trưởng Ban"})
    assert response.status_code == 302 and response["Location"].endswith("/ban-chi-dao/2025-12-15/")
    url = "/ban-chi-dao/2025-12-15/"
    assert client.post(url, {"action": "agenda", "title": "Sơ kết năm 2025"}).status_code == 302
    bad = client.post(url, {"action": "conclusion", "title": "TB", "directions": "Việc A | KHONG-CO"})
    assert bad.status_code == 200 and "KHONG-CO" in bad.content.decode()
    posted = client.post(url, {"action": "conclusion", "title": "Thông báo kết luận",
                               "directions": "Trình Đề án | BNG | quý I/2026\nRà soát văn bản\n"})
    assert posted.status_code == 302
    meeting = SteeringMeeting.objects.get(meeting__held_on=date(2025, 12, 15))
    first, second = meeting.directives.select_related("task__lead")
    assert first.task.lead.code == "BNG" and first.task.deadline == date(2026, 3, 31)
    assert second.task.lead.code == services.TO_BE_ASSIGNED_CODE
    assert client.post(url, {"action": "assign", "directive": second.pk, "lead": "BTP"}).status_code == 302
    second.task.refresh_from_db()
    assert second.task.lead.code == "BTP"
    page = client.get(url).content.decode()
    assert "Sơ kết năm 2025" in page and "Bộ Tư pháp" in page
    again = client.post("/ban-chi-dao/", {"title": "Trùng", "held_on": "2025-12-15"})
    assert again.status_code == 200 and 'role="alert"' in again.content.decode()


def test_briefing_pack_page_and_word(client, org, meeting):
    client.force_login(org["secretariat"])
    page = client.get(URL + "tai-lieu/")
    assert page.status_code == 200 and "30/09/2025" in page.content.decode()
    word = client.get(URL + "tai-lieu.docx")
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert "tai-lieu-phien-hop-2025-09-30.docx" in word["Content-Disposition"]


def test_members_and_plans_pages(client, org):
    services.member_add(actor=org["secretariat"], person="Người A", office="Trưởng Ban", role="head")
    client.force_login(org["btc"])
    assert "Người A" in client.get("/ban-chi-dao/thanh-vien/?as_of=2025-08-26").content.decode()
    assert client.get("/ban-chi-dao/thanh-vien/?as_of=xyz").status_code == 200
    assert client.get("/ban-chi-dao/ke-hoach/").status_code == 200
