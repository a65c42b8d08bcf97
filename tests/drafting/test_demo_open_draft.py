"""The demo's second illustrative draft: a public consultation open on the day the demo is loaded,
with comments waiting for the drafting committee."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hoinhap.demo.drafting import OPEN_SLUG
from hoinhap.drafting.models import Comment, Draft


def test_the_second_draft_is_open_today_with_work_for_the_committee(demo, client):
    draft = Draft.objects.get(slug=OPEN_SLUG)
    round_ = draft.rounds.get()
    today = timezone.localdate()
    assert draft.is_illustrative and round_.public and round_.frozen_at is None
    assert (round_.opens_on, round_.deadline) == (today - timedelta(days=10), today + timedelta(days=20))
    comments = Comment.objects.filter(round=round_)
    assert comments.count() >= 12 and comments.filter(is_public=True).exists()
    assert comments.filter(organisation__isnull=False).values("organisation").distinct().count() >= 5
    answered = comments.filter(response__isnull=False).count()
    assert 0 < answered < comments.count()  # some answered, the rest waiting
    assert all(c.receipt and c.created_at.date() <= today for c in comments)
    page = client.get(f"/du-thao/{OPEN_SLUG}/v1/toan-van/").content.decode()
    assert "minh họa" in page and f"/du-thao/{OPEN_SLUG}/v1/gop-y/?eid=chp_II__art_4__cl_1__pt_a" in page


@pytest.mark.parametrize("path", ["v1/toan-van/", "v1/gop-y/?eid=chp_II__art_6__cl_1"])
def test_the_public_pages_pass_the_structure_checks(client, demo, path):
    from tests.web.test_accessibility import test_page_structure

    for language in ("vi", "en"):
        test_page_structure(client, demo, f"/du-thao/{OPEN_SLUG}/{path}", language)
