"""Uploads to a tree for the corpus: size limits, then the core's reader; its errors become
``UnreadableInput`` (HTTP 422, exit code 2)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hoinhap.core.errors import UnreadableInput
from hoinhap.legal import tree
from hoinhap.legal.errors import UnreadableDocument
from hoinhap.legal.pdf_reader import PdfOptions
from hoinhap.legal.reading import decode_text, read_bytes

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def unreadable(error: UnreadableDocument) -> UnreadableInput:
    """The core's reason in the reader's language: the core marks its English template (``N_``) and
    keeps the values apart, so the template is what the catalogue translates."""
    return UnreadableInput(_(error.template) % error.params if error.params else _(error.template))


def read_document(data: bytes, filename: str = "", *, source_format: str | None = None) -> tuple[str, tree.Document]:
    """``(format, tree)`` for a txt/md, docx, pdf or Akoma Ntoso upload; ``UnreadableInput`` otherwise."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableInput(_("file larger than %(value)s MB") % {"value": MAX_UPLOAD_BYTES // (1024 * 1024)})
    if not data.strip():
        raise UnreadableInput(_("empty file"))
    try:
        return read_bytes(data, filename, source_format=source_format, pdf=pdf_options())
    except UnreadableDocument as error:
        raise unreadable(error) from error


def read_as_received(data: bytes, filename: str = "") -> tuple[tree.Document, str | None]:
    """A plan as the import reads it, and for text files (.txt, .md) also its text as received, whose
    table separators the task-table extractor reads (the extraction's CLI and preview page alike)."""
    fmt, document = read_document(data, filename)  # the import's limits and errors
    return document, decode_text(data) if fmt in ("txt", "md") else None


def pdf_options() -> PdfOptions:
    """The PDF limits from the settings (HOINHAP_PDF_MAX_PAGES, HOINHAP_OCR_*)."""
    from django.conf import settings

    return PdfOptions(max_pages=settings.HOINHAP_PDF_MAX_PAGES, min_confidence=settings.HOINHAP_OCR_MIN_CONFIDENCE,
                      ocr_timeout=settings.HOINHAP_OCR_TIMEOUT)
