"""Rounds, comments anchored to provisions, re-anchoring into later versions, responses, reminders."""

from __future__ import annotations

from datetime import date

import pytest

from hoinhap.core.errors import PermissionDenied, ValidationFailed
from hoinhap.drafting import consultation_services as consult
from hoinhap.drafting import selectors, services
from hoinhap.drafting.anchoring import comment_place
from hoinhap.drafting.models import Response
from hoinhap.jobs.worker import run as run_worker

from .fixtures import V2

DURING = date(2025, 9, 10)


def add(people, round_, text, eid="", quote="", who="commenter", org="moit", **kw):
    return consult.comment_add(actor=people[who] if who else None, round_=round_, text=text, eid=eid, quote=quote,
                               organisation=people[org] if org else None, today=kw.pop("today", DURING), **kw)


def test_a_round_needs_a_published_version(people, draft):
    with pytest.raises(ValidationFailed):
        consult.round_open(actor=people["drafter"], version=draft.versions.get(), opens_on=DURING, deadline=DURING)


def test_invited_comment_marks_the_invitation_answered(people, consultation):
    comment = add(people, consultation, "Đề nghị làm rõ đối tượng.", "chp_I__art_2__cl_1", "tổ chức chính trị - xã hội")
    assert comment.organisation == people["moit"] and not comment.is_public
    assert [i.organisation.code for i in selectors.not_yet_responded(consultation)] == ["BTC"]


def test_who_may_comment(people, consultation):
    with pytest.raises(PermissionDenied):  # MOIT's member cannot speak for MOF
        add(people, consultation, "x", org="mof")
    with pytest.raises(ValidationFailed):  # public comment needs a name
        add(people, consultation, "Ý kiến.", who=None, org=None)
    public = add(people, consultation, "Ý kiến của tôi.", who=None, org=None, author_name="Nguyễn Văn A")
    assert public.is_public and public.organisation is None
    with pytest.raises(ValidationFailed):  # public comment after the deadline
        add(people, consultation, "Muộn.", who=None, org=None, author_name="B", today=date(2025, 10, 5))
    consultation.public = False
    consultation.save()
    with pytest.raises(PermissionDenied):
        add(people, consultation, "Ý kiến.", who=None, org=None, author_name="C")


def test_anchor_must_exist_and_quote_must_be_in_it(people, consultation):
    with pytest.raises(ValidationFailed):
        add(people, consultation, "x", "chp_IX__art_99")
    with pytest.raises(ValidationFailed):
        add(people, consultation, "x", "chp_I__art_1", "những chữ không có")


def test_letter_must_be_a_pdf(people, consultation):
    with pytest.raises(ValidationFailed):
        add(people, consultation, "Kèm công văn.", letter=b"MZ\x90\x00", letter_name="letter.pdf")
    comment = add(people, consultation, "Kèm công văn.", letter=b"%PDF-1.4\n%%EOF\n", letter_name="cv-123.pdf")
    assert comment.letter.name.endswith(".pdf")


def test_comments_follow_their_provision_into_the_next_version(people, consultation):
    draft = consultation.draft
    moved = add(people, consultation, "Bổ sung doanh nghiệp.", "chp_I__art_2__cl_2", "hiệp hội doanh nghiệp")
    reworded = add(people, consultation, "Làm rõ người làm công tác đối ngoại.", "chp_II__art_3__cl_1", "công tác đối ngoại")
    deleted = add(people, consultation, "Quỹ cần cơ chế kiểm soát.", "chp_II__art_4", "quỹ hỗ trợ hội nhập")
    unchanged = add(people, consultation, "Đồng ý.", "chp_I__art_1")
    whole = add(people, consultation, "Đồng ý với toàn bộ dự thảo.")
    v2 = services.version_import(actor=people["drafter"], draft=draft, data=V2.encode(), filename="v2.txt")
    anchors = {c.pk: comment_place(c, v2) for c in (moved, reworded, deleted, unchanged, whole)}
    assert (anchors[moved.pk].eid, anchors[moved.pk].state) == ("chp_I__art_3__cl_2", "renumbered")
    assert (anchors[reworded.pk].eid, anchors[reworded.pk].state) == ("chp_II__art_4__cl_1", "renumbered")
    assert (anchors[deleted.pk].eid, anchors[deleted.pk].state) == ("", "deleted")
    assert (anchors[unchanged.pk].eid, anchors[unchanged.pk].state) == ("chp_I__art_1", "unchanged")
    assert anchors[whole.pk].state == "whole"
    assert [c.pk for c in selectors.comments_at(v2, "chp_I__art_3__cl_2")] == [moved.pk]
    assert [c.pk for c in selectors.lost_comments(v2)] == [deleted.pk]
    # A third version that changes nothing keeps telling what happened since the comment was made.
    v3 = services.version_copy(actor=people["drafter"], draft=draft)
    assert comment_place(moved, v3).state == "renumbered"
    assert comment_place(deleted, v3).state == "deleted"


def test_a_comment_on_an_old_version_is_carried_into_the_existing_later_ones(people, consultation):
    v2 = services.version_import(actor=people["drafter"], draft=consultation.draft, data=V2.encode(), filename="v2.txt")
    late = add(people, consultation, "Muộn nhưng cần.", "chp_I__art_2__cl_1", "tổ chức chính trị")
    assert comment_place(late, v2).eid == "chp_I__art_3__cl_1"


