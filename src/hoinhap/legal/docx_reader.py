"""Official Word files (.docx) to text lines, then to a tree with the text parser.

Paragraphs and tables are read in document order from ``word/document.xml``; a table row becomes
one "| cell | cell |" line, which is how the text parser expects header and signature tables.
The archive is checked before anything is decompressed: a zip bomb or a broken file is refused
with a one-line reason, never a crash.
"""

from __future__ import annotations

import io
import zipfile

from hoinhap.legal import tree
from hoinhap.legal.akn_import import safe_xml
from hoinhap.legal.errors import N_, UnreadableDocument
from hoinhap.legal.parser import parse_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200  # no real .docx part compresses 200 to 1


def docx_text(data: bytes) -> str:
    """The text of a .docx: one line per paragraph, one "| … |" line per table row."""
    xml = _document_xml(data)
    body = safe_xml(xml).find(f"{W}body")
    if body is None:
        raise UnreadableDocument(N_("not a Word document: word/document.xml has no body"))
    lines: list[str] = []
    for block in body:
        if block.tag == f"{W}p":
            lines.append(_paragraph_text(block))
        elif block.tag == f"{W}tbl":
            lines.extend(_table_lines(block))
    return "\n".join(lines)


def parse_docx(data: bytes, *, language: str | None = None) -> tree.Document:
    return parse_text(docx_text(data), language=language)


def _document_xml(data: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise UnreadableDocument(N_("not a Word (.docx) file: not a zip archive")) from error
    with archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1 << 20:
                raise UnreadableDocument(N_("refused: %(filename)s expands %(ratio)sx"),
                                         filename=info.filename, ratio=info.file_size // info.compress_size)
        if total > MAX_UNCOMPRESSED:
            raise UnreadableDocument(N_("refused: the .docx expands beyond 200 MB"))
        try:
            return archive.read("word/document.xml")
        except KeyError as error:
            raise UnreadableDocument(N_("not a Word (.docx) file: no word/document.xml")) from error
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise UnreadableDocument(N_("damaged .docx: %(error)s"), error=error) from error


def _paragraph_text(paragraph: object) -> str:
    parts: list[str] = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br"):  # type: ignore[attr-defined]
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        else:
            parts.append(" ")
    return "".join(parts)


def _table_lines(table: object) -> list[str]:
    lines = []
    for row in table.iter(f"{W}tr"):  # type: ignore[attr-defined]
        cells = [" ".join(_paragraph_text(p) for p in cell.iter(f"{W}p")) for cell in row.iter(f"{W}tc")]
        lines.append("| " + " | ".join(cell.strip() for cell in cells) + " |")
    return lines
