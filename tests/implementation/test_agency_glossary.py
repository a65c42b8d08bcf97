"""A plan's glossary of abbreviations ("TP – thành phố") is not an agency: extraction must not create
organisations from it (issue 17 item 6)."""

from __future__ import annotations

import pytest

from hoinhap.implementation.agencies import split_agencies


@pytest.mark.parametrize("text", ["TP – thành phố", "UBND: Ủy ban nhân dân", "(CQ) = cơ quan", "BCĐ - Ban Chỉ đạo"])
def test_a_glossary_line_names_no_agency(text):
    assert split_agencies(text) == []


def test_real_agencies_are_still_read():
    refs = split_agencies("Bộ Công Thương; UBND TP Hà Nội, Bộ Tài chính")
    assert [r.text for r in refs] == ["Bộ Công Thương", "UBND TP Hà Nội", "Bộ Tài chính"]
    assert [r.text for r in split_agencies("BNG")] == ["BNG"]  # a code alone is a name, not a glossary line
