"""The explanation report to the Standing Committee (báo cáo giải trình, tiếp thu, chỉnh lý): per
provision, the National Assembly side's opinions by kind (na_services.KINDS), the drafting
committee's answer and the change it made; the counts per kind, answered and not yet. A page
(web/na_views.py), JSON (API, CLI) and Word after Decree 30 (portrait A4, the national title block,
page numbers from page 2, ``corpus/docx_writer`` and ``report_render``'s helpers)."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from django.utils import translation
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from hoinhap.core.spreadsheets import xml_safe
from hoinhap.corpus.docx_writer import new_document, paragraph, title_block
from hoinhap.drafting.documents import provision_label, version_document
from hoinhap.drafting.models import Comment, Draft, Session
from hoinhap.drafting.na_services import CONSULTATION, KINDS, kind_label
from hoinhap.drafting.report_data import DISPOSITION_VI
from hoinhap.drafting.report_render import _page_number
from hoinhap.formatting import date_prose
from hoinhap.legal import tree

TITLE = "BÁO CÁO GIẢI TRÌNH, TIẾP THU, CHỈNH LÝ"
COLUMNS = ("TT", "Loại ý kiến", "Ý kiến", "Giải trình, tiếp thu", "Nội dung chỉnh lý")
WIDTHS_MM = (10, 28, 55, 45, 27)  # the portrait text width, 210 − 30 − 15 mm
BODY_VI = {Session.Body.NATIONAL_ASSEMBLY: "Quốc hội", Session.Body.STANDING_COMMITTEE: "Ủy ban Thường vụ Quốc hội"}


@dataclass
class Item:
    comment: int
    kind: str
    kind_label: str
    session: str
    source: str
    quote: str
    text: str
    disposition: str
    answer: str
    change: str

    @property
    def answered(self) -> bool:
        return bool(self.disposition)


@dataclass
class Group:
    version: int
    eid: str
    provision: str
    items: list[Item] = field(default_factory=list)


@dataclass
class KindCount:
    kind: str
    label: str
    total: int = 0
    answered: int = 0

    @property
    def unanswered(self) -> int:
        return self.total - self.answered


@dataclass
class ExplanationReport:
    draft_slug: str
    draft_title: str
    drafting_agency: str
    illustrative: bool
    groups: list[Group]
    counts: list[KindCount]

    @property
    def total(self) -> int:
        return sum(count.total for count in self.counts)

    @property
    def answered(self) -> int:
        return sum(count.answered for count in self.counts)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for count, raw in zip(self.counts, data["counts"], strict=True):
            raw["unanswered"] = count.unanswered
        data["total"], data["answered"] = self.total, self.answered
        return data


def session_label(session: Session | None) -> str:
    """"Phiên họp thứ 51 của Ủy ban Thường vụ Quốc hội", "Kỳ họp thứ 10 của Quốc hội"."""
    if session is None:
        return ""
    if session.body == Session.Body.NATIONAL_ASSEMBLY:
        return f"Kỳ họp thứ {session.number} của Quốc hội"
    return f"Phiên họp thứ {session.number} của {BODY_VI[Session.Body.STANDING_COMMITTEE]}"


def explanation_report(draft: Draft) -> ExplanationReport:
    """The report as data, from the stored opinions and answers (hidden ones left out); in Vietnamese
    whatever the reader's language, as the report sent to the Standing Committee is."""
    with translation.override("vi"):
        return _report(draft)


def _report(draft: Draft) -> ExplanationReport:
    comments = (Comment.objects.filter(round__draft=draft, hidden_at__isnull=True).exclude(source_kind=CONSULTATION)
                .select_related("version", "session", "response__change_version").order_by("id"))
    documents: dict[int, tree.Document] = {}
    groups: dict[tuple[int, str], Group] = {}
    counts = {kind.code: KindCount(kind.code, str(kind.label)) for kind in KINDS}
    for comment in comments:
        document = _document(documents, comment.version)
        key = (comment.version.number, comment.eid)
        if key not in groups:
            label = provision_label(document.find(comment.eid) if comment.eid else None, document)
            groups[key] = Group(comment.version.number, comment.eid, label)
        item = _item(comment, documents)
        groups[key].items.append(item)
        count = counts.setdefault(comment.source_kind, KindCount(comment.source_kind, kind_label(comment.source_kind)))
        count.total += 1
        count.answered += item.answered
    order = {code: index for index, code in enumerate(counts)}
    for group in groups.values():
        group.items.sort(key=lambda item: (order[item.kind], item.comment))
    return ExplanationReport(draft.slug, draft.title, draft.drafting_agency.name if draft.drafting_agency else "",
                             draft.is_illustrative, sorted(groups.values(), key=lambda g: _position(g, documents)),
                             list(counts.values()))


