"""Tokens made once per text and joined into passages (issue 15 item 6): the index must receive
exactly the strings it received when each passage was tokenized whole, so search results are
unchanged. The reference below is the engine's former ``passage_fields``, kept verbatim."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from hoinhap.search.engine import Passage, passage_fields
from hoinhap.search.tokens import bigrams, fold, fold_text, fold_tokens, join, piece, syllables
from tests.conftest import VN_LEGAL, needs_shared


def reference_fields(heading: str, text: str) -> dict[str, str]:
    head = syllables(heading) if heading else []
    units = head + syllables(text)
    folded = fold_tokens(units)
    return {"bi": " ".join(bigrams(units)), "uni": " ".join(units), "head": " ".join(head + bigrams(head)),
            "fold": " ".join(folded + bigrams(folded))}


def pieced_fields(heading: str, parts: list[str]) -> dict[str, str]:
    return passage_fields(Passage(0, "", pieces=(piece(heading), *map(piece, parts))))


WORDS = st.sampled_from(["Điều", "5", "khoản", "thời", "hạn", "ĐẦU", "TƯ", "quốc", "tế", "Ω", "x²", "Σ", "đ", "_",
                         "a\u0301", "—", ".", "", "2025/NĐ-CP", "Ǆ", "ﬁ", "İ"])
TEXTS = st.lists(WORDS, max_size=12).map(" ".join) | st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(heading=TEXTS, parts=st.lists(TEXTS, max_size=6))
def test_joined_pieces_give_the_strings_of_the_whole_text(heading, parts):
    assert pieced_fields(heading, parts) == reference_fields(heading, "\n".join(p for p in parts if p))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60))
def test_folding_a_string_at_once_folds_each_token(text):
    units = syllables(text)
    assert fold_text(" ".join(units)) == " ".join(fold_tokens(units))
    assert fold_text(text) == fold(text)


def test_a_passage_given_as_text_is_tokenized_as_before():
    passage = Passage(1, "Thời hạn hoàn thành nhiệm vụ hội nhập quốc tế.", "Điều 5. Thời hạn")
    assert passage_fields(passage) == reference_fields(passage.heading, passage.text)
    assert passage_fields(passage)["bi"].split() == ["điều_5", "5_thời", "thời_hạn", "hạn_thời", "thời_hạn",
                                                     "hạn_hoàn", "hoàn_thành", "thành_nhiệm", "nhiệm_vụ", "vụ_hội",
                                                     "hội_nhập", "nhập_quốc", "quốc_tế"]


def test_the_bigram_across_a_join_is_kept_and_empty_texts_add_none():
    joined = join([piece("quốc"), piece(" ... "), piece(""), piece("tế số")])
    assert joined.uni == "quốc tế số"
    assert joined.bi == "quốc_tế tế_số"
    assert joined.fold == "quoc te so quoc_te te_so"


@needs_shared
def test_on_real_documents_lines_joined_as_pieces_match_the_whole_text():
    for path in sorted((VN_LEGAL / "txt").glob("*.txt"))[:8]:
        lines = unicodedata.normalize("NFD", path.read_text(encoding="utf-8")).splitlines()[:400]
        assert pieced_fields(lines[0], lines[1:]) == reference_fields(lines[0], "\n".join(p for p in lines[1:] if p))
