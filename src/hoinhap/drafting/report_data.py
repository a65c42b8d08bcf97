"""The comment-response report as data: rows by provision in document order (whole-draft comments
last), within a provision by organisation; institutional and public comments in separate parts,
numbered from I. Hidden comments are left out and counted apart; late ones are flagged.

The same rows feed the Word, PDF, XLSX and HTML renderings, and their canonical JSON is what a
frozen round records and hashes. Fields added after reports were first frozen (a row's quoted
words and late flag, the report's signature) are left out of that JSON while empty, so a report
frozen before them reloads to the same JSON and the same hash."""

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
    quote: str = ""
    late: bool = False

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
    # Who signs, as the round names them: {"capacity", "title", "name"}; None: the agency, collectively.
    signer: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = _without_empty(asdict(self), LATER_REPORT_FIELDS)
        for part in data["parts"]:
            part["rows"] = [_without_empty(row, LATER_ROW_FIELDS) for row in part["rows"]]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConsultationReport:
        parts = [ReportPart(p["title"], [ReportRow(**row) for row in p["rows"]]) for p in data["parts"]]
        return cls(**{**data, "parts": parts})

    def sha256(self) -> str:
        canonical = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)
        # "surrogatepass" changes no hash of storable text (UTF-8 databases cannot hold a lone
        # surrogate); it only spares a crash on rows built from other sources.
        return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


# Fields that reports frozen before them lack: omitted from the JSON while empty (see the module doc).
LATER_ROW_FIELDS = ("quote", "late")
LATER_REPORT_FIELDS = ("signer",)
PART_TITLES = ("Ý KIẾN CỦA CÁC CƠ QUAN, TỔ CHỨC", "Ý KIẾN CỦA CÁ NHÂN (LẤY Ý KIẾN CÔNG KHAI)")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _without_empty(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in keys or value}


def numbered(titles: list[str]) -> list[str]:
    """Section titles numbered I., II., … in order, whatever numeral they were stored with (a round
    with public comments only starts at I., not at II.)."""
    return [f"{ROMAN[index]}. {_unnumbered(title)}" if index < len(ROMAN) else title
            for index, title in enumerate(titles)]


def _unnumbered(title: str) -> str:
    head, dot, rest = title.partition(". ")
    return rest if dot and head in ROMAN else title


def signer_of(round_: ConsultationRound) -> dict[str, str] | None:
    fields = {"capacity": round_.signer_capacity.strip(), "title": round_.signer_title.strip(),
              "name": round_.signer_name.strip()}
    return fields if any(fields.values()) else None


def signature_lines(report: ConsultationReport) -> tuple[list[str], str]:
    """The signature block after Decree 30, Appendix I, box 7: the capacity and title in capitals
    ("KT. BỘ TRƯỞNG" over "THỨ TRƯỞNG"; "TM. BAN SOẠN THẢO"), then the name. Without a signer on
    the round, the drafting agency signs collectively ("TM. …"), as reports always did."""
    agency = (report.drafting_agency or "CƠ QUAN CHỦ TRÌ SOẠN THẢO").upper()
    signer = report.signer or {}
    lines = [value.upper() for value in (signer.get("capacity", ""), signer.get("title", "")) if value]
    return lines or [f"TM. {agency}"], signer.get("name", "")


def build_report(round_: ConsultationRound) -> ConsultationReport:
    """The report as it stands now; a frozen round's report is ``frozen_report``."""
    document = version_document(round_.version)
    order = {node.eid: index for index, node in enumerate(document.walk())}
    everything = list(round_.comments.select_related("organisation", "response__change_version").order_by("id"))
    comments = [comment for comment in everything if comment.hidden_at is None]
    hidden = len(everything) - len(comments)
    documents = {round_.version_id: document}

    def key(comment: Comment) -> tuple[int, str, int]:
        position = order.get(comment.eid, len(order)) if comment.eid else len(order) + 1
        return position, _organisation(comment), comment.pk

    parts = [ReportPart(title) for title in PART_TITLES]
    for comment in sorted(comments, key=key):
        part = parts[1] if comment.is_public else parts[0]
        part.rows.append(_row(len(part.rows) + 1, comment, document, documents))
    kept = [part for part in parts if part.rows] or parts[:1]
    for part, title in zip(kept, numbered([part.title for part in kept]), strict=True):
        part.title = title
    draft = round_.draft
    return ConsultationReport(draft_title=draft.title, drafting_agency=draft.drafting_agency.name
                              if draft.drafting_agency else "", version=round_.version.number, round=round_.number,
                              deadline=round_.deadline.isoformat(), parts=kept, totals=_totals(comments, hidden),
                              illustrative=draft.is_illustrative, signer=signer_of(round_))


def _totals(comments: list[Comment], hidden: int) -> dict[str, int]:
    """Counts by disposition over the rows; hidden and late comments only when there are some, so a
    round without them totals exactly as reports always did."""
    totals = {value: 0 for value in Response.Disposition.values} | {"unanswered": 0, "comments": len(comments)}
    for comment in comments:
        response = _response(comment)
        totals[response.disposition if response is not None else "unanswered"] += 1
    late = sum(comment.is_late for comment in comments)
    return totals | ({"hidden": hidden} if hidden else {}) | ({"late": late} if late else {})


def frozen_report(round_: ConsultationRound) -> ConsultationReport | None:
    """The report as frozen, with the names erased since shown as "Người dân" (the recorded hash,
    ``round_.report_sha256``, stays what was frozen; docs/privacy.md, "Erasure")."""
    if not round_.report_snapshot:
        return None
    return _erased_names_hidden(ConsultationReport.from_dict(round_.report_snapshot), round_)


def _comment_cell(comment: Comment) -> str:
    return comment.text + (f"\nĐề xuất sửa: {comment.proposed_text}" if comment.proposed_text else "")


def _erased_names_hidden(report: ConsultationReport, round_: ConsultationRound) -> ConsultationReport:
    """A row keeps its name while a comment of the round still carries that name with that text (or the
    name is an organisation's); a name erased (by the person, an officer or retention) leaves no such
    comment, so the row shows "Người dân", as a report built now would."""
    comments = list(round_.comments.select_related("organisation"))
    organisations = {c.organisation.name for c in comments if c.organisation is not None}
    named = {(_comment_cell(c), c.author_name) for c in comments if c.organisation is None and c.author_name}
    for part in report.parts:
        for row in part.rows:
            if row.organisation not in organisations and (row.comment, row.organisation) not in named:
                row.organisation = "Người dân"
    return report


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
                     disposition, quote=comment.quote.strip(), late=comment.is_late)


def _node_text(node: tree.Node) -> str:
    """The provision's words: a heading on its own line ("Điều 4. Quỹ hỗ trợ" over the article's
    text, as the draft prints it), a clause's or point's marker on the line it opens."""
    lines = []
    for unit in node.walk():
        if unit.heading:
            lines.append(" ".join(p for p in (unit.marker, unit.heading) if p))
            lines.extend([unit.text] if unit.text else [])
        elif unit.marker or unit.text:
            lines.append(" ".join(p for p in (unit.marker, unit.text) if p))
    return "\n".join(lines)[:2000]
