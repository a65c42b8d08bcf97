"""The secretariat's journey in a real browser (Debian's chromium, skipped where absent): open the real
meeting of 26/08/2025, assign a lead to a direction, record a new meeting's conclusion, read the briefing
pack. ``HOINHAP_SCREENSHOTS_DIR=docs/screenshots`` keeps the screenshots."""

from __future__ import annotations

import pytest

from hoinhap.core.models import Membership, Organisation, User
from hoinhap.steering.models import Directive

from .conftest import needs_chromium

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "một-mật-khẩu-dài-1"


def test_the_secretariat_runs_the_meeting_cycle(page, demo, shots):
    user = User.objects.create_user("thuky", password=PASSWORD)
    Membership.objects.create(user=user, organisation=Organisation.objects.get(code="BCĐHNQT"), role="secretariat")
    page.goto(page.base + "/dang-nhap/")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/tong-quan/")
    page.click("nav >> text=Ban Chỉ đạo")
    page.click("main table >> text=Phiên họp Ban Chỉ đạo quốc gia về hội nhập quốc tế ngày 26/8/2025")
    assert page.locator("main").inner_text().count("Chưa giao cơ quan chủ trì") >= 8
    shots(page, "steering-meeting")
    first = Directive.objects.get(meeting__meeting__held_on="2025-08-26", position=1)
    page.select_option(f"#lead-{first.pk}", "BNG")
    page.click(f"form:has(#lead-{first.pk}) button[type=submit]")
    page.wait_for_load_state()
    first.task.refresh_from_db()
    assert first.task.lead.code == "BNG"
    page.click("text=Tài liệu phục vụ phiên họp >> nth=0")
    page.wait_for_url("**/tai-lieu/")
    assert "Nhiệm vụ quá hạn theo cơ quan chủ trì" in page.locator("main").inner_text()
    shots(page, "steering-briefing")
