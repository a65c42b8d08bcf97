"""Bytes to a document tree: format detection and decoding, shared by ``hoinhap parse`` (no
database) and the corpus importer. Unreadable input raises ``UnreadableDocument`` with one line."""

from __future__ import annotations

from pathlib import Path

from hoinhap.legal import tree
from hoinhap.legal.akn_import import read_akn
from hoinhap.legal.docx_reader import parse_docx
from hoinhap.legal.errors import N_, UnreadableDocument
from hoinhap.legal.parser import parse_text
from hoinhap.legal.pdf_reader import PdfOptions, parse_pdf

FORMATS = ("txt", "docx", "akn", "pdf")
# Markdown is read as text: the parser copes with its table pipes and list dashes, and the shared
# corpus was crawled as markdown.
TEXT_SUFFIXES = (".txt", ".md", ".markdown")


def detect_format(filename: str, data: bytes) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix == ".pdf" or data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if suffix == ".docx" or data[:2] == b"PK":
        return "docx"
    if suffix in (".xml", ".akn") or data.lstrip()[:1] == b"<":
        return "akn"
    return "txt"


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a BOM), or UTF-16 with its BOM (what Windows Notepad calls "Unicode");
    other encodings are refused with the advice to save as UTF-8, never guessed."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableDocument(N_("broken UTF-16 text; save the file as UTF-8")) from error
        if _latin_share(text) < 0.6:  # two bytes that look like a BOM before something else
            raise UnreadableDocument(N_("not UTF-8 or UTF-16 text; save the file as UTF-8"))
        return text
    if b"\x00" in data[:8192]:
        raise UnreadableDocument(N_("binary file: not a text, Word or Akoma Ntoso document"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableDocument(N_("not UTF-8 text (byte %(start)s); save the file as UTF-8"), start=error.start) from error


def _latin_share(text: str) -> float:
    """The share of characters a Vietnamese or English text is made of: Latin letters (with the
    Vietnamese ones in U+1E00-U+1EFF), digits, punctuation and spaces."""
    if not text:
        return 0.0
    usual = sum(1 for ch in text if ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" or ch in "\u2013\u2014\u201c\u201d")
    return usual / len(text)


def read_bytes(data: bytes, filename: str = "", *, source_format: str | None = None,
               language: str | None = None, pdf: PdfOptions | None = None) -> tuple[str, tree.Document]:
    """``(format, tree)`` for the bytes of a .txt/.md, .docx, .pdf or Akoma Ntoso file."""
    fmt = source_format or detect_format(filename, data)
    if fmt == "pdf":
        return fmt, parse_pdf(data, language=language, options=pdf)
    if fmt == "docx":
        return fmt, parse_docx(data, language=language)
    if fmt == "akn":
        return fmt, read_akn(data)
    return fmt, parse_text(decode_text(data), language=language)
