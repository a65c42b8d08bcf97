"""A programme's reporting regime: every period (month, quarter, half-year, year, with the cut-offs of
Decree 09/2019/NĐ-CP in ``cutoffs.py``) each agency leading one of its tasks reports within N days of
the period's end, from a given date. The matrix says, per agency and period, reported (on time or
late), missing or not yet due; the secretariat reminds the missing ones by mail (once a day at most).

Who must report for a period: the agencies leading a task of the programme assigned by the period's
end and not completed before it starts; the members of an expanded collective task report for
themselves, so the group's own placeholder lead is left out, and so is "lead to be assigned"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from hoinhap.core.errors import Conflict, PermissionDenied, ValidationFailed
from hoinhap.core.limits import check_lengths, text_chars
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.formatting import period as period_label
from hoinhap.implementation import cutoffs
from hoinhap.implementation.models import PeriodReport, PeriodReportReminder, Programme, Task
from hoinhap.implementation.permissions import agency_reporters, require_reporter_for, require_secretariat
from hoinhap.jobs.mail import mail_enqueue

MAX_PERIODS = 24  # the matrix shows the latest two years of months at most
MAX_DUE_DAYS = 366
MAX_FILE_BYTES = 20 * 1024 * 1024
# The lead the steering services and extraction give a task that names none: nobody to ask for a report.
NO_LEAD_NAME = "Chưa xác định cơ quan chủ trì"
_CODE = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>[QH])(?P<n>\d)|-(?P<month>\d{2}))?$")

REPORTED, LATE, MISSING, NOT_DUE = "reported", "late", "missing", "not_due"
STATES = (REPORTED, LATE, MISSING, NOT_DUE)


# --- periods -------------------------------------------------------------------------------------------

def period_code(p: cutoffs.Period) -> str:
    """"2025-07", "2025-Q3", "2025-H1", "2025": the indicators' period codes, read from the cut-off end."""
    year, month = p.end.year, p.end.month
    return {"month": f"{year}-{month:02d}", "quarter": f"{year}-Q{month // 3}", "half": f"{year}-H{month // 6}",
            "year": str(year)}[p.kind]


def period_of(code: str, kind: str) -> cutoffs.Period:
    """The cut-off period a code names, which must be of the regime's kind."""
    match = _CODE.match(code.strip())
    if match is None:
        raise ValidationFailed(gettext("“%(period)s” is not a period (2025-07, 2025-Q3, 2025-H1 or 2025).")
                               % {"period": code})
    year = int(match["year"])
    found = ("month", int(match["month"])) if match["month"] else (
        ({"Q": "quarter", "H": "half"}[match["kind"]], int(match["n"])) if match["kind"] else ("year", 1))
    if found[0] != kind:
        raise ValidationFailed(gettext("This programme reports every %(kind)s; “%(period)s” is another kind of period.")
                               % {"kind": kind, "period": code})
    limit = {"month": 12, "quarter": 4, "half": 2, "year": 1}[kind]
    if not 1 <= found[1] <= limit:
        raise ValidationFailed(gettext("“%(period)s” is not a period (2025-07, 2025-Q3, 2025-H1 or 2025).")
                               % {"period": code})
    return cutoffs.period(kind, year, found[1])


def due_on(programme: Programme, p: cutoffs.Period) -> date:
    return p.end + timedelta(days=programme.report_due_days or 0)


def periods(programme: Programme, today: date) -> list[cutoffs.Period]:
    """The regime's periods from ``report_from`` to the one holding ``today`` (the latest ``MAX_PERIODS``)."""
    if not programme.report_every or programme.report_from is None:
        return []
    found: list[cutoffs.Period] = []
    current = cutoffs.period_holding(programme.report_every, today)
    first = cutoffs.period_holding(programme.report_every, programme.report_from)
    while current.end >= first.end and len(found) < MAX_PERIODS:
        found.append(current)
        current = cutoffs.previous(current)
    return found[::-1]


# --- who reports -----------------------------------------------------------------------------------------

def _duties(programme: Programme) -> dict[int, list[tuple[date | None, date | None]]]:
    """Per lead agency: (assigned on, completion known on) of each task it must report on."""
    tasks = (Task.objects.filter(programme=programme, collective_group="").exclude(lead__name=NO_LEAD_NAME)
             .values_list("lead_id", "assigned_on", "completion_known_on"))
    duties: dict[int, list[tuple[date | None, date | None]]] = {}
    for lead, assigned, done in tasks:
        duties.setdefault(lead, []).append((assigned, done))
    return duties


