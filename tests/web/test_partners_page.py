import re

import pytest

pytestmark = pytest.mark.django_db


def test_partners_page_groups_by_level_as_of_a_date(client, demo):
    page = client.get("/doi-tac/?as_of=2025-08-22", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "ngày 22 tháng 8 năm 2025" in page and "37 đối tác" in page  # Decree 30: no 0 before months 3-12
    counts = re.findall(r'<h2 id="level-\d">[^<(]+\((\d+)\)</h2>', page)
    assert counts == ["13", "10", "14"]
    assert "Trung Quốc" in page and "2008-05" in page
    english = client.get("/doi-tac/?as_of=2025-08-22", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "China" in english and "Comprehensive strategic partnership (13)" in english


def test_partners_page_reports_a_bad_date_and_shows_today(client, demo):
    page = client.get("/doi-tac/?as_of=22-08-2025")
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
