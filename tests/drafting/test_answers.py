"""Answers (issue 16, item 4): the changed provision chosen by its label, revised or withdrawn with
history until the report is frozen, the unanswered queue, a confirmation after each action."""

from __future__ import annotations

import json
from datetime import date

import pytest

from hoinhap.core.errors import Conflict, PermissionDenied, ValidationFailed
from hoinhap.drafting import consultation_services as consult
from hoinhap.drafting import response_services, selectors, services, stage_services
from hoinhap.drafting.models import Response, ResponseRevision

from .fixtures import V2

DURING = date(2025, 9, 10)


def add(people, round_, text, eid="", org="moit", who="commenter", name=""):
    return consult.comment_add(actor=people[who] if who else None, round_=round_, text=text, eid=eid,
                               organisation=people[org] if org else None, author_name=name, today=DURING)


@pytest.fixture
def two_versions(people, consultation):
    v2 = services.version_import(actor=people["drafter"], draft=consultation.draft, data=V2.encode(), filename="v2")
    return consultation, v2


def test_the_next_versions_provisions_are_offered_by_label(two_versions):
    _round, v2 = two_versions
    choices = dict(selectors.provision_choices(v2))
    assert choices["chp_II__art_4__cl_1"] == "Điều 4, khoản 1"
    assert choices["chp_I__art_2"] == "Điều 2. Đặc phái viên"
    assert "chp_I" not in choices  # chapters are not provisions one changes


def test_answer_revise_withdraw_keep_their_history_and_are_audited(people, two_versions):
    from hoinhap.core.models import AuditEntry

    round_, v2 = two_versions
    comment = add(people, round_, "Làm rõ đối tượng.", "chp_II__art_3__cl_1")
    consult.comments_respond(actor=people["drafter"], comments=[comment], disposition="accepted",
                             explanation="Đã sửa khoản 1.", change_version=v2, change_eid="chp_II__art_4__cl_1")
    response_services.response_revise(actor=people["drafter"], comment=comment, disposition="partly_accepted",
                                      explanation="Tiếp thu một phần.")
    assert Response.objects.get(comment=comment).change_eid == ""
    response_services.response_withdraw(actor=people["drafter"], comment=comment, reason="Trả lời nhầm.")
    assert not Response.objects.filter(comment=comment).exists()
    history = list(ResponseRevision.objects.filter(comment=comment))
    assert [(r.action, r.disposition, r.change_eid) for r in history] == [
        ("answered", "accepted", "chp_II__art_4__cl_1"), ("revised", "partly_accepted", ""),
        ("withdrawn", "partly_accepted", "")]
    assert history[-1].explanation == "Trả lời nhầm."
    assert [c.pk for c in selectors.unanswered_queue(v2)] == [comment.pk]
    actions = set(AuditEntry.objects.filter(action__startswith="drafting.comment.answer").values_list("action",
                                                                                                       flat=True))
    assert actions == {"drafting.comment.answered", "drafting.comment.answer_revised",
                       "drafting.comment.answer_withdrawn"}


def test_nothing_changes_once_the_report_is_frozen(people, two_versions):
    round_, _v2 = two_versions
    answered = add(people, round_, "Một.", "chp_I__art_1")
    waiting = add(people, round_, "Hai.", "chp_I__art_1")
    consult.comments_respond(actor=people["drafter"], comments=[answered], disposition="explained", explanation="Vì.")
    stage_services.round_freeze(actor=people["drafter"], round_=round_)
    with pytest.raises(Conflict):
        response_services.response_revise(actor=people["drafter"], comment=answered, disposition="accepted",
                                          explanation="x")
    with pytest.raises(Conflict):
        response_services.response_withdraw(actor=people["drafter"], comment=answered)
    with pytest.raises(Conflict):
        consult.comments_respond(actor=people["drafter"], comments=[waiting], disposition="accepted", explanation="x")
    assert Response.objects.get(comment=answered).disposition == "explained"


