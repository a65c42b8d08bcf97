"""The secretariat, two ministries with a reporter each, a province, and a small programme."""
# ruff: noqa: E501 -- the sample table reads as the source does, one task a line

from __future__ import annotations

from datetime import date

import pytest

PROGRAMME_TEXT = """NGHỊ QUYẾT
Ban hành Chương trình hành động (thử)

Điều 1. Ban hành kèm theo Nghị quyết này Chương trình hành động.
Điều 2. Nghị quyết này có hiệu lực từ ngày ký.

PHỤ LỤC
DANH MỤC NHIỆM VỤ

| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian hoàn thành |
|---|---|---|---|---|---|
| I. | Hoàn thiện thể chế |  |  |  |  |
| 1. | Xây dựng Nghị định về quỹ hỗ trợ doanh nghiệp hội nhập | Bộ Tài chính | Bộ Ngoại giao, Bộ Công Thương | Nghị định của Chính phủ | 6/2025 |
| 2. | Rà soát văn bản cản trở hội nhập | Bộ Tư pháp | Các bộ, ngành, địa phương | Báo cáo | quý III/2025 |
| 2.1 | Rà soát văn bản của địa phương | Thành phố Hà Nội | Bộ Tư pháp | Báo cáo | 8/2025 |
| II. | Tổ chức thực hiện |  |  |  |  |
| 3. | Tuyên truyền về hội nhập quốc tế | Bộ Ngoại giao, Bộ Văn hóa, Thể thao và Du lịch | Các địa phương | Chương trình | Thường xuyên |
| 4. | Xây dựng kế hoạch đàm phán | Bộ Ngoại giao |  | Kế hoạch | Quý II |
"""


@pytest.fixture
def org(db):
    from hoinhap.core.models import Membership, Organisation, User

    orgs = {code: Organisation.objects.create(code=code, name=name, kind=kind) for code, name, kind in (
        ("BTC", "Bộ Tài chính", "ministry"), ("BNG", "Bộ Ngoại giao", "ministry"),
        ("BCT", "Bộ Công Thương", "ministry"), ("BTP", "Bộ Tư pháp", "ministry"),
        ("HN", "Thành phố Hà Nội", "province"), ("VPCP", "Văn phòng Chính phủ", "government"))}
    people = {"secretariat": User.objects.create_user("secretariat"), "btc": User.objects.create_user("btc", email="btc@x.vn"),
              "bng": User.objects.create_user("bng", email="bng@x.vn"), "nobody": User.objects.create_user("nobody"),
              "btp": User.objects.create_user("btp")}
    Membership.objects.create(user=people["secretariat"], organisation=orgs["VPCP"], role=Membership.Role.SECRETARIAT)
    Membership.objects.create(user=people["btc"], organisation=orgs["BTC"], role=Membership.Role.REPORTER)
    Membership.objects.create(user=people["bng"], organisation=orgs["BNG"], role=Membership.Role.REPORTER)
    Membership.objects.create(user=people["btp"], organisation=orgs["BTP"], role=Membership.Role.REPORTER)
    return {**orgs, **people}


@pytest.fixture
def programme(org):
    from hoinhap.corpus.services import work_import
    from hoinhap.implementation import services

    work = work_import(actor=None, data=PROGRAMME_TEXT.encode(), filename="ctrhd.txt", number="99/NQ-CP").work
    programme = services.programme_create(actor=org["secretariat"], slug="ctrhd-thu", title="Chương trình hành động (thử)",
                                          work=work, effective_from=date(2025, 1, 1))
    services.programme_extract(actor=org["secretariat"], programme=programme)
    return programme