def _owes(duties: list[tuple[date | None, date | None]], p: cutoffs.Period) -> bool:
    return any((assigned is None or assigned <= p.end) and (done is None or done >= p.start)
               for assigned, done in duties)


def reporting_agencies(programme: Programme) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=_duties(programme)).order_by("code"))


# --- the matrix ------------------------------------------------------------------------------------------

@dataclass
class Cell:
    state: str | None  # None: the agency owes no report for this period
    submitted_on: date | None = None


@dataclass
class Column:
    code: str
    label: str
    end: date
    due: date
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))


@dataclass
class Matrix:
    programme: Programme
    columns: list[Column]
    rows: list[tuple[Organisation, list[Cell]]]

    def as_dict(self) -> dict[str, object]:
        return {"programme": self.programme.slug, "regime": regime_dict(self.programme),
                "periods": [{"code": c.code, "label": c.label, "end": c.end.isoformat(), "due": c.due.isoformat(),
                             "counts": c.counts} for c in self.columns],
                "agencies": [{"code": org.code, "name": org.name,
                              "cells": {col.code: {"state": cell.state, "submitted_on": _iso(cell.submitted_on)}
                                        for col, cell in zip(self.columns, cells, strict=True)}}
                             for org, cells in self.rows]}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def regime_dict(programme: Programme) -> dict[str, object]:
    return {"every": programme.report_every or None, "due_days": programme.report_due_days,
            "report_from": _iso(programme.report_from)}


def cell_state(submitted_on: date | None, due: date, today: date) -> str:
    if submitted_on is not None:
        return REPORTED if submitted_on <= due else LATE
    return MISSING if today > due else NOT_DUE


def matrix(programme: Programme, today: date) -> Matrix:
    """Rows agencies, columns periods; each cell reported (on time), late, missing or not yet due."""
    columns = [Column(code=period_code(p), label=period_label(period_code(p)), end=p.end, due=due_on(programme, p))
               for p in periods(programme, today)]
    spans = periods(programme, today)
    submitted = {(r.agency_id, r.period): r.submitted_on
                 for r in PeriodReport.objects.filter(programme=programme, period__in=[c.code for c in columns])}
    duties = _duties(programme)
    rows = []
    for agency in Organisation.objects.filter(pk__in=duties).order_by("code"):
        cells = []
        for column, span in zip(columns, spans, strict=True):
            on = submitted.get((agency.pk, column.code))
            if on is None and not _owes(duties[agency.pk], span):
                cells.append(Cell(None))
                continue
            cell = Cell(cell_state(on, column.due, today), on)
            column.counts[cell.state] += 1  # type: ignore[index]
            cells.append(cell)
        rows.append((agency, cells))
    return Matrix(programme, columns, rows)


# --- writes ----------------------------------------------------------------------------------------------

@transaction.atomic
def regime_set(*, actor: User | None, programme: Programme, every: str, due_days: int | None,
               report_from: date | None) -> Programme:
    """Set (or, with ``every`` empty, end) the programme's reporting regime."""
    require_secretariat(actor)
    every = (every or "").strip()
    if every and every not in cutoffs.KINDS:
        raise ValidationFailed(gettext("Report every month, quarter, half or year."), allowed=list(cutoffs.KINDS))
    if every and report_from is None:
        raise ValidationFailed(gettext("Say from which date reports are due."))
    if due_days is not None and not 0 <= due_days <= MAX_DUE_DAYS:
        raise ValidationFailed(gettext("The days to report are between 0 and 366."))
    before = regime_dict(programme)
    programme.report_every = every
    programme.report_due_days = (due_days or 0) if every else None
    programme.report_from = report_from if every else None
    programme.save(update_fields=["report_every", "report_due_days", "report_from"])
    log_action(actor, "implementation.regime.changed", programme, {"before": before, "after": regime_dict(programme)})
    return programme


def _regime_kind(programme: Programme) -> str:
    if not programme.report_every:
        raise ValidationFailed(gettext("This programme has no reporting regime."))
    return programme.report_every


