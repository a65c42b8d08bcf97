"""The National Assembly side of the integration resolution's drafting, as real data: only what the
shared facts (../shared/docs/mission-facts.md, ../shared/docs/domain.md) say, each with its source.

- the Standing Committee's 51st session, 6 November 2025: the Government's proposal presented by the
  Minister of Foreign Affairs, the preliminary verification report by the Committee on National
  Defence, Security and Foreign Affairs, and the session's two conclusions (the NA Chairman's request
  to keep reviewing Resolution 59's requirements; the submission at the 10th session);
- the NA's 10th session: the summary proposal and verification report and the group discussion on
  19 November 2025, the adoption as Resolution 250/2025/QH15 on 10 December 2025.

The session's dates are not in the facts, so they are not here. Nor is any per-provision opinion:
the facts give no text of the verification report or of the Committee's opinions, and an opinion
would need an answer the facts do not give (the demo's rounds are all answered and frozen). The
draft's versions and its consultation stay illustrative (demo/drafting.py)."""

from __future__ import annotations

from datetime import date

from hoinhap.core.services import system_actor
from hoinhap.drafting import na_services
from hoinhap.drafting.models import Draft, Session

SOURCE_51 = ("Tin của báo chí chính thống về Phiên họp thứ 51 của Ủy ban Thường vụ Quốc hội, 06/11/2025 "
             "(../shared/docs/mission-facts.md); https://www.sggp.org.vn/de-nghi-thiet-lap-van-phong-ao-cua-ubnd-cap-"
             "tinh-tai-nuoc-ngoai-post822120.html")
SOURCE_10 = ("https://vneconomy.vn/de-xuat-ba-nhom-chinh-sach-lon-de-nang-cao-hieu-qua-hoi-nhap-quoc-te.htm ; "
             "https://daibieunhandan.vn/print/10396194.html (../shared/docs/domain.md)")
SUMMARY_51 = ("Ủy ban Thường vụ Quốc hội cho ý kiến về dự thảo Nghị quyết của Quốc hội về một số cơ chế, chính sách "
              "đặc thù nhằm nâng cao hiệu quả hội nhập quốc tế; Phó Chủ tịch Quốc hội Trần Quang Phương điều hành. "
              "Bộ trưởng Bộ Ngoại giao Lê Hoài Trung trình bày Tờ trình của Chính phủ; Ủy ban Quốc phòng, An ninh và "
              "Đối ngoại (Chủ nhiệm Lê Tấn Tới) trình bày báo cáo thẩm tra sơ bộ. Dự thảo gồm 8 chương, 29 điều, "
              "ba nhóm chính sách.")
REQUEST = ("Đề nghị Ban soạn thảo tiếp tục rà soát các yêu cầu, nhiệm vụ của Nghị quyết số 59-NQ/TW, nhất là về đầu "
           "tư nước ngoài, khoa học và công nghệ, giáo dục, y tế, văn hóa và đối ngoại địa phương, để đề xuất các "
           "chính sách cụ thể thể hiện các yêu cầu đó.")
SUBMIT = "Hoàn thiện dự thảo cùng hồ sơ, trình Quốc hội tại Kỳ họp thứ 10."
SUBMITTED = ("Tờ trình tóm tắt và báo cáo thẩm tra tóm tắt trình Quốc hội ngày 19/11/2025; Quốc hội thông qua "
             "Nghị quyết số 250/2025/QH15 ngày 10/12/2025.")


def load_na_review(draft: Draft) -> None:
    """Record the sessions once (nothing when the draft has hearings already)."""
    if draft.hearings.exists():
        return
    actor = system_actor()
    standing = na_services.hearing_record(
        actor=actor, draft=draft, body=Session.Body.STANDING_COMMITTEE, number=51, held_on=date(2025, 11, 6),
        title="Phiên họp thứ 51 của Ủy ban Thường vụ Quốc hội", summary=SUMMARY_51, source=SOURCE_51)
    na_services.conclusion_add(actor=actor, hearing=standing, text=f"{REQUEST} (Chủ tịch Quốc hội Trần Thanh Mẫn)",
                               source=SOURCE_51)
    submit = na_services.conclusion_add(actor=actor, hearing=standing, text=SUBMIT, source=SOURCE_51)
    na_services.conclusion_complete(actor=actor, conclusion=submit, note=SUBMITTED, done_on=date(2025, 11, 19))
    na_services.hearing_record(
        actor=actor, draft=draft, body=Session.Body.NATIONAL_ASSEMBLY, number=10, held_on=date(2025, 11, 19),
        title="Kỳ họp thứ 10, Quốc hội khóa XV",
        summary=("Phó Thủ tướng Hồ Đức Phớc trình bày Tờ trình tóm tắt; báo cáo thẩm tra tóm tắt trình Quốc hội; "
                 "đại biểu thảo luận ở tổ."), source=SOURCE_10)
    na_services.hearing_record(
        actor=actor, draft=draft, body=Session.Body.NATIONAL_ASSEMBLY, number=10, held_on=date(2025, 12, 10),
        summary="Quốc hội thông qua Nghị quyết số 250/2025/QH15.", source=SOURCE_10)
