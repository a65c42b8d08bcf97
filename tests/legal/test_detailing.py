"""Detailing obligations read from an adopted text (issue 18, item 5): one short excerpt per phrase
class, the scope resolved to eIds, the due date from the entry into force; the real laws of
../shared when present."""

from __future__ import annotations

from datetime import date

import pytest

from hoinhap.legal.detailing import authority_codes, authority_names, detailing_obligations, entry_into_force
from hoinhap.legal.parser import parse_text
from tests.conftest import VN_LEGAL, needs_shared

LAW = """QUỐC HỘI
Luật số: 99/2025/QH15
LUẬT
THỬ NGHIỆM

Điều 1. Phạm vi điều chỉnh
1. Luật này quy định về thử nghiệm.
2. Chính phủ quy định chi tiết Điều này.

Điều 2. Hồ sơ
1. Hồ sơ gồm giấy tờ.
2. Trình tự thực hiện.
3. Bộ trưởng Bộ Tài chính quy định chi tiết khoản 1 và khoản 2 Điều này.

Điều 3. Chi phí
1. Chi phí gồm:
a) Chi phí trực tiếp;
b) Chi phí gián tiếp.
2. Mức hỗ trợ khác do Chính phủ quy định.
3. Chính phủ quy định chi tiết các điểm a, b khoản 1 Điều này.

Điều 4. Quỹ
1. Quỹ được thành lập.
2. Ủy ban Thường vụ Quốc hội quy định việc sử dụng Quỹ.
3. Thủ tướng Chính phủ quy định lộ trình thực hiện.
4. Hội đồng nhân dân cấp tỉnh quy định mức hỗ trợ tại địa phương.
5. Chính phủ quy định chi tiết các khoản 1 và 2 Điều 5.

Điều 5. Thí điểm
1. Thực hiện thí điểm.
2. Đánh giá thí điểm.
3. Chính phủ quy định chi tiết và hướng dẫn thi hành Điều này; quy định hồ sơ, trình tự, thủ tục.

Điều 6. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.
2. Chính phủ quy định chi tiết các điều, khoản được giao trong Luật.

Luật này đã được Quốc hội khóa XV, kỳ họp thứ 9 thông qua ngày 16 tháng 6 năm 2025.
"""


@pytest.fixture(scope="module")
def found():
    return {o.provision: o for o in detailing_obligations(parse_text(LAW))}


def test_the_whole_article(found):
    item = found["art_1__cl_2"]
    assert (item.authority, item.authority_codes, item.scope, item.scope_text) == (
        "Chính phủ", ("CP",), ("art_1",), "Điều này")
    assert item.due == date(2026, 7, 1) and item.form == "active"


def test_a_minister_and_two_clauses(found):
    item = found["art_2__cl_3"]
    assert item.authority == "Bộ trưởng Bộ Tài chính" and item.authority_codes == ("BTC",)
    assert item.scope == ("art_2__cl_1", "art_2__cl_2")


def test_points_of_a_clause(found):
    assert found["art_3__cl_3"].scope == ("art_3__cl_1__pt_a", "art_3__cl_1__pt_b")


def test_the_passive_form_keeps_the_subject(found):
    item = found["art_3__cl_2"]
    assert (item.form, item.authority, item.scope_text, item.scope) == ("passive", "Chính phủ",
                                                                        "Mức hỗ trợ khác", ())


@pytest.mark.parametrize(("eid", "authority", "code", "scope_text"), [
    ("art_4__cl_2", "Ủy ban Thường vụ Quốc hội", "UBTVQH", "việc sử dụng Quỹ"),
    ("art_4__cl_3", "Thủ tướng Chính phủ", "TTg", "lộ trình thực hiện"),
    ("art_4__cl_4", "Hội đồng nhân dân cấp tỉnh", "HĐND", "mức hỗ trợ tại địa phương"),
])
def test_other_bodies_and_an_object_in_words(found, eid, authority, code, scope_text):
    item = found[eid]
    assert (item.authority, item.authority_codes, item.scope_text, item.scope) == (authority, (code,), scope_text, ())


def test_clauses_of_another_article(found):
    assert found["art_4__cl_5"].scope == ("art_5__cl_1", "art_5__cl_2")


def test_detail_and_guide_then_more_in_the_same_line(found):
    item = found["art_5__cl_3"]
    assert item.scope == ("art_5",) and item.sentence.startswith("Chính phủ quy định chi tiết và hướng dẫn")


def test_the_general_assignment_and_nothing_else(found):
    assert found["art_6__cl_2"].scope_text == "các điều, khoản được giao trong Luật"
    assert "art_1__cl_1" not in found  # "Luật này quy định về …" assigns nothing
    assert len(found) == 10


def test_a_duty_listed_under_its_holder():
    text = ("Điều 1. Trách nhiệm\n1. Hội đồng nhân dân Thành phố có trách nhiệm sau đây:\n"
            "a) Quy định chi tiết nội dung được giao tại Nghị quyết này;\nb) Giám sát việc thực hiện.\n")
    (item,) = detailing_obligations(parse_text(text))
    assert (item.provision, item.authority, item.form) == ("art_1__cl_1__pt_a", "Hội đồng nhân dân Thành phố", "listed")


def test_quoted_text_of_an_amending_law_names_the_amending_provision():
    text = ("Điều 1. Sửa đổi, bổ sung một số điều của Luật Thử nghiệm\n"
            "1. Sửa đổi, bổ sung Điều 22 như sau:\n\"Điều 22. Hợp đồng\n1. Hợp đồng được ký.\n"
            "2. Chính phủ quy định chi tiết khoản 1 Điều này.\".\n"
            "Điều 2. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày được thông qua.\n")
    document = parse_text(text)
    (item,) = detailing_obligations(document)
    assert item.scope == (item.provision,) and item.provision.startswith("art_1")
    assert item.due == document.meta.date  # "từ ngày được thông qua": the text's own date


def test_no_entry_into_force_gives_no_due_date():
    document = parse_text("Điều 1. Quỹ\nChính phủ quy định chi tiết Điều này.\n")
    assert entry_into_force(document) is None
    assert detailing_obligations(document)[0].due is None


def test_several_bodies_split_only_before_a_name():
    assert authority_names("Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch") == ["Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch"]
    assert authority_names("Ủy ban Thường vụ Quốc hội, Chính phủ và các cơ quan khác có thẩm quyền") == [
        "Ủy ban Thường vụ Quốc hội", "Chính phủ", "các cơ quan khác có thẩm quyền"]
    assert authority_codes("Bộ trưởng Bộ Công an, Bộ trưởng Bộ Quốc phòng") == ("BCA", "BQP")


@needs_shared
@pytest.mark.parametrize(("name", "count", "due"), [
    ("luat-60-2024-qh15-du-lieu", 26, date(2025, 7, 1)),
    ("luat-74-2025-qh15-viec-lam", 25, date(2026, 1, 1)),
])
def test_real_laws(name, count, due):
    from hoinhap.legal.reading import read_bytes

    _, document = read_bytes((VN_LEGAL / "txt" / f"{name}.txt").read_bytes(), f"{name}.txt")
    found = detailing_obligations(document)
    assert len(found) == count and {o.due for o in found} == {due}
    assert sum(o.scope_text == "Điều này" for o in found) >= 13
