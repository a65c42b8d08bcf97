"""The demo's National Assembly side of the integration resolution is the real record of
../shared/docs/mission-facts.md: the Standing Committee's 51st session of 6 November 2025 (its two
requests as the drafting committee's conclusions), the NA's 10th session on
19 November and 10 December 2025, each with its source; loaded once."""

from __future__ import annotations

from datetime import date

from hoinhap.demo.drafting import SLUG
from hoinhap.demo.na_review import load_na_review
from hoinhap.drafting import explanation_report
from hoinhap.drafting.models import Draft, Session


def test_the_real_sessions_are_on_the_demo_draft(demo, client):
    draft = Draft.objects.get(slug=SLUG)
    hearings = list(draft.hearings.select_related("session"))
    assert [(h.session.body, h.session.number, h.held_on) for h in hearings] == [
        ("standing_committee", 51, date(2025, 11, 6)), ("na", 10, date(2025, 11, 19)), ("na", 10, date(2025, 12, 10))]
    assert all(h.source for h in hearings)
    assert "Trần Quang Phương" in hearings[0].summary and "Lê Hoài Trung" in hearings[0].summary
    conclusions = list(hearings[0].conclusions.all())
    assert len(conclusions) == 2 and "59-NQ/TW" in conclusions[0].text and conclusions[0].done_on is None
    assert conclusions[1].done_on == date(2025, 11, 19)
    assert Session.objects.get(body="na", number=10).starts_on is None  # the facts give no opening date
    assert explanation_report.explanation_report(draft).total == 0  # no opinion text in the facts: none invented
    assert not draft.rounds.filter(review_stage__gt="").exists()  # the demo's rounds stay answered and frozen
    load_na_review(draft)  # once
    assert draft.hearings.count() == 3
    page = client.get(f"/du-thao/{SLUG}/quoc-hoi/").content.decode()
    assert "Ủy ban Thường vụ Quốc hội, Phiên họp thứ 51" in page and "Quốc hội, Kỳ họp thứ 10" in page
    assert f"/du-thao/{SLUG}/quoc-hoi/" in client.get(f"/du-thao/{SLUG}/").content.decode()  # linked from the draft
