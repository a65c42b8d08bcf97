"""The audit log: every write is in it; it is readable by staff and the secretariat only, filterable
by action, user, object and dates, per object, and exportable."""

from __future__ import annotations

import csv
import io

import pytest

from hoinhap.core.models import AuditEntry, Membership, Organisation, User


@pytest.fixture
def secretariat(demo):
    user = User.objects.create_user("thuky")
    Membership.objects.create(user=user, organisation=Organisation.objects.get(code="BCĐHNQT"), role="secretariat")
    return user


def test_the_log_is_not_public(client, demo):
    assert client.get("/nhat-ky/").status_code == 404
    client.force_login(User.objects.create_user("someone"))
    assert client.get("/nhat-ky/").status_code == 404


def test_filters_per_object_and_csv(client, secretariat):
    from hoinhap.drafting.models import Draft

    client.force_login(secretariat)
    draft = Draft.objects.get(slug="nq-co-che-hoi-nhap")
    page = client.get(f"/nhat-ky/?target=drafting.draft:{draft.pk}").content.decode()
    assert "drafting.draft.created" in page and "drafting.draft.adopted" in page and "corpus.work" not in page
    only = client.get("/nhat-ky/?action=implementation.report.returned").content.decode()
    assert "implementation.report.returned" in only and "implementation.report.accepted" not in only
    rows = list(csv.DictReader(io.StringIO(client.get("/nhat-ky/?action=drafting.comment&format=csv")
                                           .content.decode("utf-8-sig"))))
    assert len(rows) == AuditEntry.objects.filter(action__startswith="drafting.comment").count() > 0
    assert {r["Mã thao tác"] for r in rows} <= {"drafting.comment.added", "drafting.comment.answered"}
    assert client.get("/nhat-ky/?since=2099-01-01").content.decode().count("<tr>") == 2  # header + "nothing"
