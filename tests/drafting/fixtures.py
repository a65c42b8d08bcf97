"""A drafting committee (MOFA), an invited ministry, a reviewer, and a small draft in two texts."""

from __future__ import annotations

import pytest

V1 = """NGHỊ QUYẾT
VỀ CƠ CHẾ HỘI NHẬP (DỰ THẢO THỬ)
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định cơ chế, chính sách đặc thù nhằm nâng cao hiệu quả hội nhập quốc tế.
Điều 2. Đối tượng áp dụng
1. Cơ quan nhà nước, tổ chức chính trị - xã hội tham gia hội nhập quốc tế.
2. Doanh nghiệp và hiệp hội doanh nghiệp.
Chương II
CHÍNH SÁCH
Điều 3. Hỗ trợ lương
1. Người làm công tác đối ngoại được hỗ trợ thêm 100% mức lương hiện hưởng.
2. Chuyên gia, nhà khoa học đầu ngành được hỗ trợ thêm 300% mức lương hiện hưởng.
Điều 4. Quỹ hỗ trợ doanh nghiệp
Doanh nghiệp được thành lập quỹ hỗ trợ hội nhập từ nguồn vốn hợp pháp.
"""

# Version 2 inserts an article on special envoys (renumbering 2-4 to 3-5), rewords the salary
# clause and deletes the fund article.
V2 = """NGHỊ QUYẾT
VỀ CƠ CHẾ HỘI NHẬP (DỰ THẢO THỬ)
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định cơ chế, chính sách đặc thù nhằm nâng cao hiệu quả hội nhập quốc tế.
Điều 2. Đặc phái viên
Thủ tướng Chính phủ cử đặc phái viên thực hiện nhiệm vụ đối ngoại đặc biệt.
Điều 3. Đối tượng áp dụng
1. Cơ quan nhà nước, tổ chức chính trị - xã hội tham gia hội nhập quốc tế.
2. Doanh nghiệp và hiệp hội doanh nghiệp.
Chương II
CHÍNH SÁCH
Điều 4. Hỗ trợ lương
1. Người làm công tác đối ngoại, hội nhập quốc tế trực tiếp, thường xuyên được hỗ trợ thêm 100% mức lương hiện hưởng.
2. Chuyên gia, nhà khoa học đầu ngành được hỗ trợ thêm 300% mức lương hiện hưởng.
"""


@pytest.fixture
def people(db):
    from hoinhap.core.models import Membership, Organisation, User

    mofa = Organisation.objects.create(code="BNG", name="Bộ Ngoại giao", kind="ministry")
    moit = Organisation.objects.create(code="BCT", name="Bộ Công Thương", kind="ministry")
    mof = Organisation.objects.create(code="BTC", name="Bộ Tài chính", kind="ministry")
    drafter = User.objects.create_user("drafter", email="drafter@bng.example")
    other_drafter = User.objects.create_user("drafter2")
    commenter = User.objects.create_user("moit", email="contact@bct.example")
    outsider = User.objects.create_user("outsider", email="finance@btc.example")
    Membership.objects.create(user=drafter, organisation=mofa, role=Membership.Role.DRAFTING_COMMITTEE)
    Membership.objects.create(user=other_drafter, organisation=mofa, role=Membership.Role.DRAFTING_COMMITTEE)
    Membership.objects.create(user=commenter, organisation=moit, role=Membership.Role.INVITED)
    Membership.objects.create(user=outsider, organisation=mof, role=Membership.Role.INVITED)
    return {"mofa": mofa, "moit": moit, "mof": mof, "drafter": drafter, "other_drafter": other_drafter,
            "commenter": commenter, "outsider": outsider}


@pytest.fixture
def draft(people):
    from hoinhap.drafting import services

    draft = services.draft_create(actor=people["drafter"], slug="nq-hoi-nhap", title="Nghị quyết về cơ chế hội nhập",
                                  drafting_agency=people["mofa"])
    services.version_import(actor=people["drafter"], draft=draft, data=V1.encode(), filename="v1.txt")
    return draft


@pytest.fixture
def consultation(people, draft):
    """Version 1 published, a round with MOIT invited (MOF too) and public comment open."""
    from datetime import date

    from hoinhap.drafting import consultation_services, services

    version = services.version_publish(actor=people["drafter"], version=draft.versions.get(number=1))
    round_ = consultation_services.round_open(actor=people["drafter"], version=version, opens_on=date(2025, 9, 1),
                                              deadline=date(2025, 9, 30), organisations=[people["moit"], people["mof"]],
                                              public=True)
    return round_


@pytest.fixture
def open_round(people, draft):
    """Version 1 published and a round open today for 30 days: MOIT invited, public comment open."""
    from datetime import date, timedelta

    from hoinhap.drafting import consultation_services, services

    version = services.version_publish(actor=people["drafter"], version=draft.versions.get(number=1))
    today = date.today()
    return consultation_services.round_open(actor=people["drafter"], version=version, opens_on=today,
                                            deadline=today + timedelta(days=30), organisations=[people["moit"]],
                                            public=True)