def _document(cache: dict[int, tree.Document], version: Any) -> tree.Document:  # noqa: ANN401 - a Version
    """The versions' texts, read once each, keyed by version number (one draft's)."""
    if version.number not in cache:
        cache[version.number] = version_document(version)
    return cache[version.number]


def _position(group: Group, documents: dict[int, tree.Document]) -> tuple[int, int, int]:
    """Provisions in the order of the text, whole-draft opinions after them, version by version."""
    if not group.eid:
        return (group.version, 1, 0)
    eids = [node.eid for node in documents[group.version].walk()]
    return (group.version, 0, eids.index(group.eid) if group.eid in eids else len(eids))


def _item(comment: Comment, documents: dict[int, tree.Document]) -> Item:
    response = getattr(comment, "response", None)
    change = ""
    if response is not None and response.change_version and response.change_eid:
        later = _document(documents, response.change_version)
        change = (f"{provision_label(later.find(response.change_eid), later)} "
                  f"(dự thảo lần {response.change_version.number})")
    return Item(comment=comment.pk, kind=comment.source_kind, kind_label=kind_label(comment.source_kind),
                session=session_label(comment.session), source=comment.author_name, quote=comment.quote,
                text=comment.text, disposition=response.disposition if response else "",
                answer=(f"{DISPOSITION_VI.get(response.disposition, response.disposition)}. {response.explanation}"
                        if response else "Chưa giải trình"), change=change)


def totals_line(report: ExplanationReport) -> str:
    parts = [f"{count.label}: {count.total} ý kiến, đã giải trình {count.answered}, chưa giải trình {count.unanswered}"
             for count in report.counts if count.total]
    head = (f"Tổng số {report.total} ý kiến, đã giải trình {report.answered}, "
            f"chưa giải trình {report.total - report.answered}")
    return f"{head}. " + "; ".join(parts) + "." if parts else f"{head}."


def to_docx(report: ExplanationReport, *, on: date) -> bytes:
    """Word after Decree 30: title block, title, the table (a provision's row over its opinions), totals."""
    word = new_document()
    section = word.sections[0]  # type: ignore[attr-defined]
    section.different_first_page_header_footer = True
    _page_number(section.header)
    title_block(word, issuer=report.drafting_agency or "CƠ QUAN CHỦ TRÌ SOẠN THẢO", number="", place="Hà Nội",
                date_text=date_prose(on))
    centred = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(word, TITLE, bold=True, align=centred, indent=False)
    paragraph(word, f"Đối với dự thảo {report.draft_title}", bold=True, align=centred, indent=False)
    paragraph(word, "Kính gửi: Ủy ban Thường vụ Quốc hội", align=centred, indent=False)
    if report.illustrative:
        paragraph(word, "(Dự thảo minh họa, không phải văn bản chính thức)", italic=True, size=12, align=centred,
                  indent=False)
    table = word.add_table(rows=0, cols=len(COLUMNS))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _append_rows(table, _table_rows(report))
    paragraph(word, totals_line(report), size=13)
    buffer = io.BytesIO()
    word.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _table_rows(report: ExplanationReport) -> list[tuple[list[str], bool]]:
    """The header, then per provision a spanning row and its opinions: (cells, bold)."""
    rows: list[tuple[list[str], bool]] = [(list(COLUMNS), True)]
    number = 0
    for group in report.groups:
        rows.append(([group.provision], True))
        for item in group.items:
            number += 1
            opinion = item.source + (f" ({item.session})" if item.session else "") + f": {item.text}"
            if item.quote:
                opinion = f"“{item.quote}”\n{opinion}"
            rows.append(([str(number), item.kind_label, opinion, item.answer, item.change], False))
    return rows


def _append_rows(table: object, rows: list[tuple[list[str], bool]]) -> None:
    """The rows as WordprocessingML in one parse, as report_render does: python-docx's per-cell API
    took 4.4 s for 600 opinions."""
    twips = [round(width * 56.7) for width in WIDTHS_MM]
    parts = [f'<w:tbl {nsdecls("w")}>']
    for cells, bold in rows:
        parts.append("<w:tr>")
        for index, text in enumerate(cells):
            span = len(COLUMNS) if len(cells) == 1 else 1
            width = sum(twips) if span > 1 else twips[index]
            grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}</w:tcPr>')
            for line in text.split("\n"):
                props = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="24"/></w:rPr>'
                parts.append(f'<w:p><w:pPr><w:spacing w:after="40"/></w:pPr><w:r>{props}'
                             f'<w:t xml:space="preserve">{escape(xml_safe(line))}</w:t></w:r></w:p>')
            parts.append("</w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    element = table._tbl  # type: ignore[attr-defined]
    for column, width in zip(element.tblGrid.gridCol_lst, twips, strict=True):
        column.w = Twips(width)
    for row in parse_xml("".join(parts)).iterchildren(qn("w:tr")):
        element.append(row)
