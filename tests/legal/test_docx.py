import io
import zipfile

import pytest
from docx import Document as WordDocument

from hoinhap.legal.docx_reader import docx_text, parse_docx
from hoinhap.legal.errors import UnreadableDocument
from tests.conftest import VN_LEGAL, needs_shared


def make_docx(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    word = WordDocument()
    if table:
        grid = word.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for text in paragraphs:
        word.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def test_paragraphs_and_tables_in_order():
    data = make_docx("Điều 1. Phạm vi", "1. Khoản.", table=[["CHÍNH PHỦ", "CỘNG HÒA"], ["Số: 1/2020/NĐ-CP", "x"]])
    assert docx_text(data).split("\n") == ["| CHÍNH PHỦ | CỘNG HÒA |", "| Số: 1/2020/NĐ-CP | x |", "Điều 1. Phạm vi",
                                           "1. Khoản."]
    assert parse_docx(data).meta.number == "1/2020/NĐ-CP"


@needs_shared
def test_official_decree_30_docx():
    document = parse_docx((VN_LEGAL / "source" / "nd-30-2020-ndcp-cong-tac-van-thu.docx").read_bytes())
    assert document.meta.number == "30/2020/NĐ-CP"
    assert document.meta.date.isoformat() == "2020-03-05"
    assert len(document.articles()) == 38


def test_not_a_zip_is_refused():
    with pytest.raises(UnreadableDocument, match="not a zip"):
        docx_text(b"this is not a word file")


def zip_with(name: str, content: bytes | str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data,reason", [
    (zip_with("hello.txt", "hi"), "no word/document.xml"),
    (zip_with("word/document.xml", b"\x00" * (50 * 1024 * 1024)), "expands"),  # a bomb, refused unread
    (zip_with("word/document.xml", "<w:document><unclosed>"), "malformed"),
], ids=["no-document", "zip-bomb", "malformed-xml"])
def test_broken_archives_are_refused(data, reason):
    with pytest.raises(UnreadableDocument, match=reason):
        docx_text(data)
