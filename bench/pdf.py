"""PDF reading: pages per second and character accuracy against the source text (issue 15 item 3).

Test PDFs are made here from the shared texts (../shared/data/vn-legal/txt): a digital PDF set in
DejaVu Serif by fpdf2, and a "scan" of it, each page rasterised at 200 dpi (grey) and put back as a
picture with no text layer. Digital PDFs are read by hoinhap's reader (PyMuPDF) and, when installed
(``--compare``: pip install pdfplumber pypdf into a scratch target and put it on PYTHONPATH), by
pdfplumber and pypdf, which is how the library was chosen. Scans go through the reader's OCR
(Tesseract, Vietnamese model). Goals: >= 99.5% of characters for digital PDFs, >= 97% for scans.

Character accuracy = 1 - (Levenshtein distance) / (characters of the source), both sides NFC with
every run of white space made one space (a PDF has no paragraph breaks to compare). The distance is
counted word-aligned first (difflib), then character by character inside each differing stretch.
Never run by CI (OCR takes seconds a page). Run: ``python bench/pdf.py [--docs N] [--scan-pages N]``.
"""

from __future__ import annotations

import argparse
import difflib
import io
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from hoinhap.legal.pdf_reader import PdfOptions, pdf_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "vn-legal" / "txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
SCAN_DPI = 200


def digital_pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 15)
    pdf.add_font("serif", "", str(FONT))
    pdf.set_font("serif", size=12)
    pdf.add_page()
    for line in text.splitlines():
        pdf.multi_cell(0, 6, line.replace("\t", " ") or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf(data: bytes, pages: int) -> bytes:
    """The first ``pages`` pages of a PDF as 200 dpi grey pictures, without any text layer."""
    import pymupdf

    source, scan = pymupdf.open(stream=data, filetype="pdf"), pymupdf.open()
    for page in list(source)[:pages]:
        pixmap = page.get_pixmap(dpi=SCAN_DPI, colorspace=pymupdf.csGRAY)
        sheet = scan.new_page(width=page.rect.width, height=page.rect.height)
        sheet.insert_image(sheet.rect, stream=pixmap.tobytes("png"))
    return bytes(scan.tobytes(deflate=True))


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def char_errors(source: str, read: str) -> int:
    words_a, words_b = source.split(" "), read.split(" ")
    errors = 0
    matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            errors += levenshtein(" ".join(words_a[a0:a1]), " ".join(words_b[b0:b1]))
    return errors


def levenshtein(a: str, b: str) -> int:
    if len(a) * len(b) > 4_000_000:  # a long stretch lost or invented: count it whole
        return max(len(a), len(b))
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


def source_of_pages(text: str, pdf: bytes, pages: int) -> str:
    """The part of the source text that the first ``pages`` pages of its digital PDF hold."""
    import pymupdf

    document = pymupdf.open(stream=pdf, filetype="pdf")
    if pages >= document.page_count:
        return text
    shown = squash(" ".join(page.get_text() for page in list(document)[:pages]))
    words, count = squash(text).split(" "), len(shown.split(" "))
    return " ".join(words[:count])


def extractors() -> dict[str, Callable[[bytes], str]]:
    found: dict[str, Callable[[bytes], str]] = {"hoinhap (PyMuPDF)": lambda data: pdf_text(data, PdfOptions()).text}
    try:
        import pdfplumber

        def plumber(data: bytes) -> str:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return "\n".join(page.extract_text() or "" for page in pdf.pages)

        found["pdfplumber"] = plumber
    except ImportError:
        pass
    try:
        import pypdf

        found["pypdf"] = lambda data: "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    except ImportError:
        pass
    return found


def measure(name: str, read: Callable[[bytes], str], cases: list[tuple[str, bytes, int]]) -> None:
    chars = errors = pages = 0
    seconds = 0.0
    worst = (1.0, "")
    for source, pdf, page_count in cases:
        started = time.perf_counter()
        text = read(pdf)
        seconds += time.perf_counter() - started
        wrong = char_errors(squash(source), squash(text))
        chars, errors, pages = chars + len(squash(source)), errors + wrong, pages + page_count
        worst = min(worst, (1 - wrong / max(1, len(squash(source))), source[:40].split("\n")[0]))
    print(f"  {name:20} {pages:5} pages  {pages / seconds:8.1f} pages/s  accuracy {100 * (1 - errors / chars):.3f}%"
          f"  (worst document {100 * worst[0]:.2f}%)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=31, help="how many shared documents (default all)")
    parser.add_argument("--scan-docs", type=int, default=3, help="documents to scan and OCR")
    parser.add_argument("--scan-pages", type=int, default=4, help="pages of each scanned document")
    args = parser.parse_args()
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))[: args.docs]]
    if not texts:
        print(f"no texts in {CORPUS}", file=sys.stderr)
        return 1
    digital = [(text, digital_pdf(text)) for text in texts]
    import pymupdf

    cases = [(text, pdf, pymupdf.open(stream=pdf, filetype="pdf").page_count) for text, pdf in digital]
    print(f"digital PDFs: {len(cases)} documents made by fpdf2 from the shared texts")
    for name, read in extractors().items():
        measure(name, read, cases)
    scans = [(source_of_pages(text, pdf, args.scan_pages), scanned_pdf(pdf, args.scan_pages), 0)
             for text, pdf in digital[: args.scan_docs]]
    scans = [(text, pdf, pymupdf.open(stream=pdf, filetype="pdf").page_count) for text, pdf, _ in scans]
    print(f"scanned PDFs: {len(scans)} documents, {args.scan_pages} pages each at {SCAN_DPI} dpi, Tesseract 'vie'")
    confidences: list[float] = []

    def ocr(data: bytes) -> str:
        result = pdf_text(data, PdfOptions())
        confidences.extend(c for _, c in result.pages if c is not None)
        return result.text

    measure("hoinhap OCR", ocr, scans)
    if confidences:
        print(f"  mean page confidence {sum(confidences) / len(confidences):.1f} (lowest {min(confidences):.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
