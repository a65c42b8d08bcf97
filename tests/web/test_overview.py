"""The overview: partners, indicators against targets and the corpus for everyone; recent changes
(the audit log) for staff only, on the page and in the JSON."""

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
