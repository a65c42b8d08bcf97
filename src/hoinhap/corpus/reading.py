"""Turning uploaded bytes into a tree: format detection and the one-line errors users see."""

from __future__ import annotations

from pathlib import Path

from hoinhap.core.errors import UnreadableInput
from hoinhap.legal import tree
from hoinhap.legal.akn_import import read_akn
from hoinhap.legal.docx_reader import parse_docx
from hoinhap.legal.errors import UnreadableDocument
from hoinhap.legal.parser import parse_text

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
FORMATS = ("txt", "docx", "akn")


def detect_format(filename: str, data: bytes) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix == ".docx" or data[:2] == b"PK":
        return "docx"
    if suffix == ".xml" or data.lstrip()[:5] == b"<?xml" or data.lstrip()[:1] == b"<":
        return "akn"
    return "txt"


def decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise UnreadableInput("binary file: not a text, Word or Akoma Ntoso document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableInput(f"not UTF-8 text (byte {error.start}); save the file as UTF-8") from error


def read_document(data: bytes, filename: str = "", *, source_format: str | None = None) -> tuple[str, tree.Document]:
    """``(format, tree)`` for a txt, docx or Akoma Ntoso upload; ``UnreadableInput`` otherwise."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableInput(f"file larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise UnreadableInput("empty file")
    fmt = source_format or detect_format(filename, data)
    try:
        if fmt == "docx":
            return fmt, parse_docx(data)
        if fmt == "akn":
            return fmt, read_akn(data)
        return fmt, parse_text(decode_text(data))
    except UnreadableDocument as error:
        raise UnreadableInput(str(error)) from error
