"""A consultation round's life in the services: open (published version only, invitations, mail to the
invited organisations' members, signer), extend, close, freeze; only the drafting committee; audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hoinhap.core.errors import Conflict, PermissionDenied, TooLong, ValidationFailed
from hoinhap.core.models import AuditEntry
from hoinhap.drafting import consultation_services, round_services, services
from hoinhap.drafting.models import ConsultationRound
from hoinhap.jobs.worker import run as run_worker

TODAY = date.today()


@pytest.fixture
def published(people, draft):
    return services.version_publish(actor=people["drafter"], version=draft.versions.get(number=1))


def test_open_invites_mails_the_members_and_records_the_signer(people, published, mailoutbox):
    round_ = round_services.round_open(
        actor=people["drafter"], version=published, opens_on=TODAY, deadline=TODAY + timedelta(days=30),
        organisations=[people["moit"], people["mof"], people["moit"]], public=True, signer_name=" Lê Văn C ",
        signer_title="Thứ trưởng", signer_capacity="KT. BỘ TRƯỞNG")
    assert (round_.number, round_.public, round_.signer_name, round_.signer_capacity) == (
        1, True, "Lê Văn C", "KT. BỘ TRƯỞNG")
    assert sorted(round_.invitations.values_list("organisation__code", flat=True)) == ["BCT", "BTC"]
    assert mailoutbox == []  # queued with the round, sent by the worker
    run_worker(batch=True)
    assert sorted(m.to[0] for m in mailoutbox) == ["contact@bct.example", "finance@btc.example"]
    assert all("Mời góp ý" in m.subject and f"{round_.deadline:%d/%m/%Y}" in m.body for m in mailoutbox)
    entry = AuditEntry.objects.get(action="drafting.round.opened")
    assert entry.data["invited"] == ["BCT", "BTC"] and entry.data["signer"] == "Lê Văn C"
    again = round_services.round_open(actor=people["drafter"], version=published, opens_on=TODAY, deadline=TODAY)
    assert again.number == 2 and not again.invitations.exists()


def test_the_old_name_still_opens_a_round(people, published):
    assert consultation_services.round_open is round_services.round_open


def test_open_refuses_unpublished_versions_bad_dates_long_names_and_outsiders(people, draft, published):
    copy = services.version_copy(actor=people["drafter"], draft=draft)
    with pytest.raises(ValidationFailed):
        round_services.round_open(actor=people["drafter"], version=copy, opens_on=TODAY, deadline=TODAY)
    with pytest.raises(ValidationFailed):
        round_services.round_open(actor=people["drafter"], version=published, opens_on=TODAY,
                                  deadline=TODAY - timedelta(days=1))
    with pytest.raises(TooLong):
        round_services.round_open(actor=people["drafter"], version=published, opens_on=TODAY, deadline=TODAY,
                                  signer_name="x" * 300)
    for outsider in (people["commenter"], None):
        with pytest.raises(PermissionDenied):
            round_services.round_open(actor=outsider, version=published, opens_on=TODAY, deadline=TODAY)
    assert not ConsultationRound.objects.exists()


def test_extend_only_later_and_not_once_closed(people, open_round):
    old = open_round.deadline
    with pytest.raises(ValidationFailed):
        round_services.round_extend(actor=people["drafter"], round_=open_round, deadline=old)
    with pytest.raises(PermissionDenied):
        round_services.round_extend(actor=people["commenter"], round_=open_round, deadline=old + timedelta(days=1))
    extended = round_services.round_extend(actor=people["drafter"], round_=open_round, deadline=old + timedelta(days=7))
    assert extended.deadline == old + timedelta(days=7)
    entry = AuditEntry.objects.get(action="drafting.round.extended")
    assert entry.data == {"old": old.isoformat(), "new": (old + timedelta(days=7)).isoformat()}
    round_services.round_close(actor=people["drafter"], round_=open_round)
    with pytest.raises(Conflict):
        round_services.round_extend(actor=people["drafter"], round_=open_round, deadline=old + timedelta(days=9))


def test_a_round_past_its_deadline_can_be_extended_and_so_reopened(people, consultation):
    assert round_services.round_is_closed(consultation, TODAY)  # the 2025 round's deadline has passed
    round_services.round_extend(actor=people["drafter"], round_=consultation, deadline=TODAY + timedelta(days=3))
    consultation.refresh_from_db()
    assert not round_services.round_is_closed(consultation, TODAY)


def test_close_stops_intake_records_who_and_is_done_once(people, open_round):
    assert round_services.round_accepts_comments(open_round, TODAY)
    with pytest.raises(PermissionDenied):
        round_services.round_close(actor=people["commenter"], round_=open_round)
    closed = round_services.round_close(actor=people["drafter"], round_=open_round)
    assert closed.closed_by == people["drafter"] and closed.closed_at is not None and closed.frozen_at is None
    assert round_services.round_is_closed(closed) and not round_services.round_accepts_comments(closed, TODAY)
    assert AuditEntry.objects.get(action="drafting.round.closed").data["early"] is True
    with pytest.raises(Conflict):
        round_services.round_close(actor=people["drafter"], round_=closed)


def test_freeze_is_a_separate_step_with_the_reports_hash(people, open_round):
    closed = round_services.round_close(actor=people["drafter"], round_=open_round)
    assert closed.report_sha256 == ""
    with pytest.raises(PermissionDenied):
        round_services.round_freeze(actor=people["commenter"], round_=closed)
    frozen = round_services.round_freeze(actor=people["drafter"], round_=closed)
    assert len(frozen.report_sha256) == 64 and frozen.report_snapshot is not None
    with pytest.raises(Conflict):
        round_services.round_freeze(actor=people["drafter"], round_=frozen)
    with pytest.raises(Conflict):
        round_services.round_close(actor=people["drafter"], round_=frozen)


def test_late_comments_follow_the_setting(people, open_round, settings):
    after = open_round.deadline + timedelta(days=1)
    assert round_services.round_is_closed(open_round, after)
    assert not round_services.accepts_late_comments()  # the default: refused
    assert not round_services.round_accepts_comments(open_round, after)
    assert not round_services.round_accepts_comments(open_round, open_round.opens_on - timedelta(days=1))
    settings.HOINHAP_ACCEPT_LATE_COMMENTS = True
    assert round_services.round_accepts_comments(open_round, after)
    round_services.round_close(actor=people["drafter"], round_=open_round)
    open_round.refresh_from_db()
    assert not round_services.round_accepts_comments(open_round, after)  # closed by hand: never


# --- The pages: open a round, its page, extend / close / freeze, each with a message; 403 for others ---

def test_the_committee_opens_a_round_in_the_browser(client, people, published, mailoutbox):
    client.force_login(people["drafter"])
    page = client.get("/du-thao/nq-hoi-nhap/dot-moi/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "selected" not in html.split('name="version"')[1].split("</select>")[0].replace(
        '<option value="" selected>', "")  # no version chosen in advance
    assert "checked" not in html  # no organisation invited, no public comment chosen in advance
    bad = client.post("/du-thao/nq-hoi-nhap/dot-moi/", {"version": published.pk, "opens_on": "2099-02-01",
                                                        "deadline": "2099-01-01"})
    assert bad.status_code == 422 and not ConsultationRound.objects.exists()
    assert "Hạn góp ý sớm hơn ngày bắt đầu." in bad.content.decode()  # the service's refusal, in Vietnamese
    made = client.post("/du-thao/nq-hoi-nhap/dot-moi/", {
        "version": published.pk, "deadline": f"{TODAY + timedelta(days=30):%d/%m/%Y}",
        "organisations": [people["moit"].pk], "public": "on", "signer_name": "Lê Văn C", "signer_capacity": "KT. BỘ TRƯỞNG"},
        follow=True)
    round_ = ConsultationRound.objects.get()
    assert made.redirect_chain[-1][0] == "/du-thao/nq-hoi-nhap/dot-1/"
    assert (round_.opens_on, round_.deadline, round_.public, round_.signer_capacity) == (
        TODAY, TODAY + timedelta(days=30), True, "KT. BỘ TRƯỞNG")
    assert list(round_.invitations.values_list("organisation__code", flat=True)) == ["BCT"]
    text = made.content.decode()
    assert f"{round_.deadline:%d/%m/%Y}" in text and "Bộ Công Thương" in text  # the message and the invitation
    assert 'role="status"' in text  # the confirmation after the write


def test_extend_close_and_freeze_on_the_round_page(client, people, open_round):
    url = f"/du-thao/{open_round.draft.slug}/dot-1/"
    client.force_login(people["drafter"])
    assert 'value="extend"' in client.get(url).content.decode()
    refused = client.post(url, {"action": "extend", "deadline": "31/02/2099"})
    assert refused.status_code == 422
    later = open_round.deadline + timedelta(days=5)
    done = client.post(url, {"action": "extend", "deadline": later.isoformat()}, follow=True)
    open_round.refresh_from_db()
    assert open_round.deadline == later and f"{later:%d/%m/%Y}" in done.content.decode()
    not_later = client.post(url, {"action": "extend", "deadline": TODAY.isoformat()}, follow=True)
    assert 'class="error"' in not_later.content.decode()
    client.post(url, {"action": "close"})
    open_round.refresh_from_db()
    assert open_round.closed_at is not None and open_round.closed_by == people["drafter"]
    page = client.get(url).content.decode()
    assert 'value="extend"' not in page and 'value="freeze"' in page
    client.post(url, {"action": "freeze"}, follow=True)
    open_round.refresh_from_db()
    assert open_round.frozen_at is not None
    again = client.post(url, {"action": "freeze"}, follow=True)
    assert again.status_code == 200 and 'class="error"' in again.content.decode()
    assert 'value="freeze"' not in client.get(url).content.decode()


def test_others_read_the_round_but_get_no_forms_and_403(client, people, open_round):
    url = f"/du-thao/{open_round.draft.slug}/dot-1/"
    for who in (None, people["commenter"]):
        if who:
            client.force_login(who)
        page = client.get(url)
        assert page.status_code == 200 and "Bộ Công Thương" in page.content.decode()
        assert 'value="close"' not in page.content.decode()
        assert client.post(url, {"action": "close"}).status_code == 403
        assert client.get(f"/du-thao/{open_round.draft.slug}/dot-moi/").status_code == 403
        assert "dot-moi" not in client.get(f"/du-thao/{open_round.draft.slug}/").content.decode()
    open_round.refresh_from_db()
    assert open_round.closed_at is None
    assert client.get(f"/du-thao/{open_round.draft.slug}/dot-9/").status_code == 404


def test_the_draft_page_links_the_rounds_for_the_committee(client, people, open_round):
    client.force_login(people["drafter"])
    html = client.get(f"/du-thao/{open_round.draft.slug}/").content.decode()
    assert f"/du-thao/{open_round.draft.slug}/dot-moi/" in html and f"/du-thao/{open_round.draft.slug}/dot-1/" in html


def test_no_comment_is_taken_once_the_round_is_closed(people, open_round):
    consultation_services.comment_add(actor=None, round_=open_round, text="Trước khi đóng.", author_name="An")
    round_services.round_close(actor=people["drafter"], round_=open_round)
    with pytest.raises(ValidationFailed):
        consultation_services.comment_add(actor=None, round_=open_round, text="Sau khi đóng.", author_name="Bình")
    with pytest.raises(ValidationFailed):
        consultation_services.comment_add(actor=people["commenter"], round_=open_round, text="Bộ Công Thương.",
                                          organisation=people["moit"])
    assert open_round.comments.count() == 1


def test_a_past_round_recorded_afterwards_mails_nobody(people, published, mailoutbox):
    round_services.round_open(actor=people["drafter"], version=published, opens_on=date(2025, 9, 1),
                              deadline=date(2025, 9, 30), organisations=[people["moit"]])
    run_worker(batch=True)
    assert mailoutbox == []
