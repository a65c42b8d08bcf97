"""The demo loads the real meeting of 26 August 2025 beside the illustrative data; the demo's invented
meeting (15/08/2025, "minh họa") stays an illustrative implementation meeting outside the cycle."""

from __future__ import annotations

from datetime import date

from hoinhap.implementation.models import Meeting
from hoinhap.indicators.selectors import partner_counts
from hoinhap.steering.briefing import briefing_pack
from hoinhap.steering.models import SteeringMeeting


def test_demo_has_the_real_meeting_and_its_briefing_pack(demo, client, django_user_model):
    real = SteeringMeeting.objects.get()
    assert real.meeting.held_on == date(2025, 8, 26) and not real.is_illustrative
    invented = Meeting.objects.get(held_on=date(2025, 8, 15))
    assert "minh họa" in invented.title
    assert not SteeringMeeting.objects.filter(meeting=invented).exists()
    assert all(p.is_illustrative for p in invented.conclusions.all())
    pack = briefing_pack(real)
    assert pack.partner_counts == partner_counts(date(2025, 8, 26)) and pack.partner_counts["total"] == 37  # reported: 38
    assert pack.total > 0 and len(pack.indicators) == 4
    assert pack.follow_up == []  # the invented meeting is not part of the real cycle
    admin = django_user_model.objects.create_superuser("admin", password="x")
    client.force_login(admin)
    for url in ("/ban-chi-dao/", "/ban-chi-dao/2025-08-26/", "/ban-chi-dao/2025-08-26/tai-lieu/",
                "/ban-chi-dao/2025-08-26/tai-lieu.docx", "/ban-chi-dao/thanh-vien/?as_of=2025-08-26"):
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="vi").status_code == 200, url
    page = client.get("/ban-chi-dao/2025-08-26/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert page.count("Chưa giao cơ quan chủ trì") >= 8 and "7,52" in page


PAGES = ["/ban-chi-dao/", "/ban-chi-dao/2025-08-26/", "/ban-chi-dao/2025-08-26/tai-lieu/",
         "/ban-chi-dao/thanh-vien/?as_of=2025-08-26", "/ban-chi-dao/ke-hoach/"]


def test_pages_are_accessible_in_both_languages_with_the_secretariats_forms(demo, client, django_user_model):
    """The checks of tests/web/test_accessibility.py on the steering pages, as the secretariat (all forms shown)."""
    from lxml import html

    from tests.web.test_accessibility import headings

    client.force_login(django_user_model.objects.create_superuser("admin", password="x"))
    for url in PAGES:
        for language in ("vi", "en"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, url
            tree = html.fromstring(response.content)
            assert tree.get("lang") == language
            levels = headings(tree)
            assert levels.count(1) == 1, (url, levels)
            for before, after in zip(levels, levels[1:], strict=False):
                assert after <= before + 1, (url, f"h{before} → h{after}")
            labelled = {label.get("for") for label in tree.iter("label")}
            for control in tree.xpath("//input[not(@type='hidden')] | //select | //textarea"):
                assert control.get("id") in labelled or control.get("aria-label"), (url, html.tostring(control)[:120])
            for link in tree.iter("a"):
                assert link.text_content().strip() or link.get("aria-label"), (url, html.tostring(link)[:120])
