from datetime import date

import pytest

from hoinhap.legal.citations import all_citations, document_citations
from hoinhap.legal.numbers import find_numbers, format_vietnamese_date, number_key, parse_date_line, parse_number
from hoinhap.legal.parser import parse_text


@pytest.mark.parametrize("text,family,year,type_code,issuer", [
    ("64/2025/QH15", "legal", 2025, None, "QH15"),
    ("30/2020/NĐ-CP", "legal", 2020, "NĐ", "CP"),
    ("30/2020/ND-CP", "legal", 2020, "ND", "CP"),
    ("153/NQ-CP", "admin", None, "NQ", "CP"),
    ("249/QĐ-TTg", "admin", None, "QĐ", "TTg"),
    ("42/2014/QD-TTg", "legal", 2014, "QD", "TTg"),
    ("59-NQ/TW", "party", None, "NQ", "TW"),
    ("1240/UBTVQH15-PLTP", "admin", None, None, "UBTVQH15"),
    ("351/2017/UBTVQH14", "legal", 2017, None, "UBTVQH14"),
])
def test_number_families(text, family, year, type_code, issuer):
    number = parse_number(text)
    assert (number.family, number.year, number.type_code, number.issuer_code) == (family, year, type_code, issuer)


def test_not_numbers():
    assert parse_number("12/5") is None
    assert parse_number("ngày 24/01/2025") is None
    assert find_numbers("tỷ lệ 1/2 và ngày 24/01/2025") == []


def test_number_key_folds_ascii_and_dashes():
    assert number_key("30/2020/NĐ-CP") == number_key("30/2020/nd–cp") == "30/2020/ND-CP"


def test_date_line_and_vietnamese_format():
    assert parse_date_line("Hà Nội, ngày 31 tháng 5 năm 2025") == ("Hà Nội", date(2025, 5, 31))
    assert parse_date_line("TP. Hồ Chí Minh, ngày 1 tháng 13 năm 2025") is None  # no 13th month
    assert format_vietnamese_date(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert format_vietnamese_date(date(2020, 3, 5)) == "ngày 05 tháng 3 năm 2020"


def test_document_citations_with_relation():
    found = document_citations("Bãi bỏ Quyết định số 249/QĐ-TTg. Căn cứ Luật Đất đai số 45/2013/QH13; "
                               "thực hiện Nghị quyết số 59-NQ/TW.")
    assert [(c.text, c.target, c.relation) for c in found] == [
        ("Quyết định số 249/QĐ-TTg", "249/QĐ-TTg", "repeals"),
        ("Luật Đất đai số 45/2013/QH13", "45/2013/QH13", "cites"),
        ("Nghị quyết số 59-NQ/TW", "59-NQ/TW", "implements"),
    ]


def test_internal_citations_resolve_to_eids():
    doc = parse_text("Điều 1. A\n1. Một.\na) Điểm.\n2. Theo điểm a khoản 1 Điều này và khoản 3 Điều 2.\n"
                     "Điều 2. B\n1. Xem khoản 1 Điều 1 và Điều 5 Luật số 64/2025/QH15.")
    found = {(eid, c.text): c.target for eid, c in all_citations(doc) if c.kind == "provision"}
    assert found == {
        ("art_1__cl_2", "điểm a khoản 1 Điều này"): "art_1__cl_1__pt_a",
        ("art_1__cl_2", "khoản 3 Điều 2"): None,  # Điều 2 has no clause 3
        ("art_2__cl_1", "khoản 1 Điều 1"): "art_1__cl_1",
    }