def test_wrong_answers_are_refused(people, two_versions):
    round_, v2 = two_versions
    comment = add(people, round_, "Một.", "chp_I__art_1")
    with pytest.raises(ValidationFailed):  # nothing to revise or withdraw yet
        response_services.response_revise(actor=people["drafter"], comment=comment, disposition="accepted",
                                          explanation="x")
    with pytest.raises(ValidationFailed):
        response_services.response_withdraw(actor=people["drafter"], comment=comment)
    with pytest.raises(ValidationFailed):  # a change must be in a later version than the comment's
        consult.comments_respond(actor=people["drafter"], comments=[comment], disposition="accepted",
                                 explanation="x", change_version=round_.version, change_eid="chp_I__art_1")
    consult.comments_respond(actor=people["drafter"], comments=[comment], disposition="accepted", explanation="x",
                             change_version=v2, change_eid="chp_I__art_1")
    with pytest.raises(PermissionDenied):
        response_services.response_withdraw(actor=people["commenter"], comment=comment)


def test_the_queue_by_provision_and_organisation_filters(people, two_versions):
    round_, v2 = two_versions
    public = add(people, round_, "Ý kiến người dân.", "chp_II__art_3__cl_1", org=None, who=None, name="Trần B")
    moit = add(people, round_, "Ý kiến Bộ Công Thương.", "chp_I__art_1")
    whole = add(people, round_, "Toàn bộ.", "")
    lost = add(people, round_, "Quỹ.", "chp_II__art_4")
    done = add(people, round_, "Đã trả lời.", "chp_I__art_1")
    consult.comments_respond(actor=people["drafter"], comments=[done], disposition="accepted", explanation="x")
    queue = selectors.unanswered_queue(v2)
    assert [c.pk for c in queue] == [whole.pk, moit.pk, public.pk, lost.pk]  # whole draft, by article, lost last
    assert [c.article_eid for c in queue] == ["toan-bo", "chp_I__art_1", "chp_II__art_4", ""]
    only = selectors.unanswered_queue
    assert [c.pk for c in only(v2, selectors.QueueFilters(kind="public"))] == [public.pk]
    assert [c.pk for c in only(v2, selectors.QueueFilters(organisation="BCT"))] == [whole.pk, moit.pk, lost.pk]
    assert [c.pk for c in only(v2, selectors.QueueFilters(article="chp_II__art_4"))] == [public.pk]
    assert only(v2, selectors.QueueFilters(round=2)) == []


def test_in_the_browser_answer_by_label_revise_withdraw_with_a_message(people, two_versions, client):
    round_, v2 = two_versions
    comment = add(people, round_, "Làm rõ đối tượng.", "chp_II__art_3__cl_1")
    client.force_login(people["drafter"])
    page = client.get("/du-thao/nq-hoi-nhap/v1/chp_II__art_3/").content.decode()
    assert "Điều 4, khoản 1" in page and 'name="change_eid"' in page
    answered = client.post("/du-thao/nq-hoi-nhap/v1/chp_II__art_3/", {
        "disposition": "accepted", "explanation": "Đã sửa.", "change_eid": "chp_II__art_4__cl_1",
        "pick": [comment.pk]}, follow=True)
    assert "Đã trả lời 1 ý kiến." in answered.content.decode()
    response = Response.objects.get(comment=comment)
    assert (response.change_version, response.change_eid) == (v2, "chp_II__art_4__cl_1")
    bad = client.post("/du-thao/nq-hoi-nhap/v1/chp_II__art_3/", {
        "disposition": "accepted", "explanation": "x", "change_eid": "chp_IX__art_99", "pick": [comment.pk]})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    revised = client.post(f"/du-thao/nq-hoi-nhap/y-kien/{comment.pk}/tra-loi/sua/", {
        "disposition": "explained", "explanation": "Giữ nguyên.", "change_version": "2", "change_eid": "",
        "next": "/du-thao/nq-hoi-nhap/v1/chp_II__art_3/"}, follow=True)
    assert f"Đã sửa câu trả lời ý kiến #{comment.pk}." in revised.content.decode()
    assert "Lịch sử trả lời (2 lần)" in revised.content.decode()
    withdrawn = client.post(f"/du-thao/nq-hoi-nhap/y-kien/{comment.pk}/tra-loi/rut/", {"reason": "Nhầm."},
                            follow=True)
    assert f"Đã rút câu trả lời ý kiến #{comment.pk}." in withdrawn.content.decode()
    assert not Response.objects.filter(comment=comment).exists()
    offsite = client.post(f"/du-thao/nq-hoi-nhap/y-kien/{comment.pk}/tra-loi/rut/", {"next": "https://evil.example/"})
    assert offsite.status_code == 302 and "evil" not in offsite["Location"]


