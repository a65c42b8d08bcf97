"""Tokens made once per text and joined into passages (issue 15 item 6): the index must receive
exactly the strings it received when each passage was tokenized whole, so search results are
unchanged. The reference below is the engine's former ``passage_fields``, less the folded strings:
the index now folds the ``fold`` field itself from the unfolded ones (``engine.FOLD``), and the
terms it ends with are checked against the former Python folding below."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from hoinhap.search.engine import Passage, fold_terms, passage_fields
from hoinhap.search.tokens import bigrams, fold_tokens, join, piece, syllables
from tests.conftest import VN_LEGAL, needs_shared


def reference_fields(heading: str, text: str) -> dict[str, tuple[str, ...]]:
    head = syllables(heading) if heading else []
    units = head + syllables(text)
    uni, bi = " ".join(units), " ".join(bigrams(units))
    return {"bi": (bi,), "uni": (uni,), "head": (" ".join(head + bigrams(head)),), "fold": (uni, bi)}


def former_fold(heading: str, text: str) -> list[str]:
    """The ``fold`` field's terms as Python made them before the index folded them."""
    units = (syllables(heading) if heading else []) + syllables(text)
    folded = fold_tokens(units)
    return folded + bigrams(folded)


def indexed_fold(fields: dict[str, tuple[str, ...]]) -> list[str]:
    """The ``fold`` field's terms as the index makes them from the values it receives."""
    return [term for value in fields["fold"] for term in fold_terms(value.split())]


def pieced_fields(heading: str, parts: list[str]) -> dict[str, tuple[str, ...]]:
    return passage_fields(Passage(0, "", pieces=(piece(heading), *map(piece, parts))))


WORDS = st.sampled_from(["Điều", "5", "khoản", "thời", "hạn", "ĐẦU", "TƯ", "quốc", "tế", "Ω", "x²", "Σ", "đ", "_",
                         "a\u0301", "—", ".", "", "2025/NĐ-CP", "Ǆ", "ﬁ", "İ"])
TEXTS = st.lists(WORDS, max_size=12).map(" ".join) | st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(heading=TEXTS, parts=st.lists(TEXTS, max_size=6))
def test_joined_pieces_give_the_strings_of_the_whole_text(heading, parts):
    assert pieced_fields(heading, parts) == reference_fields(heading, "\n".join(p for p in parts if p))


VIETNAMESE = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
              "fjwz0123456789")


def test_the_index_folds_every_vietnamese_letter_as_python_did():
    letters = list(VIETNAMESE + VIETNAMESE.upper())
    assert fold_terms(letters) == fold_tokens(letters)
    assert fold_terms(["thời_hạn", "đường", "ĐIỀU"]) == ["thoi_han", "duong", "DIEU"]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(alphabet=VIETNAMESE + "_", min_size=1, max_size=8), max_size=12))
def test_the_index_folds_vietnamese_tokens_as_python_did(words):
    assert fold_terms(words) == fold_tokens(words)


def test_letters_python_kept_are_folded_by_the_index_one_token_for_one():
    assert fold_terms(["ø", "ß", "x²", "kƕ"]) == ["o", "ss", "x2", "khv"]  # NFD left them as they were


def test_a_passage_given_as_text_is_tokenized_as_before():
    passage = Passage(1, "Thời hạn hoàn thành nhiệm vụ hội nhập quốc tế.", "Điều 5. Thời hạn")
    assert passage_fields(passage) == reference_fields(passage.heading, passage.text)
    assert indexed_fold(passage_fields(passage)) == former_fold(passage.heading, passage.text)
    assert passage_fields(passage)["bi"][0].split() == ["điều_5", "5_thời", "thời_hạn", "hạn_thời", "thời_hạn",
                                                     "hạn_hoàn", "hoàn_thành", "thành_nhiệm", "nhiệm_vụ", "vụ_hội",
                                                     "hội_nhập", "nhập_quốc", "quốc_tế"]


def test_the_bigram_across_a_join_is_kept_and_empty_texts_add_none():
    joined = join([piece("quốc"), piece(" ... "), piece(""), piece("tế số")])
    assert joined.uni == "quốc tế số"
    assert joined.bi == "quốc_tế tế_số"
    assert indexed_fold({"fold": (joined.uni, joined.bi)}) == ["quoc", "te", "so", "quoc_te", "te_so"]


@needs_shared
def test_on_real_documents_lines_joined_as_pieces_match_the_whole_text():
    for path in sorted((VN_LEGAL / "txt").glob("*.txt"))[:8]:
        lines = unicodedata.normalize("NFD", path.read_text(encoding="utf-8")).splitlines()[:400]
        text = "\n".join(p for p in lines[1:] if p)
        fields = pieced_fields(lines[0], lines[1:])
        assert fields == reference_fields(lines[0], text)
        assert indexed_fold(fields) == former_fold(lines[0], text)  # Vietnamese text: the same terms as before
