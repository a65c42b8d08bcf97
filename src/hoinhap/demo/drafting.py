"""The demo's drafting history of the integration resolution, all illustrative: three versions
derived from the illustrative adopted text (v1 and v2 by the edits below), two consultation rounds
with comments from ministries, provinces, the NA committee, VCCI and the public, the drafting
committee's responses, closed stages with a frozen comment-response report, and the adoption.

Version 2 lacks the special-envoy article (inserted in v3 after comments) and gives 200% instead of
300%; version 1 also has the local-funding article in Chapter VII (moved to Chapter III in v2) and
a salary clause without "trực tiếp, thường xuyên"."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from hoinhap.core.models import Membership, Organisation, User
from hoinhap.core.services import membership_grant, system_actor
from hoinhap.drafting import consultation_services as consult
from hoinhap.drafting import services, stage_services
from hoinhap.drafting.models import Draft
from hoinhap.drafting.selectors import comments_at

SLUG = "nq-co-che-hoi-nhap"
TITLE = "Nghị quyết về một số cơ chế, chính sách đặc thù nhằm nâng cao hiệu quả hội nhập quốc tế"
_ARTICLE = re.compile(r"^Điều (\d+)\. ", re.MULTILINE)
_REFERENCE = re.compile(r"Điều (\d+)(?= Nghị quyết này)")


def versions(final: str) -> tuple[str, str, str]:
    v3 = final.replace("Nghị quyết số: 250/2025/QH15", "Nghị quyết số:      /2025/QH15 (DỰ THẢO)")
    v2 = _drop_article(v3, "Đặc phái viên").replace("bằng 300% mức lương", "bằng 200% mức lương")
    v1 = _move_article(v2, "Kinh phí hội nhập của địa phương", after="Trách nhiệm của các bộ, ngành, địa phương")
    v1 = v1.replace("hội nhập quốc tế trực tiếp, thường xuyên được hỗ trợ", "hội nhập quốc tế được hỗ trợ")
    return _renumber(v1), _renumber(v2), v3


def _blocks(text: str) -> list[str]:
    return text.split("\n\n")


def _drop_article(text: str, heading: str) -> str:
    return "\n\n".join(b for b in _blocks(text) if not re.match(rf"Điều \d+\. {re.escape(heading)}\n", b))


def _move_article(text: str, heading: str, *, after: str) -> str:
    blocks = _blocks(text)
    moving = next(b for b in blocks if re.match(rf"Điều \d+\. {re.escape(heading)}\n", b))
    blocks.remove(moving)
    target = next(i for i, b in enumerate(blocks) if re.match(rf"Điều \d+\. {re.escape(after)}\n", b))
    blocks.insert(target + 1, moving)
    return "\n\n".join(blocks)


def _renumber(text: str) -> str:
    """Number the articles 1, 2, 3 … again, and the "Điều N Nghị quyết này" references with them."""
    mapping = {old: str(new) for new, old in enumerate(_ARTICLE.findall(text), start=1)}
    text = _REFERENCE.sub(lambda m: f"Điều {mapping.get(m.group(1), m.group(1))}", text)
    return _ARTICLE.sub(lambda m: f"Điều {mapping[m.group(1)]}. ", text)


# (organisation code or None for the public, provision heading or "" for the whole draft, quote, text,
#  disposition, explanation, heading of the provision the change went to in the next version)
ROUND_1 = [
    ("BNV", "Hỗ trợ đối với người làm công tác đối ngoại, hội nhập quốc tế", "công tác đối ngoại",
     "Đề nghị giới hạn đối tượng ở người làm công tác đối ngoại, hội nhập quốc tế trực tiếp, thường xuyên.",
     "accepted", "Đã bổ sung cụm từ “trực tiếp, thường xuyên”.",
     "Hỗ trợ đối với người làm công tác đối ngoại, hội nhập quốc tế"),
    ("BTC", "Hỗ trợ đối với người làm công tác đối ngoại, hội nhập quốc tế", "công tác đối ngoại",
     "Đề nghị làm rõ đối tượng hưởng hỗ trợ: chỉ người trực tiếp, thường xuyên làm công tác đối ngoại.",
     "accepted", "Đã bổ sung cụm từ “trực tiếp, thường xuyên”.",
     "Hỗ trợ đối với người làm công tác đối ngoại, hội nhập quốc tế"),
    ("BTC", "Hỗ trợ đối với chuyên gia, nhà khoa học, người sử dụng ngoại ngữ hiếm", "200%",
     "Mức hỗ trợ cần được đánh giá tác động ngân sách trước khi quy định.", "explained",
     "Tác động ngân sách đã được đánh giá trong hồ sơ; mức hỗ trợ giữ nguyên ở dự thảo này.", ""),
    ("HN", "Kinh phí hội nhập của địa phương", "Hội đồng nhân dân cấp tỉnh",
     "Quy định về kinh phí của địa phương nên đặt trong Chương phân cấp cho địa phương.", "accepted",
     "Đã chuyển lên Chương III.", "Kinh phí hội nhập của địa phương"),
    ("HCM", "Văn phòng đại diện của địa phương ở nước ngoài", "văn phòng đại diện",
     "Đề nghị cho phép Thành phố Hồ Chí Minh được thí điểm trước.", "out_of_scope",
     "Địa phương thí điểm do Chính phủ quyết định khi hướng dẫn thi hành.", ""),
    ("VCCI", "Quỹ hỗ trợ doanh nghiệp hội nhập", "", "Đề nghị quy định rõ nguồn hình thành quỹ.",
     "partly_accepted", "Nguồn hình thành quỹ sẽ được quy định tại nghị định hướng dẫn.", ""),
    ("BTP", "", "", "Dự thảo cần rà soát sự thống nhất với Luật Ban hành văn bản quy phạm pháp luật.",
     "accepted", "Đã rà soát, chỉnh lý kỹ thuật văn bản.", ""),
    (None, "Hỗ trợ doanh nghiệp", "", "Doanh nghiệp nhỏ và vừa cần được ưu tiên hỗ trợ xúc tiến thương mại.",
     "explained", "Nội dung đã được quy định tại pháp luật về hỗ trợ doanh nghiệp nhỏ và vừa.", ""),
    (None, "Hỗ trợ doanh nghiệp", "", "Cần ưu tiên hỗ trợ doanh nghiệp nhỏ và vừa trong xúc tiến thương mại.",
     "explained", "Nội dung đã được quy định tại pháp luật về hỗ trợ doanh nghiệp nhỏ và vừa.", ""),
]
ROUND_2 = [
    ("UBQPANDN", "", "", "Đề nghị bổ sung cơ chế đặc phái viên để thực hiện các nhiệm vụ đối ngoại đặc biệt.",
     "accepted", "Đã bổ sung Điều về đặc phái viên tại Chương II.", "Đặc phái viên"),
    ("UBQPANDN", "Hỗ trợ đối với chuyên gia, nhà khoa học, người sử dụng ngoại ngữ hiếm", "200%",
     "Mức 200% chưa đủ sức thu hút chuyên gia đầu ngành; đề nghị nâng lên 300%.", "accepted",
     "Đã nâng mức hỗ trợ lên 300%.", "Hỗ trợ đối với chuyên gia, nhà khoa học, người sử dụng ngoại ngữ hiếm"),
    ("BTC", "Nguyên tắc hưởng hỗ trợ", "mức cao nhất",
     "Đồng ý nguyên tắc chỉ hưởng một mức hỗ trợ cao nhất.", "accepted", "Giữ nguyên như dự thảo.", ""),
    ("DN", "Thẩm quyền của Ủy ban nhân dân cấp tỉnh", "thỏa thuận quốc tế",
     "Đề nghị làm rõ loại thỏa thuận quốc tế Ủy ban nhân dân cấp tỉnh được ký.", "explained",
     "Loại thỏa thuận được xác định theo Luật Thỏa thuận quốc tế; không cần nhắc lại.", ""),
]


def load_draft(final_text: str) -> Draft | None:
    """Create the demo drafts once (the 2025 history, then the open consultation); return the first one
    created, ``None`` when both exist already."""
    created = None
    if not Draft.objects.filter(slug=SLUG).exists():
        with transaction.atomic():
            created = _load(final_text)
    from hoinhap.demo.na_review import load_na_review  # the real sessions (docs/drafting.md)

    with transaction.atomic():
        load_na_review(Draft.objects.get(slug=SLUG))
    return load_open_draft() or created


def _load(final_text: str) -> Draft:
    actor = system_actor()
    mofa = Organisation.objects.get(code="BNG")
    _demo_people(mofa)
    draft = services.draft_create(actor=actor, slug=SLUG, title=TITLE, drafting_agency=mofa, illustrative=True)
    texts = versions(final_text)
    made = []
    for number, text in enumerate(texts, start=1):
        version = services.version_import(actor=actor, draft=draft, data=text.encode(), filename=f"du-thao-{number}.txt",
                                          note=f"Dự thảo lần {number} (minh họa)")
        made.append(services.version_publish(actor=actor, version=version))
    _consult(actor, made[0], made[1], ROUND_1, date(2025, 6, 2), date(2025, 7, 15), public=True,
             codes=["BNV", "BTC", "BTP", "HN", "HCM", "VCCI", "BCT"])
    _consult(actor, made[1], made[2], ROUND_2, date(2025, 10, 6), date(2025, 10, 31), public=False,
             codes=["UBQPANDN", "BTC", "DN"])
    _close_stages(actor, draft, made)
    _illustrative_dates(draft)
    return draft


# When each stage closed (and froze its round's report), on an illustrative calendar that ends with
# the adoption on 10 Dec 2025; the services stamp the loading time, which would put a 2025 process in
# the year the demo is loaded.
STAGE_CLOSED = {"proposal": "2025-05-20", "drafting": "2025-08-01", "appraisal": "2025-08-25",
                "government_submission": "2025-09-15", "verification": "2025-10-20",
                "standing_committee": "2025-11-06", "plenary": "2025-11-19", "revision": "2025-12-05",
                "adoption": "2025-12-10"}


def _illustrative_dates(draft: Draft) -> None:
    def moment(day: date) -> datetime:
        return timezone.make_aware(datetime(day.year, day.month, day.day, 9))

    for stage in draft.stages.all():
        closed = date.fromisoformat(STAGE_CLOSED[stage.code])
        draft.stages.filter(pk=stage.pk).update(closed_at=moment(closed))
    for round_, frozen in zip(draft.rounds.order_by("number"), ("drafting", "revision"), strict=True):
        round_.__class__.objects.filter(pk=round_.pk).update(frozen_at=moment(date.fromisoformat(STAGE_CLOSED[frozen])))
        for index, comment in enumerate(round_.comments.order_by("id")):
            when = moment(min(round_.opens_on + timedelta(days=3 * index + 2), round_.deadline))
            round_.comments.filter(pk=comment.pk).update(created_at=when)
            if comment.organisation_id:
                round_.invitations.filter(organisation_id=comment.organisation_id, responded_at__gt=when).update(
                    responded_at=when)


def _demo_people(mofa: Organisation) -> None:
    """Illustrative accounts (no password set): a drafter at MOFA and a reporter at MOF."""
    drafter, _ = User.objects.get_or_create(username="bantoanthao", defaults={"first_name": "Ban soạn thảo (minh họa)"})
    membership_grant(actor=None, user=drafter, organisation=mofa, role=Membership.Role.DRAFTING_COMMITTEE)


def _consult(actor: User, version, next_version, comments, opens_on: date, deadline: date, *, public: bool,  # noqa: ANN001
             codes: list[str]) -> None:
    organisations = list(Organisation.objects.filter(code__in=codes))
    round_ = consult.round_open(actor=actor, version=version, opens_on=opens_on, deadline=deadline,
                                organisations=organisations, public=public)
    from hoinhap.drafting.documents import version_document

    document, later = version_document(version), version_document(next_version)
    by_heading = {n.heading: n.eid for n in document.articles()}
    later_by_heading = {n.heading: n.eid for n in later.articles()}
    made = []
    for code, heading, quote, text, disposition, explanation, change in comments:
        organisation = Organisation.objects.get(code=code) if code else None
        comment = consult.comment_add(actor=actor, round_=round_, text=text, eid=by_heading.get(heading, ""),
                                      quote=quote, organisation=organisation,
                                      author_name="" if code else "Người dân (minh họa)", today=opens_on)
        made.append((comment, disposition, explanation, change))
    for comment, disposition, explanation, change in made:
        if disposition:
            consult.comments_respond(actor=actor, comments=[comment], disposition=disposition, explanation=explanation,
                                     change_version=next_version if change else None,
                                     change_eid=later_by_heading.get(change, "") if change else "")
    assert comments_at(version, "").exists()


def _close_stages(actor: User, draft: Draft, made: list) -> None:  # noqa: ANN401
    """Every stage closed on its version, with its (illustrative, file-less) documents; the rounds'
    reports are frozen by the stages that require them; then the adoption."""
    v1, v2, v3 = made
    plan = [("proposal", v1, []), ("drafting", v1, []), ("appraisal", v2, ["appraisal_report"]),
            ("government_submission", v2, ["submission"]), ("verification", v2, ["verification_report"]),
            ("standing_committee", v2, ["standing_committee_opinion"]), ("plenary", v3, []), ("revision", v3, [])]
    for code, version, documents in plan:
        stage = draft.stages.get(code=code)
        stage_services.stage_bind(actor=actor, stage=stage, version=version)
        for kind in documents:
            stage_services.stage_document_add(actor=actor, stage=stage, kind=kind, title=f"{kind} (minh họa)")
        stage_services.stage_close(actor=actor, stage=stage)
    services.draft_adopt(actor=actor, draft=draft, number="250/2025/QH15", adopted_on=date(2025, 12, 10))
    stage_services.stage_close(actor=actor, stage=draft.stages.get(code="adoption"))


# The second illustrative draft: a public consultation open on the day the demo is loaded (opened ten
# days before, closing in twenty), with comments from organisations and the public, some answered, so
# that whoever signs in as the drafting committee ("bantoanthao") finds work waiting.
OPEN_SLUG = "du-thao-nq-thu-hut-chuyen-gia"
OPEN_TITLE = ("Nghị quyết về thí điểm cơ chế thu hút chuyên gia, trí thức người Việt Nam ở nước ngoài tham gia "
              "công tác đối ngoại, hội nhập quốc tế (dự thảo minh họa)")
OPEN_TEXT = "du-thao-nq-chuyen-gia-minh-hoa.txt"
OPENED_DAYS_AGO, DAYS_LEFT = 10, 20
OPEN_INVITED = ["BTC", "BNV", "BTP", "BGDĐT", "HCM", "VCCI"]
# (days after opening, organisation code or the public commenter's name, eId or "" for the whole draft,
#  quote, text, disposition or "" when not yet answered, explanation)
OPEN_COMMENTS = [
    (1, "BTP", "", "", "Đề nghị bổ sung báo cáo đánh giá tác động của chính sách thí điểm vào hồ sơ dự thảo.",
     "accepted", "Báo cáo đánh giá tác động đã được bổ sung vào hồ sơ."),
    (1, "Nguyễn Minh Anh (minh họa)", "chp_II__art_4__cl_1__pt_c", "tranh chấp thương mại",
     "Nên cho phép chuyên gia là luật sư nước ngoài gốc Việt tham gia đại diện cho doanh nghiệp Việt Nam.",
     "explained", "Việc hành nghề luật sư nước ngoài thực hiện theo Luật Luật sư; dự thảo không điều chỉnh."),
    (2, "BTC", "chp_II__art_5__cl_1", "3 lần",
     "Đề nghị làm rõ căn cứ xác định mức thù lao tối đa gấp 3 lần và đánh giá tác động ngân sách.", "", ""),
    (3, "Trần Thu Hà (minh họa)", "chp_II__art_6__cl_1", "thân nhân",
     "Đề nghị làm rõ phạm vi thân nhân: vợ, chồng, con dưới 18 tuổi hay cả cha mẹ.", "", ""),
    (3, "Lê Quang Vinh (minh họa)", "chp_II__art_6__cl_1", "thân nhân",
     "Cần quy định rõ thân nhân gồm những ai, có bao gồm cha mẹ của chuyên gia hay không.", "", ""),
    (4, "BNV", "chp_I__art_2__cl_1", "10 năm kinh nghiệm",
     "Đề nghị hạ yêu cầu kinh nghiệm xuống 05 năm đối với chuyên gia trẻ có thành tích nổi bật.",
     "partly_accepted", "Sẽ bổ sung tiêu chí thành tích nổi bật thay cho số năm kinh nghiệm ở dự thảo lần 2."),
    (5, "VCCI", "chp_II__art_4__cl_1", "",
     "Đề nghị bổ sung hình thức hỗ trợ doanh nghiệp xây dựng hồ sơ vụ việc phòng vệ thương mại.", "", ""),
    (6, "Phạm Thị Mai (minh họa)", "chp_II__art_7__cl_2", "trừ thông tin cá nhân",
     "Hoan nghênh việc không công khai thông tin cá nhân của chuyên gia.", "accepted",
     "Ban soạn thảo ghi nhận và giữ nguyên quy định."),
    (7, "HCM", "chp_III__art_8__cl_3", "Ủy ban nhân dân cấp tỉnh",
     "Đề nghị cho phép địa phương tự cân đối ngân sách để chi trả thù lao chuyên gia.", "", ""),
    (8, "Đỗ Văn Nam (minh họa)", "chp_III__art_10", "01 tháng 7 năm 2027",
     "Thời điểm có hiệu lực quá muộn; đề nghị áp dụng sớm hơn.", "", ""),
    (9, "BGDĐT", "chp_II__art_4__cl_1__pt_d", "Giảng dạy",
     "Đề nghị bổ sung hướng dẫn nghiên cứu sinh về luật quốc tế.", "", ""),
    (9, "Hoàng Anh Tuấn (minh họa)", "", "", "Đồng ý với chủ trương của dự thảo.", "accepted",
     "Ban soạn thảo cảm ơn ý kiến."),
]


def load_open_draft() -> Draft | None:
    """Create the open consultation once; ``None`` when it exists already."""
    if Draft.objects.filter(slug=OPEN_SLUG).exists():
        return None
    text = (Path(__file__).parent / "data" / OPEN_TEXT).read_text(encoding="utf-8")
    with transaction.atomic():
        return _load_open(text)


def _load_open(text: str) -> Draft:
    actor = system_actor()
    mofa = Organisation.objects.get(code="BNG")
    _demo_people(mofa)
    draft = services.draft_create(actor=actor, slug=OPEN_SLUG, title=OPEN_TITLE, drafting_agency=mofa, illustrative=True)
    version = services.version_import(actor=actor, draft=draft, data=text.encode(), filename=OPEN_TEXT,
                                      note="Dự thảo lần 1 (minh họa)")
    version = services.version_publish(actor=actor, version=version)
    today = timezone.localdate()
    opens_on = today - timedelta(days=OPENED_DAYS_AGO)
    round_ = consult.round_open(actor=actor, version=version, opens_on=opens_on,
                                deadline=today + timedelta(days=DAYS_LEFT), public=True,
                                organisations=Organisation.objects.filter(code__in=OPEN_INVITED))
    for days, who, eid, quote, comment_text, disposition, explanation in OPEN_COMMENTS:
        organisation = Organisation.objects.filter(code=who).first()
        day = opens_on + timedelta(days=days)
        comment = consult.comment_add(actor=actor, round_=round_, text=comment_text, eid=eid, quote=quote,
                                      organisation=organisation, author_name="" if organisation else who,
                                      consented=organisation is None, today=day)
        when = timezone.make_aware(datetime(day.year, day.month, day.day, 9 + days % 8))
        round_.comments.filter(pk=comment.pk).update(created_at=when)  # the service stamps the loading time
        if organisation is not None:
            round_.invitations.filter(organisation=organisation).update(responded_at=when)
        if disposition:
            consult.comments_respond(actor=actor, comments=[comment], disposition=disposition, explanation=explanation)
    return draft