def test_only_the_committee_answers_in_the_browser(people, two_versions, client):
    round_, _v2 = two_versions
    comment = add(people, round_, "Một.", "chp_I__art_1")
    consult.comments_respond(actor=people["drafter"], comments=[comment], disposition="accepted", explanation="x")
    client.force_login(people["commenter"])
    refused = client.post(f"/du-thao/nq-hoi-nhap/y-kien/{comment.pk}/tra-loi/rut/", {}, follow=True)
    assert refused.status_code == 200 and Response.objects.filter(comment=comment).exists()
    assert client.get("/du-thao/nq-hoi-nhap/cho-tra-loi/").status_code == 403
    assert client.get("/du-thao/nq-hoi-nhap/y-kien/999999/tra-loi/sua/").status_code == 404


def test_the_queue_page_groups_and_filters(people, two_versions, client):
    round_, _v2 = two_versions
    add(people, round_, "Ý kiến người dân về lương.", "chp_II__art_3__cl_1", org=None, who=None, name="Trần B")
    add(people, round_, "Ý kiến Bộ Công Thương.", "chp_I__art_1")
    client.force_login(people["drafter"])
    page = client.get("/du-thao/nq-hoi-nhap/cho-tra-loi/").content.decode()
    assert "2 ý kiến chờ trả lời." in page and "Điều 1" in page and "Điều 4" in page
    assert "Trần B" in page and "Bộ Công Thương" in page
    public = client.get("/du-thao/nq-hoi-nhap/cho-tra-loi/?loai=public").content.decode()
    assert "Trần B" in public and "Ý kiến Bộ Công Thương." not in public
    odd = client.get("/du-thao/nq-hoi-nhap/cho-tra-loi/?dot=abc&loai=x&page=zz")
    assert odd.status_code == 200


def test_the_api_revises_withdraws_and_lists_the_queue(people, two_versions, client):
    round_, v2 = two_versions
    comment = add(people, round_, "Một.", "chp_II__art_3__cl_1")
    consult.comments_respond(actor=people["drafter"], comments=[comment], disposition="accepted", explanation="x")
    client.force_login(people["drafter"])
    url = f"/api/v1/drafts/nq-hoi-nhap/comments/{comment.pk}/answer"
    revised = client.put(url, json.dumps({"disposition": "accepted", "explanation": "Đã sửa.", "change_version": 2,
                                          "change_eid": "chp_II__art_4__cl_1"}), content_type="application/json")
    assert revised.status_code == 200 and revised.json()["change_eid"] == "chp_II__art_4__cl_1"
    history = client.get(f"{url}/history").json()
    assert [h["action"] for h in history] == ["answered", "revised"]
    withdrawn = client.post(f"{url}/withdraw", json.dumps({"reason": "Nhầm."}), content_type="application/json")
    assert withdrawn.status_code == 200 and withdrawn.json()["action"] == "withdrawn"
    queue = client.get("/api/v1/drafts/nq-hoi-nhap/unanswered?kind=institutional").json()
    assert [(q["comment"], q["now_eid"], q["state"]) for q in queue] == [
        (comment.pk, "chp_II__art_4__cl_1", "renumbered")]
    assert v2.number == 2
    stage_services.round_freeze(actor=people["drafter"], round_=round_)
    assert client.post(f"{url}/withdraw", "{}", content_type="application/json").status_code == 409
    schema = client.get("/api/openapi.json").json()
    assert {"AnswerIn", "AnswerOut", "WithdrawIn", "RevisionOut", "QueueItemOut"} <= set(schema["components"]["schemas"])
    client.force_login(people["commenter"])
    assert client.get("/api/v1/drafts/nq-hoi-nhap/unanswered").status_code == 403
