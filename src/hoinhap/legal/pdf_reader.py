"""PDF files to text lines, then to a tree with the text parser.

Digital PDFs are read by PyMuPDF (chosen by ``bench/pdf.py``: the most exact characters and the
fastest of pdfplumber, pypdf and PyMuPDF on the shared texts); lines are taken in reading order,
lines hard-wrapped by the page are joined again, and ruled tables come out as "| cell | cell |"
rows, which is how the text parser and the task-table extraction read tables. A page without a text
layer (a scan) is rendered and read by Tesseract with its Vietnamese model, one process per page
with a time limit; a page whose mean word confidence is under ``min_confidence`` gets a warning.

Hostile or unreadable files are refused with a one-line reason before any page is read:
not a PDF, damaged beyond repair, protected by a password, more than ``max_pages`` pages, a
compressed stream that expands past ``MAX_STREAM_BYTES`` (a decompression bomb) or an image
larger than ``MAX_IMAGE_PIXELS``.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass, field
from typing import Any

from hoinhap.legal import tree
from hoinhap.legal.errors import N_, UnreadableDocument
from hoinhap.legal.markers import is_upperish
from hoinhap.legal.parser import MAYBE_MARKER, parse_text

MAX_STREAM_BYTES = 64 * 1024 * 1024  # no real page's content or image expands beyond this
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_IMAGE_PIXELS = 100_000_000  # a 200 dpi A0 scan is ~75 M
MAX_RENDER_PIXELS = 40_000_000  # what one page is rendered at for OCR, at most
# A line is "full" (so the next line continues it) when it ends this close to the page's right edge.
_FULL_LINE_SLACK = 0.12
# Latin-1 symbols and letters foreign to Vietnamese that TCVN3 (ABC) and VNI fonts put in place of
# Vietnamese letters when a PDF was made from them without a Unicode map.
_LEGACY_CHARS = frozenset("¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÄäÅåÆæÇçËëÎîÏïÑñÖöØøÛûÜüßÞþÐðÿ")
_LEGACY_LIMIT = 0.05  # real TCVN3/VNI pages: 15-20%; Unicode Vietnamese: 0% (the shared corpus: at most 0.1%)
_LEGACY_MIN = 5
_MARGIN = 0.08  # of the page's height: where running headers and page numbers sit
_PAGE_NUMBER = re.compile(r"(?:Trang|Page)?\s*[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?", re.IGNORECASE)
_NOT_JOINED_START = re.compile(r"[-+•*|“\"(]")


@dataclass(frozen=True, slots=True)
class PdfOptions:
    """How a PDF is read. ``max_pages``: longer files are refused; ``min_confidence`` (0-100): a
    scanned page read with less gets a warning; ``ocr_timeout``: seconds per page; ``ocr_dpi``:
    the resolution scans are rendered at for Tesseract."""

    max_pages: int = 1000
    min_confidence: float = 80.0
    ocr_timeout: float = 120.0
    ocr_dpi: int = 300
    ocr_language: str = "vie"


@dataclass(slots=True)
class PdfText:
    """The text of a PDF and what reading it found: per page, how it was read ("text" or "ocr")
    and, for OCR, the mean word confidence; warnings as (line of the text, message)."""

    text: str
    pages: list[tuple[str, float | None]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float


def parse_pdf(data: bytes, *, language: str | None = None, options: PdfOptions | None = None) -> tree.Document:
    result = pdf_text(data, options or PdfOptions())
    document = parse_text(result.text, language=language)
    document.warnings.extend(tree.ParseWarning(line, message) for line, message in result.warnings)
    return document


def pdf_text(data: bytes, options: PdfOptions) -> PdfText:
    """The text of a PDF, one line per line of the page (wrapped lines joined), pages in order."""
    document = _open(data, options)
    result = PdfText(text="")
    lines: list[str] = []
    try:
        for number, page in enumerate(document, start=1):
            page_lines, how, confidence = _page_lines(page, options)
            result.pages.append((how, confidence))
            if how == "legacy":
                result.warnings.append((len(lines) + 1, f"page {number}: its text is in an old Vietnamese font "
                                                        "encoding (TCVN3/VNI) and OCR is not installed; "
                                                        "its text is garbled"))
            elif how == "ocr" and page_lines and _legacy_share(page.get_text("text")) > _LEGACY_LIMIT:
                result.warnings.append((len(lines) + 1, f"page {number}: its text layer is in an old Vietnamese "
                                                        "font encoding (TCVN3/VNI); read by OCR instead"))
            if confidence is not None and confidence < options.min_confidence:
                result.warnings.append((len(lines) + 1, f"page {number} read by OCR with low confidence "
                                                        f"({confidence:.0f}%); check its text"))
            lines.extend(page_lines)
    except RuntimeError as error:  # MuPDF's own errors on a damaged page
        raise UnreadableDocument(N_("damaged PDF: %(error)s"), error=error) from error
    finally:
        document.close()
    if not any(line.strip() for line in lines):
        raise UnreadableDocument(N_("the PDF has no text: neither a text layer nor a readable scan"))
    result.text = "\n".join(lines)
    return result


def _open(data: bytes, options: PdfOptions) -> Any:
    pymupdf: Any = importlib.import_module("pymupdf")  # imported when a PDF comes; its stubs are partial

    if not data.lstrip()[:5] == b"%PDF-":
        raise UnreadableDocument(N_("not a PDF file"))
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as error:
        raise UnreadableDocument(N_("damaged PDF: %(error)s"), error=error) from error
    try:
        _check(document, options)
    except BaseException:
        document.close()
        raise
    return document


def _check(document: Any, options: PdfOptions) -> None:
    if document.needs_pass:
        raise UnreadableDocument(N_("the PDF is protected by a password; send it without one"))
    if document.page_count == 0:
        raise UnreadableDocument(N_("damaged PDF: no page can be read"))
    if document.page_count > options.max_pages:
        raise UnreadableDocument(N_("the PDF has %(page_count)s pages; at most %(max_pages)s are read"),
                                 page_count=document.page_count, max_pages=options.max_pages)
    _check_streams(document)


def _check_streams(document: Any) -> None:
    """Refuse decompression bombs before MuPDF inflates anything: every Flate stream is inflated
    here with a cap, and image sizes are read from their dictionaries."""
    total = 0
    for xref in range(1, document.xref_length()):
        try:
            if not document.xref_is_stream(xref):
                continue
            kind, filters = document.xref_get_key(xref, "Filter")
            width = document.xref_get_key(xref, "Width")[1]
            height = document.xref_get_key(xref, "Height")[1]
            raw = document.xref_stream_raw(xref) if "FlateDecode" in filters else b""
        except RuntimeError as error:
            raise UnreadableDocument(N_("damaged PDF: object %(xref)s: %(error)s"), xref=xref, error=error) from error
        if width.isdigit() and height.isdigit() and int(width) * int(height) > MAX_IMAGE_PIXELS:
            raise UnreadableDocument(N_("refused: an image of %(width)sx%(height)s pixels (object %(xref)s)"),
                                     width=width, height=height, xref=xref)
        total += _inflated_size(raw, xref)
        if total > MAX_TOTAL_BYTES:
            raise UnreadableDocument(N_("refused: the PDF expands beyond %(megabytes)s MB"), megabytes=MAX_TOTAL_BYTES >> 20)


def _inflated_size(raw: bytes, xref: int) -> int:
    if not raw:
        return 0
    inflater = zlib.decompressobj()
    try:
        size = len(inflater.decompress(raw, MAX_STREAM_BYTES))
    except zlib.error:
        return len(raw)  # MuPDF reads what it can of a broken stream; nothing to expand
    if inflater.unconsumed_tail:
        raise UnreadableDocument(N_("refused: object %(xref)s expands beyond %(megabytes)s MB"),
                                 xref=xref, megabytes=MAX_STREAM_BYTES >> 20)
    return size


def _page_lines(page: Any, options: PdfOptions) -> tuple[list[str], str, float | None]:
    """A page's lines and how they were read: "text" (its text layer), "ocr" (a scan, or a text layer
    in a pre-Unicode font whose letters come out garbled), "legacy" (such a layer, no OCR here)."""
    layer = page.get_text("text")
    if layer.strip() and _legacy_share(layer) <= _LEGACY_LIMIT:
        return _text_lines(page), "text", None
    if layer.strip():
        if shutil.which("tesseract") is None:
            return _text_lines(page), "legacy", None
        lines, confidence = _ocr_lines(page, options)
        return lines, "ocr", confidence
    if not page.get_images():
        return [], "text", None  # a blank page
    lines, confidence = _ocr_lines(page, options)
    return lines, "ocr", confidence


def _legacy_share(text: str) -> float:
    """The share of letters a Vietnamese text never has but a TCVN3 or VNI font read as Latin-1 is
    full of ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Coäng hoøa xaõ hoäi")."""
    letters = sum(1 for ch in text if ch.isalpha()) or 1
    foreign = sum(1 for ch in text if ch in _LEGACY_CHARS)
    return foreign / letters if foreign >= _LEGACY_MIN else 0.0


