"""A stored work handed out again: Akoma Ntoso, JSON or Word."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hoinhap.core.errors import ValidationFailed
from hoinhap.corpus.docx_writer import document_to_docx
from hoinhap.corpus.models import Work
from hoinhap.corpus.selectors import document_tree
from hoinhap.legal.akn_export import to_akn
from hoinhap.legal.render import to_json

CONTENT_TYPES = {
    "akn": "application/akn+xml",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SUFFIXES = {"akn": "xml", "json": "json", "docx": "docx"}


def export_work(work: Work, fmt: str, language: str | None = None) -> tuple[bytes, str, str]:
    """``(content, content type, file name)``."""
    if fmt not in CONTENT_TYPES:
        raise ValidationFailed(_("unknown export format %(fmt)r; use one of %(CONTENT_TYPES)s")
                               % {"fmt": fmt, "CONTENT_TYPES": ', '.join(CONTENT_TYPES)})
    document = document_tree(work, language)
    if fmt == "akn":
        content = to_akn(document, doc_name="bill" if work.status == Work.Status.DRAFT else "act")
    elif fmt == "json":
        content = to_json(document).encode()
    else:
        content = document_to_docx(document)
    return content, CONTENT_TYPES[fmt], f"{work.slug}.{SUFFIXES[fmt]}"
