"""The embedded index on its own: tokens, ranking, fields, filters, deletes, persistence."""

from hoinhap.search.engine import Filters, Passage, SearchIndex, Weights
from hoinhap.search.references import parse_reference
from hoinhap.search.snippets import snippet
from hoinhap.search.tokens import bigrams, fold, has_diacritics, syllables

PASSAGES = [
    Passage(1, "Thời hạn hoàn thành nhiệm vụ hội nhập quốc tế là ngày 31 tháng 12 năm 2026.", "Thời hạn", work=1,
            doc_type="Nghị quyết", issuer="CP", year=2025),
    Passage(2, "Hỗ trợ 300% mức lương cho chuyên gia ngôn ngữ hiếm.", "Chế độ đặc thù", work=2,
            doc_type="Nghị quyết", issuer="QH", year=2025),
    Passage(3, "Hạn chế nhập khẩu hàng hóa hoàn toàn mới.", "Nhập khẩu", work=3, doc_type="Luật", issuer="QH",
            year=2019, in_force=False),
]


def index_of(passages=PASSAGES, path=None):
    index = SearchIndex(path)
    index.add(passages)
    index.commit()
    return index


def keys(page):
    return [hit.key for hit in page.hits]


def test_tokens_are_nfc_lowercase_syllables_and_bigrams():
    decomposed = "Thời hạn".replace("ờ", "ơ\u0300")
    assert syllables(decomposed) == ["thời", "hạn"]
    assert bigrams(["thời", "hạn", "hoàn"]) == ["thời_hạn", "hạn_hoàn"]
    assert fold("Đường hội nhập") == "Duong hoi nhap"
    assert has_diacritics("hội nhập") and not has_diacritics("hoi nhap")


def test_bigrams_rank_the_word_above_scattered_syllables():
    # Passage 3 has "hạn", "hoàn", "thành"-less scattered syllables; passage 1 has the words.
    assert keys(index_of().search("thời hạn hoàn thành nhiệm vụ"))[0] == 1


def test_query_without_accents_finds_the_accented_text():
    assert keys(index_of().search("ho tro 300% muc luong ngon ngu hiem"))[0] == 2


def test_filters_restrict_by_type_issuer_year_and_force():
    index = index_of()
    assert keys(index.search("hạn", filters=Filters(doc_types=("Luật",)))) == [3]
    assert set(keys(index.search("hạn", filters=Filters(year_from=2020)))) == {1}
    assert keys(index.search("hạn", filters=Filters(in_force=False))) == [3]
    assert keys(index.search("mức lương", filters=Filters(issuers=("CP",)))) == []


def test_delete_and_paging_and_empty_query():
    index = index_of()
    assert index.search("hạn").total == 2
    index.delete_work(1)
    index.commit()
    assert keys(index.search("hạn")) == [3]
    assert index.search("   ").hits == [] and index.search("!!!").total == 0
    assert len(index) == 2


def test_index_persists_on_disk(tmp_path):
    index_of(path=tmp_path / "ix")
    reopened = SearchIndex(tmp_path / "ix")
    assert keys(reopened.search("chuyên gia ngôn ngữ")) == [2]


def test_references_name_documents_and_provisions():
    ref = parse_reference("khoản 2 Điều 3 Nghị quyết 197/2025/QH15")
    assert (ref.number, ref.article, ref.clause, ref.point) == ("197/2025/QH15", "3", "2", None)
    assert ref.eid_suffix() == "art_3__cl_2"
    assert parse_reference("điểm đ khoản 1 Điều 10a Luật 64/2025/QH15").eid_suffix() == "art_10a__cl_1__pt_dd"
    assert parse_reference("Article 18 of Resolution 250/2025/QH15").eid_suffix() == "art_18"
    assert parse_reference("59-NQ/TW").article is None
    assert parse_reference("thời hạn hoàn thành nhiệm vụ") is None


def test_snippet_highlights_query_syllables_and_escapes_html():
    text = "Mở đầu. " + "chữ " * 50 + "Thời hạn <b>hoàn thành</b> nhiệm vụ."
    out = snippet(text, "thời hạn hoàn thành")
    assert "<mark>Thời</mark> <mark>hạn</mark>" in out
    assert "&lt;b&gt;" in out and "<b>" not in out
    assert out.startswith("…")
    assert "<mark>" not in snippet("hàn gắn", "hạn")  # accents typed: no folded matches


def test_common_syllables_are_left_out_of_queries_with_bigrams():
    # "quốc" is in every passage, "gia" in one: at a 50% cut only "gia" stays a syllable term.
    passages = [Passage(i, f"quốc tế số {i}") for i in range(1, 10)] + [Passage(10, "quốc gia")]
    index = SearchIndex(None, weights=Weights(max_syllable_df=0.5))
    index.add(passages)
    index.commit()
    assert [t for f, t, _ in index.terms("quốc gia") if f == "uni"] == ["gia"]
    assert keys(index.search("quốc gia"))[0] == 10
    # A one-syllable query has no bigram to carry it: its syllable stays.
    assert index.search("quốc", limit=20).total == 10


def test_a_page_the_pruned_query_cannot_fill_is_searched_again_with_every_syllable():
    # No passage has the bigram "thuế_đất"; both syllables are common, so the pruned query finds
    # nothing, and the full query must still find the passages that have the syllables.
    passages = [Passage(1, "thuế sử dụng đất"), Passage(2, "thuế thu nhập và đất đai"), Passage(3, "đất và thuế")]
    index = SearchIndex(None, weights=Weights(max_syllable_df=0.1))
    index.add(passages)
    index.commit()
    assert [t for f, t, _ in index.terms("thuế đất") if f == "uni"] == []
    page = index.search("thuế đất")
    assert sorted(keys(page)) == [1, 2, 3] and page.total == 3


def test_accented_queries_do_not_read_the_folded_field():
    index = index_of()
    assert "fold" not in {field for field, _, _ in index.terms("hỗ trợ mức lương")}
    assert ("fold", "luong", 1.0) in index.terms("ho tro muc luong")


def test_a_reader_never_creates_nor_writes_the_index_and_sees_the_writers_commits(tmp_path):
    import pytest

    from hoinhap.search.engine import ReadOnlyIndex

    folder = tmp_path / "index"
    reader = SearchIndex(folder, read_only=True)
    assert len(reader) == 0 and not reader.exists and not folder.exists()  # nothing built yet: empty, untouched
    writer = index_of(PASSAGES[:1], path=folder)
    reader = SearchIndex(folder, read_only=True)
    with pytest.raises(ReadOnlyIndex):
        reader.add(PASSAGES[1:])
    writer.add(PASSAGES[1:])
    writer.commit()  # the writer keeps tantivy's lock only while it writes; the reader never takes it
    reader.reload()
    assert len(reader) == 3 and keys(reader.search("ngôn ngữ hiếm"))[0] == 2