def _text_lines(page: Any) -> list[str]:
    """The page's lines in reading order; ruled tables as "| … |" rows in their place."""
    tables = _tables(page)
    rows: list[tuple[float, list[str]]] = [(box[1], table) for box, table in tables]
    flow: list[tuple[float, _Line]] = []
    for block in page.get_text("dict", sort=True)["blocks"]:
        for line in block.get("lines", ()):
            x0, y0, x1, y1 = line["bbox"]
            if any(_inside((x0, y0, x1, y1), box) for box, _ in tables):
                continue
            text = "".join(span["text"] for span in line["spans"]).strip()
            if text and not _is_page_number(text, y0, y1, page.rect.height):
                flow.append((y0, _Line(text, x0, x1)))
    if not rows:
        return _joined([line for _, line in flow])
    return _merge_by_position(flow, rows)


def _is_page_number(text: str, y0: float, y1: float, height: float) -> bool:
    """"2", "- 2 -", "Trang 2" alone in the top or bottom margin: the page's number, not the text's."""
    in_margin = y1 < height * _MARGIN or y0 > height * (1 - _MARGIN)
    return in_margin and bool(_PAGE_NUMBER.fullmatch(text))


def _tables(page: Any) -> list[tuple[tuple[float, float, float, float], list[str]]]:
    """Ruled tables only: a page without drawn lines has none, and skipping the search there keeps
    plain pages fast."""
    if not page.get_drawings():
        return []
    found = []
    for table in page.find_tables().tables:
        rows = ["| " + " | ".join(" ".join((cell or "").split()) for cell in row) + " |" for row in table.extract()]
        found.append((tuple(table.bbox), rows))
    return found