@transaction.atomic
def period_report_submit(*, actor: User | None, programme: Programme, agency: Organisation, period: str, text: str,
                         today: date, file: bytes | None = None, file_name: str = "") -> PeriodReport:
    """An agency's report for one period of the regime, filed by one of its reporters."""
    require_reporter_for(actor, agency)
    span = period_of(period, _regime_kind(programme))
    code = period_code(span)
    first = cutoffs.period_holding(span.kind, programme.report_from or span.start)
    if span.start > today or span.end < first.end:  # not started, or before the regime
        raise ValidationFailed(gettext("%(period)s is not a reporting period of this programme.")
                               % {"period": period_label(code)})
    duties = _duties(programme).get(agency.pk)
    if not duties or not _owes(duties, span):
        raise PermissionDenied(gettext("%(agency)s does not report under this programme for %(period)s.")
                               % {"agency": agency.code, "period": period_label(code)})
    if not text.strip():
        raise ValidationFailed(gettext("The report is empty."))
    check_lengths(text_chars(), text=text)
    if PeriodReport.objects.filter(programme=programme, agency=agency, period=code).exists():
        raise Conflict(gettext("%(agency)s has reported for %(period)s already.")
                       % {"agency": agency.code, "period": period_label(code)})
    report = PeriodReport(programme=programme, agency=agency, period=code, text=text.strip(), submitted_on=today,
                          submitted_by=actor if actor is not None and actor.pk else None)
    if file:
        if len(file) > MAX_FILE_BYTES:
            raise ValidationFailed(gettext("The file is larger than 20 MB."))
        report.file.save(file_name or "bao-cao.bin", ContentFile(file), save=False)
    report.save()
    log_action(actor, "implementation.period_report.submitted", report,
               {"programme": programme.slug, "agency": agency.code, "period": code,
                "late": today > due_on(programme, span)})
    return report


@transaction.atomic
def reports_remind(*, actor: User | None, programme: Programme, today: date,
                   period: str | None = None) -> list[PeriodReportReminder]:
    """Mail the reporters of every agency missing a report for ``period`` (default: the latest period
    already due); an agency reminded today for that period is not reminded again."""
    require_secretariat(actor)
    kind = _regime_kind(programme)
    spans = [p for p in periods(programme, today) if due_on(programme, p) < today]
    span = period_of(period, kind) if period else (spans[-1] if spans else None)
    if span is None or due_on(programme, span) >= today:
        raise ValidationFailed(gettext("No report is due yet for this period."))
    code = period_code(span)
    reported = set(PeriodReport.objects.filter(programme=programme, period=code).values_list("agency_id", flat=True))
    reminded = set(PeriodReportReminder.objects.filter(programme=programme, period=code, on=today)
                   .values_list("agency_id", flat=True))
    sent = []
    for agency_id, duties in sorted(_duties(programme).items()):
        if agency_id in reported or agency_id in reminded or not _owes(duties, span):
            continue
        sent.append(_remind_one(programme, Organisation.objects.get(pk=agency_id), span, code, today))
    if sent:
        log_action(actor, "implementation.period_report.reminded", programme,
                   {"period": code, "agencies": [r.agency.code for r in sent],
                    "recipients": sum(r.recipients for r in sent)})
    return sent


def _remind_one(programme: Programme, agency: Organisation, span: cutoffs.Period, code: str,
                today: date) -> PeriodReportReminder:
    recipients = sorted({user.email for user in agency_reporters(agency) if user.email})
    reminder = PeriodReportReminder.objects.create(programme=programme, agency=agency, period=code, on=today,
                                                   recipients=len(recipients))
    label, due = period_label(code), due_on(programme, span)
    subject = f"[hoinhap] Đôn đốc báo cáo {label}: {programme.title[:80]}"
    body = (f"Kính gửi {agency.name},\n\nChương trình: {programme.title}\nKỳ báo cáo: {label} "
            f"(số liệu từ {span.start:%d/%m/%Y} đến {span.end:%d/%m/%Y})\nHạn gửi báo cáo: {due:%d/%m/%Y}\n\n"
            "Đến nay Ban Chỉ đạo chưa nhận được báo cáo của cơ quan. Đề nghị gửi báo cáo trên hệ thống hoinhap.\n")
    mail_enqueue(subject=subject, body=body, recipients=recipients, about=reminder)
    return reminder
