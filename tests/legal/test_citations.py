"""Where a document citation begins (its type word) is found once per text (``_TypeWords``), for
speed at corpus scale (issue 15 item 6); it must give exactly what the former search gave: the
``_TYPE_BEFORE`` regex on the 120 characters before each number."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from hoinhap.legal.citations import _TYPE_BEFORE, _TypeWords, document_citations
from hoinhap.legal.numbers import find_numbers
from tests.conftest import VN_LEGAL, needs_shared


def former_start(text: str, start: int) -> int:
    """The former code, kept verbatim: the regex once per number."""
    before = text[max(0, start - 120):start]
    type_match = _TYPE_BEFORE.search(before)
    return start - len(before) + type_match.start(1) if type_match else start


def assert_same_starts(text: str) -> int:
    numbers = [start for start, _, _ in find_numbers(text)]
    type_words = _TypeWords(text)
    assert [type_words.before(start) for start in numbers] == [former_start(text, start) for start in numbers]
    return len(numbers)


PARTS = st.sampled_from(["Luật", "luật", "Bộ luật", "BỘ LUẬT", "Nghị quyết", "Nghị quyết liên tịch", "Thông tư",
                         "Thông tư liên tịch", "Nghị định", "Law", "Decree", "số", "Số:", "số :", "Đất đai", "này",
                         "quy định chi tiết", "của", "Chính phủ", "và", ",", ".", ";", "(", ")", "\n", "  ",
                         "45/2013/QH13", "59-NQ/TW", "30/2020/NĐ-CP", "249/QĐ-TTg", "İ", "x" * 30])


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(PARTS, max_size=40), separators=st.lists(st.sampled_from([" ", "", "\n", " \t"]), max_size=40))
def test_the_type_word_before_each_number_is_the_one_the_former_search_found(parts, separators):
    text = "".join(part + (separators[i] if i < len(separators) else " ") for i, part in enumerate(parts))
    assert_same_starts(text)


def test_the_nearest_type_word_wins_and_overlapping_words_are_all_seen():
    found = document_citations("Nghị định này quy định chi tiết Luật số 64/2025/QH15 và Bộ luật số 45/2015/QH13; "
                               "Thông tư liên tịch 01/2020/TTLT-BTC.")
    assert [c.text for c in found] == ["Luật số 64/2025/QH15", "luật số 45/2015/QH13",  # as the regex always did
                                       "Thông tư liên tịch 01/2020/TTLT-BTC"]
    assert assert_same_starts("Luật " + "từ " * 60 + "số 45/2013/QH13") == 1  # beyond eight words: no type word


def test_a_text_whose_lowercase_is_longer_keeps_its_offsets():
    text = "İİ Luật Đất đai số 45/2013/QH13"
    assert len(text.lower()) != len(text)
    assert [c.text for c in document_citations(text)] == ["Luật Đất đai số 45/2013/QH13"]
    assert_same_starts(text)


@needs_shared
def test_on_real_documents_every_number_gets_the_former_start():
    numbers = 0
    for path in sorted((VN_LEGAL / "txt").glob("*.txt")):
        numbers += assert_same_starts(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))
    assert numbers > 400
