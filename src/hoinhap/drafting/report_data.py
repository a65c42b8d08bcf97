"""The comment-response report as data: rows by provision in document order (whole-draft comments
last), within a provision by organisation; institutional and public comments in separate parts.

The same rows feed the Word, PDF, XLSX and HTML renderings, and their canonical JSON is what a
frozen round records and hashes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from hoinhap.drafting.documents import provision_label, version_document
from hoinhap.drafting.models import Comment, ConsultationRound, Response
from hoinhap.legal import tree

DISPOSITION_VI: dict[str, str] = {
    Response.Disposition.ACCEPTED: "Tiếp thu",
    Response.Disposition.PARTLY_ACCEPTED: "Tiếp thu một phần",
    Response.Disposition.EXPLAINED: "Giải trình, không tiếp thu",
    Response.Disposition.OUT_OF_SCOPE: "Ngoài phạm vi dự thảo",
}


@dataclass
class ReportRow:
    number: int
    provision: str
    draft_text: str
    comment: str
    organisation: str
    response: str
    disposition: str

    @property
    def provision_cell(self) -> str:
        """The label over the draft's words, once: "Điều 7. Văn phòng…" needs no "Điều 7" above it."""
        if not self.draft_text or self.draft_text.startswith(f"{self.provision}."):
            return self.draft_text or self.provision
        return f"{self.provision}\n{self.draft_text}"


@dataclass
class ReportPart:
    title: str
    rows: list[ReportRow] = field(default_factory=list)


@dataclass
class ConsultationReport:
    draft_title: str
    drafting_agency: str
    version: int
    round: int
    deadline: str
    parts: list[ReportPart]
    totals: dict[str, int]
    illustrative: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConsultationReport:
        parts = [ReportPart(p["title"], [ReportRow(**row) for row in p["rows"]]) for p in data["parts"]]
        return cls(**{**data, "parts": parts})

    def sha256(self) -> str:
        canonical = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)
        # "surrogatepass" changes no hash of storable text (UTF-8 databases cannot hold a lone
        # surrogate); it only spares a crash on rows built from other sources.
        return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def build_report(round_: ConsultationRound) -> ConsultationReport:
    """The report as it stands now; a frozen round's report is ``frozen_report``."""
    document = version_document(round_.version)
    order = {node.eid: index for index, node in enumerate(document.walk())}
    comments = list(round_.comments.select_related("organisation", "response__change_version").order_by("id"))
    documents = {round_.version_id: document}

    def key(comment: Comment) -> tuple[int, str, int]:
        position = order.get(comment.eid, len(order)) if comment.eid else len(order) + 1
        return position, _organisation(comment), comment.pk

    parts = [ReportPart("I. Ý KIẾN CỦA CÁC CƠ QUAN, TỔ CHỨC"), ReportPart("II. Ý KIẾN CỦA CÁ NHÂN (LẤY Ý KIẾN CÔNG KHAI)")]
    for comment in sorted(comments, key=key):
        part = parts[1] if comment.is_public else parts[0]
        part.rows.append(_row(len(part.rows) + 1, comment, document, documents))
    totals = {value: 0 for value in Response.Disposition.values} | {"unanswered": 0, "comments": len(comments)}
    for comment in comments:
        response = _response(comment)
        totals[response.disposition if response is not None else "unanswered"] += 1
    draft = round_.draft
    return ConsultationReport(draft_title=draft.title, drafting_agency=draft.drafting_agency.name
                              if draft.drafting_agency else "", version=round_.version.number, round=round_.number,
                              deadline=round_.deadline.isoformat(), parts=[p for p in parts if p.rows] or parts[:1],
                              totals=totals, illustrative=draft.is_illustrative)


def frozen_report(round_: ConsultationRound) -> ConsultationReport | None:
    return ConsultationReport.from_dict(round_.report_snapshot) if round_.report_snapshot else None


def _response(comment: Comment) -> Response | None:
    try:
        return comment.response
    except Response.DoesNotExist:
        return None


def _organisation(comment: Comment) -> str:
    if comment.organisation is not None:
        return comment.organisation.name
    return comment.author_name or "Người dân"


def _row(number: int, comment: Comment, document: tree.Document, documents: dict[int, tree.Document]) -> ReportRow:
    node = document.find(comment.eid) if comment.eid else None
    draft_text = _node_text(node) if node else ""
    text = comment.text + (f"\nĐề xuất sửa: {comment.proposed_text}" if comment.proposed_text else "")
    response = _response(comment)
    answer, disposition = "Chưa giải trình", ""
    if response is not None:
        disposition = response.disposition
        answer = f"{DISPOSITION_VI[response.disposition]}. {response.explanation}"
        if response.change_eid and response.change_version is not None:
            later = response.change_version
            if later.pk not in documents:
                documents[later.pk] = version_document(later)
            changed = documents[later.pk].find(response.change_eid)
            answer += f" (Đã thể hiện tại {provision_label(changed, documents[later.pk])} dự thảo lần {later.number}.)"
    return ReportRow(number, provision_label(node, document), draft_text, text, _organisation(comment), answer,
                     disposition)


def _node_text(node: tree.Node) -> str:
    return "\n".join(" ".join(p for p in (n.marker, n.heading, n.text) if p) for n in node.walk())[:2000]
