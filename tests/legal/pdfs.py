"""Small PDFs made by the tests themselves (fpdf2 with DejaVu; PyMuPDF for scans and hostile files),
so that no binary is committed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="DejaVu fonts absent (CI installs fonts-dejavu-core)")


def _has_vietnamese_ocr() -> bool:
    if shutil.which("tesseract") is None:
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False, timeout=30)
    return "vie" in listed.stdout.split()


needs_tesseract = pytest.mark.skipif(not _has_vietnamese_ocr(),
                                     reason="tesseract or its Vietnamese model absent (CI installs tesseract-ocr-vie)")


def digital_pdf(lines: list[str], *, table: list[list[str]] | None = None, size: int = 12) -> bytes:
    """A4 pages of ``lines`` (each wrapped by fpdf2 where it is long), then a ruled table if given."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("serif", "", str(FONT))
    pdf.set_font("serif", size=size)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    if table:
        with pdf.table(first_row_as_headings=False) as grid:
            for row in table:
                cells = grid.row()
                for cell in row:
                    cells.cell(cell)
    return bytes(pdf.output())


def scanned(data: bytes, dpi: int = 200) -> bytes:
    """Each page as a grey picture with no text layer, as a scanner makes it."""
    import pymupdf

    source, scan = pymupdf.open(stream=data, filetype="pdf"), pymupdf.open()
    for page in source:
        sheet = scan.new_page(width=page.rect.width, height=page.rect.height)
        sheet.insert_image(sheet.rect, stream=page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY).tobytes("png"))
    return bytes(scan.tobytes(deflate=True))


def blank_pages(count: int) -> bytes:
    import pymupdf

    document = pymupdf.open()
    for _ in range(count):
        document.new_page().insert_text((72, 72), "Trang")
    return bytes(document.tobytes())


def with_stream(payload: bytes, dictionary: str = "<<>>") -> bytes:
    """A one-page PDF carrying an extra compressed stream object (a bomb when ``payload`` is large)."""
    import pymupdf

    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "Article 1. Scope")  # the built-in font has no Vietnamese
    xref = document.get_new_xref()
    document.update_object(xref, dictionary)
    document.update_stream(xref, payload, compress=True)
    return bytes(document.tobytes())


def encrypted(data: bytes) -> bytes:
    import pymupdf

    document = pymupdf.open(stream=data, filetype="pdf")
    return bytes(document.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="mat-khau", owner_pw="chu"))
