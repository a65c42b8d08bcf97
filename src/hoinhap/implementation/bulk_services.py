"""Tasks in bulk: export as CSV or XLSX (with each task's due date and bucket as of a date), and
import the same columns back, all or nothing: a row with an ``id`` updates that task's record
(title, lead, coordinators, output, deadline), a row without one adds a task to ``programme``.
Progress and completion are not columns: they go through reports and their review.

The export is for machines first (``core/spreadsheets.py``, rule 3): the CSV keeps the exact text,
with no formula prefix, because this import reads it back (many real task titles start with "- ");
the XLSX writes every text as a string cell, never a formula. The import strips the spaces around
each value, as the task services do, so a title's surrounding spaces are not kept.

Each row goes through the task services (``task_create``, ``task_update``), so a task imported is
checked, written and audited (one entry per task, targeted at it) exactly as one added by hand; the
whole file is one transaction, and the first bad row undoes everything and is named in the error.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from hoinhap.core.errors import ValidationFailed
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.core.spreadsheets import CUT_MARK, xlsx_append
from hoinhap.core.tables import read_rows
from hoinhap.implementation import selectors, services
from hoinhap.implementation.models import Programme, Task
from hoinhap.implementation.permissions import require_secretariat

COLUMNS = ("id", "programme", "number", "title", "lead", "coordinators", "output", "deadline_text", "due", "bucket")
EDITABLE = ("number", "title", "output", "deadline_text")
MAX_ROWS = 100_000


def export_rows(as_of: date, tasks: list[Task] | None = None) -> list[dict[str, str]]:
    source = tasks if tasks is not None else list(selectors.task_list(as_of).prefetch_related("coordinators"))
    return [{"id": str(t.pk), "programme": t.programme.slug, "number": t.number, "title": t.title, "lead": t.lead.code,
             "coordinators": "; ".join(sorted(o.code for o in t.coordinators.all())), "output": t.output,
             "deadline_text": t.deadline_text, "due": _iso(getattr(t, "due", None)),
             "bucket": getattr(t, "bucket", "")} for t in source]


def _iso(value: date | None) -> str:
    """The ``due`` annotation (absent on tasks not read through the status query) as ISO, or empty."""
    return value.isoformat() if value else ""


def to_csv(rows: list[dict[str, str]]) -> bytes:
    """The exact text (a CSV for machines: no formula prefix, see the module's docstring)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[dict[str, str]]) -> bytes:
    """Every text a string cell: a title "=…" or "- …" is text, and reads back unchanged."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Nhiem vu"
    xlsx_append(sheet, COLUMNS)
    for row in rows:
        xlsx_append(sheet, [row[c] for c in COLUMNS], where=f"nhiệm vụ số {row['id']} trong hệ thống")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def tasks_import(*, actor: User | None, data: bytes, filename: str = "") -> dict[str, int]:
    require_secretariat(actor)
    rows = read_rows(data, filename)
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(gettext("More than %(count)d rows.") % {"count": MAX_ROWS})
    missing = [c for c in ("title", "lead") if rows and c not in rows[0]]
    if missing:
        raise ValidationFailed(gettext("Missing columns: %(missing)s (expected %(expected)s).")
                               % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS[:8])})
    known = _Known.load(rows)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for number, row in enumerate(rows, start=2):  # row 1 is the header, as a spreadsheet numbers it
        try:
            counts[_apply(actor, row, known, source={"file": filename, "row": number})] += 1
        except ValidationFailed as error:
            # The same kind of error (a text too long stays a 422), its message naming the row.
            raise type(error)(gettext("%(file)s, row %(row)d: %(error)s")
                              % {"file": filename or gettext("file"), "row": number, "error": error.message},
                              **{**error.details, "row": number}) from error
    # The file as one event beside the per-task entries: which file, by whom, with what result.
    log_action(actor, "implementation.tasks.imported", None, {"file": filename, **counts})
    return counts


@dataclass
class _Known:
    """What the rows refer to, read once for the whole file (not a query per row)."""

    organisations: dict[str, Organisation]
    programmes: dict[str, Programme]
    tasks: dict[str, Task]

    @classmethod
    def load(cls, rows: list[dict[str, str]]) -> _Known:
        ids = {row["id"] for row in rows if row.get("id", "").isdigit()}
        tasks = Task.objects.filter(pk__in=[int(pk) for pk in ids]).select_related("programme__work", "lead")
        return cls({o.code: o for o in Organisation.objects.all()}, {p.slug: p for p in Programme.objects.all()},
                   {str(t.pk): t for t in tasks.prefetch_related("coordinators")})

    def lead(self, code: str) -> Organisation:
        if code not in self.organisations:
            raise ValidationFailed(gettext("Unknown lead agency code “%(code)s”.") % {"code": code})
        return self.organisations[code]

    def coordinators(self, text: str) -> list[Organisation]:
        codes = [c.strip() for c in text.replace(",", ";").split(";") if c.strip()]
        unknown = [c for c in codes if c not in self.organisations]
        if unknown:
            raise ValidationFailed(gettext("Unknown agency codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        return [self.organisations[c] for c in codes]

    def task(self, pk: str) -> Task:
        if pk not in self.tasks:
            raise ValidationFailed(gettext("No task “%(id)s”.") % {"id": pk})
        return self.tasks[pk]

    def programme(self, slug: str) -> Programme:
        if slug not in self.programmes:
            raise ValidationFailed(gettext("A new task needs a known programme, not “%(slug)s”.") % {"slug": slug})
        return self.programmes[slug]


def _apply(actor: User | None, row: dict[str, str], known: _Known, *, source: dict[str, object]) -> str:
    """One row through the task services: ``created``, ``updated`` or ``unchanged``."""
    lead = known.lead(row.get("lead", ""))
    coordinators = known.coordinators(row.get("coordinators", ""))
    fields = {name: row[name].strip() for name in EDITABLE if name in row}
    _check_fields(fields)
    if row.get("id"):
        changed = services.task_update(actor=actor, task=known.task(row["id"]), lead=lead,
                                       coordinators=coordinators, source=source, **fields)
        return "updated" if changed else "unchanged"
    services.task_create(actor=actor, programme=known.programme(row.get("programme", "")), lead=lead,
                         coordinators=coordinators, title=fields.get("title", ""), number=fields.get("number", ""),
                         output=fields.get("output", ""), deadline_text=fields.get("deadline_text", ""))
    return "created"


def _check_fields(fields: dict[str, str]) -> None:
    cut = [name for name, value in fields.items() if CUT_MARK in value]
    if cut:  # the export cut a text too long for a spreadsheet cell; importing it would lose the rest
        raise ValidationFailed(gettext("The column %(column)s holds a text cut by the export; edit it in the system.")
                               % {"column": ", ".join(cut)})