def _inside(inner: tuple[float, float, float, float], outer: tuple[float, float, float, float]) -> bool:
    cx, cy = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def _merge_by_position(flow: list[tuple[float, _Line]], rows: list[tuple[float, list[str]]]) -> list[str]:
    """Puts each table's rows before the first text line below it (joining is redone on the text
    around tables, so a paragraph never continues across one)."""
    out: list[str] = []
    pending = sorted(rows, key=lambda item: item[0])
    chunk: list[_Line] = []
    for y, line in flow:
        while pending and pending[0][0] <= y:
            out.extend(_joined(chunk))
            chunk = []
            out.extend(pending.pop(0)[1])
        chunk.append(line)
    out.extend(_joined(chunk))
    for _, table in pending:
        out.extend(table)
    return out


def _joined(lines: list[_Line]) -> list[str]:
    """Joins lines the page wrapped: a line that reaches the right edge continues on the next,
    unless the next starts a unit (a marker such as "Điều 5.", "2.", "a)"), a list item, a table or a
    heading in capitals ("NGHỊ ĐỊNH"), or the line closed a sentence before a capital."""
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    left = min(line.x0 for line in lines)
    slack = (right - left) * _FULL_LINE_SLACK
    out: list[str] = [lines[0].text]
    for before, line in zip(lines, lines[1:], strict=False):
        if before.x1 >= right - slack and not _starts_unit(line.text) and not _ends_paragraph(before.text, line.text):
            out[-1] = f"{out[-1]} {line.text}"
        else:
            out.append(line.text)
    return out


def _starts_unit(text: str) -> bool:
    return bool(MAYBE_MARKER.match(text) or _NOT_JOINED_START.match(text) or is_upperish(text))


def _ends_paragraph(before: str, after: str) -> bool:
    """A full line that closes a sentence, then a capital: most often a new paragraph; splitting one
    by mistake costs nothing (the parser keeps both lines as text of the same unit)."""
    return before[-1:] in ".:;!?" and after[:1].isupper()


def _ocr_lines(page: Any, options: PdfOptions) -> tuple[list[str], float]:
    pymupdf: Any = importlib.import_module("pymupdf")

    binary = shutil.which("tesseract")
    if binary is None:
        raise UnreadableDocument(N_("the PDF is a scan and OCR is not installed here (tesseract-ocr, tesseract-ocr-vie)"))
    zoom = options.ocr_dpi / 72
    area = page.rect.width * page.rect.height * zoom * zoom
    if area > MAX_RENDER_PIXELS:
        zoom *= (MAX_RENDER_PIXELS / area) ** 0.5
    image = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY).tobytes("png")
    tsv = _tesseract(binary, image, options)
    return _tsv_lines(tsv)


def _tesseract(binary: str, image: bytes, options: PdfOptions) -> str:
    """One Tesseract process per page, fed by stdin: a hung or slow page is stopped at the time
    limit. OMP_THREAD_LIMIT=1: Tesseract's threads only slow it down on a shared machine."""
    command = [binary, "stdin", "stdout", "-l", options.ocr_language, "--psm", "4", "tsv"]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, input=image, capture_output=True, timeout=options.ocr_timeout,
                              env=environment, check=False)
    except subprocess.TimeoutExpired as error:
        raise UnreadableDocument(N_("OCR took longer than %(seconds).0f s on a page"),
                                 seconds=options.ocr_timeout) from error
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
        raise UnreadableDocument(N_("OCR failed: %(reason)s"), reason=reason[0])
    return done.stdout.decode("utf-8", "replace")


def _tsv_lines(tsv: str) -> tuple[list[str], float]:
    """Tesseract's TSV to joined lines and the page's mean word confidence (weighted by length)."""
    words: dict[tuple[int, int, int], list[tuple[str, float, float]]] = {}
    weighted = weight = 0.0
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        key = (int(cells[2]), int(cells[3]), int(cells[4]))  # block, paragraph, line
        left, width, confidence = float(cells[6]), float(cells[8]), float(cells[10])
        words.setdefault(key, []).append((cells[11], left, left + width))
        if confidence >= 0:
            weighted += confidence * len(cells[11])
            weight += len(cells[11])
    lines = [_Line(" ".join(w[0] for w in line), line[0][1], line[-1][2]) for line in words.values()]
    return _joined(lines), (weighted / weight if weight else 0.0)