def test_responses_with_a_link_to_the_change_and_group_answers(people, consultation):
    one = add(people, consultation, "Đề nghị bổ sung quy định về đặc phái viên trong dự thảo.", "chp_I__art_1")
    two = add(people, consultation, "Đề nghị bổ sung quy định về đặc phái viên vào dự thảo.", "chp_I__art_1",
              who=None, org=None, author_name="Trần B")
    other = add(people, consultation, "Cần làm rõ phạm vi đối với địa phương.", "chp_I__art_1")
    groups = selectors.suggested_groups(list(selectors.comments_at(consultation.version, "chp_I__art_1")))
    assert [[c.pk for c in g] for g in groups] == [[one.pk, two.pk]]
    v2 = services.version_import(actor=people["drafter"], draft=consultation.draft, data=V2.encode(), filename="v2.txt")
    consult.comments_respond(actor=people["drafter"], comments=groups[0], disposition="accepted",
                             explanation="Đã bổ sung Điều về đặc phái viên.", change_version=v2, change_eid="chp_I__art_2")
    assert Response.objects.filter(disposition="accepted").count() == 2
    assert selectors.suggested_groups(list(selectors.comments_at(consultation.version, "chp_I__art_1"))) == []
    with pytest.raises(PermissionDenied):
        consult.comments_respond(actor=people["commenter"], comments=[other], disposition="accepted", explanation="x")
    with pytest.raises(ValidationFailed):
        consult.comments_respond(actor=people["drafter"], comments=[other], disposition="maybe", explanation="x")
    with pytest.raises(ValidationFailed):
        consult.comments_respond(actor=people["drafter"], comments=[other], disposition="explained",
                                 explanation="x", change_version=v2, change_eid="chp_IX__art_9")
    mine = selectors.my_comments(people["commenter"])
    assert {c.pk: hasattr(c, "response") for c in mine} == {one.pk: True, other.pk: False}


def test_comment_pages_hold_twenty(people, consultation):
    for n in range(45):
        add(people, consultation, f"Ý kiến số {n} về phạm vi.", "chp_I__art_1")
    page = selectors.provision_comments(consultation.version, "chp_I__art_1", page=3)
    assert len(page.object_list) == 5 and page.paginator.count == 45
    assert selectors.comment_counts(consultation.version)["chp_I__art_1"] == 45


def test_reminders_go_to_the_laggards_once_a_day(people, consultation, mailoutbox):
    add(people, consultation, "Đã góp ý.")
    assert consult.invitations_remind(actor=None, round_=consultation, today=date(2025, 9, 10)) == []
    reminded = consult.invitations_remind(actor=None, round_=consultation, today=date(2025, 9, 28))
    assert [i.organisation.code for i in reminded] == ["BTC"]
    assert mailoutbox == []  # stamped; the mail is the worker's
    run_worker(batch=True)
    assert [m.to for m in mailoutbox] == [["finance@btc.example"]]
    assert "Nhắc góp ý" in mailoutbox[0].subject and "Bộ Tài chính" in mailoutbox[0].body
    assert consult.invitations_remind(actor=None, round_=consultation, today=date(2025, 9, 28)) == []
    again = consult.invitations_remind(actor=None, round_=consultation, today=date(2025, 10, 2))
    run_worker(batch=True)
    assert again[0].reminders_sent == 2 and "Quá hạn" in mailoutbox[-1].subject and len(mailoutbox) == 2


def test_a_renumbered_and_reworded_provision_says_both(people, consultation):
    comment = add(people, consultation, "Làm rõ.", "chp_II__art_3__cl_1", "công tác đối ngoại")
    same = add(people, consultation, "Đồng ý khoản 2.", "chp_II__art_3__cl_2", "300%")
    v2 = services.version_import(actor=people["drafter"], draft=consultation.draft, data=V2.encode(), filename="v2.txt")
    anchor = comment_place(comment, v2)
    assert (anchor.state, anchor.changed) == ("renumbered", True)
    assert comment_place(same, v2).changed is False


def test_reviewers_comment_without_an_invitation(people, consultation):
    from hoinhap.core.models import Membership, Organisation

    committee = Organisation.objects.create(code="UBDN", name="Ủy ban Đối ngoại", kind="national_assembly")
    Membership.objects.create(user=people["outsider"], organisation=committee, role=Membership.Role.REVIEWER)
    comment = consult.comment_add(actor=people["outsider"], round_=consultation, text="Ý kiến thẩm tra.",
                                  organisation=committee, today=DURING)
    assert comment.organisation == committee and not comment.is_public


def test_a_late_comment_carries_its_state_like_the_others(people, consultation):
    v2 = services.version_import(actor=people["drafter"], draft=consultation.draft, data=V2.encode(), filename="v2.txt")
    v3 = services.version_copy(actor=people["drafter"], draft=consultation.draft)
    late = add(people, consultation, "Muộn.", "chp_I__art_2__cl_1", "tổ chức chính trị")
    assert [(v, comment_place(late, v).state) for v in (consultation.version, v2, v3)] == \
        [(consultation.version, "unchanged"), (v2, "renumbered"), (v3, "renumbered")]
