"""The overview: partners, indicators against targets and the corpus for everyone; recent changes
(the audit log) for staff only, on the page and in the JSON."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_overview_tiles_link_to_their_details(client, demo):
    page = client.get("/tong-quan/?as_of=2025-08-22", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/doi-tac/?as_of=2025-08-22"' in page and 'href="/chi-tieu/?as_of=2025-08-22"' in page
    assert '<p class="big">37</p>' in page and "behind target" in page
    assert "GDP growth: 7.52% (2025-H1)" in page and "514 tỷ USD" in page  # English: the code and a point
    assert 'href="/?type=Ngh%E1%BB%8B%20quy%E1%BA%BFt"' in page


def test_recent_changes_are_for_staff_only(client, demo):
    assert "Recent changes" not in client.get("/tong-quan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert client.get("/api/v1/overview").json().get("recent_changes") is None
    staff = get_user_model().objects.create_user("secretariat", password="a-long-password-1", is_staff=True)
    client.force_login(staff)
    assert "Recent changes" in client.get("/tong-quan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    changes = client.get("/api/v1/overview").json()["recent_changes"]
    assert changes and changes[0]["action"]


def test_overview_json_matches_the_parts(client, demo):
    data = client.get("/api/v1/overview?as_of=2025-08-22").json()
    # the corpus as of the date: 250/2025/QH15 (December 2025) is not yet issued in August
    assert data["partners"]["total"] == 37 and data["corpus"]["documents"] == 2
    assert client.get("/api/v1/overview?as_of=2026-01-31").json()["corpus"]["documents"] == 3
    assert {r["code"] for r in data["indicators"]} == {"gdp-growth", "exports", "fdi-registered", "fdi-disbursed"}


def test_drafts_in_consultation_as_of_a_date(client, demo):
    during = client.get("/api/v1/overview?as_of=2025-07-01").json()["consultations"]
    assert [(r["draft"], r["round"], r["deadline"], r["overdue"]) for r in during] == \
        [("nq-co-che-hoi-nhap", 1, "2025-07-15", False)]
    assert during[0]["comments"] == 9 and during[0]["not_yet_responded"] == 1  # the Ministry of Industry and Trade
    early = client.get("/api/v1/overview?as_of=2025-06-05").json()["consultations"][0]
    assert early["comments"] == 1 and early["not_yet_responded"] == 6
    assert client.get("/api/v1/overview?as_of=2025-08-22").json()["consultations"] == []
    page = client.get("/tong-quan/?as_of=2025-10-20", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "round 2, deadline" in page and 'href="/du-thao/nq-co-che-hoi-nhap/#round-2"' in page


def _overdue(client, as_of):
    data = client.get(f"/api/v1/overview?as_of={as_of}").json()
    return {row["code"]: (row["overdue"], row["longest_overdue_days"]) for row in data["overdue_by_agency"]}, data


def test_days_overdue_per_agency_and_the_most_overdue_tasks_as_of_a_date(client, org, programme):
    from hoinhap.implementation import report_services

    # deadlines: task 1 (Ministry of Finance) 30/06/2025, 2.1 (Hà Nội) 31/08/2025, 2 (Justice) 30/09/2025
    by_agency, data = _overdue(client, "2025-10-20")
    assert by_agency["BTC"] == (1, 112) and by_agency["HN"] == (1, 50) and by_agency["BTP"] == (1, 20)
    assert data["most_overdue"] is None  # the counts are public, the tasks need a sign-in
    assert _overdue(client, "2025-09-15")[0]["BTC"] == (1, 77)  # as_of honoured
    assert "BTP" not in _overdue(client, "2025-09-15")[0]  # not yet due then
    # an extension approved on 01/10 moves the deadline in force: from then the delay counts from it
    task = programme.tasks.get(number="1")
    extension = report_services.extension_request(actor=org["btc"], task=task, new_deadline=date(2025, 9, 30),
                                                  reason="cần thêm thời gian", today=date(2025, 9, 1))
    report_services.extension_decide(actor=org["secretariat"], extension=extension, approve=True, today=date(2025, 10, 1))
    assert _overdue(client, "2025-10-20")[0]["BTC"] == (1, 20)
    assert _overdue(client, "2025-09-15")[0]["BTC"] == (1, 77)  # before the approval the original one held
    client.force_login(org["nobody"])
    most = client.get("/api/v1/overview?as_of=2025-10-20").json()["most_overdue"]
    assert [(t["lead"], t["due"], t["days_overdue"]) for t in most] == [
        ("HN", "2025-08-31", 50), ("BTC", "2025-09-30", 20), ("BTP", "2025-09-30", 20)]  # longest first
    page = client.get("/tong-quan/?as_of=2025-10-20", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "quá hạn 50 ngày" in page and "lâu nhất 50 ngày" in page and "31/08/2025" in page
    assert f'href="/nhiem-vu/{programme.tasks.get(number="2.1").pk}/"' in page
    assert 'href="/nhiem-vu/?as_of=2025-10-20&amp;bucket=overdue"' in page  # the overdue list


def test_days_overdue_in_vietnamese_numbers(client, org, programme):
    client.force_login(org["nobody"])
    page = client.get("/tong-quan/?as_of=2028-10-20", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "quá hạn 1.208 ngày" in page  # 30/06/2025 to 20/10/2028
    english = client.get("/tong-quan/?as_of=2028-10-20", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1,208 days overdue" in english


def test_recent_changes_in_words_linked_to_the_audit_page(client, org, programme):
    staff = get_user_model().objects.create_user("staff", password="a-long-password-1", is_staff=True)
    client.force_login(staff)
    page = client.get("/tong-quan/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "/admin/core/auditentry/" not in page and "<code>" not in page
    assert 'href="/nhat-ky/"' in page
    change = client.get("/api/v1/overview", HTTP_ACCEPT_LANGUAGE="vi").json()["recent_changes"][0]
    assert change["action"] == "implementation.programme.extracted" and change["action_label"].startswith("Trích xuất")
    assert f'<span title="implementation.programme.extracted">{change["action_label"]}</span>' in page
    assert date.fromisoformat(change["on"]).strftime("%d/%m/%Y") in page  # the day, Vietnamese style
    assert f'href="/nhat-ky/?target={change["target_type"]}:{change["target_id"]}"' in page
